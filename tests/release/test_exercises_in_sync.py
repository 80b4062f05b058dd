"""Is the committed exercises/ exactly what `bimtek build` makes from solutions/ and datasets/?"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader import paths
from grader.build import build


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
    build(out=out)
    return out


def test_every_assignment_is_released():
    """Does every assignment in solutions/ have a folder in exercises/ and vice versa?"""
    released = sorted(p.name for p in paths.EXERCISES.iterdir() if p.is_dir())
    assert released == paths.assignment_ids()


def test_exercises_match_a_fresh_build(fresh):
    """Is exercises/ stale? If this fails, run `bimtek build` and commit exercises/."""
    assert _tree(paths.EXERCISES) == _tree(fresh), "exercises/ basi: jalankan 'bimtek build'"


def test_release_has_no_solutions_or_hidden_tests(fresh):
    """Does the participant version hide the solutions and the hidden tests?"""
    for notebook in fresh.rglob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "_rab_asli" not in text  # a name used only inside hidden tests
        assert "TULIS JAWABAN ANDA DI SINI" in text


def test_data_files_come_from_datasets(fresh):
    """Are the assignment's data files byte-identical copies of datasets/, without generators?"""
    for assignment in paths.assignment_ids():
        data = fresh / assignment / paths.ASSIGNMENT_DATA_DIR
        source = paths.dataset_dir(assignment)
        copied = sorted(p.name for p in data.iterdir())
        assert "generate.py" not in copied
        for name in copied:
            assert (data / name).read_bytes() == (source / name).read_bytes()


def test_committed_notebooks_have_no_outputs():
    """Are all committed notebooks free of outputs and execution counts?"""
    for folder in (paths.SOLUTIONS, paths.EXERCISES, paths.COURSE):
        for notebook in folder.rglob("*.ipynb"):
            nb = json.loads(notebook.read_text(encoding="utf-8"))
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    assert not cell.get("outputs") and cell.get("execution_count") is None, notebook


def test_participant_notebooks_import_only_allowed_modules():
    """Do exercises import only pandas, numpy, matplotlib, ipywidgets and the standard library?"""
    import ast
    import sys
    allowed = {"pandas", "numpy", "matplotlib", "ipywidgets", "IPython"} | set(sys.stdlib_module_names)
    for notebook in list(paths.EXERCISES.rglob("*.ipynb")) + list(paths.SOLUTIONS.rglob("*.ipynb")):
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue  # stubs are valid Python; anything else is caught by other tests
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    assert name.split(".")[0] in allowed, f"{notebook}: import {name}"
