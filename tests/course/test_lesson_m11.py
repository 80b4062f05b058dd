"""Checks for the M11 lesson (course/m11_kurva_s.ipynb), its helper and its handout.

Built on tests/course/pelajaran.py, whose checks are generic; what is M11-specific here is
which figures the executed lesson must reproduce and which exercise steps it must practise.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import pelajaran
from bimtek_peserta import m11_kurva_s as helper
from bimtek_peserta.tampil import angka, persen, rupiah
from grader import catalogue

REPO = Path(__file__).resolve().parents[2]
MODULE = catalogue.load().module("m11_kurva_s")
LESSON = REPO / MODULE.lesson
COURSE = LESSON.parent
DATA = REPO / MODULE.dataset
HANDOUT = COURSE / MODULE.id / "ringkasan.md"
CELL_TIMEOUT_S = 120

def lesson() -> nbformat.NotebookNode:
    return pelajaran.read(LESSON)


def prose_cells(nb) -> list[tuple[int, str]]:
    """Markdown cells holding prose: all but the frame (first cell) and the references."""
    return [(i, src) for i, src in pelajaran.markdown_cells(nb)
            if i != 0 and not src.lstrip().startswith("## Rujukan")]


@pytest.fixture(scope="module")
def fakta() -> dict[str, str]:
    return helper.fakta(DATA)


# --------------------------------------------------------------------------- notebook form
# Notebook validity, no committed outputs, allowed imports and running top to bottom are
# checked for every lesson by tests/harness; what follows is specific to M11.

def test_only_teaching_code_is_shown():
    """Is every visible code cell short (display code lives in the helper module)?"""
    long_cells = {i: len(src.splitlines()) for i, src in pelajaran.code_cells(lesson())
                  if len(src.splitlines()) > 25}
    assert not long_cells, f"sel kode lebih dari 25 baris (pindahkan ke bimtek_peserta): {long_cells}"
    sources = "\n".join(src for _, src in pelajaran.code_cells(lesson()))
    for display_code in ("widgets.", "HTML(", "add_class", ".observe("):
        assert display_code not in sources, f"kode tampilan {display_code!r} ada di pelajaran"


def test_generator_is_not_mentioned_to_participants():
    """Do the lesson, the handout and the data card (all shipped to participants) never
    mention generate.py, which participants do not receive?"""
    for path in (LESSON, HANDOUT, DATA / "KARTU_DATA.md"):
        assert "generate.py" not in path.read_text(encoding="utf-8"), path


# --------------------------------------------------------------------------- figures in prose

def test_every_figure_in_the_prose_comes_from_fakta(fakta):
    """Is every figure in the lesson's prose one of the FAKTA computed from the data files?"""
    unknown = []
    for index, src in prose_cells(lesson()):
        unknown += pelajaran.unknown_figures(pelajaran.figures(src, f"sel {index}"), fakta.values())
    assert not unknown, "angka di teks yang tidak ada di FAKTA:\n" + "\n".join(
        f"  {f.where}: {f.text!r} … {f.context} …" for f in unknown)


def test_every_figure_in_the_handout_comes_from_fakta(fakta):
    """Is every figure in ringkasan.md one of the FAKTA computed from the data files?"""
    found = pelajaran.figures(HANDOUT.read_text(encoding="utf-8"), "ringkasan.md")
    unknown = pelajaran.unknown_figures(found, fakta.values())
    assert not unknown, "angka di ringkasan yang tidak ada di FAKTA:\n" + "\n".join(
        f"  {f.text!r} … {f.context} …" for f in unknown)


def test_a_stale_figure_is_caught(fakta):
    """Would a figure that no longer matches the data (e.g. 48,53% written as 48,35%) fail?"""
    cells = dict(prose_cells(lesson()))
    index, src = next((i, s) for i, s in cells.items() if fakta["rencana_kumulatif_laporan"] in s)
    stale = src.replace(fakta["rencana_kumulatif_laporan"], "48,35%")
    found = pelajaran.figures(stale, "basi")
    assert [f.text for f in pelajaran.unknown_figures(found, fakta.values())] == ["48,35%"]


def test_every_fakta_figure_is_quoted_somewhere(fakta):
    """Is every FAKTA row quoted in the lesson or the handout (no unused rows)?"""
    texts = {pelajaran._normalise(f.text) for _, src in prose_cells(lesson())
             for f in pelajaran.figures(src, "")}
    texts |= {pelajaran._normalise(f.text)
              for f in pelajaran.figures(HANDOUT.read_text(encoding="utf-8"), "")}
    unused = [name for name, text in fakta.items() if pelajaran._normalise(text) not in texts]
    assert not unused, f"baris FAKTA yang tidak dikutip di teks: {unused}"


def test_section_references_point_to_existing_sections():
    """Does every "bagian N" in the prose name a section "## N." of the lesson?"""
    nb = lesson()
    numbers = {int(m.group(1)) for h in pelajaran.headings(nb) if (m := re.match(r"(\d+)\.", h))}
    wrong = [(i, n) for i, src in pelajaran.markdown_cells(nb)
             for n in pelajaran.section_references(src) if n not in numbers]
    assert not wrong, f"rujukan ke bagian yang tidak ada (sel, bagian): {wrong}"


# --------------------------------------------------------------------------- time plan

def test_time_plan_adds_up_to_the_modules_jp():
    """Do the minutes per section (catalogue `jadwal` and the lesson's frame) sum to
    JP x minutes per JP, with one slot for the graded exercise?"""
    plan = MODULE.schedule
    assert plan, "silabus.toml: modul m11_kurva_s belum punya jadwal"
    total = MODULE.jp * catalogue.load().minutes_per_jp
    assert sum(row.minutes for row in plan) == total
    assert [row.title for row in plan if row.graded] == ["Tugas bernilai"]
    frame = lesson().cells[0].source
    assert f"{MODULE.jp:g} JP" in frame
    rows = pelajaran.plan_table(frame)
    assert [(r.section, r.minutes) for r in rows] == [(p.title, p.minutes) for p in plan]
    assert pelajaran.plan_total(frame) == total


def test_every_planned_section_is_a_heading_and_its_exercises_fit():
    """Is every planned section a "## " heading, and do its short exercises' minutes fit in it?"""
    nb = lesson()
    titles = pelajaran.headings(nb)
    plan = MODULE.schedule
    for row in plan:
        assert any(t.startswith(row.title) for t in titles), f"tidak ada judul ## {row.title}"
    minutes = {int(m.group(1)): row.minutes for row in plan
               if (m := re.match(r"(\d+)\.", row.title))}
    exercises = pelajaran.exercise_minutes(nb)
    assert exercises, "tidak ada latihan singkat"
    for section, items in exercises.items():
        assert section in minutes, f"latihan {items} di bagian {section} yang tidak ada di jadwal"
        assert sum(m for _, m in items) <= minutes[section], (section, items, minutes[section])


# --------------------------------------------------------------------------- practice first

def test_templates_and_worked_answers_agree():
    """Does filling the ___ of every template give its worked answer?"""
    pairs = pelajaran.templates_and_answers(lesson())
    assert len(pairs) >= 5
    wrong = [label for label, template, answer in pairs
             if not pelajaran.template_matches(template, answer)]
    assert not wrong, f"templat dan jawabannya tidak cocok: {wrong}"


def test_the_graded_exercises_harder_steps_are_practised_with_templates():
    """Are the functions with if/else and the .loc/.iloc[0] row selection practised first?"""
    templates = [t for _, t, _ in pelajaran.templates_and_answers(lesson())]
    assert any("def status_kontrak(rencana_kumulatif, realisasi_kumulatif):" in t and "if " in t
               for t in templates)
    assert any("def denda_keterlambatan(nilai_kontrak, hari_terlambat):" in t and "if " in t
               for t in templates)
    assert any(".loc[" in t and ".iloc[" in t for t in templates)
    assert any("status_laporan = status_kontrak(" in t for t in templates)


# --------------------------------------------------------------------------- interface names

# English label -> what the lesson writes; each must be the language pack's translation.
TRANSLATED = {
    "Restart Kernel and Run All Cells…": "Demulai Lagi Kernel dan Jalankan Semua Sel…",
    "Restart Kernel?": "Dimulai lagi kernel?",
    "Restart": "Dimulai Lagi",
    "Interrupt Kernel": "Interupsi Kernel",
    "Code": "Kode",
}
# Labels the lesson gives in English because the pack does not translate them.
UNTRANSLATED = ["Run Selected Cell", "Markdown", "Validate", "Submit", "Fetch"]


def test_interface_names_are_those_of_the_indonesian_jupyterlab():
    """Are the menu names in the lesson exactly what the room's language pack shows, with
    the English name beside them, and are the untranslated ones still untranslated?"""
    pack = pelajaran.language_pack_translations()
    text = "\n".join(src for _, src in pelajaran.markdown_cells(lesson()))
    for english, shown in TRANSLATED.items():
        assert pack.get(english) == shown, (english, pack.get(english))
        assert shown in text, f"pelajaran tidak menyebut {shown!r}"
    assert pack.get("Save %1") == "Simpan %1" and "Simpan Notebook" in text
    for english in UNTRANSLATED:
        assert english not in pack, f"{english!r} kini diterjemahkan menjadi {pack[english]!r}"
    # Top-level menus are translated in the "menu" context, which the pack does not have.
    assert not [key for key in pack if key.startswith("menu\x04")]
    assert "(*Restart Kernel and Run All Cells…*)" in text
    assert "NameError" in text and "kotak merah" in text.lower()
    assert "klik dua kali" in text.lower()        # how to edit a Markdown answer cell


# --------------------------------------------------------------------------- execution

DUMP = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "total_rab": float(total_rab), "deviasi_laporan": float(deviasi_laporan),
    "PV": float(PV), "EV": float(EV), "AC": float(AC), "SV": float(SV), "CV": float(CV),
    "SPI": float(SPI), "CPI": float(CPI), "EAC": float(EAC),
    "denda_12_hari": float(denda_12_hari), "hari_terlambat": int(hari_terlambat),
    "realisasi_keuangan": float(realisasi_keuangan),
    "status_minggu_laporan": status_kontrak(baris_laporan["rencana_kumulatif"],
                                            baris_laporan["realisasi_kumulatif"]),
    "BATAS_RENCANA": BATAS_RENCANA, "BATAS_AWAL": BATAS_AWAL, "BATAS_AKHIR": BATAS_AKHIR,
    "TARIF_DENDA": TARIF_DENDA, "BATAS_KESEMPATAN_HARI": BATAS_KESEMPATAN_HARI,
    "PERIODE_TERMIN": PERIODE_TERMIN, "fakta_rows": len(FAKTA),
}))
"""


@pytest.fixture(scope="module")
def executed():
    """The lesson run top to bottom (cwd course/), then every worked answer, then a dump of
    its figures; returns (notebook, dumped values)."""
    return pelajaran.execute_with_answers(lesson(), COURSE, DUMP, CELL_TIMEOUT_S)


@pytest.mark.slow
def test_lesson_writes_nothing_to_stderr(executed):
    """Does the lesson run with nothing on stderr (no warning box for a participant's Run All;
    the browser test asserts the same in JupyterLab)?"""
    nb, first_extra, _ = executed
    bad = [(i, o.output_type, o.get("name")) for i, cell in enumerate(nb.cells[:first_extra])
           if cell.cell_type == "code" for o in cell.outputs
           if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert not bad, f"sel dengan galat atau stderr: {bad}"


@pytest.mark.slow
def test_no_numpy_type_names_are_shown_to_participants(executed):
    """Does no output (lesson or worked answer) show a numpy repr such as np.int64(10)?"""
    nb, _, _ = executed
    shown = [(i, text) for i, cell in enumerate(nb.cells[:-1]) if cell.cell_type == "code"
             for o in cell.outputs
             for text in [o.get("text", "") + o.get("data", {}).get("text/plain", "")]
             if re.search(r"\bnp\.(int|float)\d*\(", text)]
    assert not shown, f"keluaran dengan nama tipe numpy: {shown}"


@pytest.mark.slow
def test_worked_answers_run_in_the_lesson(executed):
    """Does every worked answer in the lesson run after the lesson without an error?"""
    nb, first_extra, _ = executed
    answers = nb.cells[first_extra:-1]
    assert len(answers) >= 8
    bad = [cell.metadata["jawaban"] for cell in answers
           if any(o.output_type == "error" for o in cell.outputs)]
    assert not bad, f"jawaban latihan yang galat: {bad}"


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta(executed, fakta):
    """Do the figures the lesson's code computes equal FAKTA (and so the prose)?"""
    _, _, v = executed
    assert rupiah(v["total_rab"]) == fakta["nilai_kontrak"]
    assert persen(v["deviasi_laporan"]) == fakta["deviasi_laporan"]
    for name in ("PV", "EV", "AC", "SV", "CV", "EAC"):
        assert rupiah(v[name]) == fakta[name], name
    assert angka(v["SPI"], 3) == fakta["SPI"] and angka(v["CPI"], 3) == fakta["CPI"]
    assert rupiah(v["denda_12_hari"]) == fakta["denda_12_hari"]
    assert str(v["hari_terlambat"]) == fakta["perkiraan_hari_terlambat"]
    assert persen(v["realisasi_keuangan"]) == fakta["realisasi_keuangan"]
    plan, real = (pd.read_csv(DATA / f) for f in ("rencana_mingguan.csv", "realisasi_mingguan.csv"))
    week = json.loads((DATA / "kontrak.json").read_text(encoding="utf-8"))["minggu_laporan"]
    planned = plan.loc[plan["minggu"] <= week, "rencana_persen"].sum()
    late = planned - real.loc[real["minggu"] <= week, "realisasi_persen"].sum()
    limit = helper.BATAS_AWAL if planned < helper.BATAS_RENCANA else helper.BATAS_AKHIR
    assert v["status_minggu_laporan"] == ("kritis" if late > limit else "tidak kritis")
    for name in ("BATAS_RENCANA", "BATAS_AWAL", "BATAS_AKHIR", "TARIF_DENDA",
                 "BATAS_KESEMPATAN_HARI", "PERIODE_TERMIN"):
        assert v[name] == getattr(helper, name), name
    assert v["fakta_rows"] == len(fakta)
