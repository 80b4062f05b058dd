"""The grading harness: every scenario of every module, graded in one event, one run per module.

One event folder (a copy of the session's template event, which has every assignment of the
catalogue released) holds all simulated participants. The first test that needs a module's
results writes that module's submissions and grades them with one `grade` run; the results
are kept for the session, so `pytest tests/harness -k m11` grades only M11, once.

Simulated participants of module mNN (ids `mNN-<scenario>`):
  solusi             every answer of the solution, reflection left empty
  kosong             the release untouched
  <mistake id>       the solution with one declared mistake, reflection written
  salah_ketik, loop_tanpa_akhir, kernel_mati   the solution broken in one answer cell
  rusak              a notebook cut off half-way
  absen              on the roster, nothing submitted
"""
from __future__ import annotations

import shutil
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from grader.course import open_course
from grader.grade import GradeRun, grade
from grader.simulate import mistakes as mistakes_mod
from grader.simulate.notebooks import apply, corrupt, fill, write

import harness_support as hs

CELL_TIMEOUT_S = 10   # the event default; an endless loop costs this once


@dataclass
class Outcome:
    status: str
    reason: str
    score: float
    per_question: dict[int, float]
    cells: dict[str, dict] = field(default_factory=dict)   # grade id -> metadata["bimtek"]


@dataclass
class ModuleGrading:
    module: object
    maxima: dict[int, float]            # automatic points per question (the notebook's)
    gradebook_maxima: dict[int, float]  # the same, as nbgrader recorded them
    outcomes: dict[str, Outcome]
    answers: dict[str, str]
    breakages: dict[str, mistakes_mod.Breakage]
    mistakes: dict[str, mistakes_mod.Declared]
    run: GradeRun
    roster: list[str]
    test_sources: dict[str, str]    # grade id -> source of the test cell (with hidden part)

    def __getitem__(self, scenario: str) -> Outcome:
        return self.outcomes[f"m{self.module.number:02d}-{scenario}"]


def student(module, scenario: str) -> str:
    return f"m{module.number:02d}-{scenario}"


def _scenarios(module, answers: dict[str, str], declared) -> dict[str, dict[str, str] | None]:
    """Scenario -> the answers filled into the release (None: no notebook written)."""
    without_reflection = {k: v for k, v in answers.items() if k != hs.REFLECTION}
    scenarios: dict[str, dict[str, str] | None] = {
        hs.SOLUTION: without_reflection, hs.UNTOUCHED: {}}
    for name, mistake in declared.mistakes.items():
        scenarios[name] = apply(answers, [mistake])
    for kind, breakage in mistakes_mod.breakages(declared, answers).items():
        scenarios[kind] = {**without_reflection, breakage.cell: breakage.code}
    return scenarios


def _grade_module(root: Path, module) -> ModuleGrading:
    course = open_course(root)
    assignment = module.assignment
    source = hs.read(course.path("source", ".", assignment) / f"{assignment}.ipynb")
    release_path = course.path("release", ".", assignment) / f"{assignment}.ipynb"
    release = hs.read(release_path)
    answers = hs.solution_answers(source)
    declared = mistakes_mod.declared(module)
    scenarios = _scenarios(module, answers, declared)
    submitted = course.path("submitted")
    for scenario, answer_set in scenarios.items():
        write(fill(release, answer_set),
              submitted / student(module, scenario) / assignment / f"{assignment}.ipynb")
    corrupt(submitted / student(module, hs.CORRUPT) / assignment / f"{assignment}.ipynb",
            release_path)
    ours = [student(module, s) for s in [*scenarios, hs.CORRUPT, hs.ABSENT]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            for sid in ours:
                gb.update_or_create_student(sid, first_name=sid)
            roster = sorted(s.id for s in gb.students)
    run = grade(course=course, assignment=assignment, timeout=CELL_TIMEOUT_S, progress=False)
    results = {r.student_id: r for r in run.results}

    per_question: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    gradebook_maxima: dict[int, float] = defaultdict(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            for nb in gb.find_assignment(assignment).notebooks:
                for cell in nb.grade_cells:
                    if hs.question_of(cell.name) is not None:
                        gradebook_maxima[hs.question_of(cell.name)] += float(cell.max_score)
            for sid in ours:
                try:
                    nb = gb.find_submission_notebook(assignment, assignment, sid)
                except Exception:
                    continue
                for g in nb.grades:
                    question = hs.question_of(g.name)
                    if question is not None:
                        per_question[sid][question] += float(g.score or 0)
    outcomes = {}
    for sid in ours:
        result = results[sid]
        cells = {}
        autograded = course.path("autograded", sid, assignment) / f"{assignment}.ipynb"
        if autograded.is_file():
            for cell in hs.read(autograded).cells:
                if hs.grade_id(cell) in hs.test_cells(source):
                    cells[hs.grade_id(cell)] = dict(cell.get("metadata", {}).get("bimtek", {}))
        outcomes[sid] = Outcome(result.status, result.reason, result.score,
                                dict(per_question.get(sid, {})), cells)
    return ModuleGrading(
        module=module, maxima=hs.question_points(source), gradebook_maxima=dict(gradebook_maxima),
        outcomes=outcomes, answers=answers,
        breakages=mistakes_mod.breakages(declared, answers), mistakes=declared.mistakes,
        run=run, roster=roster,
        test_sources={gid: c.source for gid, c in hs.test_cells(source).items()})


@pytest.fixture(scope="session")
def harness_event(event_template, tmp_path_factory) -> Path:
    """One event folder for every module's simulated participants."""
    root = tmp_path_factory.mktemp("harness") / "kegiatan"
    shutil.copytree(event_template, root)
    return root


@pytest.fixture(scope="session")
def graded(request, harness_event) -> ModuleGrading:
    """The graded scenarios of one module (parametrized with the module id)."""
    module = next(m for m in hs.MODULES if m.id == request.param)
    return _grade_module(harness_event, module)


def _declared_or_none(module):
    try:
        return mistakes_mod.declared(module).mistakes
    except Exception:   # reported by the static checks, with the file named
        return {}


def pytest_generate_tests(metafunc):
    """Parametrize `graded` by module (and `mistake` by declared mistake of that module)."""
    if "graded" not in metafunc.fixturenames:
        return
    if "mistake" in metafunc.fixturenames:
        pairs = [(m.id, name) for m in hs.MODULES for name in _declared_or_none(m)]
        metafunc.parametrize("graded,mistake", pairs, indirect=["graded"], scope="session",
                             ids=[f"{module}-{name}" for module, name in pairs])
    else:
        metafunc.parametrize("graded", hs.module_ids(), indirect=True, scope="session",
                             ids=hs.module_ids())
