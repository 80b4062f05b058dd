"""Every score of an event's gradebook in a few batched queries.

The report needs, for every assignment, its notebooks, maximum and hand-graded cells, and for
every submission its score, whether a hand grade is pending, and each grade with its comment.
Asking nbgrader's ``Gradebook`` for these one participant at a time costs about 23 queries
per submission (a lookup, the score and pending flags, then each grade's maximum): 128 000
queries at 400 participants x 14 assignments. Here the same values come from six queries,
whatever the size of the event. The expressions are nbgrader's own (``Grade.score``,
``Grade.max_score``, ``SubmittedAssignment.score`` and ``needs_manual_grade`` are its mapped
SQL expressions), so the numbers are exactly the ones its API returns; the joins follow the
columns ``grader.gradebook_indexes`` indexes.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from nbgrader.api import (Assignment, BaseCell, Comment, Grade, Gradebook, Notebook,
                          SolutionCell, SubmittedAssignment, SubmittedNotebook)
from sqlalchemy import select
from sqlalchemy.exc import SAWarning


@dataclass
class AssignmentRecord:
    """One assignment of the gradebook, as ``Gradebook.assignments`` lists it."""

    name: str
    max_score: float | None
    notebooks: list[str]                                          # sorted by name
    solution_cells: dict[str, set[str]] = field(default_factory=dict)  # notebook -> names


@dataclass
class GradeRecord:
    """One grade of a submitted notebook, with the instructor's comment on that cell."""

    notebook: str
    name: str
    score: float | None
    max_score: float | None
    manual_score: float | None
    needs_manual_grade: bool
    manual_comment: str


@dataclass
class SubmissionRecord:
    """One participant's graded submission of one assignment."""

    score: float | None
    needs_manual_grade: bool
    grades: list[GradeRecord] = field(default_factory=list)


@dataclass
class GradebookSnapshot:
    assignments: list[AssignmentRecord]
    submissions: dict[tuple[str, str], SubmissionRecord]   # (assignment, participant id)


def read_gradebook(gb: Gradebook) -> GradebookSnapshot:
    """Read every assignment, submission, grade and comment of the opened gradebook ``gb``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        return _read(gb.db)


def _read(conn) -> GradebookSnapshot:   # conn: a Session or Connection
    records: dict[str, AssignmentRecord] = {}
    by_id: dict[str, str] = {}
    for aid, name, max_score in conn.execute(
            select(Assignment.id, Assignment.name, Assignment.max_score)
            .order_by(Assignment.duedate, Assignment.name)):
        records[name] = AssignmentRecord(name, max_score, [])
        by_id[aid] = name
    notebooks: dict[str, tuple[str, str]] = {}    # notebook id -> (assignment, notebook)
    for nid, name, aid in conn.execute(select(Notebook.id, Notebook.name,
                                              Notebook.assignment_id)):
        if aid in by_id:
            notebooks[nid] = (by_id[aid], name)
            records[by_id[aid]].notebooks.append(name)
            records[by_id[aid]].solution_cells[name] = set()
    for record in records.values():
        record.notebooks.sort()
    for name, nid in conn.execute(select(SolutionCell.name, SolutionCell.notebook_id)):
        if nid in notebooks:
            assignment, notebook = notebooks[nid]
            records[assignment].solution_cells[notebook].add(name)

    submissions: dict[tuple[str, str], SubmissionRecord] = {}
    for name, student, score, pending in conn.execute(
            select(Assignment.name, SubmittedAssignment.student_id, SubmittedAssignment.score,
                   SubmittedAssignment.needs_manual_grade)
            .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)):
        submissions[name, student] = SubmissionRecord(score, bool(pending))

    comments: dict[tuple[str, str], str] = {}     # (submitted notebook id, cell) -> comment
    for snid, cell, text in conn.execute(
            select(Comment.notebook_id, BaseCell.name, Comment.manual_comment)
            .join(BaseCell, BaseCell.id == Comment.cell_id)):
        comments[snid, cell] = text or ""

    for assignment, student, notebook, snid, cell, score, max_score, manual, pending in (
            conn.execute(
                select(Assignment.name, SubmittedAssignment.student_id, Notebook.name,
                       Grade.notebook_id, BaseCell.name, Grade.score, Grade.max_score,
                       Grade.manual_score, Grade.needs_manual_grade)
                .select_from(Grade)
                .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
                .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
                .join(SubmittedAssignment,
                      SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                .join(BaseCell, BaseCell.id == Grade.cell_id))):
        submission = submissions.get((assignment, student))
        if submission is None:
            continue
        submission.grades.append(GradeRecord(
            notebook=notebook, name=cell, score=score, max_score=max_score,
            manual_score=manual, needs_manual_grade=bool(pending),
            manual_comment=comments.get((snid, cell), "")))
    return GradebookSnapshot(list(records.values()), submissions)
