"""Does every module in the catalogue follow the conventions a test can check without a kernel?

Lesson frame, exercise conventions, one vocabulary between lesson and exercise, allowed
imports, no committed outputs, the declared mistakes, and the module's instructor files.
Run one module with `pytest tests/harness -k m11`.
"""
from __future__ import annotations

import re
import tomllib

import nbformat
import pytest

from grader import catalogue
from grader.simulate import mistakes as mistakes_mod
from grader.simulate.notebooks import apply

import harness_support as hs
from harness_support import MODULES, module_ids

CATALOGUE = catalogue.load()
MIN_AUTO_QUESTIONS = 4
HANDOUT_MAX_WORDS = 1200      # about two printed pages
TEST_ITEMS_MIN, TEST_ITEMS_MAX = 3, 5


def _notebooks(module):
    """The module's committed notebooks: lesson, solution, release."""
    return {"pelajaran": module.lesson_path, "solusi": module.solution,
            "rilis": module.release_dir / f"{module.assignment}.ipynb"}


# --- every notebook ------------------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_notebooks_are_valid_python3_with_cell_ids(module):
    """Is every notebook of the module a valid v4.5+ notebook with cell ids and the python3 kernel?"""
    for kind, path in _notebooks(module).items():
        nb = hs.read(path)
        assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), kind
        assert nb.metadata.kernelspec.name == "python3", kind
        assert all(cell.get("id") for cell in nb.cells), kind
        nbformat.validate(nb)


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_notebooks_are_committed_without_outputs(module):
    """Do the lesson, the solution and the release carry no outputs and no execution counts?"""
    dirty = {kind: [i for i, c in enumerate(hs.read(path).cells) if c.cell_type == "code"
                    and (c.outputs or c.execution_count is not None)]
             for kind, path in _notebooks(module).items()}
    assert not any(dirty.values()), f"sel dengan keluaran/nomor eksekusi: {dirty}"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_imports_only_allowed_modules(module):
    """Do the lesson, the exercise and the lesson helper import only pandas, numpy, matplotlib,
    ipywidgets, IPython.display, bimtek_peserta and the standard library?"""
    offending = {}
    for kind, path in _notebooks(module).items():
        for index, cell in enumerate(hs.read(path).cells):
            if cell.cell_type != "code":
                continue
            try:
                bad = sorted(m for m in hs.imported_modules(cell.source) if not hs.is_allowed(m))
            except SyntaxError:
                continue   # a release stub; the solution is parsed in full
            if bad:
                offending[f"{kind} sel {index}"] = bad
    if module.helper.is_file():
        bad = sorted(m for m in hs.imported_modules(module.helper.read_text(encoding="utf-8"))
                     if not hs.is_allowed(m) and not m.startswith("."))
        if bad:
            offending[str(module.helper.name)] = bad
    assert not offending, f"impor yang tidak diizinkan: {offending}"


# --- the lesson's frame --------------------------------------------------------------------

def _first_cell(module) -> str:
    nb = hs.read(module.lesson_path)
    assert nb.cells and nb.cells[0].cell_type == "markdown", "the lesson must open with markdown"
    return nb.cells[0].source


def _norm(text: str) -> str:
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower().rstrip(".;")


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_lesson_opens_with_title_jp_and_objectives(module):
    """Does the lesson's first cell give its title, its JP and, under a 'Tujuan' heading,
    every learning objective of the catalogue?"""
    first = _first_cell(module)
    heading = first.splitlines()[0]
    assert heading.startswith("# ") and f"M{module.number:02d}" in heading, heading
    assert _norm(module.title) in _norm(heading), (heading, module.title)
    assert re.search(rf"\b{module.jp:g} JP\b", first), f"'{module.jp:g} JP' missing"
    assert re.search(r"^#+ .*Tujuan", first, re.M | re.I), "no 'Tujuan' heading"
    text = _norm(first)
    missing = [o for o in module.objectives if _norm(o) not in text]
    assert not missing, f"objectives of the catalogue not in the lesson: {missing}"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_lesson_shows_the_catalogue_time_plan(module):
    """Does the lesson's first cell show each section of the catalogue's time plan with its
    minutes (so the plan a trainer reads is the one that adds up)?"""
    rows = [[_norm(c) for c in line.strip().strip("|").split("|")]
            for line in _first_cell(module).splitlines() if line.strip().startswith("|")]
    missing = [f"{s.title} ({s.minutes} menit)" for s in module.schedule
               if not any(row and _norm(s.title) in row[0] and f"{s.minutes} menit" in " ".join(row)
                          for row in rows)]
    assert not missing, f"sections of the catalogue's jadwal not in the lesson's table: {missing}"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_lesson_ends_with_rangkuman(module):
    """Is there a '## Rangkuman' section, followed by nothing but references?"""
    headings = [line[3:].strip() for cell in hs.read(module.lesson_path).cells
                if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("## ")]
    names = [_norm(h) for h in headings]
    assert "rangkuman" in names, headings
    after = names[names.index("rangkuman") + 1:]
    assert all(h in ("rujukan", "referensi") for h in after), headings


# --- the exercise --------------------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_exercise_grade_ids_follow_the_convention(module):
    """Are answer cells jawab_soalN, test cells uji_soalN_<aspek>, the one manually graded
    cell refleksi, and does every question have both an answer cell and tests?"""
    nb = hs.read(module.solution)
    answers, tests, manual = hs.answer_cells(nb), hs.test_cells(nb), hs.manual_cells(nb)
    assert [g for g in answers if not hs.ANSWER.match(g or "")] == []
    assert [g for g in tests if not hs.TEST.match(g or "")] == []
    assert {hs.question_of(g) for g in answers} == {hs.question_of(g) for g in tests}
    assert list(manual) == [hs.REFLECTION], list(manual)
    assert manual[hs.REFLECTION].cell_type == "markdown"
    other = [hs.grade_id(c) for c in nb.cells if hs.nbgrader_meta(c).get("task")]
    assert other == [], f"task cells are not used: {other}"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_exercise_has_four_auto_questions_and_a_reflection(module):
    """Does the exercise have at least four automatically graded questions and one manually
    graded reflection worth points?"""
    nb = hs.read(module.solution)
    points = hs.question_points(nb)
    assert len(points) >= MIN_AUTO_QUESTIONS, points
    assert all(p > 0 for p in points.values()), points
    reflection = hs.manual_cells(nb).get(hs.REFLECTION)
    assert reflection is not None and float(hs.nbgrader_meta(reflection).get("points", 0)) > 0


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_every_test_cell_has_a_visible_and_a_hidden_part(module):
    """Does every test cell start with a visible self-check and carry a hidden check?"""
    lacking = {}
    for gid, cell in hs.test_cells(hs.read(module.solution)).items():
        visible, hidden = hs.split_hidden(cell.source)
        if hs.HIDDEN_BEGIN not in cell.source or not hs.meaningful(hidden):
            lacking[gid] = "no hidden part"
        elif not hs.meaningful(visible):
            lacking[gid] = "no visible self-check"
    assert not lacking, lacking


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_points_stated_in_the_exercise_match_its_cells(module):
    """Do the points in the headings ('Soal N ... (P poin)', the reflection) and the total
    ('jumlah T poin') agree with the grade cells?"""
    nb = hs.read(module.solution)
    auto = hs.question_points(nb)
    reflection = float(hs.nbgrader_meta(hs.manual_cells(nb)[hs.REFLECTION]).get("points", 0))
    stated = {}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in re.finditer(r"^#+\s*Soal\s+(\d+)\b(.*?)\((\d+(?:[.,]\d+)?)\s*poin",
                                 cell.source, re.M | re.I):
            number, title, points = int(match.group(1)), match.group(2), float(match.group(3).replace(",", "."))
            stated[number] = (points, "refleksi" in title.lower())
    assert stated, "no 'Soal N ... (P poin)' headings"
    for number, (points, is_reflection) in stated.items():
        actual = reflection if is_reflection or number not in auto else auto[number]
        assert points == actual, f"Soal {number}: heading says {points:g}, cells give {actual:g}"
    assert set(auto) <= set(stated), f"questions without a heading: {set(auto) - set(stated)}"
    total = re.search(r"jumlah\s+(\d+)\s+poin", nb.cells[0].source, re.I)
    if total:
        assert float(total.group(1)) == sum(auto.values()) + reflection


# --- one vocabulary ------------------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_one_vocabulary_between_lesson_and_exercise(module):
    """Does every name the exercise expects (variables, given tables and constants, functions
    with their parameters in order, column keys, category labels) appear in the lesson with
    the same spelling?"""
    expected = hs.expected_vocabulary(hs.read(module.solution))
    identifiers, strings, funcs, defaults = hs.lesson_vocabulary(hs.read(module.lesson_path))
    missing = {
        "variabel": sorted(expected["variabel"] - identifiers),
        "nama_tersedia": sorted(expected["nama_tersedia"] - identifiers),
        "kolom": sorted(expected["kolom"] - strings),
        "label": sorted(expected["label"] - strings),
        "fungsi": [],
    }
    for name, params in expected["fungsi"].items():
        taught = funcs.get(name)
        if taught is None:
            missing["fungsi"].append(f"{name}({', '.join(params)}) not defined in the lesson")
        elif taught[:len(params)] != params or len(taught) - len(params) > defaults.get(name, 0):
            missing["fungsi"].append(f"{name}: exercise ({', '.join(params)}), "
                                     f"lesson ({', '.join(taught)})")
    missing = {kind: names for kind, names in missing.items() if names}
    assert not missing, f"names the exercise expects that the lesson does not use: {missing}"


# --- declared mistakes ---------------------------------------------------------------------

def _declared(module):
    return mistakes_mod.declared(module)


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_declared_mistakes_apply_to_the_solution(module):
    """Does every declared mistake (and breakage) change an answer cell of the solution, and
    name only questions that exist, with marks between 0 and the question's points?"""
    nb = hs.read(module.solution)
    answers = hs.solution_answers(nb)
    maxima = hs.question_points(nb)
    declared = _declared(module)
    assert declared.mistakes, f"{module.mistakes} declares no mistake"
    for name, mistake in declared.mistakes.items():
        assert name not in hs.RESERVED, f"{name} is a reserved scenario name"
        assert mistake.cell in answers, f"{name}: no answer cell {mistake.cell}"
        changed = apply(answers, [mistake])      # raises when the text no longer matches
        assert changed[mistake.cell] != answers[mistake.cell], f"{name} changes nothing"
        assert set(mistake.marks) <= set(maxima), f"{name}: unknown question in nilai"
        for question, marks in mistake.marks.items():
            assert 0 <= marks <= maxima[question], f"{name}: soal{question} = {marks}"
        assert sum(mistake.marks.get(q, full) for q, full in maxima.items()) < sum(maxima.values()), (
            f"{name} costs no marks: a declared mistake must lose points")
    for kind, breakage in mistakes_mod.breakages(declared, answers).items():
        assert breakage.cell in answers, f"[rusak] {kind}: no answer cell {breakage.cell}"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_every_question_has_two_partial_mistakes(module):
    """Does every automatically graded question have at least two declared mistakes that earn
    partial marks on it (more than 0, less than full)?"""
    maxima = hs.question_points(hs.read(module.solution))
    partial = {q: 0 for q in maxima}
    for mistake in _declared(module).mistakes.values():
        own = mistake.question()
        marks = mistake.marks.get(own, maxima.get(own, 0))
        if own in maxima and 0 < marks < maxima[own]:
            partial[own] += 1
    assert all(count >= 2 for count in partial.values()), partial


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_every_mistake_declares_what_the_participant_sees(module):
    """Does every declared mistake say which visible message it produces, or that only the
    hidden check catches it on purpose (with a reason)?"""
    undeclared = [name for name, m in _declared(module).mistakes.items()
                  if not m.visible and not m.hidden_on_purpose]
    assert not undeclared, (f"add pesan_terlihat (or tersembunyi_sengaja + alasan) in "
                            f"{module.mistakes}: {undeclared}")


# --- the module's other files --------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_instructor_notes_cover_timing_mistakes_and_rubric(module):
    """Does catatan_pengajar.md have sections on timing, typical mistakes and the reflection's
    rubric?"""
    text = module.instructor_notes.read_text(encoding="utf-8")
    headings = [line.lower() for line in text.splitlines() if line.startswith("#")]
    for words in (("jadwal", "waktu"), ("kesalahan",), ("rubrik",)):
        assert any(w in h for h in headings for w in words), f"no heading with {words}: {headings}"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_handout_is_short_with_a_glossary(module):
    """Is ringkasan.md at most about two printed pages, with a glossary?"""
    text = module.handout.read_text(encoding="utf-8")
    assert len(text.split()) <= HANDOUT_MAX_WORDS, len(text.split())
    assert re.search(r"^#+ .*(glosarium|istilah)", text, re.M | re.I), "no glossary heading"


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_test_items_are_tied_to_objectives(module):
    """Does butir_tes.toml hold 3-5 items per form (bentuk, e.g. A for the pre-test and B for
    the post-test), each tied to one of the module's objectives, with a question and a key
    (multiple choice: the key is one of at least three choices), and does every item's
    equivalent (setara) sit in another form with the same objective?"""
    items = tomllib.loads(module.test_items.read_text(encoding="utf-8")).get("butir", [])
    ids = [item.get("id") for item in items]
    assert items and len(set(ids)) == len(ids) and all(ids), ids
    by_id = dict(zip(ids, items))
    forms: dict[str, int] = {}
    for item in items:
        forms[item.get("bentuk", "A")] = forms.get(item.get("bentuk", "A"), 0) + 1
        name = item["id"]
        assert item.get("tujuan") in range(1, len(module.objectives) + 1), name
        assert str(item.get("pertanyaan", "")).strip() and str(item.get("kunci", "")).strip(), name
        assert item.get("jenis") in ("pilihan_ganda", "isian"), name
        if item["jenis"] == "pilihan_ganda":
            assert len(item.get("pilihan", [])) >= 3 and item["kunci"] in item["pilihan"], name
        if "setara" in item:
            twin = by_id.get(item["setara"])
            assert twin is not None and twin.get("bentuk", "A") != item.get("bentuk", "A"), name
            assert twin.get("tujuan") == item["tujuan"], name
    assert all(TEST_ITEMS_MIN <= n <= TEST_ITEMS_MAX for n in forms.values()), forms
