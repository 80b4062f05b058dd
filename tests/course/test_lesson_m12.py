"""Checks for the M12 lesson (course/m12_risiko.ipynb): its time plan, its templates, what it
shows participants when run top to bottom, and that its own computed figures equal FAKTA.

Prose figures against FAKTA and the schedule against brute force are in
tests/modules/test_m12_risiko.py; generic lesson checks are in tests/harness.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import pelajaran
from bimtek_peserta import m12_risiko as helper
from grader import catalogue

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = catalogue.load()
MODULE = CATALOGUE.module("m12_risiko")
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
    """Are the band function with if/elif and the indicator-without-target selection practised
    with templates before the graded exercise?"""
    templates = [t for _, t, _ in pelajaran.templates_and_answers(lesson())]
    assert any("def tingkat_risiko(level):" in t and "elif" in t for t in templates)
    assert any("tanpa_target = ada_indikator[" in t for t in templates)
    assert len(templates) >= 4


DUMP = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "lima_teratas": lima_teratas, "masih_tinggi": masih_tinggi, "yatim": yatim,
    "tanpa_indikator": tanpa_indikator, "tanpa_target": tanpa_target,
    "tanpa_pemilik": tanpa_pemilik, "jumlah": int(matriks.to_numpy().sum()),
    "tingkat": {k: v for k, v in risiko["tingkat"].items()}, "fakta_rows": len(FAKTA),
}))
"""


@pytest.fixture(scope="module")
def executed():
    """The lesson run top to bottom (cwd course/), then every worked answer, then a dump."""
    return pelajaran.execute_with_answers(lesson(), COURSE, DUMP, CELL_TIMEOUT_S)


@pytest.mark.slow
def test_lesson_writes_nothing_to_stderr_and_shows_no_numpy_names(executed):
    """Does the lesson (and every worked answer) run without an error, nothing on stderr, and
    no numpy repr shown to participants?"""
    pelajaran.assert_clean_run(executed[0])


def _words(text: str) -> list[str]:
    return text.replace(" dan ", ", ").split(", ")


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta(executed):
    """Do the lists the lesson's code computes equal FAKTA (and so the prose)?"""
    _, _, v = executed
    f = helper.fakta(DATA)
    risiko, _ = helper.baca_data(DATA)
    assert v["lima_teratas"] == _words(f["lima_teratas"])
    assert v["masih_tinggi"] == _words(f["masih_tinggi"])
    assert v["yatim"] == _words(f["yatim"])
    assert v["tanpa_indikator"] == _words(f["tanpa_indikator"])
    assert v["tanpa_target"] == _words(f["tanpa_target"])
    assert v["tanpa_pemilik"] == _words(f["tanpa_pemilik"])
    assert v["jumlah"] == int(f["jumlah_risiko"]) == len(risiko)
    assert v["tingkat"] == {k: helper.tingkat(l * d) for k, l, d in
                            zip(risiko.index, risiko["kemungkinan"], risiko["dampak"])}
    assert v["fakta_rows"] == len(f)
