"""Is the committed exercises/ exactly what `bimtek build` makes from solutions/ and datasets/?"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader import catalogue, paths
from grader.build import build, stage

MODULES = catalogue.load().modules


def _tree(root: Path) -> dict[str, object]:
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".ipynb_checkpoints" not in path.parts:
            rel = str(path.relative_to(root))
            if path.suffix == ".ipynb":
                files[rel] = json.loads(path.read_text(encoding="utf-8"))
            else:
                files[rel] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exercises")
    build(out=out, readme=None)
    return out


def test_every_assignment_is_released():
    """Does every assignment in the catalogue have a folder in exercises/ and vice versa?"""
    released = sorted(p.name for p in paths.EXERCISES.iterdir() if p.is_dir())
    assert released == sorted(m.assignment for m in MODULES)


def test_instructor_only_files_are_never_released(fresh, tmp_path):
    """Are kesalahan.toml, catatan_pengajar.md and butir_tes.toml kept out of exercises/ and
    out of an event's source/, even when a module ships them?"""
    shipped = [m for m in MODULES
               if any((m.solution_dir / name).exists() for name in paths.INSTRUCTOR_ONLY)]
    assert shipped, "no module ships an instructor-only file: this test would check nothing"
    for tree in (paths.EXERCISES, fresh):
        leaked = [str(p) for name in paths.INSTRUCTOR_ONLY for p in tree.rglob(name)]
        assert not leaked, leaked
    for module in shipped:
        staged = stage(module.assignment, tmp_path / "source")
        assert (staged / f"{module.assignment}.ipynb").is_file()
        leaked = [str(p) for name in paths.INSTRUCTOR_ONLY for p in staged.rglob(name)]
        assert not leaked, leaked


def test_exercises_match_a_fresh_build(fresh):
    """Is exercises/ stale? If this fails, run `bimtek build` and commit exercises/."""
    assert _tree(paths.EXERCISES) == _tree(fresh), "exercises/ basi: jalankan 'bimtek build'"


def _hidden_lines(solution: Path) -> set[str]:
    """Distinctive lines of the solution's hidden tests and answers (never in the release)."""
    nb = json.loads(solution.read_text(encoding="utf-8"))
    lines = set()
    for cell in nb["cells"]:
        inside = False
        for line in "".join(cell["source"]).splitlines():
            if line.strip() in ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION"):
                inside = True
            elif line.strip() in ("### END HIDDEN TESTS", "### END SOLUTION"):
                inside = False
            elif inside and len(line.strip()) > 25:
                lines.add(line.strip())
    return lines


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_release_has_no_solutions_or_hidden_tests(fresh, module):
    """Does the participant version hide the solutions and the hidden tests?"""
    text = (fresh / module.assignment / f"{module.assignment}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "TULIS JAWABAN ANDA DI SINI" in text
    secret = _hidden_lines(module.solution)
    assert secret, "the solution has no hidden tests or answers: this test would check nothing"
    released = {line.strip() for cell in json.loads(text)["cells"]
                for line in "".join(cell["source"]).splitlines()}
    assert not secret & released, sorted(secret & released)[:5]


def test_data_files_come_from_datasets(fresh):
    """Are the assignment's data files byte-identical copies of datasets/, without generators?"""
    for assignment in (m.assignment for m in MODULES):
        data = fresh / assignment / paths.ASSIGNMENT_DATA_DIR
        source = paths.dataset_dir(assignment)
        copied = sorted(p.name for p in data.iterdir())
        assert "generate.py" not in copied
        for name in copied:
            assert (data / name).read_bytes() == (source / name).read_bytes()
