"""Helpers for the sandbox tests: an unprivileged instructor account, running code as it, a PATH
without some programs, and starting a sandboxed kernel directly."""
from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def require_root_or_skip():
    """Tests that create accounts need root; under scripts/test.sh (CI) they must not skip."""
    import pytest
    if os.geteuid() != 0:
        if os.environ.get("BIMTEK_REQUIRE_SANDBOX"):
            pytest.fail("this test creates a system account: run scripts/test.sh as root")
        pytest.skip("needs root to create an unprivileged instructor account")
    for tool in ("useradd", "userdel", "setpriv", "unshare", "bwrap"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing (tests/grade/ensure_bubblewrap.sh installs bwrap)")


def processes_of(uid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if proc.stat().st_uid == uid:
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


@contextlib.contextmanager
def instructor_account():
    """A fresh unprivileged account (no home, no login shell), removed afterwards."""
    name = f"bmt{uuid.uuid4().hex[:8]}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    try:
        yield entry
    finally:
        for _ in range(20):
            pids = processes_of(entry.pw_uid)
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        subprocess.run(["userdel", name], capture_output=True)


def _blocked_ancestor(path: Path) -> Path | None:
    """The first folder above ``path`` that other users cannot pass, if any."""
    for parent in reversed(path.parents):
        if parent != Path("/") and not (parent.stat().st_mode & stat.S_IXOTH):
            return parent
    return None


def run_as(account, argv: list[str], *, cwd: Path, env: dict | None = None,
           timeout: float = 900) -> subprocess.CompletedProcess:
    """Run ``argv`` as ``account`` (uid, gid, no supplementary groups, no capabilities).

    If this Python lives below a folder other users cannot pass (e.g. /root/.pyenv), the
    command runs in a private mount namespace in which that folder shows only the Python
    installation; nothing else of the machine changes.
    """
    base = Path(os.path.realpath(sys.base_prefix))
    blocked = _blocked_ancestor(base)
    drop = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}",
            "--clear-groups", "--inh-caps=-all", "--"]
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
                   "HOME": str(cwd), **(env or {})}
    if blocked is None:
        command = [*drop, *argv]
    else:
        keep = tempfile.mkdtemp(prefix="bimtek-python-")
        script = ('set -e; mount --bind "$1" "$2"; mount -t tmpfs -o mode=0755,size=1m none "$3"; '
                  'mkdir -p "$4"; mount --bind "$2" "$4"; umount "$2"; shift 4; exec "$@"')
        command = ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script,
                   "sh", str(base), keep, str(blocked), str(base), *drop, *argv]
    try:
        return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True,
                              timeout=timeout)
    finally:
        if blocked is not None:
            shutil.rmtree(keep, ignore_errors=True)


def path_without(*names: str) -> str:
    """A folder for PATH holding links to every program of PATH except ``names``."""
    folder = Path(tempfile.mkdtemp(prefix="bimtek-path-"))
    for directory in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = folder / entry.name
            if entry.name in names or target.exists() or target.is_symlink():
                continue
            if entry.is_file() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    return str(folder)


async def _execute(code: str, cwd: Path, **settings) -> tuple[str, object]:
    from grader.grade.sandbox import SandboxKernelManager
    km = SandboxKernelManager(**settings)
    await km.start_kernel(cwd=str(cwd))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        msg_id = client.execute(code)
        output = []
        while True:
            msg = await client.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                output.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                output.append(f"{msg['content']['ename']}: {msg['content']['evalue']}\n")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return "".join(output), km
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)


def execute_in_sandbox(code: str, cwd: Path, **settings) -> tuple[str, object]:
    """Run ``code`` in a fresh sandboxed kernel in folder ``cwd``; (its output, the manager)."""
    return asyncio.run(_execute(code, cwd, **settings))
