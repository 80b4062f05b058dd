"""Turn an autograde outcome into a participant's status and reason."""
from __future__ import annotations

import warnings
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from .. import statuses
from .worker import Outcome


def _cells_with_error(notebook: Path, enames: set[str]) -> list[str]:
    """Grade ids (or positions) of the cells whose output has an error named in ``enames``."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:
        return []
    cells = []
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in enames:
                cells.append(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                             or f"sel ke-{index}")
                break
    return cells


def classify(outcome: Outcome, *, autograded_dir: Path, notebooks: list[str], db_url: str,
             course_id: str, assignment_id: str, timeout: int) -> tuple[str, str]:
    """Return (status, reason) for one graded submission."""
    log = "\n".join(outcome.errors)
    if not outcome.ok:
        if "DeadKernelError" in log or "Kernel died" in log:
            return statuses.KERNEL_MATI, (
                "kernel Python berhenti saat menjalankan notebook (misalnya karena exit() atau "
                "kehabisan memori); nilai otomatis tidak dapat dihitung")
        if "UnresponsiveKernelError" in log or "unresponsive" in log:
            return statuses.WAKTU_HABIS, (
                f"kernel tidak menanggapi setelah batas waktu {timeout} detik dan tidak dapat dihentikan")
        last = [line for line in log.splitlines() if line.strip()]
        return statuses.GALAT, (last[-1].strip()[:300] if last else "penilaian otomatis gagal")
    timed_out, syntax = [], []
    for notebook in notebooks:
        path = autograded_dir / f"{notebook}.ipynb"
        timed_out += _cells_with_error(path, {"CellTimeoutError"})
        syntax += _cells_with_error(path, {"SyntaxError", "IndentationError", "TabError"})
    note = (f"sel {', '.join(syntax)} berisi kesalahan penulisan kode (SyntaxError); "
            "soal itu tidak mendapat nilai") if syntax else ""
    if timed_out:
        return statuses.WAKTU_HABIS, (
            f"sel {', '.join(timed_out)} melebihi batas waktu {timeout} detik dan dihentikan; "
            "soal lain tetap dinilai")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(db_url, course_id) as gb:
            try:
                submission = gb.find_submission(assignment_id, outcome.student_id)
            except MissingEntry:
                return statuses.GALAT, "nilai tidak tercatat di buku nilai setelah penilaian"
            needs_manual = submission.needs_manual_grade
    if needs_manual:
        return statuses.PERLU_PENILAIAN_MANUAL, "; ".join(
            x for x in ("jawaban uraian menunggu penilaian pengajar", note) if x)
    return statuses.DINILAI, note
