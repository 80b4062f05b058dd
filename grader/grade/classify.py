"""Turn an autograde outcome into a participant's status and reason."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from .. import statuses
from .worker import Outcome

# Log lines that carry no information about the cause.
_GENERIC = ("Please see the", "There was an error processing", "NbGraderException")
# nbgrader refusing a notebook whose nbgrader cell metadata was changed (a test cell's
# grade id or type, an answer cell turned into a test): the same on every try.
_TAMPERED = ("ValidationError", "NoResultFound", "Inconsistent checksums")


@dataclass
class Verdict:
    status: str
    reason: str = ""
    # True when the failure looks like the grading machine's (overload), not the participant's:
    # the run tries such submissions once more with a longer time limit.
    retry: bool = False


def _cells_with_error(notebook: Path, enames: set[str]) -> list[tuple[str, bool]]:
    """(grade id or position, is an answer cell) of the cells with an error named in ``enames``."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:
        return []
    cells = []
    for index, cell in enumerate(nb.cells, start=1):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        verdict = cell.get("metadata", {}).get("bimtek", {})
        if "CellTimeoutError" in enames and verdict.get("sebab") == "waktu_habis":
            # a check cell's outputs are replaced by the verdict (grader.grade.verdict)
            cells.append((meta.get("grade_id") or f"sel ke-{index}", False))
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in enames:
                cells.append((meta.get("grade_id") or f"sel ke-{index}", bool(meta.get("solution"))))
                break
    return cells


def _clear_scores(db_url: str, course_id: str, assignment_id: str, student_id: str) -> None:
    """Set every automatic score of a submission whose grading failed to 0."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(db_url, course_id) as gb:
            try:
                submission = gb.find_submission(assignment_id, student_id)
            except MissingEntry:
                return
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = 0
            gb.db.commit()


def _tampered(log: str) -> str:
    """What nbgrader found wrong with the cell metadata, in one short phrase."""
    for line in log.splitlines():
        if "ValidationError:" in line:
            return line.split("ValidationError:", 1)[1].strip()[:120]
    if "Inconsistent checksums" in log:
        return "isi sel yang dikunci tidak cocok dengan buku nilai"
    return "ada sel penilaian yang tidak dikenal buku nilai"


def _cause(log: str) -> str:
    """The most telling line of nbgrader's error log (the exception, not the boilerplate)."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    telling = [line for line in lines if not any(g in line for g in _GENERIC)
               and not line.startswith(("File ", "Traceback", "^", "~"))]
    return (telling[-1] if telling else (lines[-1] if lines else "penilaian otomatis gagal"))[:300]


def classify(outcome: Outcome, *, autograded_dir: Path, notebooks: list[str], db_url: str,
             course_id: str, assignment_id: str, timeout: int) -> Verdict:
    """Decide the status of one graded submission.

    When nbgrader failed, the gradebook still holds the scores of an earlier run (or none):
    they are set to 0 here, so that no status is ever reported with scores it did not earn.
    """
    log = "\n".join(outcome.errors)
    if not outcome.ok:
        _clear_scores(db_url, course_id, assignment_id, outcome.student_id)
        if "DeadKernelError" in log or "Kernel died" in log:
            return Verdict(statuses.KERNEL_MATI, (
                "kernel Python berhenti saat menjalankan notebook (misalnya karena exit() atau "
                "kehabisan memori); nilai otomatis tidak dapat dihitung"))
        if "UnresponsiveKernelError" in log or "unresponsive" in log:
            return Verdict(statuses.WAKTU_HABIS, (
                f"kernel tidak menanggapi setelah batas waktu {timeout} detik dan tidak dapat "
                "dihentikan; nilai otomatis tidak dapat dihitung"))
        if any(marker in log for marker in _TAMPERED):
            return Verdict(statuses.BERKAS_RUSAK, (
                f"penanda nbgrader pada sel notebook telah diubah ({_tampered(log)}); nilai "
                "otomatis tidak dapat dihitung. Minta peserta menyalin jawabannya ke notebook "
                "tugas yang asli, atau nilai secara manual"))
        if "CellTimeoutError" in log:
            # The kernel was interrupted but never answered again (for example, busy with
            # processes the code started). Could be an overloaded machine: try once more.
            return Verdict(statuses.WAKTU_HABIS, (
                f"sel melebihi batas waktu {timeout} detik dan kernel tidak pulih setelah "
                "dihentikan (misalnya karena kode menjalankan banyak proses); nilai otomatis "
                "tidak dapat dihitung"), retry=True)
        return Verdict(statuses.GALAT, f"penilaian otomatis gagal: {_cause(log)}", retry=True)
    timed_out, syntax = [], []
    for notebook in notebooks:
        path = autograded_dir / f"{notebook}.ipynb"
        timed_out += _cells_with_error(path, {"CellTimeoutError"})
        syntax += _cells_with_error(path, {"SyntaxError", "IndentationError", "TabError"})
    note = (f"sel {', '.join(c for c, _ in syntax)} berisi kesalahan penulisan kode "
            "(SyntaxError); soal itu tidak mendapat nilai") if syntax else ""
    if timed_out:
        names = ", ".join(c for c, _ in timed_out)
        # A cell the participant did not write (data loading, a test) that times out means
        # the machine was too busy: try again with more time.
        machine = any(not is_answer for _, is_answer in timed_out)
        return Verdict(statuses.WAKTU_HABIS, (
            f"sel {names} melebihi batas waktu {timeout} detik dan dihentikan; "
            "soal lain tetap dinilai"), retry=machine)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(db_url, course_id) as gb:
            try:
                submission = gb.find_submission(assignment_id, outcome.student_id)
            except MissingEntry:
                return Verdict(statuses.GALAT, "nilai tidak tercatat di buku nilai setelah penilaian")
            needs_manual = submission.needs_manual_grade
    if needs_manual:
        return Verdict(statuses.PERLU_PENILAIAN_MANUAL, "; ".join(
            x for x in ("jawaban uraian menunggu penilaian pengajar", note) if x))
    return Verdict(statuses.DINILAI, note)
