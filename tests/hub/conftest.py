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
READY_TIMEOUT_S = 120


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


@dataclass
class Room:
    base: Path
    course: Path
    shared: Path
    url: str
    process: subprocess.Popen
    accounts: list[dict]
    instructor: str
    instructor_password: str
    ready_seconds: float
    usernames: list[str] = field(default_factory=list)

    def bimtek(self, *args: str, check_codes=(0,)) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True,
                                text=True, timeout=600, cwd=REPO)
        assert result.returncode in check_codes, result.stdout + result.stderr
        return result

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return (self.course / "hub" / "jupyterhub.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _unreachable_parents(path: Path) -> list[tuple[Path, int]]:
    """Folders above ``path`` that other users cannot traverse, with their modes."""
    result = []
    for parent in Path(path).resolve().parents:
        mode = parent.stat().st_mode & 0o7777
        if not mode & 0o001:
            result.append((parent, mode))
    return result


@pytest.fixture(scope="module")
def python_for_participants():
    """Let participants run this Python for the test's duration, then restore the modes.

    A development Python often lives under /root (mode 700); a room installs bimtek in a
    folder everyone can read. Only the search (x) bit is added, never listing (r).
    """
    changed = _unreachable_parents(Path(sys.executable).resolve())
    for folder, mode in changed:
        folder.chmod(mode | 0o001)
    try:
        yield
    finally:
        for folder, mode in changed:
            folder.chmod(mode)


@pytest.fixture(scope="module")
def hub_room(python_for_participants):
    require_root_and_proxy()
    from grader.event import init_event
    from grader.course import open_course
    from grader.hub.accounts import read_accounts, remove_system_user, username_for
    from grader.roster import import_roster

    suffix = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="bimtek-hub-"))
    base.chmod(0o755)      # homes and the shared folder below must be reachable by participants
    course_dir = base / "kegiatan"
    init_event(course_dir)
    roster = base / "peserta.csv"
    names = ["Ani Lestari", "Budi Santoso", "Citra Dewi"]
    roster.write_text("id,nama,instansi,kabupaten_kota,kelas\n" + "".join(
        f"U{suffix}-{i},{name},Bappeda,Kota Tirtamarta,A\n" for i, name in enumerate(names, 1)),
        encoding="utf-8")
    import_roster(course=open_course(course_dir), file=roster)
    instructor = f"pj{suffix}"
    usernames = [username_for(f"U{suffix}-{i}") for i in range(1, 4)] + [instructor]
    port = _free_port()
    shared = base / "bersama"
    command = [sys.executable, "-m", "grader.cli", "hub", "--course", str(course_dir),
               "--port", str(port), "--ip", "127.0.0.1", "--bersama", str(shared),
               "--home", str(base / "home"), "--pengajar", instructor]
    (base / "home").mkdir()
    (base / "home").chmod(0o755)
    out_path = base / "hub.out"
    started = time.monotonic()
    with open(out_path, "wb") as out:
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    room = None
    try:
        while "siap dalam" not in out_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() - started > READY_TIMEOUT_S:
                log = course_dir / "hub" / "jupyterhub.log"
                pytest.fail("bimtek hub tidak siap:\n" + out_path.read_text(errors="replace")
                            + "\n" + (log.read_text(errors="replace")[-3000:] if log.exists() else ""))
            time.sleep(0.2)
        ready = time.monotonic() - started
        print(f"bimtek hub siap dalam {ready:.1f} detik")
        accounts = [a.__dict__ for a in read_accounts(course_dir / "akun_peserta.csv")]
        password = (course_dir / "hub" / "akun_pengajar.txt").read_text().strip().split(":", 1)[1]
        room = Room(base=base, course=course_dir, shared=shared, url=f"http://127.0.0.1:{port}",
                    process=process, accounts=accounts, instructor=instructor,
                    instructor_password=password, ready_seconds=ready, usernames=usernames)
        yield room
    finally:
        _stop(process)
        for name in usernames:
            remove_system_user(name)
        shutil.rmtree(base, ignore_errors=True)


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
