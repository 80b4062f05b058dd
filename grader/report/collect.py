"""Collect an event's results into one tidy table, and derive the report tables from it.

``read_results`` reads the roster, the gradebook and bimtek's status table once and returns
``Results``: one row per participant and assignment (``frame``) and, beside it, one row per
graded cell of each graded submission (``cells``). The Excel workbook, the HTML report and the
feedback pages are all written from these two tables. Every column name is a constant here.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

import nbformat
import pandas as pd
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from .. import gradebook_indexes, status_store, statuses
from ..course import Course
from ..errors import BimtekError
from ..roster_file import COLUMN_LABELS as ROSTER_LABELS
from ..roster_file import OPTIONAL_COLUMNS, ROSTER_COLUMNS, read_roster
from ..settings import parse_date
from .gradebook_read import SubmissionRecord, read_gradebook

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
KOMENTAR = "komentar"              # the instructor's comment on a cell graded by hand ("")
OTOMATIS, MANUAL = "otomatis", "manual"

# A submission waiting to be graded: in submitted/ but never graded, or changed since its
# status was recorded. Never recorded by the grader; decided here, when the report is made.
MENUNGGU_DINILAI = "menunggu_dinilai"
LABELS: dict[str, str] = {}
for _code, _label in statuses.LABELS.items():
    if _code == statuses.TIDAK_MENGUMPULKAN:
        LABELS[MENUNGGU_DINILAI] = "Menunggu dinilai"
    LABELS[_code] = _label
ALASAN_BELUM_DINILAI = "sudah dikumpulkan tetapi belum dinilai; jalankan bimtek grade {tugas}"
ALASAN_BERUBAH = ("berkas pengumpulan berubah setelah penilaian terakhir; nilai lama tidak "
                  "dipakai sampai dinilai ulang dengan bimtek grade {tugas}")

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
KET_BELUM_FINAL = "Belum final"
CATATAN_MENUNGGU = "Menunggu penilaian manual"
CATATAN_MENUNGGU_DINILAI = "Menunggu dinilai: {tugas}"
TIDAK_DIISI = "(tidak diisi)"
ALASAN_TIDAK_MENGUMPULKAN = "Tidak ada berkas pengumpulan."
ALASAN_TIDAK_DIKERJAKAN = "Notebook dikumpulkan tanpa satu jawaban pun diubah."

# Order of the roster columns in the reports (others follow, as they came in the roster).
DISPLAY_ORDER = [ID, NAMA, "nip", "jabatan", "golongan", INSTANSI, KABKOTA, KELAS, GELOMBANG,
                 "hp", "email"]
assert set(DISPLAY_ORDER) == set(ROSTER_COLUMNS + OPTIONAL_COLUMNS)

# Friendly labels of the roster columns (columns not listed keep their header as written).
COLUMN_LABELS = ROSTER_LABELS

ATTENTION = [MENUNGGU_DINILAI, statuses.TIDAK_MENGUMPULKAN,
             *sorted(statuses.NEEDS_ATTENTION, key=list(statuses.LABELS).index)]

# Report filters: option name -> roster column.
FILTERS = {"gelombang": GELOMBANG, "kelas": KELAS, "wilayah": KABKOTA}
FILTER_LABELS = {GELOMBANG: "Gelombang", KELAS: "Kelas", KABKOTA: "Wilayah"}


@dataclass
class Event:
    """The event's particulars printed on the official reports (from its settings)."""

    name: str
    organiser: str = ""
    venue: str = ""
    first_day: date | None = None
    last_day: date | None = None
    jp: float = 0.0
    letterhead: list[str] = field(default_factory=list)
    logo: Path | None = None
    signatories: list[dict] = field(default_factory=list)
    sign_city: str = ""
    sign_date: date | None = None


@dataclass
class Assignment:
    """One assignment of the gradebook."""

    name: str
    max_score: float
    notebooks: list[str]
    title: str                 # "M11 Pengendalian Proyek: ..." (the id, if not in the catalogue)
    short: str = ""            # "M11" (the id, if not in the catalogue)

    def __post_init__(self):
        self.short = self.short or self.name


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
    event: Event | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)  # column -> values kept
    # An event's track (grader/tracks.py): assignments shown but not in the total (the
    # pre-test and post-test) and minimum percents of single assignments (the post-test).
    not_counted: tuple[str, ...] = ()
    minimums: dict[str, float] = field(default_factory=dict)
    evaluation: object | None = None    # grader.report.evaluation.Evaluation, when written

    @property
    def identity(self) -> list[str]:
        return list(self.roster.columns)

    @property
    def max_total(self) -> float:
        return float(sum(a.max_score for a in self.assignments if a.name not in self.not_counted))

    @cached_property
    def participants(self) -> pd.DataFrame:
        """One row per participant: identity, totals, verdict and whether anything is pending."""
        by_id = self.frame.groupby(ID, sort=False)
        counted = self.frame[~self.frame[TUGAS].isin(self.not_counted)].groupby(ID, sort=False)
        people = self.roster.copy()
        people[TOTAL] = people[ID].map(counted[NILAI].sum()).fillna(0.0).astype(float)
        people[MENUNGGU] = people[ID].map(by_id[MENUNGGU].any()).fillna(False).astype(bool)
        submitted = self.frame[STATUS] != statuses.TIDAK_MENGUMPULKAN
        people[MENGUMPULKAN] = people[ID].isin(self.frame.loc[submitted, ID])
        people[PERSEN] = percent(people[TOTAL], self.max_total)
        people[LULUS] = people[PERSEN] >= self.threshold
        people[CATATAN] = people[MENUNGGU].map({True: CATATAN_MENUNGGU, False: ""})
        shorts = {a.name: a.short for a in self.assignments}
        for name, minimum in self.minimums.items():
            rows = self.frame[self.frame[TUGAS] == name].set_index(ID)
            own = percent(people[ID].map(rows[NILAI]).fillna(0.0).astype(float),
                          float(rows[NILAI_MAKS].max()) if len(rows) else 0.0)
            below = people[LULUS] & (own < minimum)
            people.loc[below, CATATAN] = (people.loc[below, CATATAN] + "; ").str.lstrip("; ") + (
                f"{shorts.get(name, name)} di bawah {minimum:g}%".replace(".", ","))
            people[LULUS] = people[LULUS] & ~below
        people[KETERANGAN] = people[LULUS].map({True: KET_LULUS, False: KET_TIDAK_LULUS})
        waiting = self.frame[self.frame[STATUS] == MENUNGGU_DINILAI]
        for student_id, rows in waiting.groupby(ID, sort=False):
            where = people[ID] == student_id
            people.loc[where, KETERANGAN] = KET_BELUM_FINAL
            people.loc[where, LULUS] = False
            people.loc[where, CATATAN] = CATATAN_MENUNGGU_DINILAI.format(
                tugas=", ".join(shorts[t] for t in rows[TUGAS]))
        return people

    @property
    def waiting(self) -> dict[str, int]:
        """Submissions waiting to be graded, per assignment (only those with any)."""
        rows = self.frame[self.frame[STATUS] == MENUNGGU_DINILAI]
        counts = rows[TUGAS].value_counts()
        return {a.name: int(counts[a.name]) for a in self.assignments if a.name in counts}

    @property
    def untouched(self) -> int:
        """Submissions handed in without any answer."""
        return int((self.frame[STATUS] == statuses.TIDAK_DIKERJAKAN).sum())

    def filter_text(self) -> str:
        """The filters applied, as a phrase ("Gelombang 1; Kelas A"), "" if none."""
        return "; ".join(f"{FILTER_LABELS.get(col, col)}: {', '.join(values)}"
                         for col, values in self.filters.items())


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
    """Every column of peserta.csv: the required ones, then the others that hold anything."""
    roster = read_roster(course.roster_path).fillna("").astype(str)
    columns = list(ROSTER_COLUMNS) + [
        c for c in roster.columns
        if c not in ROSTER_COLUMNS and roster[c].str.strip().ne("").any()]
    known = [c for c in DISPLAY_ORDER if c in columns]
    columns = known + [c for c in columns if c not in known]
    roster = roster.reindex(columns=columns).fillna("").astype(str)
    roster[ID] = roster[ID].str.strip()
    roster = roster[roster[ID] != ""].drop_duplicates(ID).reset_index(drop=True)
    return roster


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


_REGION_PREFIX = re.compile(r"^(kota|kabupaten|kab\.?|provinsi)\s+")


def _select(values: pd.Series, wanted: str, column: str) -> set[str]:
    """Values of ``column`` that ``wanted`` names: the same text (any case), the same number
    ("1" for "Gelombang 1"), or for a region the name without Kota/Kabupaten."""
    distinct = [v for v in dict.fromkeys(values) if v.strip()]
    exact = {v for v in distinct if _fold(v) == _fold(wanted)}
    if exact:
        return exact
    if wanted.strip().isdigit():
        found = {v for v in distinct if re.findall(r"\d+", v) == [str(int(wanted.strip()))]}
        if found:
            return found
    if column == KABKOTA:
        bare = _REGION_PREFIX.sub("", _fold(wanted))
        found = {v for v in distinct if _REGION_PREFIX.sub("", _fold(v)) == bare}
        if len(found) > 1:
            raise BimtekError(
                f"Wilayah {wanted!r} cocok dengan lebih dari satu: "
                f"{', '.join(sorted(found))}. Tulis nama lengkapnya, misalnya "
                f"--wilayah \"{sorted(found)[0]}\".")
        return found
    return set()


def apply_filters(roster: pd.DataFrame, filters: dict[str, list[str]] | None
                  ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The roster rows the filters keep (option name -> wanted values), and what was kept.

    Raises BimtekError naming the values that exist when a wanted value matches nobody."""
    kept: dict[str, list[str]] = {}
    for option, wanted_values in (filters or {}).items():
        if not wanted_values:
            continue
        column = FILTERS[option]
        if column not in roster.columns:
            raise BimtekError(
                f"Daftar peserta tidak punya kolom {ROSTER_LABELS.get(column, column)}, jadi "
                f"--{option} tidak dapat dipakai. Impor daftar peserta yang memiliki kolom itu, "
                f"atau jalankan tanpa --{option}.")
        chosen: set[str] = set()
        for wanted in wanted_values:
            found = _select(roster[column], wanted, column)
            if not found:
                existing = sorted(v for v in set(roster[column]) if v.strip())
                raise BimtekError(
                    f"Tidak ada peserta dengan {ROSTER_LABELS.get(column, column).lower()} "
                    f"{wanted!r}. Yang ada: {', '.join(existing) or '(kosong)'}. Periksa "
                    f"ejaannya, misalnya --{option} \"{existing[0] if existing else '...'}\".")
            chosen |= found
        roster = roster[roster[column].isin(chosen)].reset_index(drop=True)
        kept[column] = sorted(chosen)
    return roster, kept


def _event(course: Course, assignments: list[str]) -> Event:
    settings = course.settings
    first, last = settings.event_dates()
    jp = float(settings.jp)
    if not jp:
        try:
            from .. import catalogue
            modules = {m.assignment: m for m in catalogue.load().modules}
            jp = float(sum(modules[a].jp for a in assignments if a in modules))
        except BimtekError:
            jp = 0.0
    logo = None
    if settings.kop_logo:
        logo = Path(settings.kop_logo).expanduser()
        logo = logo if logo.is_absolute() else course.root / logo
        if not logo.is_file():
            raise BimtekError(
                f"Logo kop {logo} (c.Bimtek.kop_logo di {course.root / 'nbgrader_config.py'}) "
                "tidak ditemukan. Salin logonya ke folder kegiatan, atau kosongkan pengaturan "
                "itu ('') untuk kop tanpa logo.")
    return Event(name=settings.nama_kegiatan, organiser=settings.penyelenggara,
                 venue=settings.tempat, first_day=first, last_day=last, jp=jp,
                 letterhead=list(settings.kop_baris), logo=logo,
                 signatories=list(settings.penandatangan), sign_city=settings.kota_ttd,
                 sign_date=parse_date(settings.tanggal_ttd))


def _catalogue_titles() -> dict[str, tuple[str, str]]:
    """Assignment id -> (title, short label) in curriculum order; {} without a catalogue."""
    try:
        from .. import catalogue
        cat = catalogue.load()
    except BimtekError:
        return {}
    titles = cat.titles()
    shorts = {m.assignment: f"M{m.number:02d}" for m in cat.modules}
    from ..tracks import POST, PRE, TEST_TITLES   # a track's tests around its exercises
    return {PRE: (TEST_TITLES[PRE], TEST_TITLES[PRE]),
            **{a: (t, shorts.get(a, a)) for a, t in titles.items()},
            POST: (TEST_TITLES[POST], TEST_TITLES[POST])}


def _waiting_reason(course: Course, student_id: str, assignment: str,
                    recorded: tuple[str, str, str] | None, graded: bool) -> str | None:
    """Why a submission in submitted/ waits to be graded, or None if its grade is current."""
    from ..grade.precheck import fingerprint
    folder = course.path("submitted", student_id, assignment)
    if not folder.is_dir():
        return None
    current = fingerprint(folder)
    if not current:
        return None
    if recorded is None:
        return None if graded else ALASAN_BELUM_DINILAI.format(tugas=assignment)
    status, _, previous = recorded
    if status == statuses.TIDAK_MENGUMPULKAN and not previous:
        return ALASAN_BELUM_DINILAI.format(tugas=assignment)
    if previous and previous != current:
        return ALASAN_BERUBAH.format(tugas=assignment)
    return None


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


def _cell_rows(submission: SubmissionRecord, assignment: Assignment, student_id: str,
               order: dict[str, dict[str, int]], manual: dict[str, set[str]]) -> list[dict]:
    """One row per graded cell of a participant's graded submission."""
    rows = []
    for grade in submission.grades:
        nb = grade.notebook
        rows.append({
            ID: student_id, TUGAS: assignment.name, NOTEBOOK: nb,
            SEL: grade.name, SOAL: question_of(grade.name),
            JENIS: MANUAL if grade.name in manual[nb] else OTOMATIS,
            URUTAN: order[nb].get(grade.name, len(order[nb])),
            POIN: float(grade.score or 0), POIN_MAKS: float(grade.max_score or 0),
            POIN_MANUAL: grade.manual_score, MENUNGGU: bool(grade.needs_manual_grade),
            KOMENTAR: grade.manual_comment.strip(),
        })
    return rows


def read_results(course: Course, *, now: datetime | None = None,
                 filters: dict[str, list[str]] | None = None) -> Results:
    """Read the roster, the gradebook and the statuses of ``course`` into ``Results``.

    ``filters`` (option -> values, options as in ``FILTERS``: gelombang, kelas, wilayah) keep
    only the participants of those waves, classes or regions. Assignments come in curriculum
    order (course/silabus.toml), titled from it; others after them, titled by their id.
    The gradebook is read in a few batched queries (``gradebook_read``), whatever the number
    of participants and assignments.
    """
    roster, kept = apply_filters(_read_roster(course), filters)
    gradebook_indexes.ensure(course.db_url)   # events made before bimtek created them
    recorded = {(row.student_id, row.assignment_id): (row.status, row.reason or "",
                                                       row.fingerprint or "")
                for row in status_store.load(course.db_url).itertuples()}
    catalogue_titles = _catalogue_titles()
    curriculum = list(catalogue_titles)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:   # made if missing, as before
            snapshot = read_gradebook(gb)
    rows, cells, assignments = [], [], []
    records = sorted(snapshot.assignments, key=lambda a: (
        curriculum.index(a.name) if a.name in curriculum else len(curriculum), a.name))
    for record in records:
        notebooks = record.notebooks
        layouts = {nb: _source_layout(course, record.name, nb) for nb in notebooks}
        manual = record.solution_cells
        title, short = catalogue_titles.get(record.name, (record.name, record.name))
        assignment = Assignment(record.name, float(record.max_score or 0), notebooks,
                                title, short)
        assignments.append(assignment)
        order = {nb: layout[0] for nb, layout in layouts.items()}
        for student_id in roster[ID]:
            submission = snapshot.submissions.get((record.name, student_id))
            pending = bool(submission and submission.needs_manual_grade)
            known = recorded.get((student_id, record.name))
            status, reason = resolve_status(
                *(known[:2] if known else (None, "")),
                graded=submission is not None, needs_manual=pending)
            waiting = _waiting_reason(course, student_id, record.name, known,
                                      submission is not None)
            if waiting:
                status, reason, submission, pending = MENUNGGU_DINILAI, waiting, None, False
            rows.append({
                ID: student_id, TUGAS: record.name, STATUS: status, ALASAN: reason,
                NILAI: float(submission.score or 0) if submission else 0.0,
                NILAI_MAKS: assignment.max_score, ADA_NILAI: submission is not None,
                MENUNGGU: pending,
            })
            if submission is not None:
                cells += _cell_rows(submission, assignment, student_id, order, manual)
    frame = pd.DataFrame(rows, columns=[ID, TUGAS, STATUS, ALASAN, NILAI, NILAI_MAKS, ADA_NILAI,
                                        MENUNGGU])
    cells = pd.DataFrame(cells, columns=[ID, TUGAS, NOTEBOOK, SEL, SOAL, JENIS, URUTAN, POIN,
                                         POIN_MAKS, POIN_MANUAL, MENUNGGU, KOMENTAR])
    order = {a.name: i for i, a in enumerate(assignments)}
    cells["_tugas"] = cells[TUGAS].map(order)
    cells = cells.sort_values([ID, "_tugas", NOTEBOOK, URUTAN, SEL], kind="stable").drop(
        columns="_tugas")
    groups = [c for c in (KABKOTA, INSTANSI, KELAS, GELOMBANG)
              if c in roster.columns and c not in kept]
    from ..tracks import POST, PRE
    names = [a.name for a in assignments]
    not_counted = tuple(a for a in (PRE, POST) if a in names) if course.settings.jalur else ()
    minimums = ({POST: float(course.settings.batas_tes_akhir)}
                if POST in not_counted and course.settings.batas_tes_akhir > 0 else {})
    return Results(
        not_counted=not_counted, minimums=minimums,
        event_name=course.settings.nama_kegiatan, course_id=course.course_id,
        threshold=float(course.settings.batas_lulus), generated=now or datetime.now(),
        assignments=assignments, groups=groups, roster=roster, frame=frame,
        cells=cells.reset_index(drop=True), event=_event(course, [a.name for a in assignments]),
        filters=kept)


# --- Derived tables (headers in Bahasa Indonesia) -------------------------------------------

H_NO = "No."
H_ID = ROSTER_LABELS[ID]
H_NAMA = ROSTER_LABELS[NAMA]
H_KODE = "Kode"
H_JUDUL = "Judul tugas"
H_DARI_DAFTAR = " (daftar peserta)"   # appended to a roster column named like a report column


def score_header(assignment: Assignment) -> str:
    return f"Nilai {assignment.short}"


def status_header(assignment: Assignment) -> str:
    return f"{H_STATUS} {assignment.short}"


def identity_headers(results: Results) -> dict[str, str]:
    """Roster column -> header in the report tables (Indonesian; never a report's own header)."""
    reserved = {H_NO, H_TOTAL, H_MAKS, H_PERSEN, H_KETERANGAN, H_CATATAN,
                *(h for a in results.assignments for h in (score_header(a), status_header(a)))}
    headers = {}
    for column in results.identity:
        header = ROSTER_LABELS.get(column, column)
        if column not in ROSTER_LABELS and (header in reserved or header in ROSTER_LABELS.values()):
            header += H_DARI_DAFTAR
        headers[column] = header
    return headers


def rekap(results: Results) -> pd.DataFrame:
    """One row per participant: number, identity, score and status per assignment, total,
    verdict; Indonesian headers."""
    people = results.participants
    table = people[results.identity].rename(columns=identity_headers(results))
    table.insert(0, H_NO, range(1, len(table) + 1))
    for assignment in results.assignments:
        rows = results.frame[results.frame[TUGAS] == assignment.name].set_index(ID)
        table[score_header(assignment)] = people[ID].map(rows[NILAI]).astype(float)
        table[status_header(assignment)] = people[ID].map(rows[STATUS].map(LABELS))
    table[H_TOTAL] = people[TOTAL]
    table[H_MAKS] = results.max_total
    table[H_PERSEN] = people[PERSEN]
    table[H_KETERANGAN] = people[KETERANGAN]
    table[H_CATATAN] = people[CATATAN]
    return table


def per_assignment(results: Results) -> pd.DataFrame:
    """One row per assignment: code, title, maximum, how many were graded, mean score."""
    rows = []
    for a in results.assignments:
        frame = results.frame[results.frame[TUGAS] == a.name]
        graded = frame[frame[ADA_NILAI]]
        rows.append({H_KODE: a.short, H_JUDUL: a.title, H_POIN_MAKS: a.max_score,
                     H_PESERTA: len(frame), H_DINILAI: len(graded),
                     H_RATA_POIN: round(float(graded[NILAI].mean()), 2) if len(graded)
                     else float("nan")})
    return pd.DataFrame(rows, columns=[H_KODE, H_JUDUL, H_POIN_MAKS, H_PESERTA, H_DINILAI,
                                       H_RATA_POIN])


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
    order = {a.name: i for i, a in enumerate(results.assignments)}
    titles = {a.name: a.short for a in results.assignments}
    table = pd.DataFrame(rows)
    table["_tugas"] = table[H_TUGAS].map(order)
    table = table.sort_values(["_tugas", "_urutan"], kind="stable")
    table[H_TUGAS] = table[H_TUGAS].map(titles)
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
    table = table.reset_index()
    return table.rename(columns={column: ROSTER_LABELS.get(column, column)})


def status_counts(results: Results) -> pd.DataFrame:
    """Number of participants per status (rows) and assignment (columns)."""
    table = pd.DataFrame({H_STATUS: list(LABELS.values())})
    for assignment in results.assignments:
        counts = results.frame.loc[results.frame[TUGAS] == assignment.name, STATUS].value_counts()
        table[assignment.short] = [int(counts.get(code, 0)) for code in LABELS]
    return table


def needs_attention(results: Results) -> pd.DataFrame:
    """Submissions to look at: waiting to be graded, not submitted, untouched, or not graded
    fully (corrupt file, time limit, kernel died, error), with the reason."""
    frame = results.frame[results.frame[STATUS].isin(ATTENTION)].copy()
    frame["_urutan"] = frame[STATUS].map(ATTENTION.index)
    frame["_tugas"] = frame[TUGAS].map({a.name: i for i, a in enumerate(results.assignments)})
    frame = frame.merge(results.roster[[ID, NAMA, KABKOTA, KELAS]], on=ID, how="left")
    frame = frame.sort_values(["_urutan", "_tugas", ID], kind="stable")
    reasons = frame[ALASAN].where(frame[ALASAN].str.strip() != "", None)
    default = frame[STATUS].map({statuses.TIDAK_MENGUMPULKAN: ALASAN_TIDAK_MENGUMPULKAN,
                                 statuses.TIDAK_DIKERJAKAN: ALASAN_TIDAK_DIKERJAKAN})
    shorts = {a.name: a.short for a in results.assignments}
    return pd.DataFrame({
        H_ID: frame[ID], H_NAMA: frame[NAMA], ROSTER_LABELS[KABKOTA]: frame[KABKOTA],
        ROSTER_LABELS[KELAS]: frame[KELAS], H_TUGAS: frame[TUGAS].map(shorts),
        H_STATUS: frame[STATUS].map(LABELS), H_ALASAN: reasons.fillna(default).fillna(""),
    }).reset_index(drop=True)


def summary_counts(results: Results) -> dict[str, int]:
    """Head counts for the cohort summary."""
    people = results.participants
    return {
        "peserta": len(people),
        "mengumpulkan": int(people[MENGUMPULKAN].sum()),
        "lulus": int((people[KETERANGAN] == KET_LULUS).sum()),
        "tidak_lulus": int((people[KETERANGAN] == KET_TIDAK_LULUS).sum()),
        "belum_final": int((people[KETERANGAN] == KET_BELUM_FINAL).sum()),
        "menunggu": int(people[MENUNGGU].sum()),
        "menunggu_dinilai": int(sum(results.waiting.values())),
        "tidak_dikerjakan": results.untouched,
    }
