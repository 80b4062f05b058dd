"""Does a warm kernel keep every promise of a cold one, and nothing of the previous submission?

A warm kernel is forked from a template that imported the libraries already
(grader.grade.warm). Two kernels forked one after the other from the same template are two
submissions graded one after the other by the same worker: whatever the first one changes,
writes, starts or leaves behind must not be there for the second.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from grader.grade import sandbox_command, warm
from grader.grade.sandbox import WARM_WORKDIR

from sandbox_support import execute_in_sandbox

pytestmark = pytest.mark.slow

REPORT = r'''
import json, os, sys, threading
import bimtek_peserta.cek
status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines()
              if ":\t" in line)
print("HASIL " + json.dumps({
    "cek": bimtek_peserta.cek.__file__, "uid": os.getuid(), "gid": os.getgid(),
    "caps": {k: status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")},
    "no_new_privs": status["NoNewPrivs"].strip(), "cwd": os.getcwd(),
    "data": sorted(os.listdir("data")) if os.path.isdir("data") else None,
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "tmp": sorted(os.listdir("/tmp")), "shm": sorted(os.listdir("/dev/shm")),
    "kerja": sorted(os.listdir(".")), "sysv": open("/proc/sysvipc/shm").read().splitlines()[1:],
    "threads": sorted(t.name for t in threading.enumerate()),
    "mods": "jawaban_bocoran" in sys.modules, "env": os.environ.get("BOCORAN"),
    "numpy_pi": __import__("numpy").pi,
    "pandas_sum": bool(__import__("pandas").Series([1, 2]).sum() == 3),
    "fds": {n: os.readlink(f"/proc/self/fd/{n}") for n in map(int, os.listdir("/proc/self/fd"))
            if os.path.exists(f"/proc/self/fd/{n}")},
}))
'''

# What a hostile first submission leaves behind, in every place a process can leave state.
LEAVE_BEHIND = r'''
import ctypes, os, subprocess, sys, threading, time, types
import numpy, pandas
numpy.pi = 3.0
pandas.Series.sum = lambda self, *a, **k: 42
sys.modules["jawaban_bocoran"] = types.ModuleType("jawaban_bocoran")
os.environ["BOCORAN"] = "ya"
for path in ("/tmp/bocoran.txt", "/dev/shm/bocoran", "bocoran.csv", "data/../bocoran2.csv"):
    with open(path, "w") as handle:
        handle.write("jawaban")
libc = ctypes.CDLL(None, use_errno=True)
segment = libc.shmget(0x5EC2E7, 4096, 0o1666)   # IPC_CREAT | 0666, never removed
print("SHM", segment)
subprocess.Popen(["sleep", "300"], start_new_session=True)
threading.Thread(target=time.sleep, args=(300,), name="penyusup", daemon=False).start()
leftover = open("/tmp/terbuka.txt", "w")
'''


def _running(cmdline: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if Path(entry.path, "cmdline").read_text(errors="replace") == cmdline:
                    found.append(int(entry.name))
            except OSError:
                pass
    return [pid for pid in found if warm.alive(pid)]


def _result(text: str) -> dict:
    line = next((ln for ln in text.splitlines() if ln.startswith("HASIL ")), None)
    assert line is not None, text
    return json.loads(line[len("HASIL "):])


@pytest.fixture
def source(tmp_path):
    """An assignment's source folder with one data file, and an empty working folder."""
    src = tmp_path / "source" / "m99_uji"
    (src / "data").mkdir(parents=True)
    (src / "data" / "contoh.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (src / "m99_uji.ipynb").write_text("{}", encoding="utf-8")  # never shown to the kernel
    work = Path(tempfile.mkdtemp(prefix="bimtek-kerja-"))
    os.chmod(work, 0o755)
    yield src, work
    subprocess.run(["rm", "-rf", str(work)])
    warm.close_all()


def _warm(code: str, source) -> tuple[dict | str, object]:
    src, work = source
    return execute_in_sandbox(code, work, hangat=True, source_dir=str(src))


def test_warm_kernel_has_what_a_cold_one_has(source):
    """Is a warm kernel forked from the template, with no capability, no privilege, not root,
    the helper package read-only from /opt/bimtek/lib, and only the assignment's files?"""
    text, km = _warm(REPORT, source)
    seen = _result(text)
    assert km.warm_note == "" and km._template is not None, km.warm_note
    assert 70000 <= seen["uid"] < 90000 and seen["gid"] == seen["uid"]
    assert set(seen["caps"].values()) == {"0000000000000000"}, seen["caps"]
    assert seen["no_new_privs"] == "1"
    assert seen["cek"] == f"{sandbox_command.LIB}/bimtek_peserta/cek.py"
    assert seen["cwd"] == WARM_WORKDIR
    assert seen["kerja"] == ["data"] and seen["data"] == ["contoh.csv"]  # no notebook
    assert seen["pids"] == [1, 2], "a kernel sees only its own namespace"
    assert seen["fds"]["0"] == "/dev/null"


def test_nothing_of_one_submission_reaches_the_next(source):
    """After a submission that changes library state, writes files in every writable place,
    leaves a SysV shared memory segment, a process, a thread and an open file, does the next
    kernel of the same template start exactly as clean as the first?"""
    first, km1 = _warm(REPORT, source)
    clean = _result(first)
    left, km2 = _warm(LEAVE_BEHIND + "\n" + REPORT, source)
    dirty = _result(left)
    assert dirty["numpy_pi"] == 3.0 and dirty["tmp"] != clean["tmp"] and dirty["sysv"]
    assert "penyusup" in dirty["threads"] and len(dirty["pids"]) > 2
    again, km3 = _warm(REPORT, source)
    after = _result(again)
    assert km1._template is km2._template is km3._template, "one template for all three"
    assert km3._template.usable()
    for key in ("numpy_pi", "pandas_sum", "mods", "env", "tmp", "shm", "kerja", "data",
                "sysv", "threads", "pids", "caps", "cwd"):
        assert after[key] == clean[key], (key, after[key], clean[key])
    # the process the second submission left is gone from the machine too
    assert not _running("sleep\x00300\x00")
    assert not any(warm.alive(pid) for pid in warm.children(km3._template.zygote)
                   if pid != km3._template.zygote)


def test_kernel_can_neither_see_nor_signal_the_template(source):
    """Does a kernel that signals every pid it can name leave the template running?"""
    code = ("import os, signal\n"
            "hits, own = 0, {int(t) for t in os.listdir('/proc/self/task')}\n"
            "for pid in range(1, 70000):\n"
            "    if pid not in own:\n"
            "        try:\n"
            "            os.kill(pid, signal.SIGKILL); hits += 1\n"
            "        except OSError:\n"
            "            pass\n"
            "print('SINYAL', hits)\n")
    text, km = _warm(code, source)
    assert "SINYAL" in text, text
    assert km._template.usable(), "the template survived"
    again, km2 = _warm(REPORT, source)
    assert km2._template is km._template and _result(again)["pids"] == [1, 2]


def test_a_template_that_cannot_start_gives_a_cold_sandboxed_kernel(source, monkeypatch):
    """When the template cannot start, is the kernel a cold sandboxed one (never unsandboxed),
    with the reason kept?"""
    def broken(**_settings):
        raise warm.WarmUnavailable("templat rusak untuk uji")
    monkeypatch.setattr(warm, "template", broken)
    text, km = _warm(REPORT, source)
    seen = _result(text)
    assert km._template is None and km.warm_note == "templat rusak untuk uji"
    assert 70000 <= seen["uid"] < 90000 and seen["cwd"] != WARM_WORKDIR


def test_a_fork_that_fails_gives_a_cold_sandboxed_kernel(source, monkeypatch):
    """When the template cannot fork a kernel, does the kernel start cold instead?"""
    def refuse(self, *_args):
        raise warm.WarmUnavailable("fork ditolak untuk uji")
    monkeypatch.setattr(warm.Template, "fork", refuse)
    text, km = _warm(REPORT, source)
    seen = _result(text)
    assert km.warm_note == "fork ditolak untuk uji" and km._template is None
    assert 70000 <= seen["uid"] < 90000 and seen["cwd"] != WARM_WORKDIR


def test_the_setting_turns_warm_kernels_off(make_event):
    """Does c.Bimtek.kernel_hangat = False give cold kernels to `bimtek grade`?"""
    from grader.course import open_course
    from grader.grade.run import _sandbox_settings
    root = make_event()
    settings, _ = _sandbox_settings(open_course(root))
    assert settings["hangat"] is True
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\nc.Bimtek.kernel_hangat = False\n",
                      encoding="utf-8")
    settings, _ = _sandbox_settings(open_course(root))
    assert settings["hangat"] is False
