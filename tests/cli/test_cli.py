"""Does the `bimtek` command behave for an instructor: Indonesian help, one-line errors, exit codes?"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader import paths
from grader.cli import EXIT_ATTENTION, main

BIMTEK = [sys.executable, "-m", "grader.cli"]


def run(*args, cwd=None):
    return subprocess.run([*BIMTEK, *args], capture_output=True, text=True, cwd=cwd)


def test_help_is_in_indonesian():
    """Is the help text Indonesian, with an example for every command?"""
    result = run("--help")
    assert result.returncode == 0
    assert "penggunaan:" in result.stdout and "usage:" not in result.stdout
    for command in ("init", "build", "roster", "grade", "report", "demo"):
        assert command in result.stdout
        sub = run(command, "--help") if command != "roster" else run("roster", "import", "--help")
        assert sub.returncode == 0
        assert "Contoh:" in sub.stdout, command


def test_missing_argument_message_is_indonesian():
    """Does a missing argument produce an Indonesian usage error with exit code 2?"""
    result = run("grade")
    assert result.returncode == 2
    assert "wajib diisi" in result.stderr


def test_init_refuses_a_folder_inside_the_repository(tmp_path):
    """Is an event folder inside the repository refused with a one-line message?"""
    assert main(["init", str(paths.REPO / "kegiatan-salah")]) == 1
    assert not (paths.REPO / "kegiatan-salah").exists()


def test_commands_outside_an_event_name_the_fix(tmp_path, capsys):
    """Does a command run outside an event folder say how to make one?"""
    assert main(["grade", "m11_kurva_s", "--course", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bimtek init" in err and len(err.strip().splitlines()) == 1


def test_unknown_assignment_lists_the_known_ones(make_event, capsys):
    """Does grading an unknown assignment name the assignments that exist?"""
    event = make_event()
    assert main(["grade", "m99_tidak_ada", "--course", str(event)]) == 1
    assert "m11_kurva_s" in capsys.readouterr().err


def test_grade_without_roster_says_to_import(make_event, capsys):
    """Does grading before any roster import say to import the roster first?"""
    event = make_event()
    assert main(["grade", "m11_kurva_s", "--course", str(event)]) == 1
    assert "bimtek roster import" in capsys.readouterr().err


@pytest.mark.slow
def test_grade_exit_code_and_results_file(make_event, tmp_path):
    """Does `bimtek grade` write one results row per participant and exit 3 when some need attention?"""
    import nbformat
    from nbgrader.api import Gradebook
    from grader.course import open_course

    event = make_event()
    course = open_course(event)
    with Gradebook(course.db_url, course.course_id) as gb:
        for sid in ("a1", "a2", "a3"):
            gb.update_or_create_student(sid, first_name=sid)
    release = event / "release" / "m11_kurva_s" / "m11_kurva_s.ipynb"
    target = event / "submitted" / "a1" / "m11_kurva_s"
    target.mkdir(parents=True)
    nbformat.write(nbformat.read(release, 4), target / "m11_kurva_s.ipynb")
    broken = event / "submitted" / "a2" / "m11_kurva_s"
    broken.mkdir(parents=True)
    (broken / "m11_kurva_s.ipynb").write_text("{ bukan json", encoding="utf-8")
    stray = event / "submitted" / "orang_lain" / "m11_kurva_s"
    stray.mkdir(parents=True)
    nbformat.write(nbformat.read(release, 4), stray / "m11_kurva_s.ipynb")

    results = tmp_path / "hasil.csv"
    proc = run("grade", "m11_kurva_s", "--course", str(event), "--results", str(results),
               "--tanpa-progres")
    assert proc.returncode == EXIT_ATTENTION, proc.stderr
    lines = results.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,assignment,status,score,max_score,reason,kotak_pasir"
    rows = {line.split(",")[0]: line.split(",")[2] for line in lines[1:]}
    # a1 submitted the release untouched: its own status, not "dinilai"
    assert rows == {"a1": "tidak_dikerjakan", "a2": "berkas_rusak", "a3": "tidak_mengumpulkan"}
    assert "orang_lain" in proc.stdout
    with Gradebook(course.db_url, course.course_id) as gb:
        assert "orang_lain" not in {s.id for s in gb.students}
