"""Fixtures for the training-room tests: a running ``bimtek hub`` with throwaway system users.

The room runs on loopback with three participants and one instructor whose usernames carry a
random suffix, so parallel runs do not collide. Teardown stops the hub by process id (the hub
stops the proxy and the participants' servers) and removes every system user it created.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENSURE_PROXY = Path(__file__).with_name("ensure_proxy.sh")
READY_TIMEOUT_S = 600   # the first run also builds the participant environment


def _browser_conftest():
    """The browser tests' conftest, for Debian's Chromium and its arguments."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "bimtek_browser_conftest", REPO / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_browser = _browser_conftest()
CHROMIUM_ARGS = _browser.CHROMIUM_ARGS
chromium_path = _browser.chromium_path


def require_root_and_proxy() -> None:
    """Fail (in CI, BIMTEK_REQUIRE_BROWSER=1) or skip when the room cannot run here."""
    required = os.environ.get("BIMTEK_REQUIRE_BROWSER") == "1"
    problem = None
    if os.geteuid() != 0:
        problem = "uji ruang pelatihan perlu root (membuat pengguna sistem)"
    elif not shutil.which("configurable-http-proxy"):
        result = subprocess.run(["bash", str(ENSURE_PROXY)], capture_output=True, text=True,
                                timeout=240, check=False)
        if result.returncode != 0 or not shutil.which("configurable-http-proxy"):
            problem = f"configurable-http-proxy tidak ada; pasang dengan: bash {ENSURE_PROXY}"
    if problem:
        (pytest.fail if required else pytest.skip)(problem)


# The shared participant environment of the tests: kept between runs (built from
# requirements.lock once, a few minutes; bimtek's wheel is reinstalled when its source changes).
TEST_ENV = Path(os.environ.get("BIMTEK_UJI_LINGKUNGAN", "/opt/bimtek-uji/lingkungan"))
# What a room's private copy of the repository holds (what bimtek hub reads from it).
REPO_PARTS = ("grader", "course", "solutions", "datasets", "tests/grade", "pyproject.toml",
              "README.md", "requirements.lock")


def private_repo(base: Path) -> Path:
    """A copy of the repository in a folder only root can open, as the README asks for a room.

    ``bimtek hub`` runs from it (PYTHONPATH), so the privacy check examines this copy's
    ``solutions/`` and ``tests/``; the checkout the developers work in is left as it is.
    """
    repo = base / "bimtek"
    repo.mkdir(mode=0o700)
    repo.chmod(0o700)
    for part in REPO_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", ".ipynb_checkpoints"))
        elif source.exists():
            (repo / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / part)
    return repo


def run_as(user: str, *command: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """``command`` as the system user ``user`` (a real account of the room)."""
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True,
                          text=True, timeout=timeout, cwd="/", **kwargs)


def pwd_home(username: str) -> str:
    import pwd
    return pwd.getpwnam(username).pw_dir


@dataclass
class Room:
    base: Path
    course: Path
    shared: Path
    hub_root: Path
    env: Path
    repo: Path
    url: str
    process: subprocess.Popen
    accounts: list[dict]
    instructor: str
    instructor_password: str
    ready_seconds: float
    usernames: list[str] = field(default_factory=list)

    @property
    def python(self) -> Path:
        """The Python every single-user server of the room runs."""
        return self.env / "bin" / "python"

    @property
    def course_id(self) -> str:
        return self.course.name

    @property
    def inbound(self) -> Path:
        return self.shared / "exchange" / self.course_id / "inbound"

    def environ(self) -> dict:
        return {**os.environ, "PYTHONPATH": str(self.repo)}

    def bimtek(self, *args: str, check_codes=(0,)) -> subprocess.CompletedProcess:
        """The CLI as root (the organiser), from the room's private copy of the repository."""
        result = subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True,
                                text=True, timeout=600, cwd=self.repo, env=self.environ())
        assert result.returncode in check_codes, result.stdout + result.stderr
        return result

    def hub_args(self) -> list[str]:
        return ["--course", str(self.course), "--bersama", str(self.shared),
                "--pengajar", self.instructor, "--folder-hub", str(self.hub_root),
                "--lingkungan", str(self.env)]

    def as_participant(self, account: dict, *command: str, timeout: float = 180, env=None):
        """``command`` as a participant, with the environment the spawner gives their server."""
        home = pwd_home(account["username"])
        variables = {"PATH": f"{self.env / 'bin'}:/usr/bin:/bin", "HOME": home,
                     "USER": account["username"],
                     "JUPYTER_CONFIG_PATH": str(self.shared / "jupyter" / "peserta"),
                     "BIMTEK_STUDENT_ID": account["id"], **(env or {})}
        return subprocess.run(["runuser", "-u", account["username"], "--", "env", "-i",
                               *[f"{k}={v}" for k, v in variables.items()], *command],
                              capture_output=True, text=True, timeout=timeout, cwd=home)

    def as_instructor(self, *command: str, timeout: float = 600):
        """``command`` as the instructor account, as in the instructor's JupyterLab terminal."""
        variables = {"PATH": f"{self.env / 'bin'}:/usr/bin:/bin", "HOME": pwd_home(self.instructor),
                     "USER": self.instructor,
                     "JUPYTER_CONFIG_PATH": f"{self.shared / 'jupyter' / 'pengajar'}:{self.course}"}
        return subprocess.run(["runuser", "-u", self.instructor, "--", "env", "-i",
                               *[f"{k}={v}" for k, v in variables.items()], *command],
                              capture_output=True, text=True, timeout=timeout, cwd=self.course)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return (self.hub_root / self.course_id / "jupyterhub.log").read_text(
                errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        _stop(self.process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def participant_env():
    """The shared participant environment, built (or updated) once per test session."""
    require_root_and_proxy()
    from grader.hub.environment import ensure_environment
    started = time.monotonic()
    ensure_environment(TEST_ENV, REPO, out=sys.stdout)
    print(f"lingkungan peserta siap dalam {time.monotonic() - started:.1f} detik")
    return TEST_ENV


NAMES = ["Ani Lestari", "Budi Santoso", "Citra Dewi"]


def open_room(participant_env, names=NAMES, *, extra_args=()) -> Room:
    """Start ``bimtek hub`` as the README says (root, a private repository, an event made by
    ``bimtek init``) with throwaway accounts; the caller stops it with ``close_room``."""
    from grader.event import init_event
    from grader.course import open_course
    from grader.hub.accounts import read_accounts, username_for
    from grader.roster import import_roster

    suffix = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="bimtek-hub-"))
    base.chmod(0o755)      # homes and the shared folder below must be reachable by participants
    course_dir = base / f"kegiatan-{suffix}"
    init_event(course_dir)
    roster = base / "peserta.csv"
    roster.write_text("id,nama,instansi,kabupaten_kota,kelas\n" + "".join(
        f"U{suffix}-{i},{name},Bappeda,Kota Tirtamarta,A\n" for i, name in enumerate(names, 1)),
        encoding="utf-8")
    import_roster(course=open_course(course_dir), file=roster)
    instructor = f"pj{suffix}"
    usernames = [username_for(f"U{suffix}-{i}") for i in range(1, len(names) + 1)] + [instructor]
    repo = private_repo(base)
    port = _free_port()
    shared = base / "bersama"
    hub_root = base / "hub"
    (base / "home").mkdir()
    (base / "home").chmod(0o755)
    command = [sys.executable, "-m", "grader.cli", "hub", "--course", str(course_dir),
               "--port", str(port), "--ip", "127.0.0.1", "--bersama", str(shared),
               "--home", str(base / "home"), "--pengajar", instructor,
               "--folder-hub", str(hub_root), "--lingkungan", str(participant_env), *extra_args]
    out_path = base / "hub.out"
    started = time.monotonic()
    with open(out_path, "wb") as out:
        process = subprocess.Popen(command, cwd=repo, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   env={**os.environ, "PYTHONPATH": str(repo)})
    room = Room(base=base, course=course_dir, shared=shared, hub_root=hub_root,
                env=participant_env, repo=repo, url=f"http://127.0.0.1:{port}", process=process,
                accounts=[], instructor=instructor, instructor_password="", ready_seconds=0.0,
                usernames=usernames)
    try:
        while "siap dalam" not in out_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() - started > READY_TIMEOUT_S:
                pytest.fail("bimtek hub tidak siap:\n" + out_path.read_text(errors="replace")
                            + "\n" + room.log_tail(3000))
            time.sleep(0.2)
    except BaseException:
        close_room(room)
        raise
    room.ready_seconds = time.monotonic() - started
    print(f"bimtek hub siap dalam {room.ready_seconds:.1f} detik")
    room.accounts = [a.__dict__ for a in read_accounts(course_dir / "akun_peserta.csv")]
    room.instructor_password = (hub_root / f"{instructor}.txt").read_text().strip().split(":", 1)[1]
    return room


def close_room(room: Room) -> None:
    from grader.hub.accounts import remove_system_user
    from grader.hub.spawner import remove_cgroup
    _stop(room.process)
    for name in room.usernames:
        remove_system_user(name)
        remove_cgroup(name)
    shutil.rmtree(room.base, ignore_errors=True)


@pytest.fixture(scope="module")
def hub_room(participant_env):
    require_root_and_proxy()
    room = open_room(participant_env)
    try:
        yield room
    finally:
        close_room(room)


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Debian's Chromium through Playwright; each account gets its own context (cookies)."""
    if os.environ.get("BIMTEK_REQUIRE_BROWSER") == "1":
        from playwright.sync_api import sync_playwright
    else:
        sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class HubUser:
    """One account of the room talking to JupyterHub's REST API with its own token."""

    def __init__(self, room: Room, username: str, password: str):
        import requests
        self.room, self.username = room, username
        self.http = requests.Session()
        response = self.http.post(f"{room.url}/hub/api/users/{username}/tokens",
                                  json={"auth": {"username": username, "password": password},
                                        "note": "uji ruang pelatihan", "expires_in": 3600},
                                  timeout=60)
        assert response.status_code in (200, 201), (response.status_code, response.text)
        self.token = response.json()["token"]
        self.http.headers["Authorization"] = f"token {self.token}"

    def hub(self, method: str, path: str, **kwargs):
        return self.http.request(method, f"{self.room.url}/hub/api/{path.lstrip('/')}",
                                 timeout=120, **kwargs)

    def server(self, method: str, path: str, user: str | None = None, **kwargs):
        return self.http.request(method, f"{self.room.url}/user/{user or self.username}/"
                                 f"{path.lstrip('/')}", timeout=300, **kwargs)

    def start(self, timeout: float = 120) -> None:
        response = self.hub("POST", f"users/{self.username}/server")
        assert response.status_code in (201, 202, 400), (response.status_code, response.text)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.hub("GET", f"users/{self.username}").json()
            server = info.get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"server {self.username} tidak siap:\n{self.room.log_tail()}")

    def stop(self) -> None:
        self.hub("DELETE", f"users/{self.username}/server")


def server_processes(username: str) -> list:
    """The single-user server processes running as ``username``."""
    import psutil
    found = []
    for proc in psutil.process_iter(["username", "cmdline"]):
        cmd = " ".join(proc.info.get("cmdline") or [])
        if proc.info.get("username") == username and "jupyterhub-singleuser" in cmd:
            found.append(proc)
    return found


@pytest.fixture(scope="session")
def hub_tools():
    """The helpers above, for test modules (tests/ is not a package)."""
    from types import SimpleNamespace
    return SimpleNamespace(HubUser=HubUser, open_room=open_room, close_room=close_room,
                           server_processes=server_processes, private_repo=private_repo)
