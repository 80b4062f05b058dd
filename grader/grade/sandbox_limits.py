"""Resource caps for one sandboxed kernel and everything it starts (the whole process tree).

The best mechanism this machine allows is chosen once per process (``backend()``):

- ``cgroup2``: cgroup v2 with the memory and pids controllers, writable by this user (root,
  or a subtree delegated to this user). Each kernel gets its own cgroup under ``bimtek/``:
  memory.max (memory-backed files and every child process count), memory.swap.max = 0,
  pids.max and cpu.max (one CPU).
- ``systemd``: cgroup v2 delegated by the user's systemd manager (a non-root instructor with
  a login session): the kernel runs in a transient scope with MemoryMax, TasksMax, CPUQuota.
- ``cgroup1``: root on a machine with the legacy cgroup v1 hierarchies (memory, pids).
- ``prlimit``: none of the above. Per-process limits only (address space, CPU seconds, file
  size, open files) plus a process count for the whole sandbox (RLIMIT_NPROC, counted per
  user namespace, or per dedicated uid under root); the kernel manager also adds up the
  sandbox's resident memory twice a second and kills extra processes past the cap.

A kernel joins its cgroup before bubblewrap starts (a small ``sh`` step writes its own pid
to ``cgroup.procs`` and then runs bubblewrap), so nothing in the sandbox escapes the cap.
"""
from __future__ import annotations

import itertools
import os
import shlex
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# Limits (defaults; the event can change them through Bimtek settings).
DEFAULT_LIMITS = {
    "memori_mb": 1536,      # memory of the whole tree (cgroup), and address space per process
    "cpu_detik": 300,       # CPU seconds per process for the whole notebook
    "proses": 256,          # processes + threads of the whole sandbox
    "berkas_mb": 50,        # largest file the code may write
    "berkas_terbuka": 256,  # open file descriptors per process
    "tmp_mb": 128,          # size of each scratch file system (/tmp, /dev/shm, the working folder)
}
CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP = "bimtek"           # parent cgroup of every kernel's cgroup
_counter = itertools.count()
_chosen: "Backend | None" = None


@dataclass
class Backend:
    name: str                       # cgroup2 | systemd | cgroup1 | prlimit
    note: str = ""                  # why a better backend was not used (for bimtek periksa)
    root: Path | None = None        # cgroup2: the folder holding bimtek/; cgroup1: hierarchy roots
    hierarchies: dict[str, Path] = field(default_factory=dict)  # cgroup1: controller -> folder

    @property
    def whole_tree(self) -> bool:
        """True if memory and processes are capped for the whole tree by the kernel itself."""
        return self.name != "prlimit"


def _write(path: Path, value: str) -> None:
    with open(path, "w") as handle:
        handle.write(value)


def _v2_usable(root: Path) -> bool:
    """Can this user make a cgroup v2 child under ``root`` with memory and pids?"""
    controllers = (root / "cgroup.controllers")
    if not controllers.is_file():
        return False
    if not {"memory", "pids"} <= set(controllers.read_text().split()):
        return False
    return os.access(root, os.W_OK) and os.access(root / "cgroup.subtree_control", os.W_OK)


def _prepare_v2(root: Path) -> Path:
    """Create ``root``/bimtek with memory, pids (and cpu when offered) enabled for children."""
    wanted = [c for c in ("memory", "pids", "cpu")
              if c in (root / "cgroup.controllers").read_text().split()]
    enabled = (root / "cgroup.subtree_control").read_text().split()
    missing = [c for c in wanted if c not in enabled]
    if missing:
        _write(root / "cgroup.subtree_control", " ".join(f"+{c}" for c in missing))
    group = root / GROUP
    group.mkdir(exist_ok=True)
    enabled = (group / "cgroup.subtree_control").read_text().split()
    missing = [c for c in wanted if c not in enabled]
    if missing:
        _write(group / "cgroup.subtree_control", " ".join(f"+{c}" for c in missing))
    return group


def _v1_hierarchies(root: Path = CGROUP_ROOT) -> dict[str, Path]:
    """The cgroup v1 folders for memory and pids, if both are mounted and writable.

    Not cpu: a v1 cpu group weighs as much as ONE ordinary process, so under load a kernel in
    it ran ten times slower (measured: 22 s instead of 2 s to start at load 19 on 2 cores).
    """
    found = {}
    for controller in ("memory", "pids"):
        folder = root / controller
        if (folder / "cgroup.procs").is_file() and os.access(folder, os.W_OK):
            found[controller] = folder
    return found if {"memory", "pids"} <= set(found) else {}


def _systemd_usable() -> str:
    """'' if ``systemd-run --user --scope`` can cap memory and processes here, else why not."""
    if not shutil.which("systemd-run"):
        return "systemd-run tidak ada"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if not runtime or not Path(runtime, "systemd", "private").exists():
        return "tidak ada sesi systemd pengguna (XDG_RUNTIME_DIR)"
    try:
        result = subprocess.run(
            ["systemd-run", "--user", "--scope", "--quiet", "--collect", "-p", "MemoryMax=64M",
             "-p", "TasksMax=16", "--", "/bin/sh", "-c", "cat /proc/self/cgroup"],
            capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"systemd-run gagal ({exc})"
    if result.returncode != 0:
        return f"systemd-run gagal ({(result.stderr or '').strip()[:120]})"
    line = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    scope = CGROUP_ROOT / line.partition("::")[2].lstrip("/")
    if not {"memory", "pids"} <= set((scope / "cgroup.controllers").read_text().split()
                                     if (scope / "cgroup.controllers").is_file() else []):
        return "systemd pengguna tidak mendelegasikan pengendali memory dan pids"
    return ""


def backend(*, refresh: bool = False) -> Backend:
    """The best way to cap a whole process tree on this machine, for this user (cached)."""
    global _chosen
    if _chosen is not None and not refresh:
        return _chosen
    notes = []
    if _v2_usable(CGROUP_ROOT):
        try:
            _chosen = Backend("cgroup2", root=_prepare_v2(CGROUP_ROOT))
            return _chosen
        except OSError as exc:
            notes.append(f"cgroup v2: {exc.strerror or exc}")
    elif (CGROUP_ROOT / "cgroup.controllers").is_file():
        notes.append("cgroup v2 tidak dapat ditulis oleh pengguna ini")
    else:
        notes.append("mesin ini tidak memakai cgroup v2 untuk memori")
    if os.geteuid() != 0:
        why = _systemd_usable()
        if not why:
            _chosen = Backend("systemd")
            return _chosen
        notes.append(why)
    hierarchies = _v1_hierarchies()
    if hierarchies:
        try:
            for controller, folder in hierarchies.items():
                (folder / GROUP).mkdir(exist_ok=True)
            _chosen = Backend("cgroup1", hierarchies=hierarchies)
            return _chosen
        except OSError as exc:
            notes.append(f"cgroup v1: {exc.strerror or exc}")
    _chosen = Backend("prlimit", note="; ".join(notes))
    return _chosen


def sweep(chosen: Backend) -> None:
    """Remove kernel cgroups left behind by grading processes that no longer exist."""
    parents = ([chosen.root] if chosen.name == "cgroup2" else
               [root / GROUP for root in chosen.hierarchies.values()])
    if chosen.name == "cgroup1":  # cpu groups made by earlier versions
        parents.append(CGROUP_ROOT / "cpu" / GROUP)
    for parent in parents:
        try:
            entries = list(parent.iterdir())
        except OSError:
            continue
        for folder in entries:
            owner = folder.name[1:].split("-")[0]
            if not (folder.name.startswith("k") and owner.isdigit() and folder.is_dir()):
                continue
            if Path("/proc", owner).exists():
                continue
            stale = TreeLimit.__new__(TreeLimit)
            stale.folders = [folder]
            stale.close()


class TreeLimit:
    """The cgroup (or scope) of one kernel: wraps its command, kills and removes it at the end."""

    def __init__(self, chosen: Backend, limits: dict[str, int]):
        self.backend = chosen
        self.limits = limits
        self.folders: list[Path] = []
        sweep(chosen)
        name = f"k{os.getpid()}-{next(_counter)}-{int(time.time() * 1000) % 100000}"
        memory = limits["memori_mb"] * 1024 * 1024
        if chosen.name == "cgroup2":
            folder = chosen.root / name
            folder.mkdir()
            self.folders = [folder]
            _write(folder / "memory.max", str(memory))
            if (folder / "memory.swap.max").exists():
                _write(folder / "memory.swap.max", "0")
            _write(folder / "pids.max", str(limits["proses"]))
            if (folder / "cpu.max").exists():
                _write(folder / "cpu.max", "100000 100000")
        elif chosen.name == "cgroup1":
            for controller, root in chosen.hierarchies.items():
                folder = root / GROUP / name
                folder.mkdir()
                self.folders.append(folder)
                if controller == "memory":
                    _write(folder / "memory.limit_in_bytes", str(memory))
                    if (folder / "memory.memsw.limit_in_bytes").exists():
                        _write(folder / "memory.memsw.limit_in_bytes", str(memory))
                elif controller == "pids":
                    _write(folder / "pids.max", str(limits["proses"]))
                elif controller == "cpu" and (folder / "cpu.cfs_quota_us").exists():
                    _write(folder / "cpu.cfs_period_us", "100000")
                    _write(folder / "cpu.cfs_quota_us", "100000")

    def wrap(self, cmd: list[str]) -> list[str]:
        """``cmd`` started inside the cgroup (or transient scope)."""
        if self.backend.name == "systemd":
            return ["systemd-run", "--user", "--scope", "--quiet", "--collect",
                    "-p", f"MemoryMax={self.limits['memori_mb']}M", "-p", "MemorySwapMax=0",
                    "-p", f"TasksMax={self.limits['proses']}", "-p", "CPUQuota=100%", "--", *cmd]
        if not self.folders:
            return cmd
        targets = " ".join(shlex.quote(str(f / "cgroup.procs")) for f in self.folders)
        script = f'for f in {targets}; do echo $$ > "$f" || exit 121; done; exec "$@"'
        return ["/bin/sh", "-c", script, "bimtek-cgroup", *cmd]

    def memory_bytes(self) -> int | None:
        """Memory the tree uses now, as the cgroup counts it (None without a cgroup)."""
        for folder in self.folders:
            for name in ("memory.current", "memory.usage_in_bytes"):
                try:
                    return int((folder / name).read_text())
                except (OSError, ValueError):
                    continue
        return None

    def close(self) -> None:
        """Kill whatever is left in the cgroup and remove it."""
        for folder in self.folders:
            kill = folder / "cgroup.kill"
            try:
                if kill.exists():
                    _write(kill, "1")
            except OSError:
                pass
        for _ in range(50):
            left = False
            for folder in self.folders:
                try:
                    pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
                except (OSError, ValueError):
                    pids = []
                for pid in pids:
                    left = True
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
            if not left:
                break
            time.sleep(0.05)
        for folder in self.folders:
            for _ in range(20):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)
        self.folders = []
