"""The warm kernel template: a process inside the sandbox that forks a fresh kernel per submission.

This file is a program, not a module of the grader: ``grader.grade.warm`` passes its text to
``python -c`` inside a sandbox (bubblewrap with its own user namespace, holding CAP_SYS_ADMIN
and CAP_SETPCAP over that namespace only). It imports only the standard library, ipykernel and
the libraries a participant's notebook imports; no participant code ever runs in it.

Once started it imports the allowed libraries (the slow part of a cold kernel start), makes
itself non-dumpable, and then, for every request read from its command pipe, forks:

    template -> C1: unshare(mount, PID, IPC, UTS namespaces); fork C2; exit
                C2: PID 1 of a new PID namespace. In its own mount namespace it mounts a fresh
                    /proc, fresh size-limited memory file systems on /tmp, /dev/shm and the
                    working folder (the assignment's files bound read-only into it), makes the
                    socket folder read-only except this kernel's own subfolder, drops every
                    capability (bounding set included), closes every inherited descriptor,
                    then forks the kernel (C3) and reaps orphans until the kernel ends.
                C3: the kernel (ipykernel), in the working folder.

So every kernel is a fresh process with fresh copies of the pre-imported modules (copy on
write: nothing it changes reaches the template or a later kernel), fresh file systems (nothing
a previous kernel wrote is there), a fresh IPC namespace (no shared memory left behind), and
a PID namespace of its own (it cannot see or signal the template, nor earlier kernels; when
its PID 1 is killed, everything it started dies with it).

Protocol: argv[1] is a JSON object {"perintah": fd, "kabar": fd, "kerja": folder,
"berkas": [[source, target], ...], "soket": folder, "tmp_mb": n}. Each request is one JSON line
{"koneksi": connection file, "folder": the kernel's socket subfolder}; each answer is one JSON
line {"c2": pid of C2 in the template's PID namespace} or {"gagal": reason}.
"""
import ctypes
import json
import os
import select
import signal
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID = 0x20000, 0x4000000, 0x8000000, 0x20000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target, fstype, flags, data=None):
    enc = (lambda s: None if s is None else s.encode())
    check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def remount_ro(path):
    """Make the mount at ``path`` read-only, keeping the flags it has (locked in a user ns)."""
    st = os.statvfs(path)
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    for have, add in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV),
                      (os.ST_NOEXEC, MS_NOEXEC), (os.ST_NOATIME, MS_NOATIME),
                      (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME)):
        if st.f_flag & have:
            flags |= add
    mount(None, path, None, flags)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_capabilities(uid):
    """No capability left, now or after any exec: bounding set, the user (as root: the
    sandbox user), then the sets themselves."""
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 22:
            break  # EINVAL: past the last capability this kernel knows
    if os.getuid() == 0:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if os.getuid() == 0 or os.getgid() == 0:
        raise OSError(1, "kernel masih berjalan sebagai root")
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    check(libc.capset(ctypes.byref(header), data), "capset")
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("CapEff:", "CapPrm:", "CapInh:", "CapBnd:", "CapAmb:")):
                if int(line.split()[1], 16) != 0:
                    raise OSError(1, f"kapabilitas masih ada: {line.strip()}")


def prepare(cfg, req):
    """C2's work before the kernel: namespaces' file systems, no capabilities, no descriptors."""
    scratch = cfg["tmp_mb"] * 1024 * 1024
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    for target in ("/tmp", "/dev/shm"):
        mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch},mode=1777")
    os.mkdir("/tmp/mpl", 0o777)
    work = cfg["kerja"]
    mount("tmpfs", work, "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch},mode=0777")
    for source, target in cfg["berkas"]:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        open(target, "w").close()
        mount(source, target, None, MS_BIND)
        remount_ro(target)
    own = req["folder"]
    mount(own, own, None, MS_BIND)
    remount_ro(cfg["soket"])
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # /proc/self is ours again for a moment
    with open("/proc/self/oom_score_adj", "w") as adj:  # killed before the template
        adj.write("1000")
    drop_capabilities(cfg["uid"])
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def kernel(req):
    """C3: the kernel itself, as ipykernel_launcher would start it."""
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = ["ipykernel_launcher", "-f", req["koneksi"]]
    from ipykernel.kernelapp import IPKernelApp
    try:
        IPKernelApp.launch_instance()
    finally:
        os._exit(0)


def init(cfg, req, report):
    """C2: PID 1 of the kernel's namespace."""
    try:
        prepare(cfg, req)
        os.chdir(cfg["kerja"])
    except BaseException as exc:  # noqa: BLE001 - reported, then this kernel never starts
        os.write(report, (json.dumps({"gagal": str(exc)[:300]}) + "\n").encode())
        os._exit(70)
    os.write(report, (json.dumps({"siap": True}) + "\n").encode())
    os.closerange(3, 65536)
    child = os.fork()
    if child == 0:
        kernel(req)
    while True:  # reap whatever ends; leave with the kernel
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(0)
        if pid == child:
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def spawn(cfg, req):
    """Fork C1 (which forks C2); return C2's pid as the template sees it, or raise."""
    read, write = os.pipe()
    c1 = os.fork()
    if c1 == 0:
        try:
            os.close(read)
            os.close(cfg["perintah"])
            os.close(cfg["kabar"])
            check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
            c2 = os.fork()
            if c2 == 0:
                init(cfg, req, write)
            os.write(write, (json.dumps({"c2": c2}) + "\n").encode())
            os._exit(0)
        except BaseException as exc:  # noqa: BLE001
            os.write(write, (json.dumps({"gagal": str(exc)[:300]}) + "\n").encode())
            os._exit(70)
    os.close(write)
    answers, buffer = {}, b""
    while True:
        chunk = os.read(read, 4096)
        if not chunk:
            break
        buffer += chunk
    os.close(read)
    os.waitpid(c1, 0)
    for line in buffer.decode(errors="replace").splitlines():
        if line.strip():
            answers.update(json.loads(line))
    if "gagal" in answers or "c2" not in answers or not answers.get("siap"):
        raise OSError(answers.get("gagal") or "kernel tidak siap")
    return answers["c2"]


def preload():
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    import ipykernel.kernelapp  # noqa: F401
    import ipykernel.ipkernel  # noqa: F401
    import IPython.core.interactiveshell  # noqa: F401
    for name in ("numpy", "pandas", "matplotlib", "matplotlib.pyplot",
                 "matplotlib_inline.backend_inline", "bimtek_peserta", "bimtek_peserta.cek",
                 "bimtek_peserta.ekspor"):
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a library that is missing is imported by the kernel
            pass


def main():
    cfg = json.loads(sys.argv[1])
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    preload()
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # a C2 whose C1 ended is ours to reap
    commands = os.fdopen(cfg["perintah"], "rb", buffering=0)
    pending = b""
    os.write(cfg["kabar"], b'{"siap": true}\n')
    while True:
        ready, _, _ = select.select([commands], [], [], 0.5)
        while True:  # reap ended kernels without blocking
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        if not ready:
            continue
        chunk = os.read(cfg["perintah"], 65536)
        if not chunk:
            os._exit(0)  # the grader is gone
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            try:
                answer = {"c2": spawn(cfg, json.loads(line))}
            except Exception as exc:  # noqa: BLE001 - one sentence for the grader
                answer = {"gagal": str(exc)[:300]}
            os.write(cfg["kabar"], (json.dumps(answer) + "\n").encode())


main()
