"""Collect an event's results into one tidy table, and derive the report tables from it.

``read_results`` reads the roster, the gradebook and bimtek's status table once and returns
``Results``: one row per participant and assignment (``frame``) and, beside it, one row per
graded cell of each graded submission (``cells``). The Excel workbook, the HTML report and the
feedback pages are all written from these two tables. Every column name is a constant here.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import nbformat
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from .. import status_store, statuses
from ..course import Course
from ..roster_file import ROSTER_COLUMNS, read_roster

# Tidy results, one row per participant x assignment (identity columns as in peserta.csv).
ID, NAMA, INSTANSI, KABKOTA, KELAS = ROSTER_COLUMNS
GELOMBANG = "gelombang"
TUGAS = "tugas"
STATUS = "status"
ALASAN = "alasan"
NILAI = "nilai"
NILAI_MAKS = "nilai_maks"
ADA_NILAI = "ada_nilai"            # the gradebook holds a graded submission
MENUNGGU = "menunggu_manual"       # a manual grade of this submission is still pending

# Per-cell grades, one row per participant x assignment x graded cell.
NOTEBOOK = "notebook"
SEL = "sel"                        # nbgrader grade id
SOAL = "soal"                      # question label ("Soal 1", "Refleksi", ...)
JENIS = "jenis"                    # OTOMATIS (test cell) or MANUAL (graded by the instructor)
URUTAN = "urutan"                  # position of the cell in the notebook
POIN = "poin"
POIN_MAKS = "poin_maks"
POIN_MANUAL = "poin_manual"        # None unless an instructor gave a score
OTOMATIS, MANUAL = "otomatis", "manual"

# Per participant (derived): totals and verdict.
TOTAL = "total"
PERSEN = "persen"
LULUS = "lulus"
MENGUMPULKAN = "mengumpulkan"
KETERANGAN = "keterangan"          # KET_LULUS or KET_TIDAK_LULUS
CATATAN = "catatan"                # CATATAN_MENUNGGU or ""

# Headers of the tables organisers read.
H_TOTAL = "Total"
H_MAKS = "Nilai maksimum"
H_PERSEN = "Persen"
H_KETERANGAN = "Keterangan"
H_CATATAN = "Catatan"
H_TUGAS = "Tugas"
H_SOAL = "Soal"
H_STATUS = "Status"
H_ALASAN = "Alasan"
H_DINILAI = "Jumlah dinilai"
H_RATA_POIN = "Rata-rata poin"
H_POIN_MAKS = "Poin maksimum"
H_MENUNGGU = "Menunggu penilaian manual"
H_PESERTA = "Jumlah peserta"
H_MENGUMPULKAN = "Jumlah mengumpulkan"
H_LULUS = "Jumlah lulus"
H_PERSEN_LULUS = "Persen lulus"
H_RATA_PERSEN = "Rata-rata persen"

KET_LULUS = "Lulus"
KET_TIDAK_LULUS = "Tidak lulus"
CATATAN_MENUNGGU = "Menunggu penilaian manual"
TIDAK_DIISI = "(tidak diisi)"
ALASAN_TIDAK_MENGUMPULKAN = "Tidak ada berkas pengumpulan."

# Friendly labels of the roster columns, for the HTML pages.
COLUMN_LABELS = {ID: "ID", NAMA: "Nama", INSTANSI: "Instansi", KABKOTA: "Kabupaten/Kota",
                 KELAS: "Kelas", GELOMBANG: "Gelombang"}

ATTENTION = [statuses.TIDAK_MENGUMPULKAN, *sorted(statuses.NEEDS_ATTENTION,
                                                  key=list(statuses.LABELS).index)]


@dataclass
class Assignment:
    """One assignment of the gradebook."""

    name: str
    max_score: float
    notebooks: list[str]
    title: str


@dataclass
class Results:
    """Everything the reports show, read once from the event folder."""

    event_name: str
    course_id: str
    threshold: float
    generated: datetime
    assignments: list[Assignment]
    groups: list[str]          # roster columns the reports break results down by
    roster: pd.DataFrame       # identity columns, one row per participant, roster order
    frame: pd.DataFrame        # tidy results (ID, TUGAS, STATUS, ALASAN, NILAI, ...)
    cells: pd.DataFrame        # per-cell grades of graded submissions

    @property
    def identity(self) -> list[str]:
        return list(self.roster.columns)

    @property
    def max_total(self) -> float:
        return float(sum(a.max_score for a in self.assignments))

    @cached_property
    def participants(self) -> pd.DataFrame:
        """One row per participant: identity, totals, verdict and whether anything is pending."""
        by_id = self.frame.groupby(ID, sort=False)
        people = self.roster.copy()
        people[TOTAL] = people[ID].map(by_id[NILAI].sum()).fillna(0.0).astype(float)
        people[MENUNGGU] = people[ID].map(by_id[MENUNGGU].any()).fillna(False).astype(bool)
        submitted = self.frame[STATUS] != statuses.TIDAK_MENGUMPULKAN
        people[MENGUMPULKAN] = people[ID].isin(self.frame.loc[submitted, ID])
        people[PERSEN] = percent(people[TOTAL], self.max_total)
        people[LULUS] = people[PERSEN] >= self.threshold
        people[KETERANGAN] = people[LULUS].map({True: KET_LULUS, False: KET_TIDAK_LULUS})
        people[CATATAN] = people[MENUNGGU].map({True: CATATAN_MENUNGGU, False: ""})
        return people


def percent(values, maximum: float):
    """``values`` as a percent of ``maximum``, rounded to one decimal (0 when maximum is 0).

    The verdict compares this rounded value with the pass mark, so that what the organiser
    reads in the Persen column is what decided Lulus or Tidak lulus.
    """
    if not maximum:
        return values * 0.0
    return (values / maximum * 100).round(1)


def question_of(grade_id: str) -> str:
    """Question label of a graded cell: ``soal<N>`` -> "Soal N", ``refleksi`` -> "Refleksi"."""
    match = re.search(r"soal(\d+)", grade_id)
    if match:
        return f"Soal {int(match.group(1))}"
    if grade_id.startswith("refleksi"):
        return "Refleksi"
    return grade_id


def resolve_status(recorded: str | None, reason: str, graded: bool,
                   needs_manual: bool) -> tuple[str, str]:
    """Status and reason shown for one participant's assignment.

    A recorded "graded" or "needs manual grading" status is refreshed from the gradebook, since
    the instructor may have graded by hand in formgrader since; without a recorded status the
    gradebook decides (stock nbgrader grading); the other statuses are kept with their reason.
    """
    from_gradebook = statuses.PERLU_PENILAIAN_MANUAL if needs_manual else statuses.DINILAI
    if recorded in (statuses.DINILAI, statuses.PERLU_PENILAIAN_MANUAL):
        if not graded:
            return statuses.GALAT, ("status penilaian tercatat tetapi nilainya tidak ada di buku "
                                    "nilai; jalankan penilaian ulang untuk peserta ini")
        if from_gradebook == statuses.DINILAI and recorded != from_gradebook:
            reason = "; ".join(part for part in reason.split("; ")
                               if "menunggu penilaian" not in part)
        return from_gradebook, reason
    if recorded is None or recorded == statuses.TIDAK_MENGUMPULKAN:
        if graded:
            return from_gradebook, "" if recorded is None else reason
        return statuses.TIDAK_MENGUMPULKAN, reason if recorded else ""
    return recorded, reason


def _read_roster(course: Course) -> pd.DataFrame:
    roster = read_roster(course.roster_path)
    columns = list(ROSTER_COLUMNS)
    if GELOMBANG in roster.columns and roster[GELOMBANG].astype(str).str.strip().ne("").any():
        columns.append(GELOMBANG)
    roster = roster.reindex(columns=columns).fillna("").astype(str)
    roster[ID] = roster[ID].str.strip()
    roster = roster[roster[ID] != ""].drop_duplicates(ID).reset_index(drop=True)
    return roster


def _source_layout(course: Course, assignment: str, notebook: str) -> tuple[dict[str, int], str]:
    """Cell order by grade id, and the first heading, of the assignment's source notebook."""
    path = course.path("source", ".", assignment) / f"{notebook}.ipynb"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # a missing or unreadable source only loses the ordering and the title
        return {}, ""
    order, title = {}, ""
    for index, cell in enumerate(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            order[grade_id] = index
        if not title and cell.cell_type == "markdown":
            heading = [line for line in cell.source.splitlines() if line.startswith("# ")]
            title = heading[0][2:].strip() if heading else ""
    return order, title


def _cell_rows(gb: Gradebook, assignment: Assignment, student_id: str,
               order: dict[str, dict[str, int]], manual: dict[str, set[str]]) -> list[dict]:
    """One row per graded cell of a participant's graded submission."""
    rows = []
    for nb in assignment.notebooks:
        try:
            graded = gb.find_submission_notebook(nb, assignment.name, student_id)
        except MissingEntry:  # a notebook added to the assignment after grading
            continue
        for grade in graded.grades:
            rows.append({
                ID: student_id, TUGAS: assignment.name, NOTEBOOK: nb,
                SEL: grade.name, SOAL: question_of(grade.name),
                JENIS: MANUAL if grade.name in manual[nb] else OTOMATIS,
                URUTAN: order[nb].get(grade.name, len(order[nb])),
                POIN: float(grade.score or 0), POIN_MAKS: float(grade.max_score or 0),
                POIN_MANUAL: grade.manual_score, MENUNGGU: bool(grade.needs_manual_grade),
            })
    return rows


def read_results(course: Course, *, now: datetime | None = None) -> Results:
    """Read the roster, the gradebook and the statuses of ``course`` into ``Results``."""
    roster = _read_roster(course)
    recorded = {(row.student_id, row.assignment_id): (row.status, row.reason or "")
                for row in status_store.load(course.db_url).itertuples()}
    rows, cells, assignments = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            for record in sorted(gb.assignments, key=lambda a: a.name):
                notebooks = sorted(nb.name for nb in record.notebooks)
                layouts = {nb: _source_layout(course, record.name, nb) for nb in notebooks}
                manual = {nb.name: {cell.name for cell in nb.solution_cells}
                          for nb in record.notebooks}
                title = next((t for _, t in layouts.values() if t), "") or record.name
                assignment = Assignment(record.name, float(record.max_score or 0), notebooks,
                                        title)
                assignments.append(assignment)
                order = {nb: layout[0] for nb, layout in layouts.items()}
                for student_id in roster[ID]:
                    try:
                        submission = gb.find_submission(record.name, student_id)
                    except MissingEntry:
                        submission = None
                    pending = bool(submission and submission.needs_manual_grade)
                    status, reason = resolve_status(
                        *recorded.get((student_id, record.name), (None, "")),
                        graded=submission is not None, needs_manual=pending)
                    rows.append({
                        ID: student_id, TUGAS: record.name, STATUS: status, ALASAN: reason,
                        NILAI: float(submission.score or 0) if submission else 0.0,
                        NILAI_MAKS: assignment.max_score, ADA_NILAI: submission is not None,
                        MENUNGGU: pending,
                    })
                    if submission is not None:
                        cells += _cell_rows(gb, assignment, student_id, order, manual)
    frame = pd.DataFrame(rows, columns=[ID, TUGAS, STATUS, ALASAN, NILAI, NILAI_MAKS, ADA_NILAI,
                                        MENUNGGU])
    cells = pd.DataFrame(cells, columns=[ID, TUGAS, NOTEBOOK, SEL, SOAL, JENIS, URUTAN, POIN,
                                         POIN_MAKS, POIN_MANUAL, MENUNGGU])
    cells = cells.sort_values([ID, TUGAS, NOTEBOOK, URUTAN, SEL], kind="stable")
    groups = [c for c in (KABKOTA, KELAS, GELOMBANG) if c in roster.columns]
    return Results(
        event_name=course.settings.nama_kegiatan, course_id=course.course_id,
        threshold=float(course.settings.batas_lulus), generated=now or datetime.now(),
        assignments=assignments, groups=groups, roster=roster, frame=frame,
        cells=cells.reset_index(drop=True))


# --- Derived tables (headers in Bahasa Indonesia) -------------------------------------------

def rekap(results: Results) -> pd.DataFrame:
    """One row per participant: identity, score and status per assignment, total, verdict."""
    people = results.participants
    table = people[results.identity].copy()
    for assignment in results.assignments:
        rows = results.frame[results.frame[TUGAS] == assignment.name].set_index(ID)
        table[assignment.name] = people[ID].map(rows[NILAI]).astype(float)
        table[f"{H_STATUS} {assignment.name}"] = people[ID].map(
            rows[STATUS].map(statuses.LABELS))
    table[H_TOTAL] = people[TOTAL]
    table[H_MAKS] = results.max_total
    table[H_PERSEN] = people[PERSEN]
    table[H_KETERANGAN] = people[KETERANGAN]
    table[H_CATATAN] = people[CATATAN]
    return table


def per_question(results: Results) -> pd.DataFrame:
    """Mean points per question per assignment, over the submissions graded for it."""
    columns = [H_TUGAS, H_SOAL, H_DINILAI, H_RATA_POIN, H_POIN_MAKS, H_PERSEN, H_MENUNGGU]
    if results.cells.empty:
        return pd.DataFrame(columns=columns)
    per_person = results.cells.groupby([TUGAS, SOAL, ID], sort=False).agg(
        poin=(POIN, "sum"), maks=(POIN_MAKS, "sum"), menunggu=(MENUNGGU, "any"),
        urutan=(URUTAN, "min")).reset_index()
    rows = []
    for (assignment, question), group in per_person.groupby([TUGAS, SOAL], sort=False):
        done = group[~group["menunggu"]]
        mean = float(done["poin"].mean()) if len(done) else float("nan")
        maximum = float(group["maks"].max())
        rows.append({H_TUGAS: assignment, H_SOAL: question, H_DINILAI: len(done),
                     H_RATA_POIN: round(mean, 2),
                     H_POIN_MAKS: maximum,
                     H_PERSEN: round(mean / maximum * 100, 1) if maximum else float("nan"),
                     H_MENUNGGU: int(group["menunggu"].sum()),
                     "_urutan": group["urutan"].min()})
    table = pd.DataFrame(rows).sort_values([H_TUGAS, "_urutan"], kind="stable")
    return table[columns].reset_index(drop=True)


def per_group(results: Results, column: str) -> pd.DataFrame:
    """Participants, submissions, passes and mean percent per value of a roster column."""
    people = results.participants.copy()
    people[column] = people[column].str.strip().replace("", TIDAK_DIISI)
    grouped = people.groupby(column, sort=True)
    table = pd.DataFrame({
        H_PESERTA: grouped.size(),
        H_MENGUMPULKAN: grouped[MENGUMPULKAN].sum().astype(int),
        H_LULUS: grouped[LULUS].sum().astype(int),
        H_RATA_PERSEN: grouped[PERSEN].mean().round(1),
    })
    table.insert(3, H_PERSEN_LULUS, (table[H_LULUS] / table[H_PESERTA] * 100).round(1))
    return table.reset_index()


def status_counts(results: Results) -> pd.DataFrame:
    """Number of participants per status (rows) and assignment (columns)."""
    table = pd.DataFrame({H_STATUS: list(statuses.LABELS.values())})
    for assignment in results.assignments:
        counts = results.frame.loc[results.frame[TUGAS] == assignment.name, STATUS].value_counts()
        table[assignment.name] = [int(counts.get(code, 0)) for code in statuses.LABELS]
    return table


def needs_attention(results: Results) -> pd.DataFrame:
    """Participants whose assignment was not submitted or could not be graded, with reason."""
    frame = results.frame[results.frame[STATUS].isin(ATTENTION)].copy()
    frame["_urutan"] = frame[STATUS].map(ATTENTION.index)
    frame = frame.merge(results.roster[[ID, NAMA, KABKOTA, KELAS]], on=ID, how="left")
    frame = frame.sort_values(["_urutan", TUGAS, ID], kind="stable")
    reasons = frame[ALASAN].where(frame[ALASAN].str.strip() != "", None)
    default = frame[STATUS].map({statuses.TIDAK_MENGUMPULKAN: ALASAN_TIDAK_MENGUMPULKAN})
    return pd.DataFrame({
        ID: frame[ID], NAMA: frame[NAMA], KABKOTA: frame[KABKOTA], KELAS: frame[KELAS],
        H_TUGAS: frame[TUGAS], H_STATUS: frame[STATUS].map(statuses.LABELS),
        H_ALASAN: reasons.fillna(default).fillna(""),
    }).reset_index(drop=True)


def summary_counts(results: Results) -> dict[str, int]:
    """Head counts for the cohort summary."""
    people = results.participants
    return {
        "peserta": len(people),
        "mengumpulkan": int(people[MENGUMPULKAN].sum()),
        "lulus": int(people[LULUS].sum()),
        "tidak_lulus": int((~people[LULUS]).sum()),
        "menunggu": int(people[MENUNGGU].sum()),
    }
