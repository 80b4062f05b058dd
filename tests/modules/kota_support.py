"""Shared by the city-track module tests (M07-M09): run an exercise's solution in a kernel
and read back the values it computed, so that a test can compare them with an independent
computation written differently."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grader.build import stage

MARK = "@@NILAI@@"


def run_solution(assignment: str, dump: str) -> dict:
    """Execute solutions/<assignment> (staged with its data, hidden checks included), then
    ``dump`` (code that prints ``MARK + json``); return the dumped dict. Fails on any error."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = stage(assignment, Path(tmp))
        nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(dump))
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        client.execute()   # raises CellExecutionError on the first failing cell
        out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(out.split(MARK, 1)[1])


def hidden_code(solution: Path, grade_id: str) -> str:
    """The hidden part of one test cell of a solution notebook."""
    nb = nbformat.read(solution, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return cell.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]


def provided_code(solution: Path, grade_id: str = "persiapan") -> str:
    nb = nbformat.read(solution, as_version=4)
    return next(c.source for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
