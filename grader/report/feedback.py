"""Feedback pages ``umpan_balik/<id>.html``: one per participant, and an index linking them.

For each check (test cell) a page shows its points and "Lulus" or "Belum lulus" with what to
fix. What to fix is only the *message* of the check's error in the autograded notebook (our
test messages are written for participants), or the *name* of an unexpected error. Test cell
source and tracebacks are never read into a page, so hidden tests cannot leak
(jupyter/nbgrader#917).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import statuses
from ..course import Course
from . import collect as c
from .html import environment

FEEDBACK_DIR = "umpan_balik"
INDEX = "index.html"

HASIL_LULUS = "Lulus"
HASIL_BELUM = "Belum lulus"
HASIL_MENUNGGU = "Menunggu penilaian pengajar"
HASIL_DINILAI_PENGAJAR = "Dinilai pengajar"
HASIL_KOSONG = "Belum dikerjakan"
PESAN_TIMEOUT = "Sel melebihi batas waktu dan dihentikan."
PESAN_GALAT = "Sel jawaban belum dikerjakan atau menghasilkan galat: {ename}"
PESAN_TANPA_KETERANGAN = "Pemeriksaan tidak lulus. Periksa kembali jawaban soal ini."
PESAN_TIDAK_TERSEDIA = ("Rincian pemeriksaan tidak tersedia (notebook hasil penilaian tidak "
                        "ditemukan). Tanyakan kepada pengajar.")
PESAN_URAIAN_KOSONG = "Jawaban masih berisi teks bawaan."
CATATAN_BELUM_DIKERJAKAN = ("Sel jawaban belum dikerjakan "
                            "(masih berisi raise NotImplementedError()).")
CATATAN_TIMEOUT = "Sel jawaban melebihi batas waktu dan dihentikan."
CATATAN_GALAT = "Sel jawaban menghasilkan galat: {ename}"
TIMEOUT_ERRORS = {"CellTimeoutError"}


@dataclass
class Check:
    """One graded cell of a participant's submission, as the participant reads it."""

    label: str
    grade_id: str
    points: float | None       # None while the instructor has not graded it
    max_points: float
    result: str
    passed: bool | None        # None for cells graded by the instructor
    message: str = ""


@dataclass
class Question:
    label: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class AssignmentFeedback:
    name: str
    title: str
    status: str
    status_label: str
    reason: str
    score: float
    max_score: float
    graded: bool
    pending: bool
    questions: list[Question]


def check_message(error: dict | None) -> str:
    """What to fix for a failed check, from its error output (name and message only)."""
    if error is None:
        return PESAN_TANPA_KETERANGAN
    ename = str(error.get("ename", ""))
    if ename in TIMEOUT_ERRORS:
        return PESAN_TIMEOUT
    if ename == "AssertionError":
        return str(error.get("evalue", "")).strip() or PESAN_TANPA_KETERANGAN
    return PESAN_GALAT.format(ename=ename or "tidak diketahui")


def answer_note(ename: str) -> str:
    if ename == "NotImplementedError":
        return CATATAN_BELUM_DIKERJAKAN
    if ename in TIMEOUT_ERRORS:
        return CATATAN_TIMEOUT
    return CATATAN_GALAT.format(ename=ename)


def read_errors(path: Path) -> dict[str, dict] | None:
    """First error (ename and evalue only) of each cell with a grade id; None if unreadable."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return None
    errors = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []):
            if grade_id and output.get("output_type") == "error":
                errors[grade_id] = {"ename": output.get("ename", ""),
                                    "evalue": output.get("evalue", "")}
                break
    return errors


def _check(row, errors: dict[str, dict] | None) -> Check:
    grade_id, points, maximum = row[c.SEL], row[c.POIN], row[c.POIN_MAKS]
    base = dict(label=grade_id, grade_id=grade_id, points=points, max_points=maximum)
    if row[c.JENIS] == c.MANUAL:
        if row[c.MENUNGGU]:
            return Check(**{**base, "points": None}, result=HASIL_MENUNGGU, passed=None)
        if row[c.POIN_MANUAL] is not None and row[c.POIN_MANUAL] == row[c.POIN_MANUAL]:
            return Check(**base, result=HASIL_DINILAI_PENGAJAR, passed=None)
        return Check(**base, result=HASIL_KOSONG, passed=None, message=PESAN_URAIAN_KOSONG)
    error = None if errors is None else errors.get(grade_id)
    passed = points >= maximum if maximum > 0 else error is None
    if passed:
        return Check(**base, result=HASIL_LULUS, passed=True)
    message = PESAN_TIDAK_TERSEDIA if errors is None else check_message(error)
    return Check(**base, result=HASIL_BELUM, passed=False, message=message)


def _label_checks(question: Question) -> None:
    """Name automatic checks as in the notebooks: "Pemeriksaan soal 1a", "... 1b"."""
    automatic = [ch for ch in question.checks if ch.passed is not None]
    number = re.fullmatch(r"Soal (\d+)", question.label)
    for index, check in enumerate(automatic):
        if number:
            suffix = string.ascii_lowercase[index] if len(automatic) > 1 and index < 26 else ""
            check.label = f"Pemeriksaan soal {number.group(1)}{suffix}"
    for check in question.checks:
        if check.passed is None:
            check.label = "Jawaban uraian" if question.label == "Refleksi" else check.grade_id


def _questions(cells, notebook_errors: dict[str, dict | None]) -> list[Question]:
    questions: dict[str, Question] = {}
    for _, row in cells.iterrows():
        errors = notebook_errors.get(row[c.NOTEBOOK])
        question = questions.setdefault(row[c.SOAL], Question(row[c.SOAL]))
        question.checks.append(_check(row, errors))
    graded_ids = set(cells[c.SEL])
    for errors in notebook_errors.values():
        for grade_id, error in (errors or {}).items():
            label = c.question_of(grade_id)
            if grade_id not in graded_ids and label in questions:
                note = answer_note(str(error.get("ename", "")))
                if note not in questions[label].notes:
                    questions[label].notes.append(note)
    for question in questions.values():
        _label_checks(question)
    return list(questions.values())


def participant_feedback(results: c.Results, course: Course, student_id: str
                         ) -> list[AssignmentFeedback]:
    """The feedback of one participant, one entry per assignment."""
    out = []
    frame = results.frame[results.frame[c.ID] == student_id].set_index(c.TUGAS)
    cells = results.cells[results.cells[c.ID] == student_id]
    for assignment in results.assignments:
        row = frame.loc[assignment.name]
        questions = []
        if row[c.ADA_NILAI]:
            folder = course.path("autograded", student_id, assignment.name)
            errors = {nb: read_errors(folder / f"{nb}.ipynb") for nb in assignment.notebooks}
            questions = _questions(cells[cells[c.TUGAS] == assignment.name], errors)
        reason = str(row[c.ALASAN]).strip()
        out.append(AssignmentFeedback(
            name=assignment.name, title=assignment.title, status=row[c.STATUS],
            status_label=statuses.LABELS.get(row[c.STATUS], row[c.STATUS]),
            reason=reason[:1].upper() + reason[1:], score=row[c.NILAI],
            max_score=row[c.NILAI_MAKS], graded=bool(row[c.ADA_NILAI]),
            pending=bool(row[c.MENUNGGU]), questions=questions))
    return out


def output_name(student_id: str) -> str:
    """A file name (without extension) for a participant's page, safe on every system."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", student_id).lstrip(".") or "peserta"
    return f"peserta_{name}" if name.lower() == "index" else name


def write_feedback(results: c.Results, course: Course, folder: Path) -> dict[str, Path]:
    """Write every participant's page and the index into ``folder``; return id -> page."""
    folder.mkdir(parents=True, exist_ok=True)
    env = environment()
    page = env.get_template("umpan_balik.html.j2")
    pages: dict[str, Path] = {}
    for person in results.participants.to_dict("records"):
        student_id = person[c.ID]
        path = folder / f"{output_name(student_id)}.html"
        path.write_text(page.render(
            results=results, person=person, identity=results.identity,
            labels=c.COLUMN_LABELS, assignments=participant_feedback(results, course, student_id),
            statuses=statuses), encoding="utf-8")
        pages[student_id] = path
    index = env.get_template("umpan_balik_index.html.j2").render(
        results=results, people=results.participants.to_dict("records"),
        files={sid: p.name for sid, p in pages.items()})
    (folder / INDEX).write_text(index, encoding="utf-8")
    written = {p.name for p in pages.values()} | {INDEX}
    for old in folder.glob("*.html"):   # pages of participants no longer on the roster
        if old.name not in written:
            old.unlink()
    return pages
