"""Every command, given broken arguments, answers with one Indonesian line and no traceback.

Each case runs the real `bimtek` command in a subprocess, as an instructor would, and reads
what reaches the terminal: one line starting with the command's "galat:", no "Traceback",
no English usage text, nothing written where the command was refused.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli import build_parser

BIMTEK = [sys.executable, "-m", "grader.cli"]


def run(*args, cwd=None):
    return subprocess.run([*BIMTEK, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL, timeout=300)


def assert_one_line(proc, *expected: str) -> str:
    """The command failed with exactly one Indonesian line on stderr and no traceback."""
    assert proc.returncode not in (0, None), proc.stdout
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both and 'File "' not in both, both
    assert "usage:" not in both and "error:" not in both, both
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "galat:" in lines[0], lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def subcommands() -> list[list[str]]:
    """Every command and sub-action the parser knows (so a new one is covered too)."""
    parser = build_parser()
    found = []
    for action in parser._subparsers._group_actions:
        for name, sub in action.choices.items():
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            if nested:
                found += [[name, child] for child in nested[0].choices]
            else:
                found.append([name])
    return found


@pytest.mark.parametrize("command", subcommands(), ids=" ".join)
def test_unknown_option_of_every_command(command):
    """Does every command answer an unknown option with one line naming its help?"""
    line = assert_one_line(run(*command, "--opsi-yang-tidak-ada"))
    assert "--help" in line


def test_unknown_command():
    assert_one_line(run("nilai-semua"), "pilihan tidak sah")


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder that is not an event."""
    folder = tmp_path / "bukan_kegiatan"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("command", [
    ["grade", "m11_kurva_s"], ["report", "--out", "{tmp}/laporan"], ["pengaturan"],
    ["roster", "import", "{tmp}/peserta.csv"],
])
def test_commands_outside_an_event(command, outside, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    assert_one_line(run(*args, "--course", outside), "bimtek init")


@pytest.mark.parametrize("flags, expected", [
    (["--tanggal-mulai", "2025-13-01"], "tanggal_mulai"),
    (["--tanggal-mulai", "2025-03-14", "--tanggal-selesai", "2025-03-10"], "lebih awal"),
    (["--jp", "banyak"], "--jp"),
    (["--penandatangan", "Hanya Nama"], "NAMA|NIP|JABATAN"),
    (["--kop-logo", "/tidak/ada/logo.png"], "tidak ditemukan"),
])
def test_init_with_broken_event_settings_creates_nothing(tmp_path, flags, expected):
    target = tmp_path / "kegiatan"
    assert_one_line(run("init", target, "--tanpa-tanya", *flags), expected)
    assert not target.exists()


def test_init_on_a_file_and_on_a_non_image_logo(tmp_path):
    file = tmp_path / "catatan.txt"
    file.write_text("bukan folder", encoding="utf-8")
    assert_one_line(run("init", file, "--tanpa-tanya"), "bukan folder")
    assert_one_line(run("init", tmp_path / "baru", "--kop-logo", file), "PNG")
    assert not (tmp_path / "baru").exists()


def test_roster_import_broken_files(make_event, tmp_path):
    event = make_event()
    assert_one_line(run("roster", "import", tmp_path / "tidak_ada.xlsx", "--course", event),
                    "tidak ditemukan")
    pdf = tmp_path / "peserta.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert_one_line(run("roster", "import", pdf, "--course", event), ".xlsx")
    assert_one_line(run("roster", "import", tmp_path, "--course", event), "folder")
    assert_one_line(run("roster"), "roster import")


def test_grade_and_build_broken_arguments(make_event):
    event = make_event()
    assert_one_line(run("grade", "m99_tidak_ada", "--course", event), "m11_kurva_s")
    assert_one_line(run("grade", "m11_kurva_s", "--batas-waktu", "0", "--course", event),
                    "--batas-waktu")
    assert_one_line(run("build", "--tugas", "m99_tidak_ada"), "m99_tidak_ada")
    assert_one_line(run("demo", "--peserta", "nol"), "--peserta")


def test_report_broken_arguments(make_event, tmp_path):
    """--out pointing at a file, an output folder holding reports without --timpa, a wave
    nobody is in: each refused in one line, and nothing of the earlier report changed."""
    event = make_event()
    file = tmp_path / "catatan.txt"
    file.write_text("berkas", encoding="utf-8")
    assert_one_line(run("report", "--out", file, "--course", event), "bukan folder")
    out = tmp_path / "laporan"
    first = run("report", "--out", out, "--course", event)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert_one_line(run("report", "--out", out, "--course", event), "--timpa")
    assert_one_line(run("report", "--out", tmp_path / "lain", "--gelombang", "9",
                        "--course", event), "gelombang")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "lain").exists()


@pytest.mark.parametrize("line, expected", [
    ("c.Bimtek.batas_lulus = 70,5", "c.Bimtek.batas_lulus harus angka"),
    ("c.Bimtek.batas_lulu = 80", "Maksudnya c.Bimtek.batas_lulus"),
    ("c.Bimtek.jp = '32 JP'", "c.Bimtek.jp harus angka"),
    ("c.Bimtek.tanggal_mulai = '10 Maret 2025'", "TTTT-BB-HH"),
    ("c.Bimtek.penandatangan = [{'nama': 'Tanpa Jabatan'}]", "jabatan"),
    ("c.Bimtek.tempat = Aula Bappeda", "tidak dapat dibaca"),
    ("c.Bimtek.kop_logo = 'logo_hilang.png'", "tidak ditemukan"),
])
def test_typo_in_the_configuration(make_event, tmp_path, line, expected):
    """A mistake in nbgrader_config.py is named in one line, for every command reading it."""
    event = make_event()
    with (event / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")
    assert_one_line(run("report", "--out", tmp_path / "laporan", "--course", event), expected)
    assert not (tmp_path / "laporan").exists()
    if "logo" not in line:
        assert_one_line(run("pengaturan", "--course", event), expected)
