"""`bimtek periksa`: every row ready on a set-up machine; each row missing, with its fix, when its
component is absent; `bimtek hub` stops with the row it needs."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from grader import periksa
from grader.course import open_course

BIMTEK = [sys.executable, "-m", "grader.cli"]
REPO = periksa.paths.REPO


def _path_without(*names: str) -> str:
    sys.path.insert(0, str(REPO / "tests" / "grade"))
    from sandbox_support import path_without
    return path_without(*names)


@pytest.mark.slow
def test_every_row_is_ready_after_set_up(make_event):
    """After scripts/siapkan-server.sh (on CI: scripts/test.sh's ensure_* steps), is every row
    ready, with the sandbox tried for real?"""
    event = make_event()
    rows = periksa.run(open_course(event))
    assert [r.key for r in rows] == list(periksa.CHECKS)
    assert all(r.ok for r in rows), periksa.render(rows)
    ready = {r.key for r in rows if r.status == periksa.SIAP}
    assert ready >= {"paket", "kotak_pasir", "autograde", "proksi", "pdf", "disk"}, ready
    sandbox = next(r for r in rows if r.key == "kotak_pasir").keterangan
    assert "1 + 1 = 2" in sandbox and "jaringan tertutup" in sandbox and "ditolak" in sandbox
    proc = subprocess.run([*BIMTEK, "periksa", "--course", str(event)], capture_output=True,
                          text=True, cwd=REPO)
    assert proc.returncode == 0 and "Semua komponen siap." in proc.stdout, proc.stdout + proc.stderr


def test_packages_row_names_a_wrong_version_and_the_fix(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# comment\nnumpy==0.0.1\n    # via pandas\ntidak-ada-paket==1.0\n")
    row = periksa.check_packages(lock=lock)
    assert row.status == periksa.KURANG
    assert "numpy" in row.keterangan and "0.0.1" in row.keterangan
    assert "tidak-ada-paket belum terpasang" in row.keterangan
    assert f"pip install -r {lock}" in row.keterangan


def test_packages_row_is_ready_for_the_installed_versions(tmp_path):
    from importlib import metadata
    lock = tmp_path / "requirements.lock"
    lock.write_text(f"numpy=={metadata.version('numpy')}\n")
    assert periksa.check_packages(lock=lock).status == periksa.SIAP


def test_sandbox_row_missing_names_bubblewrap_and_the_fix(make_event):
    course = open_course(make_event())
    course.settings.kotak_pasir_bwrap = "/tidak/ada/bwrap"
    for quick in (True, False):
        row = periksa.check_sandbox(course, quick=quick)
        assert row.status == periksa.KURANG
        assert "/tidak/ada/bwrap tidak ditemukan" in row.keterangan
        assert "siapkan-server.sh" in row.keterangan or "apt-get install bubblewrap" in row.keterangan


def test_autograde_row_missing_when_the_event_does_not_use_the_sandbox(make_event):
    event = make_event()
    config = event / "nbgrader_config.py"
    config.write_text(config.read_text().replace("c.Execute.kernel_manager_class", "# dihapus"))
    row = periksa.check_autograde(open_course(event))
    assert row.status == periksa.KURANG
    assert "c.Execute.kernel_manager_class = 'grader.grade.sandbox.SandboxKernelManager'" in row.keterangan
    assert periksa.check_autograde(open_course(make_event("lain"))).status == periksa.SIAP


def test_proxy_row_missing_names_npm(monkeypatch):
    monkeypatch.setenv("PATH", _path_without("configurable-http-proxy"))
    row = periksa.check_proxy()
    assert row.status == periksa.KURANG and "npm install -g configurable-http-proxy" in row.keterangan


def test_postgres_row_only_when_used_and_missing_names_the_fix(make_event):
    course = open_course(make_event())
    assert periksa.check_postgres(course).status == periksa.TIDAK_PERLU
    course.coursedir.db_url = "postgresql+psycopg2://bimtek:rahasia@127.0.0.1:1/bimtek"
    row = periksa.check_postgres(course)
    assert row.status == periksa.KURANG
    assert "systemctl start postgresql" in row.keterangan and "rahasia" not in row.keterangan


def test_pdf_row_missing_when_the_renderer_cannot_be_imported(monkeypatch):
    assert periksa.check_pdf().status == periksa.SIAP
    for module, _ in periksa.PDF_MODULES:
        monkeypatch.setitem(sys.modules, module, None)  # import now fails
    row = periksa.check_pdf()
    assert row.status == periksa.KURANG and "pip install -r" in row.keterangan


def test_disk_row_missing_below_the_minimum(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert periksa.check_disk().status == periksa.SIAP
    monkeypatch.setattr(periksa, "MIN_FREE_GB", 10 ** 9)
    row = periksa.check_disk()
    assert row.status == periksa.KURANG and "GB" in row.keterangan


def test_periksa_exits_non_zero_and_shows_the_fix(make_event):
    """Does `bimtek periksa` exit 1 and print the fix when a component is missing?"""
    event = make_event()
    with (event / "nbgrader_config.py").open("a") as handle:
        handle.write("\nc.Bimtek.kotak_pasir_bwrap = '/tidak/ada/bwrap'\n")
    proc = subprocess.run([*BIMTEK, "periksa", "--course", str(event)], capture_output=True,
                          text=True, cwd=REPO)
    assert proc.returncode == 1
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("Kotak pasir"))
    assert "KURANG" in line and "/tidak/ada/bwrap" in line
    assert "belum siap" in proc.stdout


def test_hub_stops_with_the_row_it_needs(make_event):
    """Does `bimtek hub` stop before preparing anything when configurable-http-proxy is missing?"""
    event = make_event()
    env = {**os.environ, "PATH": _path_without("configurable-http-proxy")}
    proc = subprocess.run([*BIMTEK, "hub", "--course", str(event)], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "configurable-http-proxy" in proc.stderr and "npm install" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (event / "akun_peserta.csv").exists()
