"""Does stock ``nbgrader autograde`` still give an honest submission the same score as bimtek?

bimtek runs hidden checks outside the kernel; the same checks must still work when nbgrader
runs them inside the kernel, so that an instructor can always fall back on plain nbgrader.
"""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grader.course import open_course
from grader.grade import grade
from grader.simulate.notebooks import apply, fill, solution_answers, write
from grader.simulate import m11_kurva_s as m11

from hostile_support import ASSIGNMENT, NOTEBOOK

pytestmark = pytest.mark.slow


def _scores(course, students) -> dict[str, dict[str, float]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            return {s: {g.name: g.score for g in
                        gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, s).grades}
                    for s in students}


def test_stock_nbgrader_agrees_on_honest_submissions(make_event):
    root = make_event()
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    answers = solution_answers(source)
    mistakes = list(m11.MISTAKES.values())
    submissions = {"solusi": answers, "kosong": {},
                   "salah_a": apply(answers, [mistakes[0]]),
                   "salah_b": apply(answers, [mistakes[5]])}
    for student, answer_set in submissions.items():
        write(fill(release, answer_set), root / "submitted" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    course = open_course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        for student in submissions:
            gb.update_or_create_student(student, first_name=student)

    grade(course=course, assignment=ASSIGNMENT, timeout=10, progress=False)
    ours = _scores(course, submissions)

    nbgrader = Path(sys.executable).with_name("nbgrader")
    done = subprocess.run([str(nbgrader), "autograde", ASSIGNMENT, "--force",
                           "--Execute.timeout=30"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    stock = _scores(course, submissions)
    assert stock == ours
    assert sum(ours["solusi"].values()) > 0 and sum(ours["kosong"].values()) == 0
