"""Run a participant's kernel in a sandbox (bubblewrap + resource limits + its own user).

While a submission is graded, its code:
- sees a read-only system (/usr, /etc, the Python installation) and only ONE writable
  folder: its own working folder (the autograded copy of its submission), with the
  notebook file itself masked so the restored hidden tests cannot be read from disk;
- cannot see the gradebook, the event folder, the repository (solutions/), or other
  participants' submissions: none of them is mounted;
- has no network (its own empty network namespace); talks to the grader over Unix sockets;
- runs as an unprivileged user id, with limits on address space, CPU seconds, processes,
  open files and file size (prlimit), in its own PID namespace (killed with the grader).

The kernel manager below is plugged into nbgrader's Execute preprocessor through
``Execute.kernel_manager_class``; without bubblewrap the grader refuses to run unless the
event explicitly allows unsandboxed grading (``Bimtek.kotak_pasir = False``).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Integer, Unicode

BWRAP = shutil.which("bwrap") or "/usr/bin/bwrap"
PRLIMIT = shutil.which("prlimit") or "/usr/bin/prlimit"
SETPRIV = shutil.which("setpriv") or "/usr/bin/setpriv"

# Limits (defaults; the event can change them through Bimtek settings passed by the worker).
DEFAULT_LIMITS = {
    "memori_mb": 1536,      # address space per kernel
    "cpu_detik": 300,       # CPU seconds for the whole notebook
    "proses": 256,          # processes + threads of the sandbox user
    "berkas_mb": 50,        # largest file the code may write
    "berkas_terbuka": 256,  # open file descriptors
}


def available() -> str | None:
    """None if sandboxing works here, else why not (one line, Indonesian)."""
    for tool in (BWRAP, PRLIMIT, SETPRIV):
        if not os.path.exists(tool):
            return (f"{os.path.basename(tool)} tidak ditemukan; pasang dengan: "
                    "apt-get install bubblewrap util-linux")
    if os.geteuid() != 0:
        return "kotak pasir memerlukan hak root untuk berganti ke pengguna tanpa hak istimewa"
    return None


def _python_roots() -> list[str]:
    """Folders the kernel's Python needs, read-only: the base installation and the venv."""
    roots = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    return sorted(roots)


def _traversable_parents(path: Path) -> list[str]:
    """bwrap arguments creating ``path``'s parent folders so the sandbox user can pass them."""
    args = []
    for parent in reversed(path.parents[:-1]):  # from the top, without "/"
        if str(parent) in ("/usr", "/etc") or str(parent).startswith(("/usr/", "/etc/")):
            continue
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def sandbox_command(cmd: list[str], *, workdir: Path, runtime: Path, mpl: Path, uid: int,
                    hidden: list[Path], limits: dict[str, int]) -> list[str]:
    """Wrap ``cmd`` (the kernel's command line) in bubblewrap, prlimit and setpriv."""
    args = [BWRAP, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--perms", "1777", "--tmpfs", "/tmp",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("lib", "lib64", "bin", "sbin"):
        target = f"/{name}"
        if os.path.islink(target):
            args += ["--symlink", os.readlink(target), target]
        elif os.path.isdir(target):
            args += ["--ro-bind", target, target]
    for root in _python_roots():
        args += ["--ro-bind", root, root]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for target in (runtime, workdir):
        args += _traversable_parents(target)
    args += ["--bind", str(runtime), str(runtime),
             "--bind", str(mpl), "/tmp/mpl",
             "--bind", str(workdir), str(workdir)]
    for path in hidden:  # mask files inside the working folder (the graded notebook)
        args += ["--ro-bind", "/dev/null", str(path)]
    args += ["--chdir", str(workdir), "--clearenv",
             "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin",
             "--setenv", "LANG", "C.UTF-8", "--setenv", "MPLCONFIGDIR", "/tmp/mpl",
             "--setenv", "XDG_CACHE_HOME", "/tmp", "--setenv", "IPYTHONDIR", "/tmp/ipython",
             "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
             "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
             "--setenv", "NBGRADER_EXECUTION", "autograde", "--",
             PRLIMIT, f"--as={limits['memori_mb'] * 1024 * 1024}", f"--cpu={limits['cpu_detik']}",
             f"--nproc={limits['proses']}", f"--fsize={limits['berkas_mb'] * 1024 * 1024}",
             f"--nofile={limits['berkas_terbuka']}", "--core=0", "--",
             SETPRIV, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
             "--no-new-privs", "--"]
    return args + cmd


def _chown_tree(path: Path, uid: int) -> None:
    os.chown(path, uid, uid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start inside the sandbox and listen on Unix sockets."""

    sandbox_uid = Integer(60001, help="User id the participant's code runs as.").tag(config=True)
    memori_mb = Integer(DEFAULT_LIMITS["memori_mb"]).tag(config=True)
    cpu_detik = Integer(DEFAULT_LIMITS["cpu_detik"]).tag(config=True)
    proses = Integer(DEFAULT_LIMITS["proses"]).tag(config=True)
    berkas_mb = Integer(DEFAULT_LIMITS["berkas_mb"]).tag(config=True)
    mpl_seed = Unicode("", help="Prepared matplotlib config/cache folder to copy in.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self._private = Path(tempfile.mkdtemp(prefix="bimtek-kernel-"))
        os.chmod(self._private, 0o755)
        runtime = self._private / "run"
        runtime.mkdir()
        os.chown(runtime, self.sandbox_uid, self.sandbox_uid)
        self.connection_file = str(runtime / "kernel.json")

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        self.kernel_spec.interrupt_mode = "message"  # signals cannot cross the sandbox
        workdir = Path((self._launch_args or {}).get("cwd") or os.getcwd()).resolve()
        _chown_tree(workdir, self.sandbox_uid)
        os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
        mpl = self._private / "mpl"
        if self.mpl_seed and os.path.isdir(self.mpl_seed):
            shutil.copytree(self.mpl_seed, mpl, dirs_exist_ok=True)
        mpl.mkdir(exist_ok=True)
        _chown_tree(mpl, self.sandbox_uid)
        hidden = sorted(workdir.glob("*.ipynb"))
        limits = {"memori_mb": self.memori_mb, "cpu_detik": self.cpu_detik,
                  "proses": self.proses, "berkas_mb": self.berkas_mb,
                  "berkas_terbuka": DEFAULT_LIMITS["berkas_terbuka"]}
        return sandbox_command(cmd, workdir=workdir, runtime=Path(self.connection_file).parent,
                               mpl=mpl, uid=self.sandbox_uid, hidden=hidden, limits=limits)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._private, ignore_errors=True)
