"""Run a participant's kernel in a sandbox (bubblewrap, resource caps, its own user id).

While a submission is graded, its code:
- sees a read-only system (/usr, a few files of /etc, the Python installation, and the
  participant helper package ``bimtek_peserta`` at /opt/bimtek/lib); its working folder is
  an empty, size-limited scratch folder (memory, thrown away with the kernel) in which only
  the files the assignment provides (data/...) appear, read-only: not the notebook file, and
  not other files that came with the submission;
- cannot import modules from its working folder (PYTHONSAFEPATH);
- cannot see the gradebook, the event folder, the repository, or other participants'
  submissions: none of them is mounted;
- cannot write to the grader's disk: /tmp, /dev/shm and the working folder are size-limited
  memory file systems, ``/`` and ``/dev`` are read-only, and the folder holding the kernel's
  sockets is remounted read-only once they exist;
- has no network (its own empty network namespace); talks to the grader over Unix sockets;
- runs with no privilege: as root the grader switches it to an unused user id; as any other
  user it runs in an unprivileged user namespace (grader.grade.sandbox_command);
- is capped as a whole process tree (memory, processes, CPU: grader.grade.sandbox_limits),
  in its own PID namespace (killed with the grader);
- inherits no file descriptor of the grader: its stdin, stdout and stderr are /dev/null, so
  nothing it prints can reach the grading log;
- keeps no process of its own: after each cell and on a time-out, every process in the
  sandbox but the kernel is killed; while a cell runs, they are killed as soon as there are
  more than a few (checked twice a second).

The kernel manager below is plugged into nbgrader's Execute preprocessor through
``Execute.kernel_manager_class`` (by ``bimtek grade`` and by the event's nbgrader_config.py,
so formgrader's Autograde uses it too). When the sandbox cannot run, it refuses to start the
kernel: participant code never runs unsandboxed through it.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, Unicode, default

from . import sandbox_limits, warm
from .sandbox_command import (check_uid, choose_uid, lock_folder, missing_tools, probe,
                              sandbox_command, tool)
from .sandbox_limits import DEFAULT_LIMITS

__all__ = ["DEFAULT_LIMITS", "SandboxKernelManager", "SandboxUnavailable", "probe",
           "provided_files", "sandbox_command"]

# Started instead of ``python -m ipykernel_launcher``: the kernel first makes itself
# non-dumpable, so that its /proc/self/mem belongs to root and its own code cannot open it.
_LAUNCH = ("import ctypes, runpy, sys; "
           "ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0); "  # PR_SET_DUMPABLE, 0
           "sys.argv[0] = 'ipykernel_launcher'; "
           "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)")
# The kernel's sockets: shell, iopub, stdin, control, heartbeat.
_PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
# Settings of the event (c.Bimtek.<name>) used when the kernel manager is not told otherwise.
_FROM_EVENT = {"memori_mb": "batas_memori_mb", "cpu_detik": "batas_cpu_detik",
               "proses": "batas_proses", "bwrap": "kotak_pasir_bwrap"}
# Where a warm kernel works inside its sandbox (the same for every submission).
WARM_WORKDIR = "/home/peserta/tugas"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run here; the message says what is missing and how to fix it."""


def provided_files(workdir: Path, source: Path | None, ignore: list[str] = ()) -> list[Path]:
    """Files of ``workdir`` that the assignment itself provides (same path in ``source``).

    Notebooks, symbolic links and anything the submission brought along are left out.
    Without a source folder nothing is provided.
    """
    found = []
    for relative in warm.assignment_files(source, list(ignore)):
        copy = workdir / relative
        if copy.is_file() and not copy.is_symlink():
            found.append(copy)
    return found


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start inside the sandbox and listen on Unix sockets."""

    sandbox_uid = Integer(0, help=(
        "User id the participant's code runs as (inside its user namespace when not root). "
        "0: chosen per grading process from 70000-89999, never an existing account or nobody."
    )).tag(config=True)
    memori_mb = Integer(0, help="Memory cap of the whole sandbox, MB (0: the event's "
                                "batas_memori_mb).").tag(config=True)
    cpu_detik = Integer(0, help="CPU seconds per process (0: the event's batas_cpu_detik).").tag(config=True)
    proses = Integer(0, help="Processes of the whole sandbox (0: the event's batas_proses).").tag(config=True)
    berkas_mb = Integer(DEFAULT_LIMITS["berkas_mb"]).tag(config=True)
    tmp_mb = Integer(DEFAULT_LIMITS["tmp_mb"]).tag(config=True)
    bwrap = Unicode("", help="bubblewrap program ('': the event's kotak_pasir_bwrap, else "
                             "bwrap on PATH).").tag(config=True)
    mpl_seed = Unicode("", help="Prepared matplotlib config/cache folder to show read-only "
                                "(default: .bimtek/matplotlib of the event folder).").tag(config=True)
    source_dir = Unicode("", help=(
        "Folder of the assignment's own files (source/<assignment>); only these appear in the "
        "working folder. Default: found from nbgrader's CourseDirectory settings.")).tag(config=True)
    @default("client_class")
    def _client_class_default(self) -> str:
        return "grader.grade.kernel_client.ReadyKernelClient"

    @default("client_factory")
    def _client_factory_default(self):
        from .kernel_client import ReadyKernelClient
        return ReadyKernelClient

    hangat = Bool(False, help=(
        "Fork each kernel from a warm template that has imported the libraries already "
        "(grader.grade.warm); when the template cannot start, a cold sandboxed kernel starts "
        "instead.")).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._apply_event_settings()
        self.transport = "ipc"
        self._private = Path(tempfile.mkdtemp(prefix="bimtek-kernel-"))
        os.chmod(self._private, 0o755)
        self._runtime = self._private / "run"
        self._runtime.mkdir(mode=0o700)
        self.connection_file = str(self._runtime / "kernel.json")
        self._limit: sandbox_limits.TreeLimit | None = None
        self._template: warm.Template | None = None
        self._warm_init: int | None = None    # host pid of a warm kernel's namespace init
        self._warm_folder: Path | None = None
        self.warm_note = ""                   # why a warm kernel was not used, if it was not

    def _apply_event_settings(self) -> None:
        """Fill limits not set explicitly from the event's c.Bimtek settings (or defaults)."""
        from ..settings import Bimtek
        try:
            event = Bimtek(config=self.config)
        except Exception:  # an invalid value in the event's file: the defaults apply
            event = Bimtek()
        for trait, setting in _FROM_EVENT.items():
            if not getattr(self, trait):
                setattr(self, trait, getattr(event, setting))
        if not self.sandbox_uid:
            self.sandbox_uid = choose_uid()

    @property
    def rootless(self) -> bool:
        return os.geteuid() != 0

    def _coursedir(self):
        from nbgrader.coursedir import CourseDirectory
        return CourseDirectory(config=self.config)

    def _source(self, workdir: Path) -> tuple[Path | None, list[str]]:
        """The assignment's source folder and nbgrader's ignore patterns.

        Without an assignment id in the settings (formgrader's Autograde passes it another
        way), the working folder autograded/<student>/<assignment> names the assignment.
        """
        try:
            coursedir = self._coursedir()
            ignore = list(coursedir.ignore)
            if self.source_dir:
                return Path(self.source_dir), ignore
            assignment = coursedir.assignment_id or workdir.name
            return Path(coursedir.format_path(coursedir.source_directory, ".", assignment)), ignore
        except Exception:  # no nbgrader settings: show nothing of the working folder
            return (Path(self.source_dir) if self.source_dir else None), []

    def _mpl_files(self) -> list[Path]:
        seed = self.mpl_seed
        if not seed:
            try:
                seed = str(Path(self._coursedir().root) / ".bimtek" / "matplotlib")
            except Exception:
                return []
        if not os.path.isdir(seed):
            return []
        return sorted(p for p in Path(seed).iterdir() if p.is_file() and not p.is_symlink())

    def format_kernel_cmd(self, extra_arguments=None):
        problem = missing_tools(self.bwrap)
        if problem:  # fail closed: formgrader's Autograde shows this instead of running code
            raise SandboxUnavailable(f"Kotak pasir tidak tersedia: {problem}")
        check_uid(self.sandbox_uid)  # never nobody, never an existing account
        self.kernel_spec.interrupt_mode = "message"  # signals cannot cross the sandbox
        if self._template is not None:
            return ["bimtek-kernel-hangat"]  # forked by the template, never executed
        cmd = super().format_kernel_cmd(extra_arguments)
        if cmd[1:3] == ["-m", "ipykernel_launcher"]:
            cmd = [cmd[0], "-c", _LAUNCH, *cmd[3:]]
        self.kernel_spec.interrupt_mode = "message"  # signals cannot cross the sandbox
        workdir = Path((self._launch_args or {}).get("cwd") or os.getcwd()).resolve()
        if not self.rootless:  # the dedicated user creates the sockets here (locked later)
            os.chmod(self._runtime, 0o777)
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
        source, ignore = self._source(workdir)
        limits = {"memori_mb": self.memori_mb, "cpu_detik": self.cpu_detik,
                  "proses": self.proses, "berkas_mb": self.berkas_mb, "tmp_mb": self.tmp_mb,
                  "berkas_terbuka": DEFAULT_LIMITS["berkas_terbuka"]}
        command = sandbox_command(cmd, bwrap=tool("bwrap", self.bwrap), workdir=workdir,
                                  runtime=self._runtime, mpl_files=self._mpl_files(),
                                  uid=self.sandbox_uid, visible=provided_files(workdir, source, ignore),
                                  limits=limits, rootless=self.rootless)
        if self._limit is None:
            try:
                self._limit = sandbox_limits.TreeLimit(sandbox_limits.backend(), limits)
            except OSError as exc:  # the cgroup could not be made: caps per process only
                self.log.warning("cgroup kernel tidak dapat dibuat: %s", exc)
                self._limit = sandbox_limits.TreeLimit(sandbox_limits.Backend("prlimit"), limits)
        return self._limit.wrap(command)

    def _warm_settings(self, workdir: Path) -> dict:
        source, ignore = self._source(workdir)
        limits = {"memori_mb": self.memori_mb, "cpu_detik": self.cpu_detik,
                  "proses": self.proses, "berkas_mb": self.berkas_mb, "tmp_mb": self.tmp_mb,
                  "berkas_terbuka": DEFAULT_LIMITS["berkas_terbuka"]}
        return {"bwrap": tool("bwrap", self.bwrap), "uid": self.sandbox_uid, "limits": limits,
                "source": source, "ignore": ignore, "mpl_files": self._mpl_files(),
                "workdir": WARM_WORKDIR}

    async def _async_pre_start_kernel(self, **kw):
        self._template = None
        if self.hangat and not self.warm_note and not missing_tools(self.bwrap):
            workdir = Path(kw.get("cwd") or os.getcwd()).resolve()
            try:
                self._template = await asyncio.get_running_loop().run_in_executor(
                    None, lambda: warm.template(**self._warm_settings(workdir)))
                self._warm_folder = self._template.kernel_folder()
                self.connection_file = str(self._warm_folder / "kernel.json")
            except (warm.WarmUnavailable, OSError) as exc:
                self._template, self.warm_note = None, str(exc)
                self.log.warning("kernel hangat tidak tersedia, kernel dingin dipakai: %s", exc)
        return await super()._async_pre_start_kernel(**kw)

    async def _async_start_kernel(self, **kw):
        try:
            await super()._async_start_kernel(**kw)
        except warm.WarmUnavailable as exc:  # a cold sandboxed kernel instead, never none
            self.log.warning("kernel hangat gagal, kernel dingin dipakai: %s", exc)
            self.warm_note = str(exc)
            self._end_warm()
            self._template, self.provisioner = None, None
            self.connection_file = str(self._runtime / "kernel.json")
            self.ip = str(self._runtime / "kernel-ipc")
            self._connection_file_written = False
            await super()._async_start_kernel(**kw)

    start_kernel = _async_start_kernel

    def _end_warm(self) -> None:
        """Kill a warm kernel's namespace and remove its socket folder."""
        if self._warm_init is not None:  # the kernel's namespace ends with its init
            try:
                os.kill(self._warm_init, signal.SIGKILL)
            except OSError:
                pass
            self._warm_init = None
        if self._warm_folder is not None:
            shutil.rmtree(self._warm_folder, ignore_errors=True)
            self._warm_folder = None

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if self._template is not None:
            if not self.rootless:  # the kernel runs as the sandbox user and reads it
                os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
            init = await asyncio.get_running_loop().run_in_executor(
                None, self._template.fork, Path(self.connection_file), self._warm_folder)
            self._warm_init = init
            provisioner = self.provisioner
            provisioner.process = warm.WarmProcess(init)
            provisioner.pid, provisioner.pgid = init, None
            self._reconcile_connection_info(provisioner.connection_info)
            return
        # Nothing of the grader is inherited: no log file on fds 1/2, no other descriptor.
        kw.update(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL, close_fds=True)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        # jupyter_client polls every 0.1 s for a kernel to end; a killed kernel ends in
        # milliseconds, so look more often.
        await super()._async_wait(pollinterval=min(pollinterval, 0.005))

    def _init_pid(self) -> int | None:
        """Host pid of the init of the kernel's PID namespace (None if it has ended)."""
        if self._template is not None:
            init = self._warm_init
            return init if init is not None and warm.alive(init) else None
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return None
        return next(iter(warm.children(process.pid)), None)

    def has_strays(self) -> bool:
        """Is there any process in the sandbox besides its init and the kernel? (cheap)"""
        init = self._init_pid()
        if init is None:
            return False
        kids = warm.children(init)
        return len(kids) > 1 or (bool(kids) and bool(warm.children(kids[0])))

    def _tree(self) -> tuple[int | None, int | None, list[int]]:
        """(the init of the kernel's PID namespace, the kernel, every other process) of this
        sandbox, as host pids.

        Cold: [sh ->] bwrap -> bwrap (init of the PID namespace) -> kernel (its first child)
        -> whatever the code started. Warm: the namespace's init (forked by the template) ->
        kernel -> whatever the code started.
        """
        init = self._init_pid()
        if init is None:
            return None, None, []
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
        children = sorted((start, pid) for pid, (parent, start) in table.items() if parent == init)
        if init is None or not children:
            return init, None, []
        kernel = children[0][1]
        try:
            namespace = os.readlink(f"/proc/{kernel}/ns/pid")
        except OSError:
            return init, kernel, []
        others = []
        for pid in table:
            if pid in (init, kernel):
                continue
            try:
                if os.readlink(f"/proc/{pid}/ns/pid") == namespace:
                    others.append(pid)
            except OSError:
                pass
        return init, kernel, others

    def reap_strays(self, allowed: int = 0) -> int:
        """Kill every process in the sandbox except the kernel (and bwrap's init) if there are
        more than ``allowed`` of them, or if the sandbox uses more memory than its cap and no
        cgroup enforces it; return how many were killed."""
        if not self.has_strays():
            return 0
        init, kernel, strays = self._tree()
        if not strays:
            return 0
        if len(strays) <= allowed and not self._over_memory([kernel, *strays]):
            return 0
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return len(strays)

    def _over_memory(self, pids: list[int]) -> bool:
        """Without a cgroup: is the sandbox's resident memory, added up, above its cap?"""
        limit = self._template.limit if self._template is not None else self._limit
        if limit is not None and limit.backend.whole_tree:
            return False
        pages = 0
        for pid in pids:
            try:
                pages += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            except (OSError, ValueError, IndexError):
                pass
        return pages * os.sysconf("SC_PAGE_SIZE") > self.memori_mb * 1024 * 1024

    async def _async_interrupt_kernel(self) -> None:
        # A kernel starved by its own processes cannot handle the interrupt; and until it does,
        # it may start more (a fork bomb): clear them before and for a moment after.
        self.reap_strays()
        await super()._async_interrupt_kernel()
        if self.shutting_down:
            return  # jupyter_client interrupts before every shutdown: no need to wait then
        # Keep clearing for two seconds in the background, while nbclient waits for the
        # kernel's answer: no fixed wait when the kernel answers at once.
        previous = getattr(self, "_after_interrupt", None)
        if previous is not None:
            previous.cancel()
        self._after_interrupt = asyncio.ensure_future(self._reap_for(2.0, every=0.05))

    async def _reap_for(self, seconds: float, every: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(every)
            self.reap_strays()

    interrupt_kernel = _async_interrupt_kernel

    async def _lock_runtime(self, timeout: float = 60.0) -> None:
        """Once the kernel's sockets exist, make their folder read-only inside the sandbox."""
        info = self.get_connection_info()
        sockets = [Path(f"{info['ip']}-{info[name]}") for name in _PORTS]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(p.exists() for p in sockets):
                break
            if self.provisioner is not None and await self.provisioner.poll() is not None:
                return  # the kernel ended: nothing left to protect
            await asyncio.sleep(0.002)
        init, _kernel, _ = self._tree()
        if init is None:
            return
        folder = self._warm_folder if self._template is not None else self._runtime
        await asyncio.get_running_loop().run_in_executor(None, lock_folder, init, folder)
        if self._template is not None:
            return
        if not self.rootless:
            os.chmod(self._runtime, 0o755)

    async def _reap_forever(self, every: float = 0.5, allowed: int = 8) -> None:
        """Kill stray processes when there are too many while a cell runs (nbclient's loop)."""
        while True:
            await asyncio.sleep(every)
            self.reap_strays(allowed)

    async def _async_post_start_kernel(self, **kw) -> None:
        try:
            await self._lock_runtime()
        except RuntimeError:
            await self._async_kill_kernel()
            raise
        await super()._async_post_start_kernel(**kw)
        self._reaper = asyncio.ensure_future(self._reap_forever())

    def _stop_reaping(self) -> None:
        for name in ("_reaper", "_after_interrupt"):
            task = getattr(self, name, None)
            if task is not None:
                task.cancel()

    def _release(self) -> None:
        """Remove the kernel's cgroup and private folder (also when shutting down failed)."""
        self._stop_reaping()
        self._end_warm()
        if self._limit is not None:
            self._limit.close()
            self._limit = None
        shutil.rmtree(self._private, ignore_errors=True)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        self._stop_reaping()
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            self._release()

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            await super()._async_shutdown_kernel(now=now, restart=restart)
        finally:  # a kernel that died on its own may make jupyter_client's shutdown raise
            if not restart:
                self._release()

    shutdown_kernel = _async_shutdown_kernel
