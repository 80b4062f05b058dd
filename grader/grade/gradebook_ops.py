"""Small changes bimtek makes to nbgrader's gradebook after an autograde run."""
from __future__ import annotations

import warnings

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from ..course import Course


def zero_scores(course: Course, assignment: str, student_id: str, *,
                needs_manual: bool = False) -> None:
    """Set every automatic score of one submission to 0 (optionally flag it for manual grading)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            try:
                submission = gb.find_submission(assignment, student_id)
            except MissingEntry:
                return
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = 0
                    if needs_manual:
                        grade.needs_manual_grade = True
            gb.db.commit()
