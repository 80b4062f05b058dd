"""Prepare and run the training room's JupyterHub; stop it cleanly on Ctrl-C or SIGTERM.

The root process of ``bimtek hub`` creates accounts, writes the hub's own files (outside the
event folder) and starts JupyterHub; everything that reads or writes the event folder runs as
the instructor account, and everything in a participant's home as that participant
(grader/hub/privileges.py). Before the room opens, every path that must stay private is
checked as a participant sees it (grader/hub/privacy.py).
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import BimtekError
from . import accounts as acc
from . import exchange, privacy
from .collect import Caps, collect
from .config import HubConfig, write_configs
from .environment import DEFAULT_ENV, PROBE, ensure_environment, lessons_dir
from .jobs import (_room_event_job, _can_use, _collect_job, _event_facts, _read_accounts_job,
                   _read_feedback_job, _release_job, _sheet_job, _write_feedback_job)
from .privileges import run_as, use_python
from .spawner import remove_cgroup

DEFAULT_PORT = 8000
DEFAULT_INSTRUCTOR = "pengajar"
DEFAULT_HUB_ROOT = Path("/var/lib/bimtek")
DEFAULT_SHARED_ROOT = Path("/srv/bimtek")
INSTRUCTOR_FILE = "akun_pengajar.txt"
READY_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20
PROXY_HINT = "npm install -g configurable-http-proxy"


@dataclass
class HubRoom:
    """A prepared room: configuration, accounts, and the address to hand out."""

    config: HubConfig
    accounts: list[acc.Account]
    instructor_password: str
    sheet: Path
    seconds: float = 0.0        # time spent preparing

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.config.ip in ("", "0.0.0.0") else self.config.ip
        return f"http://{host}:{self.config.port}/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proxy_command() -> str:
    found = shutil.which("configurable-http-proxy")
    if not found:
        raise BimtekError(f"configurable-http-proxy tidak ditemukan. Pasang dengan: {PROXY_HINT}")
    return found


def _private_folder(path: Path) -> Path:
    """A folder of root's alone (created if missing); refused if someone else can change it."""
    path.mkdir(parents=True, exist_ok=True)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
        raise BimtekError(f"{path} harus folder milik root; hapus atau pindahkan lalu jalankan "
                          "bimtek hub lagi.")
    os.chmod(path, 0o700)
    return path


def _instructor_password(hub_root: Path, username: str) -> str:
    path = hub_root / f"{username}.txt"
    if path.exists():
        name, _, password = path.read_text(encoding="utf-8").strip().partition(":")
        if name == username and password:
            return password
    password = acc.new_password()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{username}:{password}\n")
    return password


def instructor_password_file(hub_root: Path, username: str) -> Path:
    return Path(hub_root) / f"{username}.txt"


# ------------------------------------------------------------------ event folder (as instructor)









def _check_event_folder(root: Path) -> None:
    from ..course import CONFIG_FILE
    info = os.lstat(root) if os.path.lexists(root) else None
    if info is None or not stat.S_ISDIR(info.st_mode):
        raise BimtekError(f"Folder kegiatan {root} tidak ada. Buat dulu dengan: bimtek init {root}")
    config = root / CONFIG_FILE
    if not config.is_file() or config.is_symlink():
        raise BimtekError(f"Folder {root} bukan folder kegiatan bimtek (tidak ada {CONFIG_FILE}). "
                          f"Buat dulu dengan: bimtek init {root}")
    if root == paths.REPO or paths.REPO in root.parents or root in paths.REPO.parents:
        raise BimtekError(f"Folder kegiatan {root} tidak boleh berada di dalam (atau memuat) "
                          f"repositori {paths.REPO}; buat folder kegiatan baru di luar repositori.")
    if len(root.parts) < 3:
        raise BimtekError(f"Folder kegiatan {root} terlalu dekat ke akar sistem berkas; pakai "
                          "misalnya /srv/bimtek-kegiatan/NAMA.")


def give_event_to(root: Path, username: str) -> None:
    """Make ``username`` the owner of the event folder and everything in it (links untouched)."""
    entry = pwd.getpwnam(username)
    for folder, dirs, files in os.walk(root):
        for name in [None, *dirs, *files]:
            path = os.path.join(folder, name) if name else folder
            info = os.lstat(path)
            if (info.st_uid, info.st_gid) != (entry.pw_uid, entry.pw_gid):
                os.lchown(path, entry.pw_uid, entry.pw_gid)




def _reachable_by(username: str, root: Path) -> None:
    if not run_as(username, _can_use, str(root)):
        raise BimtekError(
            f"Akun pengajar {username} tidak dapat membuka folder kegiatan {root} (ada folder di "
            "atasnya yang tertutup, misalnya /root); pindahkan folder kegiatan ke tempat yang "
            "dapat dicapai, misalnya /srv/bimtek-kegiatan/NAMA.")


# ------------------------------------------------------------------ what must stay private

def _private_paths(cfg: HubConfig, facts: dict, repo: Path, homes: dict[str, Path],
                   hub_root: Path) -> dict[str, list[privacy.Private]]:
    """For every participant checked: what that participant must not read or change."""
    P = privacy.Private
    course = cfg.course_root
    common = [
        P(repo / "solutions", "jawaban dan uji tersembunyi di repositori", f"chmod 700 {repo}"),
        P(repo / "tests", "uji dan contoh pengumpulan di repositori", f"chmod 700 {repo}"),
        P(course, "folder kegiatan: sumber tugas, pengumpulan, nilai",
          f"chmod -R go-rwx {course}"),
        P(cfg.exchange_root / cfg.course_id / "inbound",
          "pengumpulan peserta di pertukaran tugas", f"chmod -R o-rwx {cfg.exchange_root / cfg.course_id / 'inbound'}"),
        P(hub_root, "catatan, basis data, rahasia, dan sandi pengajar hub", f"chmod 700 {hub_root}"),
        P(cfg.ngshare_dir, "basis data dan berkas ngshare (pengumpulan semua peserta)",
          f"chmod 700 {cfg.ngshare_dir}"),
        P(cfg.instructor_config, "pengaturan dan daftar akun pengajar",
          f"chmod -R o-rwx {cfg.instructor_config}"),
        P(cfg.env_dir, "lingkungan Python bersama (tidak boleh diubah peserta)",
          f"chmod -R go-w {cfg.env_dir}", write=True),
        P(cfg.shared_dir / "jupyter", "pengaturan Jupyter ruang pelatihan (tidak boleh diubah)",
          f"chmod -R go-w {cfg.shared_dir / 'jupyter'}", write=True),
        P(cfg.exchange_root / cfg.course_id / "outbound", "tugas yang dibagikan (tidak boleh diubah)",
          f"chmod -R o-w {cfg.exchange_root / cfg.course_id / 'outbound'}", write=True),
    ]
    url = facts["db_url"]
    if url.startswith("sqlite:///"):
        gradebook = Path(url.removeprefix("sqlite:///"))
        common.insert(3, P(gradebook, "buku nilai: nama dan nilai semua peserta",
                           f"chmod 600 {gradebook}"))
    else:
        from ..course import CONFIG_FILE
        common.insert(3, P(course / CONFIG_FILE, "alamat PostgreSQL buku nilai beserta sandinya",
                           f"chmod 600 {course / CONFIG_FILE}"))
    names = list(homes)
    checks = {}
    for index, name in enumerate(names[:2]):
        others = [n for n in names if n != name]
        checks[name] = common + [P(homes[o], f"folder rumah peserta {o}", f"chmod 700 {homes[o]}")
                                 for o in others]
    return checks


def _probe_python(username: str, python: Path, repo: Path) -> None:
    """The participant's Python takes bimtek from the shared environment, not the repository."""
    entry = pwd.getpwnam(username)
    result = subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True, cwd="/",
                            user=entry.pw_uid, group=entry.pw_gid,
                            extra_groups=os.getgrouplist(username, entry.pw_gid),
                            env={"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": entry.pw_dir})
    if result.returncode != 0:
        raise BimtekError(
            f"Python {python} tidak dapat dijalankan oleh akun peserta {username} "
            f"({(result.stderr.strip().splitlines() or ['?'])[-1][:200]}); hapus folder "
            f"{python.parent.parent} lalu jalankan bimtek hub lagi.")
    seen = json.loads(result.stdout)
    for key in ("grader", "peserta"):
        if str(repo) in seen[key]:
            raise BimtekError(f"Peserta memuat {seen[key]} dari repositori; hapus folder "
                              f"{python.parent.parent} lalu jalankan bimtek hub lagi.")


# ------------------------------------------------------------------ the room

def prepare_room(course_dir: Path | str, *, port: int = DEFAULT_PORT, ip: str = "0.0.0.0",
                 shared_dir: Path | None = None, home_base: Path = Path("/home"),
                 instructor: str = DEFAULT_INSTRUCTOR, hub_root: Path | None = None,
                 env_dir: Path | None = None, exchange_kind: str = "berkas",
                 out=None) -> HubRoom:
    """Accounts, environment, lessons, exchange, configuration and the privacy check.

    Args:
        course_dir: the event folder; it is given to the instructor account.
        shared_dir: folder every participant can read (exchange, their Jupyter settings);
            default ``/srv/bimtek/<course_id>``.
        home_base: where participants' and the instructor's home folders are created.
        instructor: username of the instructor account (unprivileged; gets formgrader).
        hub_root: root's folder for the hub's files; default ``/var/lib/bimtek``.
        env_dir: the shared participant environment; default ``/opt/bimtek/lingkungan``.
        exchange_kind: "berkas" (nbgrader's exchange in a shared folder) or "ngshare" (the
            ngshare hub service, as on Kubernetes).
    """
    started = time.monotonic()
    if os.geteuid() != 0:
        raise BimtekError("bimtek hub harus dijalankan sebagai root (sudo) untuk membuat akun "
                          "peserta di server ini.")
    root = Path(course_dir).resolve()
    _check_event_folder(root)
    python = ensure_environment(Path(env_dir or DEFAULT_ENV), paths.REPO, out=out)
    use_python(python)
    hub_root = _private_folder(Path(hub_root or DEFAULT_HUB_ROOT).resolve())
    instructor = acc.username_for(instructor)
    instructor_password = _instructor_password(hub_root, instructor)
    acc.ensure_system_user(instructor, instructor_password, comment="pengajar bimtek",
                           home_base=home_base)
    closed = [p for p in root.parents if not os.stat(p).st_mode & stat.S_IXOTH]
    if closed:
        raise BimtekError(
            f"Akun pengajar {instructor} tidak dapat mencapai folder kegiatan {root} karena "
            f"folder {closed[0]} tertutup; pindahkan folder kegiatan ke tempat yang dapat "
            "dicapai, misalnya /srv/bimtek-kegiatan/NAMA.")
    give_event_to(root, instructor)
    _reachable_by(instructor, root)
    event = run_as(instructor, _room_event_job, str(root), [instructor])
    facts = event["facts"]
    course_id = facts["course_id"]
    hub_dir = _private_folder(hub_root / course_id)
    accounts = [acc.Account(**a) for a in event["accounts"]]
    entry = pwd.getpwnam(instructor)
    cfg = HubConfig(
        course_root=root, course_id=course_id, hub_dir=hub_dir,
        shared_dir=Path(shared_dir or DEFAULT_SHARED_ROOT / course_id).resolve(),
        env_dir=python.parent.parent, ip=ip, port=port, hub_port=_free_port(),
        proxy_api_port=_free_port(), proxy_command=_proxy_command(),
        usernames=[a.username for a in accounts], instructor=instructor,
        instructor_gid=entry.pw_gid, exchange=exchange_kind,
        ngshare_port=_free_port() if exchange_kind == "ngshare" else 0)
    share = lessons_dir(cfg.env_dir)
    homes = {}
    for account in accounts:
        home = acc.ensure_system_user(account.username, account.password,
                                      comment=f"{course_id} {account.id}", home_base=home_base)
        run_as(account.username, acc.copy_lessons, str(home), str(share))
        homes[account.username] = home
    cfg.shared_dir.mkdir(parents=True, exist_ok=True)
    base = exchange.setup_exchange(cfg.exchange_root, course_id, entry.pw_gid)
    run_as(instructor, _release_job, str(base / "outbound"), facts["release"])
    if exchange_kind == "ngshare":
        cfg.ngshare_dir.mkdir(exist_ok=True)
        if cfg.ngshare_dir.is_symlink():
            raise BimtekError(f"{cfg.ngshare_dir} adalah tautan; hapus lalu jalankan lagi.")
        os.chown(cfg.ngshare_dir, entry.pw_uid, entry.pw_gid)
        os.chmod(cfg.ngshare_dir, 0o700)
    write_configs(cfg, {a.username: a.id for a in accounts})
    room = HubRoom(config=cfg, accounts=accounts, instructor_password=instructor_password,
                   sheet=Path())
    room.sheet = Path(run_as(instructor, _sheet_job, str(root), [a.__dict__ for a in accounts],
                             room.url, facts["nama"]))
    if accounts:
        _probe_python(accounts[0].username, python, paths.REPO)
    privacy.check(list(_private_paths(cfg, facts, paths.REPO, homes, hub_root).items()))
    room.seconds = time.monotonic() - started
    return room


# ------------------------------------------------------------------ collection and feedback



def _room_facts(course_dir, instructor, shared_dir, env_dir=None):
    if os.geteuid() != 0:
        raise BimtekError("Perintah ini harus dijalankan sebagai root (sudo).")
    root = Path(course_dir).resolve()
    _check_event_folder(root)
    python = Path(env_dir or DEFAULT_ENV) / "bin" / "python"
    if not python.exists():
        raise BimtekError(f"Lingkungan peserta {python.parent.parent} belum ada; jalankan dulu: "
                          f"sudo bimtek hub --course {root}")
    use_python(python)
    instructor = acc.username_for(instructor)
    try:
        pwd.getpwnam(instructor)
    except KeyError:
        raise BimtekError(f"Akun pengajar {instructor} belum ada; jalankan dulu: sudo bimtek hub "
                          f"--course {root}") from None
    facts = run_as(instructor, _event_facts, str(root))
    shared = Path(shared_dir or DEFAULT_SHARED_ROOT / facts["course_id"]).resolve()
    return root, instructor, facts, shared




def collect_submissions(course_dir, assignment_id: str, *, shared_dir: Path | None = None,
                        instructor: str = DEFAULT_INSTRUCTOR, env_dir: Path | None = None) -> dict:
    """Collect one assignment's submissions from the room's exchange into ``submitted/``,
    as the instructor account (the same rules as formgrader's Collect in the room)."""
    root, instructor, facts, shared = _room_facts(course_dir, instructor, shared_dir, env_dir)
    owners = {a["username"]: a["id"] for a in run_as(instructor, _read_accounts_job, str(root))}
    if not owners:
        raise BimtekError(f"Belum ada {acc.ACCOUNTS_FILE} di {root}; jalankan dulu "
                          f"sudo bimtek hub --course {root}")
    inbound = shared / "exchange" / facts["course_id"] / "inbound"
    return run_as(instructor, _collect_job, str(inbound), facts["submitted"], assignment_id, owners)






def deliver_feedback(course_dir, report_folder, *, instructor: str = DEFAULT_INSTRUCTOR,
                     env_dir: Path | None = None) -> dict:
    """Put each participant's feedback (PDF and HTML from ``bimtek report``) into their own
    home, as ``~/umpan_balik/<course_id>.pdf`` / ``.html``, readable by them alone.

    A file is matched to a participant by the name ``bimtek report`` gives it (name and id);
    participants whose names would share a file are not sent anything (the report numbers
    such files by roster order, which cannot be trusted to match).

    Returns {"delivered": [ids], "missing": [ids (why)], "refused": [ids sharing a name]}.
    """
    from ..report.feedback import FEEDBACK_DIR, output_name  # noqa: F401
    root, instructor, facts, _ = _room_facts(course_dir, instructor, None, env_dir)
    accounts = run_as(instructor, _read_accounts_job, str(root))
    folder = Path(report_folder)
    if folder.name != FEEDBACK_DIR:
        folder = folder / FEEDBACK_DIR
    names = {a["id"]: output_name(a["id"], a["nama"]) for a in accounts}
    folded = [n.casefold() for n in names.values()]
    shared = {n for n in names.values() if folded.count(n.casefold()) > 1}
    refused = sorted(i for i, n in names.items() if n in shared)
    read = run_as(instructor, _read_feedback_job, str(folder),
                  {i: n for i, n in names.items() if n not in shared})
    pages = read["pages"]
    delivered, missing = [], []
    for account in accounts:
        if account["id"] in refused:
            continue
        page = pages.get(account["id"])
        if page is None:
            why = read["problems"].get(account["id"])
            missing.append(f"{account['id']} ({why})" if why else account["id"])
            continue
        home = pwd.getpwnam(account["username"]).pw_dir
        try:
            run_as(account["username"], _write_feedback_job, home, facts["course_id"], page)
        except BimtekError as exc:      # the participant's own folder is in the way
            missing.append(f"{account['id']} ({exc})")
            continue
        delivered.append(account["id"])
    return {"delivered": delivered, "missing": missing, "refused": refused}


# ------------------------------------------------------------------ running

def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "hub/login", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop_leftover_proxy(pid_file: Path) -> None:
    """The proxy outlives a hub that crashed; stop it by the pid the hub recorded."""
    try:
        pid = int(pid_file.read_text().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            if b"configurable-http-proxy" not in handle.read():
                return
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        pass


def _room_uids(cfg: HubConfig) -> dict[int, str]:
    uids = {}
    for name in [*cfg.usernames, cfg.instructor]:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_uid != 0:
            uids[entry.pw_uid] = name
    return uids


def _processes_of(uids) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.stat(entry.path).st_uid in uids:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def clean_up_room(cfg: HubConfig, timeout: float = 10.0) -> dict:
    """After the hub stopped: end every process the room's accounts left behind and remove
    every control group made for them. Returns what could not be removed."""
    uids = _room_uids(cfg)
    deadline = time.monotonic() + timeout
    while True:
        left = _processes_of(uids)
        if not left or time.monotonic() > deadline:
            break
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.1)
    groups = []
    for name in uids.values():
        groups += [str(g) for g in remove_cgroup(name)]
    return {"processes": left, "cgroups": groups}


def run_hub(room: HubRoom, *, out=sys.stdout) -> int:
    """Start JupyterHub for a prepared room, print the address, wait until stopped."""
    cfg = room.config
    log_path = cfg.hub_dir / "jupyterhub.log"
    started = time.monotonic()
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "ab") as log:
        # umask 077: the hub's database, secrets and pid files are root's alone.
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(cfg.config_file)], cwd=cfg.hub_dir,
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, umask=0o077)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not _ready(room.url):
            if process.poll() is not None or stopping:
                break
            if time.monotonic() - started > READY_TIMEOUT_S:
                raise BimtekError(f"JupyterHub tidak siap dalam {READY_TIMEOUT_S} detik; "
                                  f"lihat {log_path}")
            time.sleep(0.3)
        if process.poll() is not None:
            raise BimtekError(f"JupyterHub berhenti saat mulai (kode {process.returncode}); "
                              f"lihat {log_path}")
        if not stopping:
            print(f"Ruang pelatihan siap dalam {time.monotonic() - started:.1f} detik "
                  f"(persiapan {room.seconds:.1f} detik sebelumnya): {room.url}", file=out)
            print(f"Akun peserta: {room.config.course_root / acc.ACCOUNTS_FILE} "
                  f"(lembar cetak: {room.sheet})", file=out)
            print(f"Akun pengajar: {cfg.instructor} (sandi di "
                  f"{instructor_password_file(cfg.hub_dir.parent, cfg.instructor)})", file=out)
            print("Hentikan dengan Ctrl-C.", file=out, flush=True)
        while not stopping and process.poll() is None:
            time.sleep(0.5)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)   # the hub stops the proxy and user servers
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        _stop_leftover_proxy(cfg.hub_dir / "jupyterhub-proxy.pid")
        clean_up_room(cfg)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Ruang pelatihan dihentikan.", file=out, flush=True)
    return 0 if stopping else (process.returncode or 0)
