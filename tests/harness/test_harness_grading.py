"""Is every module's exercise graded as intended? All scenarios of a module in one grading run.

The solution gets every automatic point; the untouched release 0 (tidak_dikerjakan); each
declared mistake exactly its declared marks per question, with the visible message it
declares (no silent losses); a syntax error, an endless loop and a dying kernel the right
status, costing only what depends on the broken cell. See conftest.py for the scenarios.
Run one module with `pytest tests/harness -k m11`.
"""
from __future__ import annotations

import re

import pytest

from grader import statuses

import harness_support as hs
from grader.simulate import mistakes as mistakes_mod

pytestmark = pytest.mark.slow

PYTHON_ERROR = re.compile(r"Traceback|\b[A-Z][A-Za-z]*(Error|Exception)\b")


def test_gradebook_points_match_the_notebook(graded):
    """Did nbgrader record the same points per question as the exercise's cells state?"""
    assert graded.gradebook_maxima == graded.maxima


def test_solution_gets_full_automatic_marks(graded):
    """Does the instructor's solution score every automatic point, with status dinilai and
    every check cell passed?"""
    outcome = graded[hs.SOLUTION]
    assert outcome.per_question == graded.maxima
    assert outcome.status == statuses.DINILAI, outcome.reason
    assert outcome.cells and all(c.get("lulus") and c.get("tahap") == "lulus"
                                 for c in outcome.cells.values()), outcome.cells


def test_untouched_notebook_scores_zero(graded):
    """Does the untouched release score 0 and get status tidak_dikerjakan, without crashing?"""
    outcome = graded[hs.UNTOUCHED]
    assert outcome.status == statuses.TIDAK_DIKERJAKAN, outcome.reason
    assert outcome.score == 0
    assert set(outcome.per_question) == set(graded.maxima), outcome.per_question
    assert all(v == 0 for v in outcome.per_question.values()), outcome.per_question


def test_typical_mistake_gets_intended_marks(graded, mistake):
    """Does the declared mistake cost exactly the declared marks, question by question, with
    the written reflection waiting for the instructor?"""
    declared = graded.mistakes[mistake]
    outcome = graded[mistake]
    expected = {q: declared.marks.get(q, full) for q, full in graded.maxima.items()}
    assert outcome.status == statuses.PERLU_PENILAIAN_MANUAL, (declared.description, outcome.reason)
    assert outcome.per_question == expected, declared.description


def test_typical_mistake_shows_its_message(graded, mistake):
    """Is the declared visible message the first one the participant meets running the
    notebook top to bottom (no silent loss: a mistake that passes every visible check yet
    loses points must be declared hidden on purpose), and does no self-check crash with a
    Python error?"""
    declared = graded.mistakes[mistake]
    cells = graded[mistake].cells
    assert cells, "no verdict metadata in the autograded notebook"
    visible = {gid: c.get("pesan_terlihat") for gid, c in cells.items() if c.get("tahap") == "terlihat"}
    crashed = {gid: c.get("galat") for gid, c in cells.items() if c.get("galat")}
    assert not crashed, f"self-checks stopped with a Python error (a traceback for the participant): {crashed}"
    for gid, message in visible.items():
        assert message and not PYTHON_ERROR.search(message), (gid, message)
    if declared.hidden_on_purpose:
        assert not visible, (f"declared hidden on purpose, but a visible check catches it: "
                             f"{visible}; declare pesan_terlihat instead")
        return
    assert visible, (f"silent loss: '{declared.description}' passes every visible check and "
                     f"loses points only in hidden checks ({ {g: c.get('pesan') for g, c in cells.items() if not c.get('lulus')} }); "
                     "strengthen the self-check or declare tersembunyi_sengaja with alasan")
    first = next(iter(visible.values()))     # the first red box, running top to bottom
    assert declared.visible is not None, f"declare pesan_terlihat; the participant sees: {visible}"
    assert declared.visible in first, (
        f"declared pesan_terlihat {declared.visible!r} is not in the first message the "
        f"participant meets ({first!r}); all visible messages: {visible}")


def _later_independent(graded, cell: str) -> list[int]:
    """Questions after the broken cell's that use nothing it defines (directly or through a
    question in between): they must keep full marks."""
    question = hs.question_of(cell)
    changed = hs.modified_names(graded.answers[cell])
    independent = []
    for later in sorted(q for q in graded.maxima if q > question):
        answer = graded.answers.get(f"jawab_soal{later}", "")
        used = hs.referenced_names(answer)
        for gid, source in graded.test_sources.items():
            if hs.question_of(gid) == later:
                used |= hs.referenced_names(source)
        if used & changed:
            changed |= hs.modified_names(answer)
        else:
            independent.append(later)
    return independent


def _costs_only_its_question(graded, scenario: str) -> None:
    breakage = graded.breakages[scenario]
    question = hs.question_of(breakage.cell)
    scores = graded[scenario].per_question
    assert scores[question] == 0, scores
    earlier = {q: scores[q] for q in graded.maxima if q < question}
    assert earlier == {q: graded.maxima[q] for q in earlier}, scores
    later = _later_independent(graded, breakage.cell)
    assert {q: scores[q] for q in later} == {q: graded.maxima[q] for q in later}, (later, scores)


def test_syntax_error_costs_only_its_question(graded):
    """Is a syntax error graded (dinilai), with the cell and SyntaxError named, its question
    0 and every question that does not depend on it still scored in full?"""
    outcome = graded[mistakes_mod.SYNTAX_ERROR]
    cell = graded.breakages[mistakes_mod.SYNTAX_ERROR].cell
    assert outcome.status == statuses.DINILAI, outcome.reason
    assert "SyntaxError" in outcome.reason and cell in outcome.reason
    assert outcome.score < sum(graded.maxima.values())
    _costs_only_its_question(graded, mistakes_mod.SYNTAX_ERROR)


def test_endless_loop_times_out(graded):
    """Is an endless loop stopped and reported as waktu_habis naming the cell, with the rest
    still graded?"""
    outcome = graded[mistakes_mod.ENDLESS_LOOP]
    assert outcome.status == statuses.WAKTU_HABIS, outcome.reason
    assert graded.breakages[mistakes_mod.ENDLESS_LOOP].cell in outcome.reason
    _costs_only_its_question(graded, mistakes_mod.ENDLESS_LOOP)


def test_kernel_death_is_reported(graded):
    """Is a notebook that kills its kernel reported as kernel_mati, with no automatic points?"""
    outcome = graded[mistakes_mod.KERNEL_DEATH]
    assert outcome.status == statuses.KERNEL_MATI, outcome.reason
    assert outcome.score == 0


def test_corrupt_file_is_reported_not_graded(graded):
    """Is a half-copied notebook reported as berkas_rusak, with a reason, and not as a 0 answer?"""
    outcome = graded[hs.CORRUPT]
    assert outcome.status == statuses.BERKAS_RUSAK
    assert "JSON" in outcome.reason


def test_every_participant_gets_one_result(graded):
    """Does every participant on the roster get exactly one status, the absent one
    tidak_mengumpulkan?"""
    ids = [r.student_id for r in graded.run.results]
    assert sorted(ids) == graded.roster
    assert graded[hs.ABSENT].status == statuses.TIDAK_MENGUMPULKAN
