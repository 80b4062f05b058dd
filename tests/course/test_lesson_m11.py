"""Checks for the M11 lesson notebook (course/m11_kurva_s.ipynb)."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "course"
LESSON = COURSE / "m11_kurva_s.ipynb"

# Third-party modules a lesson may import; anything else must be in the standard library.
ALLOWED_THIRD_PARTY = {"pandas", "numpy", "matplotlib", "ipywidgets"}
ALLOWED_EXACT = {"IPython.display"}   # IPython is allowed only through IPython.display
CELL_TIMEOUT_S = 120


def read_lesson() -> nbformat.NotebookNode:
    return nbformat.read(LESSON, as_version=4)


def code_sources(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, source) for each code cell, with IPython magics and shell lines removed."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = [line for line in cell.source.splitlines()
                 if not line.lstrip().startswith(("%", "!"))]
        cells.append((index, "\n".join(lines)))
    return cells


def imported_modules(source: str) -> set[str]:
    """Dotted names of every module a piece of code imports."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:           # relative import: never allowed in a lesson
                modules.add("." * node.level + (node.module or ""))
            else:
                modules.add(node.module)
    return modules


def is_allowed(module: str) -> bool:
    top = module.split(".")[0]
    return (module in ALLOWED_EXACT
            or top in ALLOWED_THIRD_PARTY
            or (top in sys.stdlib_module_names and top != "IPython"))


def test_lesson_exists_with_python3_kernel_and_cell_ids():
    """Is the lesson a v4.5 notebook (cell ids) with the python3 kernel?"""
    nb = read_lesson()
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(cell.get("id") for cell in nb.cells)
    nbformat.validate(nb)


def test_lesson_is_committed_without_outputs():
    """Does every code cell have no outputs and no execution count?"""
    nb = read_lesson()
    dirty = [index for index, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"sel kode dengan keluaran/nomor eksekusi: {dirty}"


def test_lesson_imports_only_allowed_modules():
    """Do the code cells import only pandas, numpy, matplotlib, ipywidgets,
    IPython.display and the standard library?"""
    offending = {}
    for index, source in code_sources(read_lesson()):
        bad = sorted(m for m in imported_modules(source) if not is_allowed(m))
        if bad:
            offending[index] = bad
    assert not offending, f"impor yang tidak diizinkan (sel: modul): {offending}"


@pytest.mark.slow
def test_lesson_runs_top_to_bottom():
    """Does the lesson run from the first cell to the last without an error?"""
    from nbclient import NotebookClient

    nb = read_lesson()
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(COURSE)}})
    client.execute()   # raises CellExecutionError on the first failing cell
    errors = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert not errors, f"sel dengan galat: {errors}"
