"""Does the batched gradebook reader give exactly what nbgrader's per-participant API gives,
in a number of queries that does not grow with the event, and are the gradebook's indexes
there after init and after opening an event made without them?"""
from __future__ import annotations

import warnings
from datetime import datetime

import pandas as pd
import pytest
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SAWarning

from grader import gradebook_indexes, status_store
from grader.report import collect as c

from .conftest import ASSIGNMENT, ESSAY, ESSAY_COMMENT, NOTEBOOK, ROSTER

pytestmark = pytest.mark.slow
NOW = datetime(2025, 3, 14, 15, 30)


# --- The reader before issue 12, kept as the reference: one Gradebook lookup per participant.

def _reference_cell_rows(gb, assignment, student_id, order, manual):
    rows = []
    for nb in assignment.notebooks:
        try:
            graded = gb.find_submission_notebook(nb, assignment.name, student_id)
        except MissingEntry:
            continue
        comments = {cm.name: (cm.manual_comment or "") for cm in graded.comments}
        for grade in graded.grades:
            rows.append({
                c.ID: student_id, c.TUGAS: assignment.name, c.NOTEBOOK: nb,
                c.SEL: grade.name, c.SOAL: c.question_of(grade.name),
                c.JENIS: c.MANUAL if grade.name in manual[nb] else c.OTOMATIS,
                c.URUTAN: order[nb].get(grade.name, len(order[nb])),
                c.POIN: float(grade.score or 0), c.POIN_MAKS: float(grade.max_score or 0),
                c.POIN_MANUAL: grade.manual_score, c.MENUNGGU: bool(grade.needs_manual_grade),
                c.KOMENTAR: comments.get(grade.name, "").strip(),
            })
    return rows


def _reference_read(course):
    """(assignments, frame, cells) as read_results built them before the batched reader."""
    roster, _ = c.apply_filters(c._read_roster(course), None)
    recorded = {(row.student_id, row.assignment_id): (row.status, row.reason or "",
                                                       row.fingerprint or "")
                for row in status_store.load(course.db_url).itertuples()}
    titles = c._catalogue_titles()
    curriculum = list(titles)
    rows, cells, assignments = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            records = sorted(gb.assignments, key=lambda a: (
                curriculum.index(a.name) if a.name in curriculum else len(curriculum), a.name))
            for record in records:
                notebooks = sorted(nb.name for nb in record.notebooks)
                layouts = {nb: c._source_layout(course, record.name, nb) for nb in notebooks}
                manual = {nb.name: {cell.name for cell in nb.solution_cells}
                          for nb in record.notebooks}
                title, short = titles.get(record.name, (record.name, record.name))
                assignment = c.Assignment(record.name, float(record.max_score or 0), notebooks,
                                          title, short)
                assignments.append(assignment)
                order = {nb: layout[0] for nb, layout in layouts.items()}
                for student_id in roster[c.ID]:
                    try:
                        submission = gb.find_submission(record.name, student_id)
                    except MissingEntry:
                        submission = None
                    pending = bool(submission and submission.needs_manual_grade)
                    known = recorded.get((student_id, record.name))
                    status, reason = c.resolve_status(
                        *(known[:2] if known else (None, "")),
                        graded=submission is not None, needs_manual=pending)
                    waiting = c._waiting_reason(course, student_id, record.name, known,
                                                submission is not None)
                    if waiting:
                        status, reason, submission, pending = (c.MENUNGGU_DINILAI, waiting,
                                                               None, False)
                    rows.append({
                        c.ID: student_id, c.TUGAS: record.name, c.STATUS: status,
                        c.ALASAN: reason,
                        c.NILAI: float(submission.score or 0) if submission else 0.0,
                        c.NILAI_MAKS: assignment.max_score, c.ADA_NILAI: submission is not None,
                        c.MENUNGGU: pending,
                    })
                    if submission is not None:
                        cells += _reference_cell_rows(gb, assignment, student_id, order, manual)
    frame = pd.DataFrame(rows, columns=[c.ID, c.TUGAS, c.STATUS, c.ALASAN, c.NILAI, c.NILAI_MAKS,
                                        c.ADA_NILAI, c.MENUNGGU])
    cells = pd.DataFrame(cells, columns=[c.ID, c.TUGAS, c.NOTEBOOK, c.SEL, c.SOAL, c.JENIS,
                                         c.URUTAN, c.POIN, c.POIN_MAKS, c.POIN_MANUAL,
                                         c.MENUNGGU, c.KOMENTAR])
    order = {a.name: i for i, a in enumerate(assignments)}
    cells["_tugas"] = cells[c.TUGAS].map(order)
    cells = cells.sort_values([c.ID, "_tugas", c.NOTEBOOK, c.URUTAN, c.SEL], kind="stable").drop(
        columns="_tugas")
    return assignments, frame, cells.reset_index(drop=True)


def _assert_same_as_reference(course):
    assignments, frame, cells = _reference_read(course)
    results = c.read_results(course, now=NOW)
    assert results.assignments == assignments
    pd.testing.assert_frame_equal(results.frame, frame, check_exact=True)
    pd.testing.assert_frame_equal(results.cells, cells, check_exact=True)
    return results


def test_batched_reader_matches_the_per_participant_reader(graded_event):
    """On the graded event (full marks, a failed hidden check, a hand-graded essay with a
    comment, an essay still pending, an untouched notebook, no submission, a corrupt file),
    are the results and per-cell frames identical to the old per-participant reader's?"""
    results = _assert_same_as_reference(graded_event)
    essay = results.cells.set_index([c.ID, c.SEL]).loc[("p02", ESSAY)]
    assert essay[c.KOMENTAR] == ESSAY_COMMENT and not essay[c.MENUNGGU]
    assert set(results.frame[c.ID]) == {row["id"] for row in ROSTER}


def test_batched_reader_matches_after_more_grading(event_copy):
    """With extra credit, a manual score on an automatic check, a comment on an essay still
    pending, a second assignment with the same notebook name and a submission of a participant
    not on the roster, does the batched reader still match the reference exactly?"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(event_copy.db_url, event_copy.course_id) as gb:
            grade = gb.find_grade("uji_soal1_total", NOTEBOOK, ASSIGNMENT, "p01")
            grade.extra_credit = 0.5
            grade = gb.find_grade("uji_soal5_nol", NOTEBOOK, ASSIGNMENT, "p05")
            grade.manual_score = 0.25
            gb.find_comment(ESSAY, NOTEBOOK, ASSIGNMENT, "p01").manual_comment = "  Belum.  "
            gb.db.commit()
            source = gb.find_assignment(ASSIGNMENT)
            gb.update_or_create_assignment("tugas_tambahan")
            gb.update_or_create_notebook(NOTEBOOK, "tugas_tambahan")
            for cell in source.notebooks[0].grade_cells[:3]:
                gb.update_or_create_grade_cell(cell.name, NOTEBOOK, "tugas_tambahan",
                                               max_score=cell.max_score * 2,
                                               cell_type=cell.cell_type)
            gb.add_student("zz_luar", first_name="Bukan peserta")
            for student in ("p03", "zz_luar"):
                gb.add_submission("tugas_tambahan", student)
            gb.add_submission(ASSIGNMENT, "zz_luar")
            for grade in gb.find_submission("tugas_tambahan", "p03").notebooks[0].grades:
                grade.auto_score = grade.max_score / 2
            gb.db.commit()
    results = _assert_same_as_reference(event_copy)
    assert [a.name for a in results.assignments] == [ASSIGNMENT, "tugas_tambahan"]
    extra = results.frame.set_index([c.ID, c.TUGAS]).loc[("p03", "tugas_tambahan")]
    assert extra[c.ADA_NILAI] and extra[c.NILAI] == extra[c.NILAI_MAKS] / 2


def _count_queries(course) -> int:
    count = 0

    def counted(*_args, **_kwargs):
        nonlocal count
        count += 1
    event.listen(Engine, "before_cursor_execute", counted)
    try:
        c.read_results(course, now=NOW)
    finally:
        event.remove(Engine, "before_cursor_execute", counted)
    return count


def test_queries_do_not_grow_with_submissions(event_copy):
    """Does reading cost the same number of queries with six participants as with one?"""
    full = _count_queries(event_copy)
    rows = [row for row in ROSTER if row["id"] == "p04"]   # p04 submitted nothing
    from grader.roster_file import write_roster
    from .conftest import COLUMNS
    write_roster(event_copy.roster_path, rows, columns=COLUMNS)
    assert _count_queries(event_copy) == full


# --- Indexes ----------------------------------------------------------------------------

def _drop_indexes(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for name in gradebook_indexes.INDEXES:
            conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    engine.dispose()


def test_init_creates_the_indexes(graded_event):
    """Does bimtek init leave every index of gradebook_indexes in the new gradebook?"""
    assert gradebook_indexes.missing(graded_event.db_url) == []


def test_report_creates_missing_indexes(event_copy):
    """Does reading an event made before the indexes existed create them, once?"""
    _drop_indexes(event_copy.db_url)
    assert gradebook_indexes.missing(event_copy.db_url) == list(gradebook_indexes.INDEXES)
    c.read_results(event_copy, now=NOW)
    assert gradebook_indexes.missing(event_copy.db_url) == []
    assert gradebook_indexes.ensure(event_copy.db_url) == []


def test_grading_start_creates_missing_indexes(event_copy):
    """Does reading the status table (where grading starts) create the missing indexes?"""
    _drop_indexes(event_copy.db_url)
    status_store.load(event_copy.db_url, ASSIGNMENT)
    assert gradebook_indexes.missing(event_copy.db_url) == []


def test_ensure_skips_a_database_without_gradebook(tmp_path):
    """On a database without nbgrader's tables, is nothing created and nothing raised?"""
    url = f"sqlite:///{tmp_path / 'kosong.db'}"
    assert gradebook_indexes.ensure(url) == []
    assert gradebook_indexes.missing(url) == []


def test_report_query_plan_uses_the_indexes(graded_event):
    """Does SQLite look up grades by submitted notebook through the index, not a scan?"""
    engine = create_engine(graded_event.db_url)
    with engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT * FROM grade WHERE notebook_id = 'x'")))
    engine.dispose()
    assert "ix_bimtek_grade_notebook_id" in plan
