"""Does a sandboxed kernel hold its promises, as root and under an unprivileged account?

A kernel started by grader.grade.sandbox.SandboxKernelManager must: import the participant
helper package (bimtek_peserta.cek) from its read-only mount; inherit no file descriptor of
the grader (nothing it writes reaches the grader's stdout/stderr, i.e. the grading log); never
run as ``nobody``; be capped as a whole process tree (children count against one memory cap).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from grader.grade import sandbox_command, sandbox_limits
from grader.grade.sandbox import SandboxKernelManager

from sandbox_support import (REPO, execute_in_sandbox, instructor_account, require_root_or_skip,
                             run_as)

pytestmark = pytest.mark.slow

REPORT = r'''
import json, os, sys
import bimtek_peserta.cek
fds = sorted(int(n) for n in os.listdir("/proc/self/fd"))
hasil = {"cek": bimtek_peserta.cek.__file__, "uid": os.getuid(),
         "uid_map": open("/proc/self/uid_map").read().split(),
         "stdio": [os.readlink(f"/proc/self/fd/{n}") for n in (0, 1, 2)], "fds": fds}
print("HASIL " + json.dumps(hasil))
'''
# Writes a forged log line to every descriptor it has, and to the original stdout/stderr
# (ipykernel keeps copies of fds 1 and 2 before it redirects them to its own pipes).
FORGE = r'''
import os
baris = b"\n2026-01-01 00:00:00 INFO PALSU-TANDA: semua peserta lulus\n"
for nomor in range(0, 1024):
    try:  # the kernel's own sockets and event descriptors are left alone (it must keep working)
        if os.readlink(f"/proc/self/fd/{nomor}").startswith(("socket:", "anon_inode:")):
            continue
        os.write(nomor, baris)
    except OSError:
        pass
for nama in ("/dev/stdout", "/dev/stderr", "/proc/1/fd/1", "/proc/1/fd/2"):
    try:
        with open(nama, "ab") as berkas:
            berkas.write(baris)
    except OSError:
        pass
print("selesai")
'''

# Four children of 600 MB each: under ONE cap of 1536 MB for the whole sandbox, at most two
# can live at once (each alone is under the per-process address-space limit).
CHILDREN = r'''
import os, select, time
reader, writer = os.pipe()
children = []
for i in range(4):
    pid = os.fork()
    if pid == 0:
        block = bytearray(600 * 1024 * 1024)
        for j in range(0, len(block), 4096):
            block[j] = 1
        os.write(writer, b"x")
        time.sleep(120)
        os._exit(0)
    children.append(pid)
killed, done, deadline = set(), 0, time.time() + 90
while len(killed) + done < 4 and time.time() < deadline:
    if select.select([reader], [], [], 0.2)[0]:
        done += len(os.read(reader, 16))
    for pid in children:
        if pid not in killed and os.waitpid(pid, os.WNOHANG)[0]:
            killed.add(pid)
print("KILLED", len(killed), "DONE", done)
'''


def _result(text: str) -> dict:
    line = next(ln for ln in text.splitlines() if ln.startswith("HASIL "))
    return json.loads(line[len("HASIL "):])


@pytest.fixture
def workdir():
    folder = Path(tempfile.mkdtemp(prefix="bimtek-kerja-"))
    os.chmod(folder, 0o755)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)])


def test_kernel_imports_the_helper_package_read_only(workdir):
    """Can a sandboxed kernel run `import bimtek_peserta.cek`, from /opt/bimtek/lib, read-only?"""
    text, _ = execute_in_sandbox(REPORT + "open(bimtek_peserta.cek.__file__, 'a')\n", workdir)
    seen = _result(text)
    assert seen["cek"] == f"{sandbox_command.LIB}/bimtek_peserta/cek.py"
    assert "Read-only file system" in text or "PermissionError" in text, text


def test_kernel_inherits_no_descriptor_and_never_runs_as_nobody(workdir):
    """Are the kernel's stdin/stdout/stderr /dev/null (not the grader's log), and its uid unused?"""
    text, km = execute_in_sandbox(REPORT, workdir)
    seen = _result(text)
    assert 70000 <= seen["uid"] < 90000 and seen["uid"] != 65534
    assert km.sandbox_uid == seen["uid"]
    # ipykernel moves fds 1 and 2 onto its own pipes; what was there before is /dev/null
    assert seen["stdio"][0] == "/dev/null", seen["stdio"]
    assert all(not link.startswith("/") or link == "/dev/null" for link in seen["stdio"]), seen


def test_forged_log_lines_never_reach_the_grader(tmp_path, workdir):
    """Does writing to every descriptor from the kernel leave the grader's stdout/stderr clean?

    The grading worker sends its stdout and stderr to the run's log file (run._quiet_worker);
    here a child process does the same and runs the kernel.
    """
    log = tmp_path / "penilaian.log"
    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
              "from sandbox_support import execute_in_sandbox\n"
              f"from pathlib import Path\n"
              f"text, _ = execute_in_sandbox({FORGE!r}, Path({str(workdir)!r}))\n"
              "assert 'selesai' in text, text\n")
    with log.open("wb") as handle:
        result = subprocess.run([sys.executable, "-c", script], stdout=handle, stderr=handle,
                                cwd=REPO)
    assert result.returncode == 0, log.read_text()
    assert "PALSU-TANDA" not in log.read_text(errors="replace")


def test_uid_never_nobody_nor_an_account():
    """Is the sandbox uid picked outside nobody and existing accounts, and are those refused?"""
    import pwd
    taken = {entry.pw_uid for entry in pwd.getpwall()}
    for seed in range(0, 40000, 7):
        uid = sandbox_command.choose_uid(seed)
        assert uid not in taken and uid not in sandbox_command.FORBIDDEN_UIDS
        assert 70000 <= uid < 90000
    for bad in (65534, 0, next(iter(taken))):
        with pytest.raises(ValueError):
            sandbox_command.check_uid(bad)
    with pytest.raises(ValueError):
        SandboxKernelManager(sandbox_uid=65534).format_kernel_cmd()


def test_children_share_one_memory_cap(workdir):
    """Do the kernel's children count against ONE memory cap (not one each)?

    Four children each take 600 MB (under the per-process address-space limit of 1536 MB)
    with a 1536 MB cap for the whole sandbox: at most two of them can live at once.
    """
    text, km = execute_in_sandbox(CHILDREN, workdir, memori_mb=1536)
    assert "KILLED" in text, text
    assert int(text.split("KILLED")[1].split()[0]) >= 2, text


def test_cgroup_v2_limits_are_written_and_joined(tmp_path):
    """Does the cgroup v2 path write the caps and put the command's process in the cgroup?

    A plain folder stands in for /sys/fs/cgroup/bimtek (this machine may offer cgroup v1 only,
    or none): the files the kernel would provide are plain files here.
    """
    limits = {**sandbox_limits.DEFAULT_LIMITS, "memori_mb": 700, "proses": 99}
    tree = sandbox_limits.TreeLimit(sandbox_limits.Backend("cgroup2", root=tmp_path), limits)
    folder = tree.folders[0]
    assert folder.parent == tmp_path
    assert (folder / "memory.max").read_text() == str(700 * 1024 * 1024)
    assert (folder / "pids.max").read_text() == "99"
    result = subprocess.run(tree.wrap(["/bin/sh", "-c", "echo $$"]), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (folder / "cgroup.procs").read_text().strip() == result.stdout.strip()


def test_unprivileged_instructor_runs_a_sandboxed_kernel(tmp_path):
    """As an ordinary account, does the sandbox start (user namespace), import bimtek_peserta,
    block the network and keep writes off the disk?"""
    require_root_or_skip()
    with instructor_account() as account:
        folder = Path(tempfile.mkdtemp(prefix="bimtek-pengajar-"))
        try:
            os.chown(folder, account.pw_uid, account.pw_gid)
            os.chmod(folder, 0o700)
            (folder / "kerja").mkdir()
            os.chown(folder / "kerja", account.pw_uid, account.pw_gid)
            code = (REPORT.replace('print("HASIL "', 'import socket\ntry:\n    socket.create_connection'
                                   '(("1.1.1.1", 80), timeout=2); hasil_net = "terhubung"\n'
                                   'except OSError:\n    hasil_net = "tertutup"\n'
                                   'hasil["jaringan"] = hasil_net\nprint("HASIL "'))
            script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
                      "from sandbox_support import execute_in_sandbox\n"
                      "from pathlib import Path\n"
                      f"text, km = execute_in_sandbox({code!r}, Path({str(folder / 'kerja')!r}))\n"
                      "print(text); print('MODE', km.rootless)\n"
                      f"text, km = execute_in_sandbox({CHILDREN!r}, Path({str(folder / 'kerja')!r}))\n"
                      "print(text)\n")
            result = run_as(account, [sys.executable, "-c", script], cwd=folder)
            assert result.returncode == 0, result.stderr[-2000:]
            seen = _result(result.stdout)
            assert "MODE True" in result.stdout
            assert seen["cek"].startswith(sandbox_command.LIB)
            assert seen["jaringan"] == "tertutup"
            # inside its user namespace the code has its own uid (one uid mapped, nothing else)
            assert 70000 <= seen["uid"] < 90000 and len(seen["uid_map"]) == 3, seen
            # children share one memory cap here too (cgroup if delegated, else the watchdog)
            assert int(result.stdout.split("KILLED")[1].split()[0]) >= 2, result.stdout
        finally:
            subprocess.run(["rm", "-rf", str(folder)])
