"""Checks for the M10 lesson (course/m10_jadwal.ipynb): its time plan, its templates, what it
shows participants when run top to bottom, and that its own computed figures equal FAKTA.

Prose figures against FAKTA and the schedule against brute force are in
tests/modules/test_m10_jadwal.py; generic lesson checks are in tests/harness.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import pelajaran
from bimtek_peserta import m10_jadwal as helper
from bimtek_peserta.tampil import tanggal
from grader import catalogue

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = catalogue.load()
MODULE = CATALOGUE.module("m10_jadwal")
LESSON = REPO / MODULE.lesson
COURSE = LESSON.parent
DATA = REPO / MODULE.dataset
HANDOUT = COURSE / MODULE.id / "ringkasan.md"
CELL_TIMEOUT_S = 120


def lesson() -> nbformat.NotebookNode:
    return pelajaran.read(LESSON)


def test_only_teaching_code_is_shown():
    """Is every visible code cell short, with display code kept in the helper module?"""
    pelajaran.assert_only_teaching_code(lesson())


def test_generator_is_not_mentioned_to_participants():
    """Do the lesson, the handout and the data card never mention generate.py?"""
    for path in (LESSON, HANDOUT, DATA / "KARTU_DATA.md"):
        assert "generate.py" not in path.read_text(encoding="utf-8"), path


def test_time_plan_adds_up_and_exercises_fit_their_sections():
    """Do the minutes add up to 3 JP with one graded slot, and do the short exercises of each
    section fit in its minutes?"""
    pelajaran.assert_time_plan(MODULE, CATALOGUE, lesson())


def test_section_references_point_to_existing_sections():
    """Does every "bagian N" in the lesson name a section "## N."?"""
    pelajaran.assert_section_references_exist(lesson())


def test_templates_and_worked_answers_agree():
    """Does filling the ___ of every template give its worked answer?"""
    pelajaran.assert_templates_match_answers(lesson())


def test_the_graded_exercises_harder_steps_are_practised_with_templates():
    """Are the backward pass, the duration and date, and the slip function practised first?"""
    templates = [t for _, t, _ in pelajaran.templates_and_answers(lesson())]
    assert any("reversed(kegiatan.index)" in t and ".min()" in t for t in templates)
    assert any("durasi_proyek = kegiatan[" in t and "pd.Timedelta" in t for t in templates)
    assert any("def durasi_bila_terlambat(kode, hari_terlambat):" in t and "if " in t
               for t in templates)


DUMP = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "total_biaya": int(total_biaya), "durasi_proyek": int(durasi_proyek),
    "tanggal_selesai": str(tanggal_selesai.date()), "kegiatan_kritis": kegiatan_kritis,
    "hari_ini": int(hari_ini), "slip_lewat": int(durasi_bila_terlambat("I", 6)),
    "slip_kritis": int(durasi_bila_terlambat("G", 7)),
    "tf": {k: int(v) for k, v in kegiatan["total_float"].items()},
    "ff": {k: int(v) for k, v in kegiatan["free_float"].items()},
    "minggu": len(rencana), "fakta_rows": len(FAKTA),
}))
"""


@pytest.fixture(scope="module")
def executed():
    """The lesson run top to bottom (cwd course/), then every worked answer, then a dump."""
    return pelajaran.execute_with_answers(lesson(), COURSE, DUMP, CELL_TIMEOUT_S)


@pytest.mark.slow
def test_lesson_writes_nothing_to_stderr_and_shows_no_numpy_names(executed):
    """Does the lesson (and every worked answer) run without an error, nothing on stderr, and
    no numpy repr such as np.int64(116) shown to participants?"""
    pelajaran.assert_clean_run(executed[0])


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta(executed):
    """Do the figures the lesson's code computes equal FAKTA (and so the prose)?"""
    _, _, v = executed
    f = helper.fakta(DATA)
    _, _, kegiatan = helper.baca_proyek(DATA)
    j = helper.jadwal(kegiatan)
    assert f["total_biaya"] == f"Rp {v['total_biaya']:,}".replace(",", ".")
    assert f["durasi_proyek"] == str(v["durasi_proyek"])
    assert f["tanggal_selesai"] == tanggal(v["tanggal_selesai"])
    assert f["jalur_kritis"] == " – ".join(v["kegiatan_kritis"])
    assert f["hari_ini"] == str(v["hari_ini"])
    assert f["durasi_slip_lewat"] == str(v["slip_lewat"])
    assert f["durasi_slip_kritis"] == str(v["slip_kritis"])
    assert v["tf"] == {k: int(x) for k, x in j["total_float"].items()}
    assert v["ff"] == {k: int(x) for k, x in j["free_float"].items()}
    assert f["jumlah_minggu"] == str(v["minggu"])
    assert v["fakta_rows"] == len(f)
