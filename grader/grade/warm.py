"""Warm kernels: one sandboxed template per grading process forks a fresh kernel per submission.

A cold kernel spends most of its start importing pandas, numpy and matplotlib. The template
(``warm_zygote.py``, run inside a sandbox like a cold kernel's) imports them once; every
submission then gets a kernel forked from it, in namespaces and file systems of its own (see
that file for what each kernel gets fresh). The template runs no participant code, ever.

The template's sandbox is bubblewrap in an unprivileged user namespace, run as the sandbox's
own user id (70000-89999: through ``setpriv`` when grading as root), holding CAP_SYS_ADMIN and
CAP_SETPCAP over that namespace only (to mount each kernel's fresh file systems); each kernel
drops every capability before it starts. Its resource caps are those of a cold kernel's
sandbox (one cgroup, or prlimit, for the template and its current kernel).

When the template cannot start, ``Template.start`` raises ``WarmUnavailable``; the kernel
manager then starts a cold sandboxed kernel instead (never an unsandboxed one).
"""
from __future__ import annotations

import atexit
import concurrent.futures
import fnmatch
import json
import multiprocessing.util
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import sandbox_limits
from .sandbox_command import sandbox_command, tool

ZYGOTE = Path(__file__).with_name("warm_zygote.py")
TEMPLATE_DATA = "/opt/bimtek/tugas"   # the assignment's own files, read-only, in the template
START_TIMEOUT = 120.0                   # seconds for the template to import its libraries
FORK_TIMEOUT = 30.0

_templates: dict[tuple, "Template"] = {}
# bubblewrap's --die-with-parent follows the thread that started it, not the process: every
# template is started from this one thread, which lives as long as the grading process.
_starter = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="bimtek-templat")


def _forget_parents_templates() -> None:
    """In a forked child: the parent's templates and starter thread are the parent's own."""
    global _starter
    _templates.clear()
    _starter = concurrent.futures.ThreadPoolExecutor(max_workers=1,
                                                     thread_name_prefix="bimtek-templat")


os.register_at_fork(after_in_child=_forget_parents_templates)


class WarmUnavailable(RuntimeError):
    """The template could not start or fork; the message says why (for the log)."""


def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def alive(pid: int) -> bool:
    """Is ``pid`` running (not gone, not a zombie)?"""
    state = _status(pid).get("State", "")
    return bool(state) and not state.startswith(("Z", "X"))


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's), oldest first; [] if it is gone."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for tid in tasks:
        try:
            found += [int(p) for p in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return sorted(found)


def assignment_files(source: Path | None, ignore: list[str]) -> list[Path]:
    """The files the assignment provides (relative paths): no notebooks, links, ignored names."""
    if source is None or not source.is_dir():
        return []
    found = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if (path.is_symlink() or not path.is_file() or path.suffix == ".ipynb"
                or any(fnmatch.fnmatch(part, pattern) for part in relative.parts
                       for pattern in ignore)):
            continue
        found.append(relative)
    return found


def _private_parent() -> str:
    """Where the template's socket folder lives on the host: not under /tmp or /dev/shm,
    which each kernel gets fresh (the same path inside the sandbox would be hidden)."""
    for candidate in ("/var/tmp", os.environ.get("XDG_RUNTIME_DIR", "")):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    raise WarmUnavailable("tidak ada folder sementara di luar /tmp (/var/tmp) untuk templat kernel")


class Template:
    """One warm template: its sandbox process, its pipes, its socket folder."""

    def __init__(self, *, bwrap: str, uid: int, limits: dict[str, int], source: Path | None,
                 ignore: list[str], mpl_files: list[Path], workdir: str):
        self.uid, self.limits, self.workdir = uid, limits, workdir
        self.private = Path(tempfile.mkdtemp(prefix="bimtek-templat-", dir=_private_parent()))
        os.chmod(self.private, 0o755)
        self.runtime = self.private / "soket"
        self.runtime.mkdir()
        data = self.private / "tugas"
        pairs = []
        for relative in assignment_files(source, ignore):  # a copy the sandbox user can read
            copy = data / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, copy)
            pairs.append((copy, relative))
        for folder in [data, *data.rglob("*")] if data.exists() else []:
            os.chmod(folder, 0o755 if folder.is_dir() else 0o644)
        mpl = self.private / "mpl"
        mpl.mkdir()
        for path in mpl_files:
            shutil.copyfile(path, mpl / path.name)
            os.chmod(mpl / path.name, 0o644)
        root = os.geteuid() == 0
        if root:
            os.chown(self.runtime, uid, uid)
        self.limit = sandbox_limits.TreeLimit(sandbox_limits.backend(), limits)
        command_r, command_w = os.pipe()
        news_r, news_w = os.pipe()
        config = {"perintah": command_r, "kabar": news_w, "kerja": workdir,
                  "berkas": [[f"{TEMPLATE_DATA}/{rel}", f"{workdir}/{rel}"] for _, rel in pairs],
                  "soket": str(self.runtime), "tmp_mb": limits["tmp_mb"], "uid": uid}
        inner = sandbox_command(
            [sys.executable, "-c", ZYGOTE.read_text(), json.dumps(config)],
            bwrap=bwrap, workdir=Path(workdir), runtime=self.runtime,
            mpl_files=sorted(mpl.iterdir()), uid=uid, visible=[], limits=limits,
            rootless=not root, switch_user=False)
        # Over the template's own namespaces only when not root; as root, the template is
        # root inside its sandbox (as bubblewrap's own setup is for a cold kernel) and each
        # kernel switches to the sandbox user before any participant code (warm_zygote.py).
        caps = ["CAP_SYS_ADMIN", "CAP_SETPCAP"] + (["CAP_SETUID", "CAP_SETGID"] if root else [])
        inner[1:1] = [arg for cap in caps for arg in ("--cap-add", cap)]
        extra = ["--perms", "0755", "--dir", TEMPLATE_DATA]
        for copy, relative in pairs:
            extra += ["--ro-bind", str(copy), f"{TEMPLATE_DATA}/{relative}"]
        separator = inner.index("--remount-ro")
        inner[separator:separator] = extra
        fds = [command_r, news_w]
        self.process = _starter.submit(
            subprocess.Popen, self.limit.wrap(inner), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=fds,
            start_new_session=True).result()
        for fd in fds:
            os.close(fd)
        self._command, self._news, self._buffer = command_w, news_r, b""
        try:
            answer = self._read(START_TIMEOUT)
        except WarmUnavailable:
            self.close()
            raise
        if not answer.get("siap"):
            self.close()
            raise WarmUnavailable(f"templat kernel tidak siap: {answer}")
        self.zygote = self._zygote_pid()
        self._count = 0

    def _zygote_pid(self) -> int:
        """Host pid of the template: bubblewrap -> its init -> the template."""
        for _ in range(200):
            init = next(iter(children(self.process.pid)), None)
            if init is not None:
                kids = children(init)
                if kids:
                    return kids[0]
            time.sleep(0.005)
        raise WarmUnavailable("proses templat kernel tidak ditemukan")

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise WarmUnavailable("templat kernel tidak menjawab"
                                      + (" (berhenti)" if self.process.poll() is not None else ""))
            ready, _, _ = select.select([self._news], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self._news, 4096)
                if not chunk:
                    raise WarmUnavailable("templat kernel berhenti")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def usable(self) -> bool:
        return self.process.poll() is None and alive(self.zygote)

    def kernel_folder(self) -> Path:
        """A fresh socket folder for the next kernel (host path = path in the sandbox)."""
        self._count += 1
        folder = self.runtime / f"k{self._count}"
        folder.mkdir()
        if os.geteuid() == 0:
            os.chown(folder, self.uid, self.uid)
        return folder

    def fork(self, connection_file: Path, folder: Path) -> int:
        """Start a kernel on ``connection_file``; return the host pid of its namespace's init."""
        request = json.dumps({"koneksi": str(connection_file), "folder": str(folder)}) + "\n"
        try:
            os.write(self._command, request.encode())
        except OSError as exc:
            raise WarmUnavailable(f"templat kernel tidak menerima permintaan ({exc})") from exc
        answer = self._read(FORK_TIMEOUT)
        if "c2" not in answer:
            raise WarmUnavailable(f"kernel tidak dapat dibuat dari templat: {answer.get('gagal')}")
        wanted = int(answer["c2"])
        for pid in children(self.zygote):
            nspid = _status(pid).get("NSpid", "").split()
            if len(nspid) >= 2 and int(nspid[1]) == wanted:
                return pid
        raise WarmUnavailable("kernel dari templat tidak ditemukan")

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.process.kill()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for fd in (getattr(self, "_command", None), getattr(self, "_news", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.limit.close()
        shutil.rmtree(self.private, ignore_errors=True)


def template(**settings) -> Template:
    """This process's template for these settings (started on first use, restarted if dead)."""
    key = json.dumps({k: str(v) for k, v in sorted(settings.items())})
    current = _templates.get(key)
    if current is not None and current.usable():
        return current
    if current is not None:
        current.close()
        del _templates[key]
    started = Template(**settings)
    _templates[key] = started
    _close_at_exit()
    return started


_closing_registered_in: int | None = None


def _close_at_exit() -> None:
    """Close this process's templates when it ends: at interpreter exit (atexit) and, for a
    worker forked by multiprocessing (which ends with os._exit, skipping atexit), through
    multiprocessing's own exit finalizers."""
    global _closing_registered_in
    if _closing_registered_in != os.getpid():
        multiprocessing.util.Finalize(None, close_all, exitpriority=100)
        _closing_registered_in = os.getpid()


def close_all() -> None:
    for item in list(_templates.values()):
        item.close()
    _templates.clear()


atexit.register(close_all)


class WarmProcess:
    """What jupyter_client's provisioner holds for a forked kernel: its namespace's init."""

    def __init__(self, pid: int):
        self.pid = pid
        self.stdin = self.stdout = self.stderr = None
        try:
            self._fd = os.pidfd_open(pid)
        except OSError:
            self._fd = None
        self.returncode = None

    def poll(self):
        if self.returncode is None and not alive(self.pid):
            self.returncode = -signal.SIGKILL
            self._close()
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if self._fd is not None:
                select.select([self._fd], [], [], 0.05)
            else:
                time.sleep(0.005)
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is not None:
            return
        try:
            if self._fd is not None:
                signal.pidfd_send_signal(self._fd, signum)
            else:
                os.kill(self.pid, signum)
        except ProcessLookupError:  # it has ended already
            self.poll()

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGKILL)  # PID 1 of its namespace: nothing less ends it

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
