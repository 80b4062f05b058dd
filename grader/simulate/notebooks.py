"""Make participant notebooks from an assignment: filled in, mistaken, or broken.

A submission is the release notebook with some answer cells filled in. Answers come from
the instructor notebook (the solution, with nbgrader's markers removed), optionally with
a typical mistake applied as a text substitution.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: in answer cell ``cell``, replace ``old`` with ``new`` (``old`` None:
    the whole cell becomes ``new``)."""
    cell: str
    old: str | None
    new: str
    description: str


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solution_answers(source: nbformat.NotebookNode) -> dict[str, str]:
    """Answer text of every solution cell of the instructor notebook, markers removed."""
    answers = {}
    for cell in source.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            lines = [line for line in cell.source.splitlines()
                     if line.strip() not in (BEGIN, END)]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def apply(answers: dict[str, str], mistakes: list[Mistake]) -> dict[str, str]:
    """Answers with each mistake applied; a mistake that no longer matches is an error."""
    result = dict(answers)
    for mistake in mistakes:
        if mistake.old is None:
            result[mistake.cell] = mistake.new
            continue
        text = result[mistake.cell]
        if mistake.old not in text:
            raise ValueError(f"mistake {mistake.description!r}: {mistake.old!r} not in {mistake.cell}")
        result[mistake.cell] = text.replace(mistake.old, mistake.new)
    return result


def fill(release: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The release notebook with the given answer cells replaced by ``answers``."""
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid in answers:
            cell.source = answers[gid]
    return nb


def write(nb: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def corrupt(path: Path, release: Path) -> Path:
    """A notebook cut off half-way, as after an interrupted copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = release.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
