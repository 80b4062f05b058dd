"""Feedback per participant: ``umpan_balik/<Nama>_<id>.pdf`` and ``.html``, one of each.

Written for a participant who is not a programmer: for each question, whether each check
passed, and for a check that did not, the message the grader wrote for participants. The
messages come from the autograded notebook: ``cell.metadata["bimtek"]`` (``{"lulus": bool,
"pesan": str}``) of each grade cell, written by bimtek's grading; for older notebooks without
it, the cell's outputs are mapped to plain Indonesian here. Test cell source, tracebacks,
Python words (NameError, KeyboardInterrupt, ...), grade ids and cell ids never reach a page:
every text shown passes ``participant_text``. A page holds nothing of other participants and
links nowhere. The instructor's comments on answers graded by hand are shown once graded.
"""
from __future__ import annotations

import json
import re
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import statuses
from ..course import Course
from . import collect as c

FEEDBACK_DIR = "umpan_balik"

HASIL_LULUS = "Tepat"
HASIL_BELUM = "Belum tepat"
HASIL_MENUNGGU = "Menunggu penilaian pengajar"
HASIL_DINILAI_PENGAJAR = "Dinilai pengajar"
HASIL_KOSONG = "Belum dijawab"
PESAN_TIMEOUT = ("Pemeriksaan dihentikan karena melebihi batas waktu. Kemungkinan ada perulangan "
                 "yang tidak pernah berhenti di jawaban soal ini.")
PESAN_BELUM_DIKERJAKAN = "Jawaban soal ini belum diisi."
PESAN_BELUM_ADA = ("Hasil yang diperiksa belum ada. Pastikan sel jawaban soal ini sudah diisi, "
                   "berjalan tanpa pesan galat, dan nama variabelnya sesuai petunjuk soal.")
PESAN_GALAT = ("Jawaban soal ini menghasilkan galat saat dijalankan, sehingga belum dapat "
               "diperiksa. Jalankan ulang notebook dari atas dan perbaiki sel yang menampilkan "
               "pesan galat.")
PESAN_TANPA_KETERANGAN = "Jawaban belum sesuai. Periksa kembali langkah dan hasil soal ini."
PESAN_TIDAK_TERSEDIA = ("Rincian pemeriksaan tidak tersedia. Tanyakan kepada pengajar.")
PESAN_URAIAN_KOSONG = "Jawaban uraian masih berisi teks bawaan."
CATATAN_BELUM_DIKERJAKAN = "Sel jawaban soal ini belum dikerjakan."
CATATAN_TIMEOUT = ("Sel jawaban soal ini berjalan melebihi batas waktu dan dihentikan "
                   "(kemungkinan ada perulangan yang tidak berhenti).")
CATATAN_GALAT = ("Sel jawaban soal ini menampilkan pesan galat saat dijalankan. Jalankan ulang "
                 "dan perbaiki sel itu.")
TIMEOUT_ERRORS = {"CellTimeoutError", "KeyboardInterrupt", "TimeoutError", "DeadKernelError"}
CHECK_ERRORS = {"BelumTepat", "AssertionError"}
MISSING_ERRORS = {"NameError", "AttributeError", "KeyError", "UnboundLocalError"}

# What a participant reads about each status of an assignment (the grader's own reasons are
# written for the instructor and may name cells or Python errors).
STATUS_EXPLANATION = {
    statuses.DINILAI: "",
    statuses.PERLU_PENILAIAN_MANUAL: ("Jawaban uraian Anda menunggu penilaian pengajar; nilai "
                                      "tugas ini masih sementara."),
    statuses.TIDAK_MENGUMPULKAN: "Anda belum mengumpulkan tugas ini, sehingga nilainya 0.",
    c.MENUNGGU_DINILAI: ("Pengumpulan Anda sudah diterima tetapi belum dinilai. Rincian tugas "
                         "ini tersedia setelah penilaian."),
    statuses.BERKAS_RUSAK: ("Berkas yang Anda kumpulkan tidak dapat dibuka sebagai notebook "
                            "(rusak atau tidak lengkap), sehingga belum dapat dinilai. Kumpulkan "
                            "ulang notebook Anda, atau hubungi pengajar."),
    statuses.WAKTU_HABIS: ("Sebagian sel Anda berjalan melebihi batas waktu dan dihentikan "
                           "(kemungkinan ada perulangan yang tidak berhenti). Soal yang terkena "
                           "tidak mendapat nilai."),
    statuses.KERNEL_MATI: ("Notebook Anda berhenti di tengah penilaian (misalnya karena memakai "
                           "memori terlalu banyak). Soal sesudah titik itu tidak mendapat nilai. "
                           "Hubungi pengajar."),
    statuses.GALAT: ("Pengumpulan Anda belum dapat dinilai karena gangguan teknis pada "
                     "penilaian. Pengajar akan menilainya ulang; Anda tidak perlu melakukan "
                     "apa pun."),
    statuses.TIDAK_DIKERJAKAN: ("Notebook yang Anda kumpulkan masih kosong: belum ada jawaban "
                                "yang diisi. Kerjakan soal-soalnya lalu kumpulkan ulang."),
}
# Reasons of these statuses are about the participant's own file and may be shown if clean.
REASON_SHOWN = {statuses.BERKAS_RUSAK}

# Text a participant must never read: Python exception names and words, tracebacks, cell
# and grade ids, terminal colour codes.
_TECHNICAL = re.compile(
    r"Traceback|\b\w*(?:Error|Exception|Interrupt|Warning)\b|NotImplemented|\bgrade_id\b|"
    r"\bcell[-_][0-9a-f]{4,}|\b(?:jawab|uji|test|tes)_\w+|\bFile \"|\bline \d+|\x1b\[|"
    r"\bdef |\bimport |\bassert\b|\braise\b|\b__\w+__\b|\.ipynb\b")


def participant_text(text: str, grade_ids: set[str] = frozenset()) -> str | None:
    """``text`` if a participant may read it (no Python word, no id), else None."""
    text = " ".join(str(text or "").split())
    if not text or _TECHNICAL.search(text):
        return None
    if any(g and g in text for g in grade_ids if "_" in g or any(ch.isdigit() for ch in g)):
        return None
    return text


@dataclass
class Check:
    """One graded cell of a participant's submission, as the participant reads it."""

    label: str
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
    comments: list[str] = field(default_factory=list)   # the instructor's, on essays


@dataclass
class AssignmentFeedback:
    name: str
    title: str
    status: str
    status_label: str
    explanation: str
    score: float
    max_score: float
    graded: bool
    pending: bool
    questions: list[Question]

    @property
    def reason(self) -> str:   # kept for templates written against the old name
        return self.explanation


def check_message(error: dict | None, grade_ids: set[str] = frozenset()) -> str:
    """What to fix for a failed check, from its error output (name and message only)."""
    if error is None:
        return PESAN_TANPA_KETERANGAN
    ename = str(error.get("ename", ""))
    if ename in TIMEOUT_ERRORS:
        return PESAN_TIMEOUT
    if ename in CHECK_ERRORS:
        return participant_text(error.get("evalue", ""), grade_ids) or PESAN_TANPA_KETERANGAN
    if ename == "NotImplementedError":
        return PESAN_BELUM_DIKERJAKAN
    if ename in MISSING_ERRORS:
        return PESAN_BELUM_ADA
    return PESAN_GALAT


def answer_note(ename: str) -> str:
    """What a participant reads about an error in one of their own answer cells."""
    if ename == "NotImplementedError":
        return CATATAN_BELUM_DIKERJAKAN
    if ename in TIMEOUT_ERRORS:
        return CATATAN_TIMEOUT
    return CATATAN_GALAT


def read_checks(path: Path) -> dict[str, dict] | None:
    """Per cell with a grade id: ``{"lulus": bool|None, "pesan": str, "ename": str}``.

    From the grader's ``metadata["bimtek"]`` when present, otherwise from the cell's first
    error output (its name and message only). None if the notebook cannot be read.

    A version 4 notebook (what nbgrader writes) is read as plain JSON: only cell metadata and
    outputs are needed, and nbformat's schema validation would cost more than the rest of
    the participant's feedback page. Other versions go through nbformat's conversion.
    """
    try:
        data = json.loads(Path(path).read_bytes())
        if not (isinstance(data, dict) and data.get("nbformat") == 4
                and isinstance(data.get("cells"), list)):
            data = nbformat.read(path, as_version=4)
    except Exception:
        return None
    found = {}
    for cell in data.get("cells", []):
        if not isinstance(cell, dict):
            continue
        metadata = cell.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        nbgrader = metadata.get("nbgrader")
        grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
        if not grade_id:
            continue
        verdict = metadata.get("bimtek")
        if isinstance(verdict, dict) and "lulus" in verdict:
            found[grade_id] = {"lulus": bool(verdict["lulus"]),
                               "pesan": str(verdict.get("pesan", "") or ""), "ename": ""}
            continue
        outputs = cell.get("outputs")
        for output in outputs if isinstance(outputs, list) else []:
            if isinstance(output, dict) and output.get("output_type") == "error":
                found[grade_id] = {"lulus": False, "ename": str(output.get("ename", "")),
                                   "pesan": str(output.get("evalue", ""))}
                break
    return found


def _failed_message(found: dict | None, grade_ids: set[str]) -> str:
    if found is None:
        return PESAN_TANPA_KETERANGAN
    if found.get("ename"):
        return check_message({"ename": found["ename"], "evalue": found["pesan"]}, grade_ids)
    return participant_text(found.get("pesan", ""), grade_ids) or PESAN_TANPA_KETERANGAN


def _check(row, checks: dict[str, dict] | None, grade_ids: set[str]) -> Check:
    points, maximum = row[c.POIN], row[c.POIN_MAKS]
    base = dict(label="", points=points, max_points=maximum)
    if row[c.JENIS] == c.MANUAL:
        if row[c.MENUNGGU]:
            return Check(**{**base, "points": None}, result=HASIL_MENUNGGU, passed=None)
        if row[c.POIN_MANUAL] is not None and row[c.POIN_MANUAL] == row[c.POIN_MANUAL]:
            return Check(**base, result=HASIL_DINILAI_PENGAJAR, passed=None)
        return Check(**base, result=HASIL_KOSONG, passed=None, message=PESAN_URAIAN_KOSONG)
    found = None if checks is None else checks.get(row[c.SEL])
    passed = points >= maximum if maximum > 0 else not (found and found.get("lulus") is False)
    if passed:
        return Check(**base, result=HASIL_LULUS, passed=True)
    message = PESAN_TIDAK_TERSEDIA if checks is None else _failed_message(found, grade_ids)
    return Check(**base, result=HASIL_BELUM, passed=False, message=message)


def _question_label(label: str) -> str:
    return label if re.fullmatch(r"Soal \d+|Refleksi", label) else "Pemeriksaan lain"


def _label_checks(question: Question) -> None:
    """Name automatic checks "Pemeriksaan 1", "Pemeriksaan 2" within their question."""
    automatic = [ch for ch in question.checks if ch.passed is not None]
    for index, check in enumerate(automatic, start=1):
        check.label = f"Pemeriksaan {index}" if len(automatic) > 1 else "Pemeriksaan"
    for check in question.checks:
        if check.passed is None:
            check.label = "Jawaban uraian"


def _questions(cells: list[dict], notebook_checks: dict[str, dict | None]) -> list[Question]:
    """The questions of one graded submission from its rows of ``Results.cells`` (as dicts)."""
    questions: dict[str, Question] = {}
    grade_ids = {row[c.SEL] for row in cells}
    for checks in notebook_checks.values():
        grade_ids |= set(checks or {})
    for row in cells:
        checks = notebook_checks.get(row[c.NOTEBOOK])
        label = _question_label(row[c.SOAL])
        question = questions.setdefault(label, Question(label))
        question.checks.append(_check(row, checks, grade_ids))
        if row[c.JENIS] == c.MANUAL and not row[c.MENUNGGU] and row[c.KOMENTAR]:
            comment = " ".join(str(row[c.KOMENTAR]).split())
            if comment and comment not in question.comments:
                question.comments.append(comment)
    graded_ids = {row[c.SEL] for row in cells}
    for checks in notebook_checks.values():
        for grade_id, found in (checks or {}).items():
            label = _question_label(c.question_of(grade_id))
            if grade_id not in graded_ids and label in questions and found.get("ename"):
                note = answer_note(found["ename"])
                if note not in questions[label].notes:
                    questions[label].notes.append(note)
    for question in questions.values():
        _label_checks(question)
    return list(questions.values())


class _ByParticipant:
    """``Results.frame`` and ``Results.cells`` split by participant once, as plain dicts, so
    that writing every participant's page does not filter the whole table for each one."""

    def __init__(self, results: c.Results):
        self.frame: dict[str, dict[str, dict]] = {}
        for row in _records(results.frame):
            self.frame.setdefault(row[c.ID], {})[row[c.TUGAS]] = row
        self.cells: dict[tuple[str, str], list[dict]] = {}
        for row in _records(results.cells):
            self.cells.setdefault((row[c.ID], row[c.TUGAS]), []).append(row)


def _records(frame) -> list[dict]:
    """The rows of ``frame`` as dicts of Python values (as ``to_dict("records")``, faster)."""
    columns = list(frame.columns)
    return [dict(zip(columns, values))
            for values in zip(*(frame[column].tolist() for column in columns))]


def participant_feedback(results: c.Results, course: Course, student_id: str,
                         by_participant: _ByParticipant | None = None
                         ) -> list[AssignmentFeedback]:
    """The feedback of one participant, one entry per assignment."""
    split = by_participant or _ByParticipant(results)
    frame = split.frame.get(student_id, {})
    out = []
    for assignment in results.assignments:
        row = frame[assignment.name]
        questions = []
        if row[c.ADA_NILAI]:
            folder = course.path("autograded", student_id, assignment.name)
            checks = {nb: read_checks(folder / f"{nb}.ipynb") for nb in assignment.notebooks}
            questions = _questions(split.cells.get((student_id, assignment.name), []), checks)
        status = row[c.STATUS]
        explanation = STATUS_EXPLANATION.get(status, "")
        if status in REASON_SHOWN:
            reason = participant_text(row[c.ALASAN])
            if reason:
                explanation += f" Keterangan: {reason[:1].upper() + reason[1:]}"
        out.append(AssignmentFeedback(
            name=assignment.name, title=assignment.title, status=status,
            status_label=c.LABELS.get(status, status), explanation=explanation.strip(),
            score=row[c.NILAI], max_score=row[c.NILAI_MAKS], graded=bool(row[c.ADA_NILAI]),
            pending=bool(row[c.MENUNGGU]), questions=questions))
    return out


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"[.'`]", "", ascii_text)
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")


def output_name(student_id: str, name: str = "") -> str:
    """File name (without extension) of a participant's feedback: "Andi_Saputra_p01".

    Made of the name (letters and digits only, titles kept: "Siti_Rahma_SE_MSi_102") and the
    id, so that it is safe on every system, sorts by name and never collides between two
    participants of the same name.
    """
    person = _slug(name)[:60].strip("_") or "peserta"
    ident = re.sub(r"[^A-Za-z0-9-]+", "_", student_id).strip("_-") or "tanpa_id"
    return f"{person}_{ident}"


def feedback_names(people: list[dict]) -> dict[str, str]:
    """Participant id -> file name, made unique in roster order."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for person in people:
        stem = base = output_name(person[c.ID], person.get(c.NAMA, ""))
        number = 2
        while stem.casefold() in used:
            stem, number = f"{base}_{number}", number + 1
        used.add(stem.casefold())
        names[person[c.ID]] = stem
    return names


def write_feedback(results: c.Results, course: Course, folder: Path) -> dict[str, Path]:
    """Write every participant's PDF and HTML into ``folder``; return id -> PDF."""
    from .html import environment
    from .pdf import feedback_pdf
    folder.mkdir(parents=True, exist_ok=True)
    page = environment().get_template("umpan_balik.html.j2")
    people = results.participants.to_dict("records")
    names = feedback_names(people)
    headers = {col: c.ROSTER_LABELS.get(col, col) for col in results.identity}
    written: dict[str, Path] = {}
    split = _ByParticipant(results)
    for person in people:
        student_id = person[c.ID]
        assignments = participant_feedback(results, course, student_id, split)
        html = folder / f"{names[student_id]}.html"
        html.write_text(page.render(
            results=results, person=person, identity=results.identity, labels=headers,
            assignments=assignments, statuses=statuses, waiting=c.MENUNGGU_DINILAI),
            encoding="utf-8")
        pdf = folder / f"{names[student_id]}.pdf"
        feedback_pdf(results, person, headers, assignments, pdf)
        written[student_id] = pdf
    return written
