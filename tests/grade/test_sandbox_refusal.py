"""Fail closed: without a working sandbox, does every path that runs participant code refuse?

bubblewrap is made unavailable in two ways: the event's setting pointing at it
(c.Bimtek.kotak_pasir_bwrap) names a program that does not exist, or PATH hides it. Then
`bimtek grade` must refuse with one Indonesian sentence naming what is missing and the fix,
exit non-zero, write no score, no status and no results file, and run no participant code;
formgrader's Autograde (nbgrader's own API with the event's configuration, as the formgrader
page calls it) must refuse the same way. With the explicit, risk-named flag grading runs
without the sandbox and says so in the summary and on every row of the results file.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grader import status_store
from grader.course import open_course
from grader.grade import run as grade_run
from grader.simulate.notebooks import fill, solution_answers, write

from hostile_support import ASSIGNMENT, NOTEBOOK, cell_texts
from sandbox_support import REPO, path_without

pytestmark = pytest.mark.slow

BIMTEK = [sys.executable, "-m", "grader.cli"]
MISSING = "/tidak/ada/bwrap"


def _submission(root: Path, marker: Path) -> None:
    """One participant, a1, whose first answer writes ``marker`` on the grader's disk if run
    outside the sandbox, and reports what it sees."""
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    answers = solution_answers(source)
    code = (answers["jawab_soal1"] + "\nimport os as _os\n"
            f"try:\n    open({str(marker)!r}, 'w').write('dijalankan')\nexcept OSError:\n    pass\n"
            "print('BUKTI uid', _os.getuid())\n")
    write(fill(release, {**answers, "jawab_soal1": code}),
          root / "submitted" / "a1" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    course = open_course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        gb.update_or_create_student("a1", first_name="a1")


@pytest.fixture
def event(make_event, tmp_path):
    root = make_event()
    marker = tmp_path / "DIJALANKAN.txt"
    _submission(root, marker)
    return root, marker


def _set(root: Path, line: str) -> None:
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")


def _nothing_written(root: Path, marker: Path, results: Path | None = None) -> None:
    course = open_course(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            assert [s.student.id for s in gb.assignment_submissions(ASSIGNMENT)] == []
    assert status_store.load(course.db_url, ASSIGNMENT).empty
    assert not course.path("autograded", "a1", ASSIGNMENT).exists()
    assert not marker.exists(), "participant code ran"
    if results is not None:
        assert not results.exists()


def _grade(root: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*BIMTEK, "grade", ASSIGNMENT, "--course", str(root), "--tanpa-progres",
                           *extra], capture_output=True, text=True, cwd=REPO, env=env)


def test_grade_refuses_when_the_setting_points_at_no_bubblewrap(event, tmp_path):
    """Does grading refuse (one sentence with the fix), writing nothing and running nothing?"""
    root, marker = event
    _set(root, f"c.Bimtek.kotak_pasir_bwrap = {MISSING!r}")
    results = tmp_path / "hasil.csv"
    proc = _grade(root, "--results", str(results))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert MISSING in lines[0] and "ditolak" in lines[0]
    assert "siapkan-server.sh" in lines[0] or "apt-get install bubblewrap" in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout.strip() == ""
    _nothing_written(root, marker, results)


def test_grade_refuses_when_bubblewrap_is_not_on_path(event, tmp_path):
    """Hidden from the sandbox's lookup (PATH without bwrap): the same refusal."""
    import os
    root, marker = event
    proc = _grade(root, env={**os.environ, "PATH": path_without("bwrap")})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bwrap tidak ditemukan" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    _nothing_written(root, marker)


def test_old_otomatis_setting_now_requires_the_sandbox(event):
    """An event made with kotak_pasir = 'otomatis' gets a one-line notice, then the refusal."""
    root, marker = event
    _set(root, "c.Bimtek.kotak_pasir = 'otomatis'")
    _set(root, f"c.Bimtek.kotak_pasir_bwrap = {MISSING!r}")
    proc = _grade(root)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and "'otomatis'" in lines[0] and "ditolak" in lines[1], proc.stderr
    _nothing_written(root, marker)


def test_explicit_flag_runs_unsandboxed_and_records_it(event, tmp_path):
    """Does --tanpa-kotak-pasir-berisiko run the code without the sandbox, and say so?"""
    root, marker = event
    _set(root, f"c.Bimtek.kotak_pasir_bwrap = {MISSING!r}")
    results = tmp_path / "hasil.csv"
    proc = _grade(root, "--results", str(results), grade_run.UNSANDBOXED_FLAG)
    assert proc.returncode in (0, 3), proc.stderr
    assert "TANPA kotak pasir" in proc.stdout and grade_run.UNSANDBOXED_FLAG in proc.stdout
    rows = list(csv.DictReader(results.open(encoding="utf-8")))
    assert [r["kotak_pasir"] for r in rows] == ["TIDAK"]
    assert marker.exists()  # without the sandbox the code reached the grader's disk


def test_the_demo_may_run_without_a_sandbox(make_event):
    """The demo's own synthetic submissions may run unsandboxed: no refusal, a note instead."""
    course = open_course(make_event())
    course.settings.kotak_pasir_bwrap = MISSING
    settings, note = grade_run._sandbox_settings(course, grade_run.BILA_TERSEDIA)
    assert settings is None and "demo" in note and MISSING in note
    with pytest.raises(Exception, match="ditolak"):
        grade_run._sandbox_settings(course, grade_run.WAJIB)


# formgrader's Autograde: what the page's button runs (nbgrader's AutogradeHandler), with the
# configuration formgrader loads (its own, the working folder's, and the event folder's).
FORMGRADER = r'''
import json, sys
from nbgrader.apps.api import NbGraderAPI
from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension
formgrader = FormgradeExtension()
formgrader.root_dir = sys.argv[1]
formgrader.initialize([])
formgrader.coursedir.parent.load_config_file()       # as BaseApiHandler.api does
api = NbGraderAPI(formgrader.coursedir, formgrader.authenticator, parent=formgrader.coursedir.parent)
result = api.autograde(sys.argv[2], sys.argv[3])
print("HASIL " + json.dumps({"success": result["success"], "error": result.get("error", ""),
                             "log": result.get("log", "")}))
'''


def formgrader_autograde(root: Path, student: str = "a1", runner=None, **kw) -> dict:
    argv = [sys.executable, "-c", FORMGRADER, str(root), ASSIGNMENT, student]
    proc = (runner(argv, cwd=root, **kw) if runner else
            subprocess.run(argv, capture_output=True, text=True, cwd=root))
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("HASIL ")), None)
    assert line, proc.stdout[-2000:] + proc.stderr[-3000:]
    return json.loads(line[len("HASIL "):])


def test_formgrader_autograde_refuses_without_bubblewrap(event):
    """Does formgrader's Autograde refuse (no score, no code run) when bwrap is unavailable?"""
    root, marker = event
    _set(root, f"c.Bimtek.kotak_pasir_bwrap = {MISSING!r}")
    result = formgrader_autograde(root)
    assert result["success"] is False
    assert "Kotak pasir tidak tersedia" in result["error"] + result["log"]
    assert MISSING in result["error"] + result["log"]
    assert not marker.exists(), "participant code ran"
    course = open_course(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            scored = [s for s in gb.assignment_submissions(ASSIGNMENT) if s.score]
    assert scored == []


def test_formgrader_autograde_runs_in_the_sandbox(event):
    """With bubblewrap there, does formgrader's Autograde run the code inside the sandbox?"""
    root, marker = event
    result = formgrader_autograde(root)
    assert result["success"] is True, result
    assert not marker.exists()  # the grader's disk is not the sandbox's
    text = cell_texts(open_course(root), "a1")["jawab_soal1"]
    uid = int(text.split("BUKTI uid")[1].split()[0])
    assert 70000 <= uid < 90000, text


@pytest.mark.parametrize("prefix", ["/tmp/kloning/.venv", "/dev/shm/bimtek/.venv"])
def test_an_installation_the_sandbox_cannot_see_is_named(monkeypatch, prefix):
    """A kernel gets a fresh, empty /tmp and /dev/shm: a venv there cannot start in it."""
    from grader.grade import sandbox_command
    monkeypatch.setattr(sys, "prefix", prefix)
    problem = sandbox_command.probe("")
    assert problem is not None and prefix in problem and "misalnya ~/bimtek" in problem
    monkeypatch.undo()
    assert sandbox_command.hidden_install() is None
