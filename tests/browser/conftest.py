"""Fixtures for the real-browser tests: Debian's Chromium, a JupyterLab server, a Playwright page.

Chromium comes from Debian (``bash tests/browser/ensure_chromium.sh``), never from
``playwright install``. The JupyterLab server runs on loopback with a random token, over a
copy of ``course/``, ``datasets/`` and ``exercises/`` in a temporary folder, so the tests
never touch the repository's notebooks. Every process the fixtures start is stopped by
process id at teardown, kernels included.
"""
from __future__ import annotations

import json
import os
import secrets
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

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ENSURE_SCRIPT = Path(__file__).with_name("ensure_chromium.sh")
ENSURE_HINT = "bash tests/browser/ensure_chromium.sh"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SERVER_START_TIMEOUT = 60  # seconds until /api/status answers
SERVER_STOP_TIMEOUT = 15   # seconds between SIGTERM and SIGKILL


# --------------------------------------------------------------------------- Chromium

@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of Debian's Chromium; installs it when allowed, otherwise fails or skips."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("BIMTEK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} tidak ada (BIMTEK_REQUIRE_BROWSER=1). Pasang dulu dengan: {ENSURE_HINT}")
    reason = f"{CHROMIUM} tidak ada; pasang dengan: {ENSURE_HINT}"
    if os.geteuid() == 0:
        try:  # well within the tests' 300 s pytest-timeout; apt takes about 20 s here
            result = subprocess.run(["bash", str(ENSURE_SCRIPT)], capture_output=True, text=True,
                                    timeout=240, check=False)
        except subprocess.TimeoutExpired:
            reason += " (percobaan otomatis dengan ensure_chromium.sh melewati 240 detik)"
        else:
            if result.returncode == 0 and CHROMIUM.exists():
                return CHROMIUM
            reason += (f" (percobaan otomatis dengan ensure_chromium.sh gagal, kode {result.returncode}: "
                       f"{(result.stderr or result.stdout).strip()[-300:]})")
    pytest.skip(reason)


# --------------------------------------------------------------------------- JupyterLab server

@dataclass
class LabServer:
    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, **query: str) -> str:
        """Absolute URL for ``path`` with the token (and any extra flags) in the query string."""
        params = "&".join(f"{key}" if value == "" else f"{key}={value}" for key, value in query.items())
        params = f"{params}&token={self.token}" if params else f"token={self.token}"
        return f"{self.base_url}/{path.lstrip('/')}?{params}"

    def api(self, method: str, path: str, timeout: float = 5):
        """Call the REST API with the token; returns the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.base_url}/api/{path.lstrip('/')}", method=method,
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_lab_settings(config_dir: Path) -> None:
    """User settings for the fresh JupyterLab: the Indonesian interface the participants see
    (so the tests prove they do not depend on English labels), and no news or update checks
    (they would reach the network and show notifications over the page)."""
    settings = config_dir / "lab" / "user-settings" / "@jupyterlab"
    files = {
        "translation-extension/plugin.jupyterlab-settings": {"locale": "id_ID"},
        "apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, values in files.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


def _descendants(pid: int) -> list:
    """All live descendants of ``pid`` (kernels run in their own session, so killpg misses them)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _stop_server(server: LabServer) -> None:
    process = server.process
    # 1. Ask the server to shut its kernels down (best effort).
    try:
        for kernel in server.api("GET", "kernels") or []:
            try:
                server.api("DELETE", f"kernels/{kernel['id']}", timeout=10)
            except (urllib.error.URLError, OSError):
                pass
    except (urllib.error.URLError, OSError, ValueError):
        pass
    children = _descendants(process.pid)
    # 2. Terminate the server's process group (started with start_new_session=True,
    #    so its process group id is its own pid), then kill it if it does not stop.
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=SERVER_STOP_TIMEOUT)
    # 3. Anything the server started that is still alive (kernels), by process id.
    if children:
        import psutil
        _, alive = psutil.wait_procs(children, timeout=5)
        for child in alive:
            try:
                child.terminate()
            except psutil.Error:
                pass
        _, alive = psutil.wait_procs(alive, timeout=5)
        for child in alive:
            try:
                child.kill()
            except psutil.Error:
                pass


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory) -> LabServer:
    """A JupyterLab server over a copy of course/, datasets/ and exercises/ (same layout)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    root.mkdir()
    for folder in ("course", "datasets", "exercises"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))

    config_dir = base / "jupyter_config"
    _write_lab_settings(config_dir)
    env = dict(os.environ)
    # Fresh per-user folders; JUPYTER_PATH is left alone so the nbgrader and ipywidgets
    # lab extensions are still found under sys.prefix/share/jupyter.
    env.update({
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_DATA_DIR": str(base / "jupyter_data"),
        "JUPYTER_RUNTIME_DIR": str(base / "jupyter_runtime"),
        "IPYTHONDIR": str(base / "ipython"),
        "MPLCONFIGDIR": str(base / "matplotlib"),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("JUPYTER_TOKEN", None)

    port = _free_port()
    token = secrets.token_hex(24)
    log_path = base / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        "--ServerApp.disable_check_xsrf=False",
    ]
    with open(log_path, "wb") as log:
        # cwd=root: nbgrader's validate handler also reads nbgrader_config.py from the cwd.
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = LabServer(root=root, port=port, token=token, process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab berhenti saat mulai (kode {process.returncode}):\n"
                            f"{server.log_tail()}")
            try:
                server.api("GET", "status", timeout=2)
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab tidak menjawab /api/status dalam "
                                f"{SERVER_START_TIMEOUT} detik:\n{server.log_tail()}")
                time.sleep(0.25)
        yield server
    finally:
        _stop_server(server)


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="module")
def browser_context(chromium_path, tmp_path_factory):
    """A Playwright persistent Chromium context with a fresh user-data-dir."""
    if os.environ.get("BIMTEK_REQUIRE_BROWSER") == "1":
        try:
            from playwright import sync_api
        except ImportError as error:
            pytest.fail(f"Playwright untuk Python tidak terpasang (BIMTEK_REQUIRE_BROWSER=1): {error}. "
                        "Pasang dependensi uji: pip install -e '.[test]'")
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    user_data_dir = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(chromium_path),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            locale="en-US",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(browser_context, request, tmp_path):
    """A new tab; closed after the test. Browser console errors are kept in ``page.console_errors``.

    When the test fails, a screenshot ``gagal.png`` is saved in the test's tmp_path and the
    browser's console errors are printed.
    """
    tab = browser_context.new_page()
    tab.set_default_timeout(30_000)
    tab.console_errors = []
    tab.on("console", lambda msg: tab.console_errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield tab
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            target = tmp_path / "gagal.png"
            try:
                tab.screenshot(path=str(target))
                print(f"tangkapan layar saat gagal: {target}")
            except Exception as error:  # the page may be gone; the report matters more
                print(f"tangkapan layar gagal: {error}")
            print("galat konsol peramban:", *tab.console_errors[-20:], sep="\n  ")
            if "lab_server" in request.fixturenames:
                print("akhir log JupyterLab:\n" + request.getfixturevalue("lab_server").log_tail())
        tab.close()
