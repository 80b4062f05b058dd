"""The track commands given broken arguments: one Indonesian line, no traceback, nothing
written."""
from __future__ import annotations

import subprocess
import sys

import pytest

BIMTEK = [sys.executable, "-m", "grader.cli"]


def run(*args):
    return subprocess.run([*BIMTEK, *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def one_line(proc, *expected: str) -> str:
    assert proc.returncode not in (0, None), proc.stdout
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both and "usage:" not in both, both
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "galat:" in lines[0], proc.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_verifikasi_outside_an_event_and_without_certificates(make_event, tmp_path):
    one_line(run("verifikasi", "ABCDE-23456", "--course", tmp_path), "bimtek init")
    one_line(run("verifikasi", "ABCDE-23456", "--course", make_event()), "bimtek report")


def test_jadwal_broken_arguments(make_event, tmp_path):
    one_line(run("jadwal"), "--jalur")
    one_line(run("jadwal", "--jalur", "provinsi"), "kota")
    one_line(run("jadwal", "--course", make_event()), "--jalur")
    one_line(run("jadwal", "--jalur", "kota", "--out", tmp_path), "nama berkas")
    one_line(run("jadwal", "--jalur", "kota", "--out", tmp_path / "tidak" / "ada.pdf"),
             "tidak ada")
    assert not (tmp_path / "tidak").exists()


@pytest.mark.parametrize("line, expected", [
    ("c.Bimtek.pita_gain = [0.9, 0.1]", "pita_gain"),
    ("c.Bimtek.batas_tes_akhir = 160", "batas_tes_akhir"),
    ("c.Bimtek.nomor_sertifikat = '{nomor}/SERT'", "nomor_sertifikat"),
])
def test_typo_in_the_track_settings(make_event, line, expected):
    """A wrong track setting is named by every command that reads the settings."""
    event = make_event()
    with (event / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")
    one_line(run("pengaturan", "--course", event), expected)


def test_unknown_track_in_the_settings(make_event, tmp_path):
    event = make_event()
    with (event / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write("\nc.Bimtek.jalur = 'provinsi'\n")
    one_line(run("report", "--out", tmp_path / "laporan", "--course", event), "c.Bimtek.jalur")
    assert not (tmp_path / "laporan").exists()
