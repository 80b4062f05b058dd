"""Is the M11 exercise graded as intended? One batch of simulated submissions, graded once.

The solution must get full automatic marks, the untouched notebook 0, each typical mistake
exactly the per-question marks stated here, and broken submissions the right status.
The correct answers themselves are computed from the data by the notebook's hidden tests.
"""
from __future__ import annotations

import re
import warnings
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grader import statuses
from grader.course import open_course
from grader.grade import grade
from grader.simulate import m11_kurva_s as m11
from grader.simulate.notebooks import apply, corrupt, fill, solution_answers, write

pytestmark = pytest.mark.slow

ASSIGNMENT = m11.ASSIGNMENT
NOTEBOOK = "m11_kurva_s"

# Intended marks per question for each typical mistake (questions not listed: full marks).
# Cascades are intended too: a wrong column used later costs the later check.
INTENDED = {
    "soal1_pecahan": {1: 1},
    "soal1_dibulatkan": {1: 1},
    "soal1_total_harga_satuan": {1: 0},
    "soal2_tanda_terbalik": {2: 2},
    "soal2_realisasi_tidak_kumulatif": {2: 1, 3: 3, 4: 2},
    "soal3_mingguan": {3: 3},
    "soal3_tanpa_label": {3: 3},
    "soal4_satu_batas": {4: 2},
    "soal4_lebih_sama_dengan": {4: 2},
    "soal5_persen": {5: 1},
    "soal5_hari_negatif": {5: 2},
    "soal6_indeks_terbalik": {6: 2},
    "soal6_pv_mingguan": {6: 1},
}


def question(grade_id: str) -> int | None:
    match = re.search(r"soal(\d+)", grade_id)
    return int(match.group(1)) if match else None


@pytest.fixture(scope="module")
def graded(event_template, tmp_path_factory):
    """Grade every scenario in one event; return (run, per-participant per-question scores)."""
    import shutil
    root = tmp_path_factory.mktemp("m11") / "kegiatan"
    shutil.copytree(event_template, root)
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    release_path = root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    release = nbformat.read(release_path, as_version=4)
    answers = solution_answers(source)

    scenarios = {"solusi": answers, "kosong": {}}
    for name, mistake in m11.MISTAKES.items():
        scenarios[name] = apply(answers, [mistake])
    scenarios["salah_ketik"] = {**answers, m11.SYNTAX_ERROR[0]: m11.SYNTAX_ERROR[1]}
    scenarios["loop_tanpa_akhir"] = {**answers, m11.ENDLESS_LOOP[0]: m11.ENDLESS_LOOP[1]}
    scenarios["kernel_berhenti"] = {**answers, "jawab_soal5": "import os\nos._exit(1)\n"}

    submitted = root / "submitted"
    for student, answer_set in scenarios.items():
        write(fill(release, answer_set), submitted / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    corrupt(submitted / "rusak" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", release_path)

    course = open_course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        for student in [*scenarios, "rusak", "absen"]:
            gb.update_or_create_student(student, first_name=student)
    run = grade(course=course, assignment=ASSIGNMENT, timeout=5, progress=False)

    per_question: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    maxima: dict[int, float] = defaultdict(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            for nb in gb.find_assignment(ASSIGNMENT).notebooks:
                for cell in nb.grade_cells:
                    if question(cell.name):
                        maxima[question(cell.name)] += cell.max_score
            for student in scenarios:
                try:
                    nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
                except Exception:
                    continue
                for g in nb.grades:
                    if question(g.name):
                        per_question[student][question(g.name)] += g.score
    return run, per_question, dict(maxima)


def result(run, student):
    return next(r for r in run.results if r.student_id == student)


def test_solution_gets_full_automatic_marks(graded):
    """Does the instructor's solution score every automatic point?"""
    run, scores, maxima = graded
    assert dict(scores["solusi"]) == maxima
    assert sum(maxima.values()) == 20
    assert result(run, "solusi").status == statuses.PERLU_PENILAIAN_MANUAL


def test_untouched_notebook_scores_zero(graded):
    """Does the untouched release notebook score 0 without crashing the grader?"""
    run, scores, maxima = graded
    assert all(v == 0 for v in scores["kosong"].values())
    assert set(scores["kosong"]) == set(maxima)
    assert result(run, "kosong").status == statuses.DINILAI
    assert result(run, "kosong").score == 0


@pytest.mark.parametrize("mistake", sorted(INTENDED))
def test_typical_mistake_gets_intended_marks(graded, mistake):
    """Does each typical mistake cost exactly the marks we intend, question by question?"""
    _run, scores, maxima = graded
    expected = {q: INTENDED[mistake].get(q, full) for q, full in maxima.items()}
    assert dict(scores[mistake]) == expected


def test_every_question_has_two_partial_mistakes():
    """Does every question have at least two typical mistakes that earn partial marks?"""
    partial = defaultdict(int)
    for name, marks in INTENDED.items():
        own = int(re.search(r"soal(\d+)", name).group(1))
        if 0 < marks[own]:
            partial[own] += 1
    assert all(partial[q] >= 2 for q in range(1, 7)), dict(partial)


def test_syntax_error_costs_only_its_question(graded):
    """Is a syntax error graded, with the reason named, and other questions still scored?"""
    run, scores, _ = graded
    r = result(run, "salah_ketik")
    assert r.status == statuses.PERLU_PENILAIAN_MANUAL
    assert "SyntaxError" in r.reason and "jawab_soal2" in r.reason
    assert scores["salah_ketik"][2] == 0
    assert scores["salah_ketik"][1] == 3 and scores["salah_ketik"][5] == 3


def test_endless_loop_times_out(graded):
    """Is an endless loop stopped, reported as waktu_habis, and the rest still graded?"""
    run, scores, _ = graded
    r = result(run, "loop_tanpa_akhir")
    assert r.status == statuses.WAKTU_HABIS
    assert "jawab_soal5" in r.reason
    assert scores["loop_tanpa_akhir"][5] == 0 and scores["loop_tanpa_akhir"][6] == 4


def test_corrupt_file_is_reported_not_graded(graded):
    """Is a half-copied notebook reported as berkas_rusak, with a reason, and not as a 0 answer?"""
    run, _, _ = graded
    r = result(run, "rusak")
    assert r.status == statuses.BERKAS_RUSAK
    assert "JSON" in r.reason


def test_kernel_death_is_reported(graded):
    """Is a notebook that kills its kernel reported as kernel_mati?"""
    run, _, _ = graded
    assert result(run, "kernel_berhenti").status == statuses.KERNEL_MATI


def test_missing_submission_is_reported(graded):
    """Is a participant without a submission listed as tidak_mengumpulkan?"""
    run, _, _ = graded
    assert result(run, "absen").status == statuses.TIDAK_MENGUMPULKAN
    assert len(run.results) == len(INTENDED) + 7
