"""``bimtek roster import FILE``: read the participants' list from Excel or CSV into the event.

The file is read and checked completely before anything is written. Then the gradebook's
students are written in one transaction, then ``peserta.csv`` atomically. An import merges:
participants already in the event but missing from the file are kept, never deleted.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from nbgrader.api import Gradebook, Student
from sqlalchemy.exc import SQLAlchemyError

from .course import Course
from .errors import RosterError
from .roster_file import OPTIONAL_COLUMNS, ROSTER_COLUMNS, read_roster, write_roster

# Header names accepted for each roster column, as shown to the user. They are compared after
# _normalise_header, so case, spaces, punctuation and underscores do not matter.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("ID", "ID Peserta", "No. Peserta", "Nomor Peserta", "Kode Peserta"),
    "nama": ("Nama", "Nama Lengkap", "Nama Peserta"),
    "instansi": ("Instansi", "Unit Kerja", "OPD", "Perangkat Daerah", "Asal Instansi"),
    "kabupaten_kota": ("Kabupaten/Kota", "Kota/Kabupaten", "Kab/Kota", "Kab./Kota",
                       "Kota", "Kabupaten"),
    "kelas": ("Kelas", "Rombel", "Kelompok"),
    "gelombang": ("Gelombang", "Angkatan"),
}
# nbgrader uses the id as a folder name.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
SUPPORTED_SUFFIXES = (".xlsx", ".csv")
MAX_LISTED = 10           # problems listed in one error message; the rest are counted
HEADER_SEARCH_ROWS = 10   # a title above the header row is allowed within this many rows


def _normalise_header(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


_TARGET_OF = {_normalise_header(alias): target
              for target, aliases in HEADER_ALIASES.items() for alias in aliases}


@dataclass
class RosterImport:
    """What an import did. ``updated`` lists only participants whose data changed."""

    added: list[str]
    updated: list[str]
    total: int  # participants in the event's roster after the import


@dataclass
class _Sheet:
    """A validated roster file: one dict per participant, with where it came from."""

    name: str
    rows: list[dict] = field(default_factory=list)
    line: list[int] = field(default_factory=list)      # row number in the file, per row
    header: dict[str, str] = field(default_factory=dict)  # target column -> header as written


def _cell_text(value) -> str:
    """A cell as text, whitespace collapsed. (pandas already gives Excel's 101.0 as 101.)"""
    return "" if value is None else " ".join(str(value).split())


def _read_xlsx(path: Path) -> list[list]:
    try:
        frame = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl",
                              keep_default_na=False, na_values=[])
    except OSError as exc:
        raise RosterError(
            f"Berkas {path.name} tidak dapat dibaca ({exc.strerror or exc}). Tutup berkas itu "
            "bila sedang terbuka di Excel, lalu coba lagi.") from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise RosterError(
            f"Berkas {path.name} tidak dapat dibuka sebagai berkas Excel (rusak atau bukan "
            ".xlsx). Buka berkas itu di Excel lalu simpan ulang sebagai .xlsx, atau simpan "
            "sebagai .csv.") from exc
    return frame.values.tolist()


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError(
        f"Berkas {name} tidak dapat dibaca sebagai teks. Buka di Excel lalu simpan sebagai "
        "\"CSV UTF-8 (Comma delimited)\" atau sebagai .xlsx.")


def _read_csv(path: Path) -> list[list]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(
            f"Berkas {path.name} tidak dapat dibaca ({exc.strerror or exc}). Tutup berkas itu "
            "bila sedang terbuka di Excel, lalu coba lagi.") from exc
    text = _decode(raw, path.name)
    # Indonesian Excel writes ";" (the decimal mark is ","): take the delimiter that splits the
    # first lines into the most columns.
    head = text.splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = max((",", ";", "\t"),
                    key=lambda d: max((len(r) for r in csv.reader(head, delimiter=d)), default=0))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterError(
            f"Berkas {path.name} bukan CSV yang sah ({exc}). Buka di Excel lalu simpan ulang "
            "sebagai .xlsx atau .csv.") from exc


def _map_header(cells: list[str]) -> dict[str, list[int]]:
    """Target column -> indexes of the cells naming it."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        target = _TARGET_OF.get(_normalise_header(cell))
        if target:
            found.setdefault(target, []).append(index)
    return found


def _find_header(table: list[list[str]]) -> int:
    """Index of the header row: the first one naming two required columns, within the first
    rows (a title may sit above it); otherwise the first row that is not blank."""
    filled = [i for i, cells in enumerate(table) if any(cells)][:HEADER_SEARCH_ROWS]
    for i in filled:
        if sum(target in ROSTER_COLUMNS for target in _map_header(table[i])) >= 2:
            return i
    return filled[0]


def _raise_problems(name: str, problems: list[str]) -> None:
    if not problems:
        return
    lines = [f"Daftar peserta {name} tidak diimpor: {len(problems)} masalah ditemukan, tidak "
             "ada yang disimpan. Perbaiki berkas itu lalu jalankan impor lagi."]
    lines += [f"- {problem}" for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"- dan {len(problems) - MAX_LISTED} masalah lain.")
    raise RosterError("\n".join(lines))


def _check_header(name: str, number: int, cells: list[str]) -> dict[str, int]:
    found = _map_header(cells)
    problems = []
    for target, indexes in found.items():
        if len(indexes) > 1:
            both = " dan ".join(f'"{cells[i]}"' for i in indexes)
            problems.append(
                f"{name} baris {number}: kolom {both} sama-sama dibaca sebagai {target}. "
                "Hapus atau ganti nama salah satunya.")
    present = ", ".join(f'"{c}"' for c in cells if c) or "(tidak ada)"
    for target in ROSTER_COLUMNS:
        if target not in found:
            accepted = ", ".join(HEADER_ALIASES[target])
            problems.append(
                f"{name} baris {number}: kolom wajib \"{target}\" tidak ditemukan. Kolom yang "
                f"ada: {present}. Tambahkan kolom itu (nama kolom yang dikenali: {accepted}).")
    _raise_problems(name, problems)
    return {target: indexes[0] for target, indexes in found.items()}


def _id_problem(value: str) -> str | None:
    if not value:
        return "id kosong. Isi id peserta atau hapus baris itu."
    if ID_PATTERN.match(value):
        return None
    fix = re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-_.")
    hint = f', misalnya "{fix}"' if fix and ID_PATTERN.match(fix) else ""
    return (f'id "{value}" berisi karakter yang tidak diizinkan. Id hanya boleh berisi huruf, '
            f"angka, titik, garis bawah dan tanda hubung, diawali huruf atau angka; ganti id "
            f"itu{hint}.")


def _read_sheet(file: str | Path) -> _Sheet:
    path = Path(file)
    name = path.name
    if not path.is_file():
        raise RosterError(f"Berkas daftar peserta {path} tidak ditemukan. Periksa nama dan "
                          "lokasi berkasnya.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = {"": "tidak berekstensi", ".xls": "berformat .xls (format Excel lama)"}.get(
            suffix, f"berformat {suffix}")
        raise RosterError(
            f"Berkas {name} {kind}; bimtek hanya membaca .xlsx dan .csv. Buka berkas "
            "itu di Excel lalu simpan sebagai .xlsx (Buku Kerja Excel) atau .csv.")
    raw_table = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    table = [[_cell_text(value) for value in cells] for cells in raw_table]
    if not any(any(cells) for cells in table):
        raise RosterError(f"Berkas {name} kosong. Isi baris pertama dengan judul kolom "
                          f"({', '.join(ROSTER_COLUMNS)}) dan satu peserta per baris di bawahnya.")
    top = _find_header(table)
    header_cells = table[top]
    columns = _check_header(name, top + 1, header_cells)
    sheet = _Sheet(name, header={t: header_cells[i] for t, i in columns.items()})
    problems: list[str] = []
    seen: dict[str, int] = {}  # casefolded id -> row number: "A01" and "a01" share a folder
    for index in range(top + 1, len(table)):
        cells, number = table[index], index + 1
        row = {t: cells[i] if i < len(cells) else "" for t, i in columns.items()}
        if not any(row.values()):
            continue  # a blank row, or one with only columns bimtek does not read
        if re.fullmatch(r"\d+\.0+", row["id"]):
            row["id"] = row["id"].split(".")[0]  # 101.0 from a spreadsheet exported to CSV
        where = f"{name} baris {number}, kolom"
        problem = _id_problem(row["id"])
        if problem:
            problems.append(f'{where} "{sheet.header["id"]}": {problem}')
        elif row["id"].casefold() in seen:
            problems.append(
                f'{where} "{sheet.header["id"]}": id "{row["id"]}" sudah dipakai di baris '
                f'{seen[row["id"].casefold()]}. Setiap peserta harus memiliki id yang berbeda; '
                "perbaiki salah satunya.")
        else:
            seen[row["id"].casefold()] = number
        if not row["nama"]:
            problems.append(f'{where} "{sheet.header["nama"]}": nama kosong. Isi nama peserta '
                            "atau hapus baris itu.")
        sheet.rows.append(row)
        sheet.line.append(number)
    _raise_problems(name, problems)
    if not sheet.rows:
        raise RosterError(
            f"Berkas {name} hanya berisi judul kolom, tanpa peserta. Isi satu peserta per baris "
            f"mulai baris {top + 2}.")
    return sheet


def read_roster_file(file: str | Path) -> list[dict]:
    """Read and check a roster file (.xlsx, first sheet, or .csv); write nothing.

    Returns one dict per participant with the keys of ``ROSTER_COLUMNS``, plus "gelombang"
    when the file has that column. Raises RosterError naming every problem found, each with
    the file, the row number as Excel shows it and the column header as written.
    """
    return _read_sheet(file).rows


def _check_against_known(sheet: _Sheet, known: set[str]) -> None:
    """Refuse ids differing only in case from a registered one: they would share a folder."""
    by_fold = {k.casefold(): k for k in known}
    problems = []
    for row, number in zip(sheet.rows, sheet.line):
        other = by_fold.get(row["id"].casefold())
        if other is not None and other != row["id"]:
            problems.append(
                f'{sheet.name} baris {number}, kolom "{sheet.header["id"]}": id "{row["id"]}" '
                f'hanya berbeda huruf besar/kecil dari peserta terdaftar "{other}". Tulis '
                f'"{other}" bila orangnya sama, atau pakai id lain bila berbeda.')
    _raise_problems(sheet.name, problems)


def _merge(existing: pd.DataFrame, rows: list[dict]):
    """Existing roster updated by ``rows``; returns (rows, columns, added, updated)."""
    merged = {r["id"]: r for r in existing.to_dict("records")}
    added, updated = [], []
    for row in rows:
        old = merged.get(row["id"])
        if old is None:
            added.append(row["id"])
            merged[row["id"]] = dict(row)
        elif any(old.get(k, "") != v for k, v in row.items()):
            updated.append(row["id"])
            old.update(row)
    extra = [c for c in existing.columns if c not in ROSTER_COLUMNS]
    if any(c in row for row in rows for c in OPTIONAL_COLUMNS):
        extra += [c for c in OPTIONAL_COLUMNS if c not in extra]
    return list(merged.values()), ROSTER_COLUMNS + extra, added, updated


def import_roster(*, course: Course, file: str | Path) -> RosterImport:
    """Import the participants of ``file`` into the event ``course``.

    Args:
        course: the opened event folder.
        file: the roster, .xlsx (first sheet) or .csv (``,`` or ``;``, UTF-8 or Windows-1252).

    Returns:
        RosterImport with the ids added, the ids whose data changed, and the new total.

    Raises:
        RosterError: the file is missing, unreadable or invalid, or the gradebook could not be
            written. Nothing was written in any of these cases, except when peserta.csv alone
            failed, which the message says (importing again repairs it).

    An import never deletes a participant: ids already in the event but not in the file are
    kept. Existing ids are updated, new ids added. The gradebook's students (first_name =
    nama) are written in one transaction, then ``peserta.csv`` atomically.
    """
    sheet = _read_sheet(file)
    existing = read_roster(course.roster_path)
    rows, columns, added, updated = _merge(existing, sheet.rows)
    try:
        with Gradebook(course.db_url, course.course_id) as gb:
            try:
                known = {s.id for s in gb.db.query(Student)} | set(existing["id"])
                _check_against_known(sheet, known)
                for row in sheet.rows:
                    student = gb.db.get(Student, row["id"])
                    if student is None:
                        gb.db.add(Student(id=row["id"], first_name=row["nama"], last_name=""))
                    else:
                        student.first_name, student.last_name = row["nama"], ""
                gb.db.commit()
            except BaseException:
                gb.db.rollback()
                raise
    except SQLAlchemyError as exc:
        raise RosterError(
            f"Buku nilai {course.db_label} tidak dapat diperbarui ({exc.__class__.__name__}); tidak ada "
            "yang disimpan. Tutup program lain yang memakai buku nilai (misalnya formgrader), "
            "lalu jalankan impor lagi.") from exc
    try:
        write_roster(course.roster_path, rows, columns=columns)
    except OSError as exc:
        raise RosterError(
            f"Buku nilai sudah diperbarui, tetapi {course.roster_path} tidak dapat ditulis "
            f"({exc.strerror or exc}). Tutup berkas itu bila terbuka di Excel, lalu jalankan "
            "impor yang sama lagi.") from exc
    return RosterImport(added=added, updated=updated, total=len(rows))
