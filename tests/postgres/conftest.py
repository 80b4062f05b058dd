"""Fixtures for the PostgreSQL gradebook tests: a real PostgreSQL server on loopback.

The server programs come from Debian (``bash tests/postgres/ensure_postgres.sh``). The test
session makes its own cluster in a temporary folder (initdb, owned by the ``postgres`` system
user when the tests run as root, since PostgreSQL refuses to run as root), starts ``postgres``
on 127.0.0.1 at a free port with trust authentication, and stops it by process id at teardown.
Each test gets a fresh, empty database on that server.
"""
from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

ENSURE_SCRIPT = Path(__file__).with_name("ensure_postgres.sh")
ENSURE_HINT = "bash tests/postgres/ensure_postgres.sh"
START_TIMEOUT = 30  # seconds until the server accepts connections
STOP_TIMEOUT = 15   # seconds for each shutdown signal before the next, harsher one


def _server_bin() -> Path | None:
    """Folder with initdb and postgres: Debian's newest /usr/lib/postgresql/<ver>/bin."""
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")
             if (p.parent / "postgres").exists()]
    if not found:
        return None
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def _ensure_server_bin() -> Path:
    """The server programs; installs them when allowed, otherwise fails or skips."""
    found = _server_bin()
    if found:
        return found
    if os.environ.get("BIMTEK_REQUIRE_POSTGRES") == "1":
        pytest.fail("PostgreSQL (initdb) tidak ada di /usr/lib/postgresql/*/bin "
                    f"(BIMTEK_REQUIRE_POSTGRES=1). Pasang dulu dengan: {ENSURE_HINT}")
    reason = f"PostgreSQL (initdb) tidak ada; pasang dengan: {ENSURE_HINT}"
    if os.geteuid() == 0:
        try:
            result = subprocess.run(["bash", str(ENSURE_SCRIPT)], capture_output=True, text=True,
                                    timeout=240, check=False)
        except subprocess.TimeoutExpired:
            reason += " (percobaan otomatis dengan ensure_postgres.sh melewati 240 detik)"
        else:
            found = _server_bin()
            if result.returncode == 0 and found:
                return found
            reason += (f" (percobaan otomatis dengan ensure_postgres.sh gagal, kode "
                       f"{result.returncode}: {(result.stderr or result.stdout).strip()[-300:]})")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> dict:
    """Popen arguments that run a program as the ``postgres`` system user when we are root.

    Like ``runuser -u postgres --``, but the child's process id is the program's own, so the
    server can be stopped by that id.
    """
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(f"Pengguna sistem 'postgres' tidak ada; pasang ulang dengan: {ENSURE_HINT}")
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@dataclass
class PostgresServer:
    port: int
    data_dir: Path
    process: subprocess.Popen
    log_path: Path
    _names = itertools.count(1)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres", timeout: int = 5):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                dbname=database, connect_timeout=timeout)

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        number = next(self._names)
        name = "bimtek_uji" if number == 1 else f"bimtek_uji_{number}"
        conn = self.connect()
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {name}")
        finally:
            conn.close()
        return self.url(name)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _stop(process: subprocess.Popen) -> None:
    """Stop the server by its process id: fast shutdown (SIGINT: ends open sessions; SIGTERM
    would wait for them), then immediate shutdown (SIGQUIT), then SIGKILL."""
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGKILL):
        if process.poll() is not None:
            return
        try:
            os.kill(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    """A PostgreSQL server of its own in a temporary folder, on 127.0.0.1 at a free port."""
    bin_dir = _ensure_server_bin()
    as_server = _as_server_user()
    # Not under pytest's tmp folder: that one is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="bimtek-pg-"))
    if "user" in as_server:
        os.chown(base, as_server["user"], as_server["group"])
    data_dir, log_path = base / "data", base / "postgres.log"
    process = None
    try:
        init = subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            capture_output=True, text=True, timeout=120, cwd=base, **as_server)
        if init.returncode != 0:
            pytest.fail(f"initdb gagal (kode {init.returncode}):\n{init.stderr[-2000:]}")
        port = _free_port()
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data_dir), "-k", str(base),
                 "-h", "127.0.0.1", "-p", str(port), "-c", "fsync=off",
                 "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                cwd=base, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, **as_server)
        server = PostgresServer(port=port, data_dir=data_dir, process=process, log_path=log_path)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"PostgreSQL berhenti saat mulai (kode {process.returncode}):\n"
                            f"{server.log_tail()}")
            try:
                server.connect(timeout=2).close()
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    pytest.fail(f"PostgreSQL tidak menerima sambungan dalam {START_TIMEOUT} "
                                f"detik:\n{server.log_tail()}")
                time.sleep(0.1)
        yield server
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server) -> str:
    """URL of a fresh, empty database, e.g. postgresql://postgres@127.0.0.1:PORT/bimtek_uji."""
    return postgres_server.create_database()
