"""Does an interrupted grading run, started again, finish with exactly the same scores?"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import warnings

import nbformat
import pytest
from nbgrader.api import Gradebook

from grader import status_store
from grader.course import open_course
from grader.grade import grade
from grader.simulate import m11_kurva_s as m11
from grader.simulate.notebooks import apply, fill, solution_answers, write

pytestmark = pytest.mark.slow
ASSIGNMENT = m11.ASSIGNMENT


def _cohort(root):
    """Eight participants, each with a different submission."""
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    answers = solution_answers(source)
    mistakes = sorted(m11.MISTAKES)
    sets = [answers, {}] + [apply(answers, [m11.MISTAKES[name]]) for name in mistakes[:6]]
    course = open_course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        for number, answer_set in enumerate(sets, start=1):
            sid = f"r{number:02d}"
            gb.update_or_create_student(sid, first_name=sid)
            write(fill(release, answer_set), root / "submitted" / sid / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return [f"r{n:02d}" for n in range(1, len(sets) + 1)]


def _snapshot(root):
    """Per participant: status, total score and every cell's score; plus row counts."""
    course = open_course(root)
    statuses = status_store.load(course.db_url, ASSIGNMENT)
    result = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            submissions = gb.assignment_submissions(ASSIGNMENT)
            for sub in submissions:
                cells = sorted((g.name, g.score) for nb in sub.notebooks for g in nb.grades)
                result[sub.student.id] = [sub.score, cells]
            count = len(submissions)
    for row in statuses.itertuples():
        result.setdefault(row.student_id, [None, None]).append(row.status)
    return result, count, len(statuses)


def test_interrupted_run_resumes_to_the_same_result(make_event):
    """Interrupt `bimtek grade` mid-batch, run it again: same scores, no duplicates, none lost?"""
    interrupted = make_event("terputus")
    ids = _cohort(interrupted)
    reference = interrupted.parent / "acuan"
    shutil.copytree(interrupted, reference)
    course = open_course(interrupted)

    proc = subprocess.Popen(
        [sys.executable, "-m", "grader.cli", "grade", ASSIGNMENT, "--course", str(interrupted),
         "--tanpa-progres", "--pekerja", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(status_store.load(course.db_url, ASSIGNMENT)) >= 2:
                break
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    done_before = len(status_store.load(course.db_url, ASSIGNMENT))
    assert 2 <= done_before < len(ids), "the interruption must fall in the middle of the batch"

    resumed = grade(course=open_course(interrupted), assignment=ASSIGNMENT, progress=False)
    assert resumed.unchanged == done_before
    assert len(resumed.results) == len(ids)

    grade(course=open_course(reference), assignment=ASSIGNMENT, progress=False)
    got, got_subs, got_rows = _snapshot(interrupted)
    want, want_subs, want_rows = _snapshot(reference)
    assert got == want
    assert got_subs == want_subs == len(ids)
    assert got_rows == want_rows == len(ids)


def test_changed_submission_is_graded_again(make_event):
    """Is a participant who resubmits (files changed) graded again on a rerun?"""
    root = make_event()
    ids = _cohort(root)
    course = open_course(root)
    first = grade(course=course, assignment=ASSIGNMENT, progress=False)
    blank = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    write(blank, root / "submitted" / ids[0] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    second = grade(course=course, assignment=ASSIGNMENT, progress=False)
    assert second.unchanged == len(ids) - 1
    before = {r.student_id: r.score for r in first.results}
    after = {r.student_id: r.score for r in second.results}
    assert before[ids[0]] == 20 and after[ids[0]] == 0
    assert {k: v for k, v in after.items() if k != ids[0]} == {k: v for k, v in before.items() if k != ids[0]}
