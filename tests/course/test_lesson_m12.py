"""Checks for the M12 lesson (course/m12_risiko.ipynb): its time plan, its templates, what it
shows participants when run top to bottom, and that its own computed figures equal FAKTA.

Prose figures against FAKTA and the schedule against brute force are in
tests/modules/test_m12_risiko.py; generic lesson checks are in tests/harness.
"""
from __future__ import annotations

import json
import re
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
    long_cells = {i: len(src.splitlines()) for i, src in pelajaran.code_cells(lesson())
                  if len(src.splitlines()) > 25}
    assert not long_cells, f"sel kode lebih dari 25 baris: {long_cells}"
    sources = "\n".join(src for _, src in pelajaran.code_cells(lesson()))
    for display_code in ("widgets.", "HTML(", "add_class", ".observe("):
        assert display_code not in sources, display_code


def test_generator_is_not_mentioned_to_participants():
    """Do the lesson, the handout and the data card never mention generate.py?"""
    for path in (LESSON, HANDOUT, DATA / "KARTU_DATA.md"):
        assert "generate.py" not in path.read_text(encoding="utf-8"), path


def test_time_plan_adds_up_and_exercises_fit_their_sections():
    """Do the minutes add up to 3 JP with one graded slot, and do the short exercises of each
    section fit in its minutes?"""
    plan = MODULE.schedule
    assert sum(r.minutes for r in plan) == MODULE.jp * CATALOGUE.minutes_per_jp
    assert [r.title for r in plan if r.graded] == ["Tugas bernilai"]
    frame = lesson().cells[0].source
    assert [(r.section, r.minutes) for r in pelajaran.plan_table(frame)] == [
        (p.title, p.minutes) for p in plan]
    minutes = {int(m.group(1)): r.minutes for r in plan if (m := re.match(r"(\d+)\.", r.title))}
    for section, items in pelajaran.exercise_minutes(lesson()).items():
        assert sum(m for _, m in items) <= minutes[section], (section, items)


def test_section_references_point_to_existing_sections():
    """Does every "bagian N" in the lesson name a section "## N."?"""
    nb = lesson()
    numbers = {int(m.group(1)) for h in pelajaran.headings(nb) if (m := re.match(r"(\d+)\.", h))}
    wrong = [(i, n) for i, src in pelajaran.markdown_cells(nb)
             for n in pelajaran.section_references(src) if n not in numbers]
    assert not wrong, wrong


def test_templates_and_worked_answers_agree():
    """Does filling the ___ of every template give its worked answer?"""
    pairs = pelajaran.templates_and_answers(lesson())
    assert len(pairs) >= 5
    wrong = [label for label, t, a in pairs if not pelajaran.template_matches(t, a)]
    assert not wrong, wrong


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
    from nbclient import NotebookClient

    nb = lesson()
    first_extra = len(nb.cells)
    for label, code in pelajaran.worked_answers(nb):
        cell = nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n" + code)
        cell.metadata["jawaban"] = label
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell(DUMP))
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(COURSE)}})
    client.execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return nb, first_extra, json.loads(out.split("@@FAKTA@@", 1)[1])


@pytest.mark.slow
def test_lesson_writes_nothing_to_stderr_and_shows_no_numpy_names(executed):
    """Does the lesson (and every worked answer) run without an error, nothing on stderr, and
    no numpy repr shown to participants?"""
    nb, _, _ = executed
    bad = [(i, o.output_type) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"
           for o in c.outputs
           if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert not bad, bad
    shown = [(i, text) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"
             for o in c.outputs
             for text in [o.get("text", "") + o.get("data", {}).get("text/plain", "")]
             if re.search(r"\bnp\.(int|float|str_)\d*\(", text)]
    assert not shown, shown


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
