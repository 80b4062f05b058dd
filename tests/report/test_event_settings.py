"""The event's particulars for the official reports: asked by `bimtek init`, or given as
flags, written once into nbgrader_config.py and read back as settings."""
from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from grader import event_info
from grader.course import open_course
from grader.errors import BimtekError
from grader.settings import EVENT_SETTINGS, Bimtek


def test_every_event_setting_has_indonesian_help():
    traits = Bimtek.class_traits(config=True)
    for name in EVENT_SETTINGS:
        assert traits[name].help and "the " not in traits[name].help.lower(), name


def test_ask_repeats_a_wrong_answer_and_skips_given_ones(tmp_path):
    """At a terminal, is each missing setting asked, a wrong date asked again, and the given
    ones (here: the name) not asked?"""
    logo = tmp_path / "logo.png"
    Image.new("RGB", (50, 50), (0, 0, 0)).save(logo)
    answers = iter(["Bappeda Kota Tirtamarta", "Aula Bappeda", "10 Maret 2025", "2025-03-10",
                    "2025-03-14", "tiga puluh", "32", "PEMERINTAH KOTA TIRTAMARTA", "",
                    str(tmp_path / "tidak_ada.png"), str(logo), "Nama Saja",
                    "Dr. Hendra, M.Si.|197001011995031001|Kepala Bappeda|Mengetahui,", "",
                    "Tirtamarta"])
    asked, said = [], []

    def ask(prompt):
        asked.append(prompt)
        return next(answers)
    values = event_info.ask({"nama_kegiatan": "Bimtek Uji"}, ask=ask, say=said.append)
    assert not any(p.startswith("Nama kegiatan") for p in asked)
    assert values == {
        "nama_kegiatan": "Bimtek Uji", "penyelenggara": "Bappeda Kota Tirtamarta",
        "tempat": "Aula Bappeda", "tanggal_mulai": "2025-03-10", "tanggal_selesai": "2025-03-14",
        "jp": 32.0, "kop_baris": ["PEMERINTAH KOTA TIRTAMARTA"], "kop_logo": str(logo),
        "penandatangan": [{"nama": "Dr. Hendra, M.Si.", "nip": "197001011995031001",
                           "jabatan": "Kepala Bappeda", "keterangan": "Mengetahui,"}],
        "kota_ttd": "Tirtamarta"}
    assert any("TTTT-BB-HH" in line for line in said)          # the wrong date, explained
    assert any("tidak ditemukan" in line for line in said)     # the missing logo
    assert any("NAMA|NIP|JABATAN" in line for line in said)    # the signatory without NIP/jabatan


def test_ask_stops_at_end_of_input():
    def ask(prompt):
        raise EOFError
    assert event_info.ask({}, ask=ask, say=lambda text: None) == {}


def test_init_writes_the_settings_and_copies_the_logo(tmp_path):
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (80, 40), (10, 20, 30)).save(logo)
    values = {"nama_kegiatan": "Bimtek Uji", "penyelenggara": "Bappeda", "tempat": "Aula",
              "tanggal_mulai": "2025-03-10", "jp": 24.0, "kop_baris": ["PEMERINTAH KOTA X"],
              "kop_logo": str(logo), "kota_ttd": "X",
              "penandatangan": [event_info.parse_signatory("Ratna||Ketua Panitia")]}
    from grader.event import init_event
    course = init_event(tmp_path / "kegiatan", event=values)
    logo.unlink()   # the event keeps its own copy
    again = open_course(course.root).settings
    assert again.nama_kegiatan == "Bimtek Uji" and again.jp == 24.0
    assert again.event_dates()[0].isoformat() == "2025-03-10"
    assert again.event_dates()[1] == again.event_dates()[0]       # one-day event
    assert (course.root / again.kop_logo).is_file() and again.kop_logo == "kop_logo.jpg"
    assert again.penandatangan == [{"keterangan": "", "jabatan": "Ketua Panitia",
                                    "nama": "Ratna", "nip": ""}]
    text = (course.root / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "# Tempat kegiatan" in text and "c.Bimtek.tempat = 'Aula'" in text


@pytest.mark.parametrize("values, expected", [
    ({"tanggal_mulai": "2025-02-30"}, "TTTT-BB-HH"),
    ({"jp": -2.0}, "negatif"),
    ({"penandatangan": [{"nama": "A", "jabatan": "B", "pangkat": "C"}]}, "pangkat"),
])
def test_wrong_values_are_refused_before_anything_is_made(values, expected):
    with pytest.raises(BimtekError, match=expected):
        event_info.check(values)


def test_init_without_a_terminal_asks_nothing(tmp_path):
    """Run from a script (stdin not a terminal), does init finish without waiting and say
    which particulars are still empty?"""
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "init", str(tmp_path / "k"),
                           "--nama-kegiatan", "Bimtek Skrip"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Keterangan laporan yang masih kosong: penyelenggara" in proc.stdout
    assert open_course(tmp_path / "k").settings.nama_kegiatan == "Bimtek Skrip"
