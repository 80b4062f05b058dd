"""Prepare and run the training room's JupyterHub; stop it cleanly on Ctrl-C or SIGTERM."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..course import Course
from ..errors import BimtekError
from ..report.html import environment
from . import accounts as acc
from . import exchange
from .config import HubConfig, write_configs

DEFAULT_PORT = 8000
DEFAULT_INSTRUCTOR = "pengajar"
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


def _instructor_password(hub_dir: Path, username: str) -> str:
    path = hub_dir / INSTRUCTOR_FILE
    if path.exists():
        name, _, password = path.read_text(encoding="utf-8").strip().partition(":")
        if name == username and password:
            return password
    password = acc.new_password()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{username}:{password}\n")
    return password


def write_sheet(course: Course, accounts: list[acc.Account], url: str) -> Path:
    """The printable accounts sheet for the organiser (owner-only, it holds passwords)."""
    html = environment().get_template("akun_peserta.html.j2").render(
        akun=accounts, alamat=url, nama_kegiatan=course.settings.nama_kegiatan)
    path = course.root / acc.ACCOUNTS_SHEET
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(html)
    return path


def _check_python_reachable(username: str) -> None:
    """Participants' servers run this Python as the participant: it must be usable by them."""
    result = subprocess.run(["runuser", "-u", username, "--", sys.executable, "-c",
                             "import jupyterhub, nbgrader"], capture_output=True, text=True)
    if result.returncode != 0:
        raise BimtekError(
            f"Python {sys.executable} (beserta paket bimtek) tidak dapat dijalankan oleh akun "
            f"peserta {username}: {result.stderr.strip()[-200:]}. Pasang bimtek di folder yang "
            "dapat dibaca semua pengguna, misalnya /opt/bimtek/.venv, lalu jalankan lagi.")


def prepare_room(course: Course, *, port: int = DEFAULT_PORT, ip: str = "0.0.0.0",
                 shared_dir: Path | None = None, home_base: Path = Path("/home"),
                 instructor: str = DEFAULT_INSTRUCTOR) -> HubRoom:
    """Accounts, system users, lessons, exchange and configuration for ``course``'s room.

    Args:
        shared_dir: folder every participant can read (exchange, their Jupyter settings);
            default ``/srv/bimtek/<course_id>``.
        home_base: where participants' home folders are created.
        instructor: username of the instructor account (gets formgrader).
    """
    hub_dir = course.root / "hub"
    hub_dir.mkdir(exist_ok=True)
    hub_dir.chmod(0o700)
    instructor = acc.username_for(instructor)
    accounts = acc.make_accounts(course, reserved=(instructor,))
    cfg = HubConfig(
        course_root=course.root, course_id=course.course_id, hub_dir=hub_dir,
        shared_dir=Path(shared_dir or Path("/srv/bimtek") / course.course_id).resolve(),
        ip=ip, port=port, hub_port=_free_port(), proxy_api_port=_free_port(),
        proxy_command=_proxy_command(), usernames=[a.username for a in accounts],
        instructor=instructor)
    repo = Path(course.settings.repo or paths.REPO)
    for account in accounts:
        home = acc.ensure_system_user(account.username, account.password,
                                      comment=f"{course.course_id} {account.id}",
                                      home_base=home_base)
        acc.copy_lessons(home, account.username, repo)
    _check_python_reachable(accounts[0].username)
    instructor_password = _instructor_password(hub_dir, instructor)
    acc.ensure_system_user(instructor, instructor_password, comment=f"{course.course_id} pengajar",
                           home_base=home_base)
    cfg.shared_dir.mkdir(parents=True, exist_ok=True)
    exchange.setup_exchange(cfg.exchange_root, course)
    exchange.release(cfg.exchange_root, course)
    write_configs(cfg, {a.username: a.id for a in accounts})
    room = HubRoom(config=cfg, accounts=accounts, instructor_password=instructor_password,
                   sheet=Path())
    room.sheet = write_sheet(course, accounts, room.url)
    return room


def collect_submissions(course: Course, assignment_id: str, *,
                        shared_dir: Path | None = None) -> exchange.Collected:
    """Collect one assignment's submissions from the room's exchange into ``submitted/``."""
    owners = {a.username: a.id for a in acc.read_accounts(course.root / acc.ACCOUNTS_FILE)}
    if not owners:
        raise BimtekError(f"Belum ada {acc.ACCOUNTS_FILE} di {course.root}; jalankan dulu "
                          f"bimtek hub --course {course.root}")
    root = Path(shared_dir or Path("/srv/bimtek") / course.course_id) / "exchange"
    return exchange.collect(root, course, assignment_id, owners)


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


def run_hub(room: HubRoom, *, out=sys.stdout) -> int:
    """Start JupyterHub for a prepared room, print the address, wait until stopped."""
    cfg = room.config
    log_path = cfg.hub_dir / "jupyterhub.log"
    started = time.monotonic()
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(cfg.config_file)], cwd=cfg.hub_dir,
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
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
            print(f"Ruang pelatihan siap dalam {time.monotonic() - started:.1f} detik: {room.url}",
                  file=out)
            print(f"Akun peserta: {room.config.course_root / acc.ACCOUNTS_FILE} "
                  f"(lembar cetak: {room.sheet})", file=out)
            print(f"Akun pengajar: {cfg.instructor} (sandi di {cfg.hub_dir / INSTRUCTOR_FILE})",
                  file=out)
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
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Ruang pelatihan dihentikan.", file=out, flush=True)
    return 0 if stopping else (process.returncode or 0)
