"""Keep one cell per nbgrader grade id in a submission (a copied cell repeats its grade id).

JupyterLab copies a cell's metadata with the cell, so a participant who duplicates an answer
or check cell submits two cells with the same grade id (and the same cell id). nbgrader's own
DeduplicateIds then leaves an empty nbgrader metadata dict on the earlier copy, which its next
step rejects as "an old version of the nbgrader metadata format" and the whole submission
fails. This step runs first: like nbgrader it keeps the LAST cell with a grade id, removes the
nbgrader metadata of the earlier ones entirely (they stay ordinary cells and still run), and
gives repeated cell ids new values.
"""
from __future__ import annotations

import uuid

from nbgrader.preprocessors import NbGraderPreprocessor


def duplicate_grade_ids(nb) -> list[str]:
    """Grade ids that appear on more than one cell of ``nb``, in order of first appearance."""
    seen, repeated = set(), []
    for cell in nb.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id is None:
            continue
        if grade_id in seen and grade_id not in repeated:
            repeated.append(grade_id)
        seen.add(grade_id)
    return repeated


class KeepLastGradeId(NbGraderPreprocessor):
    """Keep the last cell of each grade id; make cell ids unique (see module doc)."""

    def preprocess(self, nb, resources):
        kept = set()
        for cell in reversed(nb.cells):
            meta = cell.get("metadata", {})
            grade_id = meta.get("nbgrader", {}).get("grade_id")
            if grade_id is None:
                continue
            if grade_id in kept:
                del meta["nbgrader"]
            else:
                kept.add(grade_id)
        ids = set()
        for cell in nb.cells:
            if "id" in cell:
                if cell["id"] in ids:
                    cell["id"] = uuid.uuid4().hex[:8]
                ids.add(cell["id"])
        return nb, resources
