"""The sandbox's command line (bubblewrap), its user id, and the tools it needs.

Two ways to run, chosen by who grades:
- as root: bubblewrap sets up the namespaces, then ``setpriv`` switches to a dedicated,
  unused user id (70000-89999, never an existing account, never ``nobody``);
- as any other user (the usual case: the instructor's own, unprivileged account):
  bubblewrap makes an unprivileged user namespace (``--unshare-user --disable-userns``); the
  code runs as the instructor's uid seen as 70000-89999 inside, with no capabilities, and
  cannot make further user namespaces. Nothing of the machine is visible that is not mounted.

Both ways: the code's own network namespace (no network), PID namespace (killed with the
grader), a read-only system (/usr, a few files of /etc, Python, the participant helper package
``bimtek_peserta`` at /opt/bimtek/lib), size-limited memory file systems for /tmp, /dev/shm and
the working folder, and ``/`` and ``/dev`` read-only. The folder holding the kernel's sockets is
made read-only once the sockets exist (``lock_folder``).
"""
from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

UID_FIRST, UID_COUNT = 70000, 20000   # 70000-89999: no distribution, systemd or subuid range
FORBIDDEN_UIDS = {65534, 65535, 4294967294, 4294967295}  # nobody, and the "no uid" values
LIB = "/opt/bimtek/lib"               # bimtek_peserta is mounted here, on PYTHONPATH
# /etc entries the kernel may read (the rest, e.g. the list of accounts and service settings,
# stays hidden)
ETC = ("nsswitch.conf", "hosts", "host.conf", "localtime", "timezone",
       "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "mime.types", "os-release",
       "debian_version", "ssl/certs", "ca-certificates", "fonts", "matplotlibrc")
_SETUP = Path(__file__).resolve().parents[2] / "scripts" / "siapkan-server.sh"
FIX_TOOLS = (f"sudo bash {_SETUP}" if _SETUP.is_file() else "sudo apt-get install bubblewrap util-linux")


def tool(name: str, configured: str = "") -> str | None:
    """Absolute path of ``name`` (``configured`` if given), or None if it is not there."""
    if configured:
        return configured if os.access(configured, os.X_OK) and os.path.isfile(configured) else None
    return shutil.which(name)


def missing_tools(bwrap: str = "") -> str | None:
    """None if bubblewrap, prlimit (and setpriv under root) are there; else the sentence."""
    names = [("bwrap", bwrap), ("prlimit", "")] + ([("setpriv", "")] if os.geteuid() == 0 else [])
    absent = [(configured or name) for name, configured in names if not tool(name, configured)]
    if not absent:
        return None
    return f"{', '.join(absent)} tidak ditemukan; pasang dengan: {FIX_TOOLS}"


def choose_uid(seed: int | None = None) -> int:
    """A user id for the sandbox: 70000-89999, not an existing account, never ``nobody``."""
    start = (os.getpid() if seed is None else seed) % UID_COUNT
    for step in range(UID_COUNT):
        uid = UID_FIRST + (start + step) % UID_COUNT
        try:
            pwd.getpwuid(uid)
        except KeyError:
            return uid
    raise RuntimeError("tidak ada id pengguna bebas untuk kotak pasir (70000-89999)")


def check_uid(uid: int) -> int:
    """``uid`` if it is fit for the sandbox, else ValueError naming why."""
    if uid in FORBIDDEN_UIDS or uid < 1000:
        raise ValueError(f"id pengguna {uid} tidak boleh dipakai kotak pasir (nobody atau sistem)")
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:
        return uid
    raise ValueError(f"id pengguna {uid} milik akun '{name}'; kotak pasir memerlukan id yang tidak dipakai")


def helper_package() -> Path | None:
    """The folder of the participant helper package ``bimtek_peserta`` (mounted read-only)."""
    spec = importlib.util.find_spec("bimtek_peserta")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def _python_roots() -> list[str]:
    """Folders the kernel's Python needs, read-only: the base installation and the venv."""
    return sorted({os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)})


def _traversable_parents(path: Path) -> list[str]:
    """bwrap arguments creating ``path``'s parent folders so the sandbox user can pass them."""
    args = []
    for parent in reversed(path.parents[:-1]):  # from the top, without "/"
        if str(parent) in ("/usr", "/etc") or str(parent).startswith(("/usr/", "/etc/")):
            continue
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def sandbox_command(cmd: list[str], *, bwrap: str, workdir: Path, runtime: Path,
                    mpl_files: list[Path], uid: int, visible: list[Path],
                    limits: dict[str, int], rootless: bool | None = None,
                    switch_user: bool = True) -> list[str]:
    """Wrap ``cmd`` (the kernel's command line) in bubblewrap and prlimit (+ setpriv as root).

    ``visible``: files inside ``workdir`` the code may read (read-only); nothing else of the
    working folder is shown. ``mpl_files``: matplotlib's prepared font cache, shown read-only.
    ``rootless``: use an unprivileged user namespace (default: when not running as root).
    ``switch_user``: as root, switch to ``uid`` before ``cmd`` (setpriv); False only for the
    warm kernel template, which switches each kernel itself (grader.grade.warm_zygote).
    """
    check_uid(uid)
    rootless = os.geteuid() != 0 if rootless is None else rootless
    scratch = str(limits["tmp_mb"] * 1024 * 1024)
    args = [bwrap]
    if rootless:
        args += ["--unshare-user", "--disable-userns", "--uid", str(uid), "--gid", str(uid)]
    args += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
             "--unshare-cgroup-try", "--die-with-parent", "--new-session",
             "--ro-bind", "/usr", "/usr"]
    for name in ("lib", "lib64", "bin", "sbin"):
        target = f"/{name}"
        if os.path.islink(target):
            args += ["--symlink", os.readlink(target), target]
        elif os.path.isdir(target):
            args += ["--ro-bind", target, target]
    for name in ETC:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for root in _python_roots():
        args += _traversable_parents(Path(root)) + ["--ro-bind", root, root]
    package = helper_package()
    if package is not None:
        args += ["--perms", "0755", "--dir", LIB,
                 "--ro-bind", str(package), f"{LIB}/bimtek_peserta"]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", scratch, "--tmpfs", "/dev/shm",
             "--perms", "1777", "--size", scratch, "--tmpfs", "/tmp"]
    # Folders above the working folder and the socket folder that lie in the sandbox's /tmp
    # get a small file system of their own, made read-only below: the code may write in /tmp
    # and in its working folder, not next to them (as under root, where it does not own them).
    tops = sorted({str(Path("/tmp", t.relative_to("/tmp").parts[0])) for t in (runtime, workdir)
                   if t.is_relative_to("/tmp") and len(t.relative_to("/tmp").parts) > 1})
    for top in tops:
        args += ["--perms", "0755", "--size", str(1024 * 1024), "--tmpfs", top]
    for target in (runtime, workdir):
        args += _traversable_parents(target)
    args += ["--bind", str(runtime), str(runtime),
             "--perms", "0777", "--dir", "/tmp/mpl",
             "--perms", "0777", "--size", scratch, "--tmpfs", str(workdir)]
    for path in mpl_files:
        args += ["--ro-bind", str(path), f"/tmp/mpl/{path.name}"]
    folders = sorted({workdir / parent for path in visible
                      for parent in path.relative_to(workdir).parents[:-1]})
    for folder in folders:
        args += ["--perms", "0755", "--dir", str(folder)]
    for path in visible:
        args += ["--ro-bind", str(path), str(path)]
    for top in tops:
        args += ["--remount-ro", top]
    args += ["--remount-ro", "/dev", "--remount-ro", "/",
             "--chdir", str(workdir), "--clearenv",
             "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin",
             "--setenv", "LANG", "C.UTF-8", "--setenv", "MPLCONFIGDIR", "/tmp/mpl",
             "--setenv", "XDG_CACHE_HOME", "/tmp", "--setenv", "IPYTHONDIR", "/tmp/ipython",
             "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
             "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "PYTHONSAFEPATH", "1",
             "--setenv", "PYTHONPATH", LIB,
             "--setenv", "NBGRADER_EXECUTION", "autograde", "--",
             tool("prlimit"), f"--as={limits['memori_mb'] * 1024 * 1024}",
             f"--cpu={limits['cpu_detik']}", f"--nproc={limits['proses']}",
             f"--fsize={limits['berkas_mb'] * 1024 * 1024}",
             f"--nofile={limits['berkas_terbuka']}", "--core=0", "--"]
    if not rootless and switch_user:
        args += [tool("setpriv"), f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                 "--inh-caps=-all", "--no-new-privs", "--"]
    return args + cmd


def _lock_here(pid: int, path: str) -> str:
    """In a single-threaded process: join the sandbox's mount namespace (through the user
    namespace owning it, when there is one) and remount ``path`` read-only, keeping the flags
    the mount already has. Returns "ro" if writing there fails afterwards, else the problem."""
    import ctypes
    import fcntl
    libc = ctypes.CDLL(None, use_errno=True)

    def check(result, what):
        if result != 0:
            raise OSError(f"{what}: {os.strerror(ctypes.get_errno())}")
    mnt = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY)
    owner = fcntl.ioctl(mnt, 0xb701)  # NS_GET_USERNS
    if os.fstat(owner).st_ino != os.stat("/proc/self/ns/user").st_ino:
        check(libc.setns(owner, 0x10000000), "setns user")  # CLONE_NEWUSER
    check(libc.setns(mnt, 0x00020000), "setns mnt")  # CLONE_NEWNS
    st = os.statvfs(path)
    flags = 32 | 4096 | 1  # MS_REMOUNT | MS_BIND | MS_RDONLY
    for have, add in ((os.ST_NOSUID, 2), (os.ST_NODEV, 4), (os.ST_NOEXEC, 8),
                      (os.ST_NOATIME, 1024), (os.ST_NODIRATIME, 2048), (os.ST_RELATIME, 1 << 21)):
        if st.f_flag & have:
            flags |= add
    check(libc.mount(None, path.encode(), None, flags, None), "remount")
    try:
        open(os.path.join(path, ".uji-tulis"), "w")
    except OSError:
        return "ro"
    return "masih dapat ditulis"


def lock_folder(pid: int, path: Path) -> None:
    """Make ``path`` read-only inside the mount namespace of process ``pid`` (the sandbox).

    Done in a forked child of this process (joining namespaces needs a single thread; a
    fork costs milliseconds, a fresh interpreter a tenth of a second). Raises RuntimeError
    if that did not work: the caller must then not run any code there.
    """
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read)
            result = _lock_here(pid, str(path))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            result = str(exc) or type(exc).__name__
        os.write(write, result.encode(errors="replace")[:500])
        os._exit(0)
    os.close(write)
    chunks = []
    while True:
        chunk = os.read(read, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    os.waitpid(child, 0)
    result = b"".join(chunks).decode(errors="replace").strip()
    if result != "ro":
        raise RuntimeError(f"folder soket kernel tidak dapat dikunci: {result[-200:]}")


def hidden_install() -> str | None:
    """Why the sandbox cannot see this Python (its environment under /tmp or /dev/shm, which
    every kernel gets fresh and empty), or None."""
    for path in (Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable)):
        for hidden in (Path("/tmp"), Path("/dev/shm")):
            if path.is_relative_to(hidden):
                return (f"Python bimtek terpasang di {path}, di bawah {hidden} yang di dalam "
                        "kotak pasir selalu diganti folder kosong; pasang repositori bimtek "
                        "beserta .venv-nya di folder lain, misalnya ~/bimtek")
    return None


def probe(bwrap: str = "", timeout: float = 30) -> str | None:
    """None if a sandbox can start here (a real, short run); else one Indonesian sentence."""
    problem = missing_tools(bwrap) or hidden_install()
    if problem:
        return problem
    from .sandbox_limits import DEFAULT_LIMITS
    with tempfile.TemporaryDirectory(prefix="bimtek-uji-") as tmp:
        work, runtime = Path(tmp, "kerja"), Path(tmp, "run")
        work.mkdir()
        runtime.mkdir()
        os.chmod(tmp, 0o755)
        cmd = sandbox_command([sys.executable, "-I", "-c", "print(1 + 1)"],
                              bwrap=tool("bwrap", bwrap), workdir=work, runtime=runtime,
                              mpl_files=[], uid=choose_uid(), visible=[],
                              limits=DEFAULT_LIMITS)
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                    stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"kotak pasir tidak dapat dijalankan ({exc})"
    if result.returncode == 0 and result.stdout.strip() == "2":
        return None
    return explain_failure(result.stderr)


def explain_failure(stderr: str) -> str:
    """One sentence for a bubblewrap that does not start: what the kernel refuses, and the fix."""
    first = next((line.strip() for line in (stderr or "").splitlines() if line.strip()), "")
    sysctl = Path("/proc/sys")
    if (sysctl / "kernel/unprivileged_userns_clone").exists() and \
            (sysctl / "kernel/unprivileged_userns_clone").read_text().strip() == "0":
        return ("kernel Linux ini melarang user namespace tanpa root; izinkan dengan: "
                "sudo sysctl -w kernel.unprivileged_userns_clone=1")
    if (sysctl / "user/max_user_namespaces").exists() and \
            (sysctl / "user/max_user_namespaces").read_text().strip() == "0":
        return ("kernel Linux ini melarang user namespace (user.max_user_namespaces = 0); "
                "izinkan dengan: sudo sysctl -w user.max_user_namespaces=15000")
    if (sysctl / "kernel/apparmor_restrict_unprivileged_userns").exists() and \
            (sysctl / "kernel/apparmor_restrict_unprivileged_userns").read_text().strip() == "1":
        return ("AppArmor membatasi user namespace tanpa root (Ubuntu 23.10+); izinkan bwrap "
                f"dengan profil AppArmor-nya: {FIX_TOOLS}")
    return (f"bubblewrap gagal menjalankan kotak pasir ({first[:160] or 'tanpa pesan'}); "
            f"perbaiki dengan: {FIX_TOOLS} (di dalam kontainer seperti Docker, jalankan bimtek "
            "di mesin atau VM biasa)")
