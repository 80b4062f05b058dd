"""Item analysis: how every auto-graded check and test item worked in this event.

For each automatic check of each exercise and each question of the tests, over the
participants who attempted that assignment (graded, not an empty notebook):

- difficulty p: the share who got the check fully right;
- discrimination D (upper minus lower 27 %): participants ranked by their total on the same
  assignment (ties by id), p of the top 27 % minus p of the bottom 27 % (at least one each);
- point-biserial r: the correlation of the check (1/0) with the rest of the assignment's
  score (the total without this check), so that a check does not correlate with itself;
- per test form KR-20 = k/(k−1) × (1 − Σ p(1−p) ÷ σ²), σ² the population variance of the
  number right.

Flags: nobody right, everybody right, negative discrimination (D < 0; a negative r beside a
positive D is shown but not flagged, since with a few items it is mostly noise). The share of
each declared mistake seen (its visible message found in the graded notebook) and the share
choosing each option of a multiple-choice question come with it.
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

import nbformat
import numpy as np
import pandas as pd

from . import collect as c
from .gain import ATTEMPTED

UPPER_LOWER = 0.27

FLAG_NONE = "tidak ada yang benar"
FLAG_ALL = "semua benar"
FLAG_NEGATIVE = "daya beda negatif"

H_TUGAS, H_BUTIR, H_KETERANGAN = "Tugas", "Butir atau pemeriksaan", "Keterangan"
H_N, H_P, H_KAT_P = "Jumlah peserta", "Tingkat kesukaran (p)", "Kategori kesukaran"
H_D, H_KAT_D, H_R = "Daya beda (D, 27%)", "Kategori daya beda", "Korelasi point-biserial (r)"
H_TANDA = "Tanda"


# --- the statistics, on a 0/1 matrix (rows participants, columns items) -----------------

def difficulty(column: np.ndarray) -> float:
    column = np.asarray(column, dtype=float)
    return float(column.mean()) if column.size else math.nan


def groups_27(totals: np.ndarray, ids: list[str] | None = None,
              share: float = UPPER_LOWER) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the upper and lower groups: ranked by total (high first, ties by id)."""
    totals = np.asarray(totals, dtype=float)
    n = len(totals)
    ids = ids if ids is not None else [f"{i:09d}" for i in range(n)]
    order = sorted(range(n), key=lambda i: (-totals[i], ids[i]))
    size = max(1, int(round(share * n))) if n >= 2 else 0
    return np.array(order[:size], dtype=int), np.array(order[n - size:] if size else [], dtype=int)


def discrimination(column: np.ndarray, totals: np.ndarray, ids: list[str] | None = None) -> float:
    """p in the upper 27 % minus p in the lower 27 % (NaN with fewer than two participants)."""
    column = np.asarray(column, dtype=float)
    upper, lower = groups_27(totals, ids)
    if not len(upper):
        return math.nan
    return float(column[upper].mean() - column[lower].mean())


def point_biserial(column: np.ndarray, rest: np.ndarray) -> float:
    """Pearson correlation of a 0/1 item with the rest score; NaN when either is constant."""
    x = np.asarray(column, dtype=float)
    y = np.asarray(rest, dtype=float)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return math.nan
    return float(((x - x.mean()) * (y - y.mean())).mean() / (x.std() * y.std()))


def kr20(matrix: np.ndarray) -> float:
    """KR-20 of a 0/1 matrix; NaN with fewer than two items or no variance of totals."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] < 2 or matrix.shape[0] < 2:
        return math.nan
    k = matrix.shape[1]
    p = matrix.mean(axis=0)
    variance = matrix.sum(axis=1).var()
    if variance == 0:
        return math.nan
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / variance))


def difficulty_band(p: float) -> str:
    if math.isnan(p):
        return ""
    return "Sukar" if p < 0.3 else "Sedang" if p <= 0.7 else "Mudah"


def discrimination_band(d: float) -> str:
    """Ebel's bands."""
    if math.isnan(d):
        return ""
    if d < 0:
        return "Negatif (perlu ditelaah)"
    return ("Sangat baik" if d >= 0.4 else "Baik" if d >= 0.3 else "Cukup" if d >= 0.2
            else "Jelek")


def flags(p: float, d: float, r: float) -> list[str]:
    out = []
    if p == 0:
        out.append(FLAG_NONE)
    if p == 1:
        out.append(FLAG_ALL)
    if not math.isnan(d) and d < 0:
        out.append(FLAG_NEGATIVE)
    return out


# --- from an event's results ---------------------------------------------------------------

@dataclass
class Matrix:
    """One assignment's automatic checks: 0/1 per participant (rows) and check (columns)."""
    assignment: str
    ids: list[str]
    checks: list[str]                      # grade ids in notebook order
    right: np.ndarray                      # 0/1
    points: np.ndarray                     # points obtained
    labels: dict[str, str] = field(default_factory=dict)


def matrices(results: c.Results) -> dict[str, Matrix]:
    """Per assignment, the automatic checks of the attempted submissions."""
    attempted = results.frame[results.frame[c.STATUS].isin(ATTEMPTED) & results.frame[c.ADA_NILAI]]
    keep = set(zip(attempted[c.ID], attempted[c.TUGAS]))
    cells = results.cells[(results.cells[c.JENIS] == c.OTOMATIS)
                          & (results.cells[c.POIN_MAKS] > 0)]
    cells = cells[[(i, t) in keep for i, t in zip(cells[c.ID], cells[c.TUGAS])]]
    found = {}
    for assignment in [a.name for a in results.assignments]:
        part = cells[cells[c.TUGAS] == assignment]
        if part.empty:
            continue
        checks = list(part.sort_values(c.URUTAN, kind="stable")[c.SEL].drop_duplicates())
        ids = sorted(part[c.ID].unique())
        points = part.pivot_table(index=c.ID, columns=c.SEL, values=c.POIN, aggfunc="sum")
        maxima = part.groupby(c.SEL)[c.POIN_MAKS].max()
        points = points.reindex(index=ids, columns=checks).fillna(0.0)
        right = (points >= maxima.reindex(checks).to_numpy() - 1e-9).astype(float)
        found[assignment] = Matrix(assignment, ids, checks, right.to_numpy(),
                                   points.to_numpy(dtype=float))
    return found


def analyse(matrix: Matrix) -> list[dict]:
    """One row of statistics per check of ``matrix``."""
    totals = matrix.points.sum(axis=1)
    rows = []
    for index, check in enumerate(matrix.checks):
        column = matrix.right[:, index]
        p = difficulty(column)
        d = discrimination(column, totals, matrix.ids)
        r = point_biserial(column, totals - matrix.points[:, index])
        rows.append({"sel": check, "n": len(matrix.ids), "p": p, "d": d, "r": r,
                     "tanda": flags(p, d, r)})
    return rows


def check_labels(course, assignment: str) -> dict[str, str]:
    """Grade id -> the check's own label ("Pemeriksaan soal 1a: total RAB (1 poin)" ->
    "Soal 1a: total RAB") from the event's source notebook."""
    path = course.path("source", ".", assignment) / f"{assignment}.ipynb"
    labels = {}
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # no source: labels fall back to the question
        return labels
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        text = first.lstrip("# ").strip()
        if text.lower().startswith("pemeriksaan "):
            text = text[len("pemeriksaan "):]
        text = text.split(":", 1)[0] if "hanya bentuk" in text else text
        text = text.rsplit(" (", 1)[0] if text.endswith(")") else text
        labels[meta["grade_id"]] = text[:1].upper() + text[1:]
    return labels


def chosen_letter(source: str, name: str) -> str | None:
    """The letter assigned to ``name`` in an answer cell (read as data, never run)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    letter = None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            letter = node.value.value.strip().strip(".)").upper() or None
    return letter


def answers(course, assignment: str, ids: list[str]) -> dict[str, dict[str, str | None]]:
    """Per participant, answer cell grade id -> the source text of the submitted answer."""
    found = {}
    for student_id in ids:
        path = course.path("submitted", student_id, assignment) / f"{assignment}.ipynb"
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # a broken file has no answers to count
            continue
        found[student_id] = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell.source
                             for cell in nb.cells if cell.cell_type == "code"
                             and cell.metadata.get("nbgrader", {}).get("solution")}
    return found


def visible_messages(course, assignment: str, ids: list[str]) -> dict[str, list[str]]:
    """Per participant, the visible self-check messages of the graded notebook."""
    found = {}
    for student_id in ids:
        path = course.path("autograded", student_id, assignment) / f"{assignment}.ipynb"
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # not graded by bimtek: nothing to count
            continue
        found[student_id] = [str(cell.metadata.get("bimtek", {}).get("pesan_terlihat") or "")
                             for cell in nb.cells if "bimtek" in cell.metadata]
    return found
