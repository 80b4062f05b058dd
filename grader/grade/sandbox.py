"""Run a participant's kernel in a sandbox (bubblewrap + resource limits + its own user).

While a submission is graded, its code:
- sees a read-only system (/usr, /etc, the Python installation); its working folder is
  an empty, size-limited scratch folder (memory, thrown away with the kernel) in which only
  the files the assignment provides (data/...) appear, read-only: not the notebook file (so
  the restored hidden tests cannot be read from disk), and not other files that came with
  the submission (a submitted ``numpy.py`` or a symbolic link that nbgrader copied as the
  file it points to would otherwise be imported or read);
- cannot import modules from its working folder (PYTHONSAFEPATH);
- cannot see the gradebook, the event folder, the repository (solutions/), or other
  participants' submissions: none of them is mounted;
- cannot write to the grader's disk: /tmp and the working folder are size-limited memory
  file systems, and the folder holding the kernel's sockets is closed once they exist;
- has no network (its own empty network namespace); talks to the grader over Unix sockets;
- runs as an unprivileged user id, with limits on address space, CPU seconds, processes,
  open files and file size (prlimit), in its own PID namespace (killed with the grader);
- runs non-dumpable: it cannot write its own memory through /proc/self/mem;
- keeps no process of its own: after each cell and on a time-out, every process in the
  sandbox but the kernel is killed; while a cell runs, they are killed as soon as there are
  more than a few (checked twice a second). A fork bomb or a forgotten background process
  cannot starve the kernel (the killed ones stay zombies, counted by the process limit,
  until the kernel ends), while a short shell command still runs.

The kernel manager below is plugged into nbgrader's Execute preprocessor through
``Execute.kernel_manager_class``. Without bubblewrap, an event set to
``Bimtek.kotak_pasir = 'wajib'`` refuses to grade; 'otomatis' grades unsandboxed with a warning.
"""
from __future__ import annotations

import asyncio
import fnmatch
import os
import shutil
import signal
import sys
import tempfile
import time
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
    "tmp_mb": 128,          # size of each scratch file system (/tmp, the working folder)
}
# Started instead of ``python -m ipykernel_launcher``: the kernel first makes itself
# non-dumpable, so that its /proc/self/mem belongs to root and its own code cannot open it to
# rewrite the interpreter's memory (nor can a process it starts attach to it).
_LAUNCH = ("import ctypes, runpy, sys; "
           "ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0); "  # PR_SET_DUMPABLE, 0
           "sys.argv[0] = 'ipykernel_launcher'; "
           "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)")
# The kernel's sockets: shell, iopub, stdin, control, heartbeat.
_PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


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


def sandbox_command(cmd: list[str], *, workdir: Path, runtime: Path, mpl_files: list[Path],
                    uid: int, visible: list[Path], limits: dict[str, int]) -> list[str]:
    """Wrap ``cmd`` (the kernel's command line) in bubblewrap, prlimit and setpriv.

    ``visible``: files inside ``workdir`` the code may read (read-only); nothing else of the
    working folder is shown. ``mpl_files``: matplotlib's prepared font cache, shown read-only.
    """
    scratch = str(limits["tmp_mb"] * 1024 * 1024)
    args = [BWRAP, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--perms", "1777", "--size", scratch, "--tmpfs", "/tmp",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("lib", "lib64", "bin", "sbin"):
        target = f"/{name}"
        if os.path.islink(target):
            args += ["--symlink", os.readlink(target), target]
        elif os.path.isdir(target):
            args += ["--ro-bind", target, target]
    for root in _python_roots():
        args += _traversable_parents(Path(root)) + ["--ro-bind", root, root]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for target in (runtime, workdir):
        args += _traversable_parents(target)
    args += ["--bind", str(runtime), str(runtime),
             "--perms", "0777", "--dir", "/tmp/mpl",
             "--perms", "0777", "--size", scratch, "--tmpfs", str(workdir)]
    for path in mpl_files:
        args += ["--ro-bind", str(path), f"/tmp/mpl/{path.name}"]
    folders = sorted({workdir / parent for path in visible
                      for parent in path.relative_to(workdir).parents[:-1]})
    for folder in folders:  # made by root: the code cannot add files next to the data
        args += ["--perms", "0755", "--dir", str(folder)]
    for path in visible:
        args += ["--ro-bind", str(path), str(path)]
    args += ["--chdir", str(workdir), "--clearenv",
             "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin",
             "--setenv", "LANG", "C.UTF-8", "--setenv", "MPLCONFIGDIR", "/tmp/mpl",
             "--setenv", "XDG_CACHE_HOME", "/tmp", "--setenv", "IPYTHONDIR", "/tmp/ipython",
             "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
             "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "PYTHONSAFEPATH", "1",
             "--setenv", "NBGRADER_EXECUTION", "autograde", "--",
             PRLIMIT, f"--as={limits['memori_mb'] * 1024 * 1024}", f"--cpu={limits['cpu_detik']}",
             f"--nproc={limits['proses']}", f"--fsize={limits['berkas_mb'] * 1024 * 1024}",
             f"--nofile={limits['berkas_terbuka']}", "--core=0", "--",
             SETPRIV, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
             "--no-new-privs", "--"]
    return args + cmd


def provided_files(workdir: Path, source: Path | None, ignore: list[str] = ()) -> list[Path]:
    """Files of ``workdir`` that the assignment itself provides (same path in ``source``).

    Notebooks, symbolic links and anything the submission brought along are left out.
    Without a source folder nothing is provided.
    """
    if source is None or not source.is_dir():
        return []
    found = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if (path.is_symlink() or not path.is_file() or path.suffix == ".ipynb"
                or any(fnmatch.fnmatch(part, pattern) for part in relative.parts
                       for pattern in ignore)):
            continue
        copy = workdir / relative
        if copy.is_file() and not copy.is_symlink():
            found.append(copy)
    return found


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start inside the sandbox and listen on Unix sockets."""

    sandbox_uid = Integer(60001, help="User id the participant's code runs as.").tag(config=True)
    memori_mb = Integer(DEFAULT_LIMITS["memori_mb"]).tag(config=True)
    cpu_detik = Integer(DEFAULT_LIMITS["cpu_detik"]).tag(config=True)
    proses = Integer(DEFAULT_LIMITS["proses"]).tag(config=True)
    berkas_mb = Integer(DEFAULT_LIMITS["berkas_mb"]).tag(config=True)
    tmp_mb = Integer(DEFAULT_LIMITS["tmp_mb"]).tag(config=True)
    mpl_seed = Unicode("", help="Prepared matplotlib config/cache folder to show read-only.").tag(config=True)
    source_dir = Unicode("", help=(
        "Folder of the assignment's own files (source/<assignment>); only these appear in the "
        "working folder. Default: found from nbgrader's CourseDirectory settings.")).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self._private = Path(tempfile.mkdtemp(prefix="bimtek-kernel-"))
        os.chmod(self._private, 0o755)
        self._runtime = self._private / "run"
        self._runtime.mkdir()
        self.connection_file = str(self._runtime / "kernel.json")

    def _source(self) -> tuple[Path | None, list[str]]:
        """The assignment's source folder and nbgrader's ignore patterns."""
        try:
            from nbgrader.coursedir import CourseDirectory
            coursedir = CourseDirectory(config=self.config)
            ignore = list(coursedir.ignore)
            if self.source_dir:
                return Path(self.source_dir), ignore
            if not coursedir.assignment_id:
                return None, ignore
            return Path(coursedir.format_path(coursedir.source_directory, ".",
                                              coursedir.assignment_id)), ignore
        except Exception:  # no nbgrader settings: show nothing of the working folder
            return (Path(self.source_dir) if self.source_dir else None), []

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if cmd[1:3] == ["-m", "ipykernel_launcher"]:
            cmd = [cmd[0], "-c", _LAUNCH, *cmd[3:]]
        self.kernel_spec.interrupt_mode = "message"  # signals cannot cross the sandbox
        workdir = Path((self._launch_args or {}).get("cwd") or os.getcwd()).resolve()
        # The kernel creates its sockets here, then the folder is closed (_lock_runtime).
        os.chmod(self._runtime, 0o777)
        os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
        mpl_files = []
        if self.mpl_seed and os.path.isdir(self.mpl_seed):
            mpl_files = sorted(p for p in Path(self.mpl_seed).iterdir()
                               if p.is_file() and not p.is_symlink())
        source, ignore = self._source()
        limits = {"memori_mb": self.memori_mb, "cpu_detik": self.cpu_detik,
                  "proses": self.proses, "berkas_mb": self.berkas_mb, "tmp_mb": self.tmp_mb,
                  "berkas_terbuka": DEFAULT_LIMITS["berkas_terbuka"]}
        return sandbox_command(cmd, workdir=workdir, runtime=self._runtime, mpl_files=mpl_files,
                               uid=self.sandbox_uid, visible=provided_files(workdir, source, ignore),
                               limits=limits)

    def reap_strays(self, allowed: int = 0) -> int:
        """Kill every process in the sandbox except the kernel (and bwrap's init) if there are
        more than ``allowed`` of them; return how many were killed.

        The sandbox's process tree on the host: bwrap -> bwrap (init of the PID namespace) ->
        kernel (its first child) -> whatever the code started. Killed processes stay zombies
        of the kernel (still counted by the process limit) until the kernel ends.
        """
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return 0
        table = {}  # pid -> (parent pid, start time)
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path("/proc", entry.name, "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, ... starttime
            if fields[0] != "Z":  # zombies are dead already
                table[int(entry.name)] = (int(fields[1]), int(fields[19]))
        init = next((pid for pid, (parent, _) in table.items() if parent == process.pid), None)
        children = sorted((start, pid) for pid, (parent, start) in table.items() if parent == init)
        if init is None or not children:
            return 0
        kernel = children[0][1]
        try:
            namespace = os.readlink(f"/proc/{kernel}/ns/pid")
        except OSError:
            return 0
        strays = []
        for pid in table:
            if pid in (process.pid, init, kernel):
                continue
            try:
                if os.readlink(f"/proc/{pid}/ns/pid") == namespace:
                    strays.append(pid)
            except OSError:
                pass
        if len(strays) <= allowed:
            return 0
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return len(strays)

    async def _async_interrupt_kernel(self) -> None:
        # A kernel starved by its own processes cannot handle the interrupt; and until it does,
        # it may start more (a fork bomb): clear them before and for a moment after.
        self.reap_strays()
        await super()._async_interrupt_kernel()
        if self.shutting_down:
            return  # jupyter_client interrupts before every shutdown: no need to wait then
        for _ in range(20):
            await asyncio.sleep(0.1)
            self.reap_strays()

    interrupt_kernel = _async_interrupt_kernel

    async def _lock_runtime(self, timeout: float = 60.0) -> None:
        """Once the kernel's sockets exist, stop its user from writing to the grader's disk."""
        info = self.get_connection_info()
        sockets = [Path(f"{info['ip']}-{info[name]}") for name in _PORTS]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(p.exists() for p in sockets):
                break
            if self.provisioner is not None and await self.provisioner.poll() is not None:
                break  # the kernel ended: nothing left to protect
            await asyncio.sleep(0.05)
        os.chmod(self._runtime, 0o755)

    async def _reap_forever(self, every: float = 0.5, allowed: int = 8) -> None:
        """Kill stray processes when there are too many while a cell runs (nbclient's loop)."""
        while True:
            await asyncio.sleep(every)
            self.reap_strays(allowed)

    async def _async_post_start_kernel(self, **kw) -> None:
        await super()._async_post_start_kernel(**kw)
        await self._lock_runtime()
        self._reaper = asyncio.ensure_future(self._reap_forever())

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        reaper = getattr(self, "_reaper", None)
        if reaper is not None:
            reaper.cancel()
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._private, ignore_errors=True)
