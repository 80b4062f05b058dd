"""``bimtek roster import FILE``: read the participants' list from Excel or CSV into the event.

The file is read and checked completely before anything is written. Then the gradebook's
students are written in one transaction, then ``peserta.csv`` atomically. An import merges:
participants already in the event but missing from the file are kept, never deleted.

Every cell is read as text. Codes (id, NIP, phone numbers) never go through a float: an Excel
number that cannot be the exact code (more digits than Excel keeps, a fraction, scientific
notation in a CSV exported from Excel) is refused with its row and the fix, never imported as
a different number. Every column of the file is kept (recognised ones under their own key,
the others under their header as written) and travels into the reports. A row with more cells
than the header has titles is refused, since its values would land in the wrong columns.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from nbgrader.api import Gradebook, Student
from openpyxl.utils import get_column_letter
from sqlalchemy.exc import SQLAlchemyError

from .course import Course
from .errors import RosterError
from .roster_file import (ROSTER_COLUMNS, label, order_columns, read_roster,
                          write_roster)

# Header names accepted for each known column, as shown to the user. They are compared after
# _normalise_header, so case, spaces, punctuation and underscores do not matter.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("ID", "ID Peserta", "No. Peserta", "Nomor Peserta", "Kode Peserta",
           "No. Registrasi", "Nomor Registrasi", "No. Daftar", "Nomor Pendaftaran"),
    "nama": ("Nama", "Nama Lengkap", "Nama Peserta", "Nama Lengkap dan Gelar",
             "Nama dan Gelar", "Nama (dengan gelar)", "Nama Lengkap (dengan gelar)"),
    "instansi": ("Instansi", "Unit Kerja", "OPD", "Perangkat Daerah", "Asal Instansi",
                 "Instansi Asal", "Satuan Kerja", "Satker", "SKPD", "Asal OPD",
                 "Unit Organisasi", "Asal Perangkat Daerah"),
    "kabupaten_kota": ("Kabupaten/Kota", "Kota/Kabupaten", "Kab/Kota", "Kab./Kota",
                       "Kota", "Kabupaten", "Asal Kabupaten/Kota", "Wilayah", "Asal Daerah",
                       "Kabupaten/Kota Asal", "Pemerintah Daerah"),
    "kelas": ("Kelas", "Rombel", "Kelompok", "Rombongan Belajar"),
    "gelombang": ("Gelombang", "Angkatan", "Batch", "Gel."),
    "nip": ("NIP", "NIP Peserta", "Nomor Induk Pegawai", "NIP/NRP", "NIP/NI PPPK",
            "NI PPPK", "NIP/NIPPPK"),
    "jabatan": ("Jabatan", "Nama Jabatan", "Jabatan Peserta", "Jabatan Saat Ini"),
    "golongan": ("Golongan", "Gol.", "Gol. Ruang", "Golongan/Ruang", "Pangkat/Golongan",
                 "Pangkat/Gol.", "Pangkat/Gol. Ruang", "Pangkat, Golongan/Ruang"),
    "hp": ("HP", "No. HP", "Nomor HP", "No. HP/WA", "No. WA", "Nomor WA", "WhatsApp",
           "No. Telepon", "Nomor Telepon", "Telepon", "No. Telp", "Telp/HP", "Nomor Ponsel"),
    "email": ("Email", "E-mail", "Surel", "Alamat Email", "Alamat E-mail", "Alamat Surel"),
}
# A running number column: not kept (reports number their rows themselves).
ROW_NUMBER_HEADERS = ("No", "No.", "Nomor", "No Urut", "No. Urut", "Nomor Urut")
# Columns holding codes: a number in them must be a whole number Excel can hold exactly.
CODE_COLUMNS = {"id", "nip", "hp"}
EXCEL_DIGITS = 15          # Excel keeps 15 significant digits of a number; the rest become 0
NIP_DIGITS = 18
# nbgrader uses the id as a folder name.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
SUPPORTED_SUFFIXES = (".xlsx", ".csv")
MAX_LISTED = 10           # problems listed in one error message; the rest are counted
HEADER_SEARCH_ROWS = 10   # a title above the header row is allowed within this many rows

FIX_NUMBER = ("Di Excel, ubah format kolom itu menjadi Teks (Format Cells > Text), ketik ulang "
              "isinya dari data asli (atau awali dengan tanda petik ', misalnya '{example}), "
              "lalu simpan dan impor lagi.")


def _normalise_header(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


_TARGET_OF = {_normalise_header(alias): target
              for target, aliases in HEADER_ALIASES.items() for alias in aliases}
_ROW_NUMBER = {_normalise_header(h) for h in ROW_NUMBER_HEADERS}


@dataclass
class RosterImport:
    """What an import did. ``updated`` lists only participants whose data changed."""

    added: list[str]
    updated: list[str]
    total: int  # participants in the event's roster after the import
    kept: list[str] = field(default_factory=list)     # labels of the non-required columns kept
    ignored: list[str] = field(default_factory=list)  # headers not kept (running numbers)
    notes: list[str] = field(default_factory=list)    # corrections made, each with its rows


@dataclass
class _Sheet:
    """A validated roster file: one dict per participant, with where it came from."""

    name: str
    rows: list[dict] = field(default_factory=list)
    line: list[int] = field(default_factory=list)        # row number in the file, per row
    header: dict[str, str] = field(default_factory=dict)  # column key -> header as written
    columns: list[str] = field(default_factory=list)     # column keys in file order
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _collapse(value) -> str:
    return " ".join(str(value).split())


def _read_xlsx(path: Path) -> list[list]:
    """The first sheet's cells with their types (int, float, str, datetime, None)."""
    import openpyxl
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise RosterError(
            f"Berkas {path.name} tidak dapat dibaca ({exc.strerror or exc}). Tutup berkas itu "
            "bila sedang terbuka di Excel, lalu coba lagi.") from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise RosterError(
            f"Berkas {path.name} tidak dapat dibuka sebagai berkas Excel (rusak atau bukan "
            ".xlsx). Buka berkas itu di Excel lalu simpan ulang sebagai .xlsx, atau simpan "
            "sebagai .csv.") from exc
    try:
        if not book.worksheets:
            return []
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    except Exception as exc:
        raise RosterError(
            f"Lembar pertama berkas {path.name} tidak dapat dibaca (berkas rusak). Buka di "
            "Excel lalu simpan ulang sebagai .xlsx, atau simpan sebagai .csv.") from exc
    finally:
        book.close()
    for row in rows:   # read-only sheets may pad rows with empty cells to the sheet's width
        while row and (row[-1] is None or (isinstance(row[-1], str) and not row[-1].strip())):
            row.pop()
    return rows


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
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterError(
            f"Berkas {path.name} bukan CSV yang sah ({exc}). Buka di Excel lalu simpan ulang "
            "sebagai .xlsx atau .csv.") from exc
    for row in rows:
        while row and not row[-1].strip():
            row.pop()
    return rows


def _map_header(cells: list) -> dict[str, list[int]]:
    """Known column key -> indexes of the cells naming it."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        target = _TARGET_OF.get(_normalise_header("" if cell is None else cell))
        if target:
            found.setdefault(target, []).append(index)
    return found


def _find_header(table: list[list]) -> int:
    """Index of the header row: the first one naming two required columns, within the first
    rows (a title may sit above it); otherwise the first row that is not blank."""
    filled = [i for i, cells in enumerate(table)
              if any(_collapse(c) for c in cells if c is not None)][:HEADER_SEARCH_ROWS]
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


def _column_name(index: int, is_xlsx: bool) -> str:
    return f"kolom {get_column_letter(index + 1)}" if is_xlsx else f"kolom ke-{index + 1}"


def _check_header(sheet: _Sheet, number: int, cells: list, is_xlsx: bool) -> dict[int, str]:
    """Column index -> key, for every titled column kept; problems raised together."""
    name = sheet.name
    texts = [_collapse("" if c is None else c) for c in cells]
    found = _map_header(texts)
    problems = []
    for target, indexes in found.items():
        if len(indexes) > 1:
            both = " dan ".join(f'"{texts[i]}"' for i in indexes)
            problems.append(
                f"{name} baris {number}: kolom {both} sama-sama dibaca sebagai {target}. "
                "Hapus atau ganti nama salah satunya.")
    present = ", ".join(f'"{c}"' for c in texts if c) or "(tidak ada)"
    for target in ROSTER_COLUMNS:
        if target not in found:
            accepted = ", ".join(HEADER_ALIASES[target])
            problems.append(
                f"{name} baris {number}: kolom wajib \"{target}\" tidak ditemukan. Kolom yang "
                f"ada: {present}. Tambahkan kolom itu (nama kolom yang dikenali: {accepted}).")
    keys: dict[int, str] = {index: target for target, (index, *_) in found.items()}
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        if not text or index in keys:
            continue
        if _normalise_header(text) in _ROW_NUMBER:
            sheet.ignored.append(text)
            continue
        folded = text.casefold()
        if folded in seen:
            problems.append(
                f'{name} baris {number}: judul kolom "{text}" dipakai dua kali '
                f"({_column_name(seen[folded], is_xlsx)} dan {_column_name(index, is_xlsx)}). "
                "Ganti salah satunya agar setiap kolom berjudul berbeda.")
            continue
        seen[folded] = index
        keys[index] = text
    _raise_problems(name, problems)
    sheet.header = {key: texts[index] for index, key in keys.items()}
    sheet.columns = [keys[i] for i in sorted(keys)]
    return keys


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


def _number_shown(value: float) -> str:
    """A number as Excel shows it in a narrow column: 1,98001E+17 (Indonesian decimal comma)."""
    mantissa, exponent = f"{value:.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.').replace('.', ',')}E+{int(exponent):02d}"


def _cell_text(value, key: str) -> tuple[str, str | None]:
    """A cell as text, or a problem (why the cell cannot be read exactly, and the fix)."""
    what = "NIP" if key == "nip" else ("id" if key == "id" else "isi sel")
    example = "198001012005011001" if key == "nip" else "081234567890" if key == "hp" else "0101"
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("Ya" if value else "Tidak"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if not math.isfinite(value):
            return "", f"{what} bukan angka yang sah. Ketik ulang isinya."
        if value.is_integer() and abs(value) < 10 ** EXCEL_DIGITS:
            return str(int(value)), None
        if value.is_integer():
            return "", (f"{what} tersimpan sebagai angka di Excel ({_number_shown(value)}). "
                        f"Excel hanya menyimpan {EXCEL_DIGITS} angka pertama, sehingga angka "
                        "terakhirnya sudah hilang dan nilai aslinya tidak dapat diketahui. "
                        + FIX_NUMBER.format(example=example))
        if key in CODE_COLUMNS:
            return "", (f"{what} tersimpan sebagai angka pecahan ({value!r}), bukan kode. "
                        + FIX_NUMBER.format(example=example))
        return f"{value:.15g}", None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), None
        return value.isoformat(" ", "minutes"), None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), None
    text = _collapse(value)
    if SCIENTIFIC.fullmatch(text):
        return "", (f'{what} tertulis dalam notasi ilmiah ("{text}"): Excel telah mengubahnya '
                    "menjadi angka sehingga angka terakhirnya hilang. Buka berkas asalnya di "
                    "Excel, ubah format kolom itu menjadi Teks, ketik ulang isinya dari data "
                    "asli, lalu simpan sebagai .xlsx (atau ekspor lagi sebagai CSV).")
    if key in CODE_COLUMNS and re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]  # 101.0 from a spreadsheet exported to CSV
    return text, None


def nip_problem(text: str) -> tuple[str, str | None]:
    """A NIP normalised to its 18 digits ("" if not given), or why it cannot be one.

    A NIP is written from the birth date (8 digits), the month of appointment (6), sex (1)
    and a serial number (3, from 001). Spaces, dots and hyphens typed between its parts are
    dropped; "-" alone means no NIP (participants who are not civil servants).
    """
    text = text.strip().lstrip("'")
    if text in ("", "-", "–"):
        return "", None
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits.isdigit():
        return "", (f'NIP "{text}" berisi karakter selain angka. NIP terdiri dari {NIP_DIGITS} '
                    "angka; perbaiki NIP itu, atau kosongkan (atau tulis -) bila peserta tidak "
                    "memiliki NIP.")
    if len(digits) != NIP_DIGITS:
        return "", (f'NIP "{text}" terdiri dari {len(digits)} angka, padahal NIP terdiri dari '
                    f"{NIP_DIGITS} angka. Periksa NIP itu pada data kepegawaian peserta.")
    try:
        dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        valid_date = 1900 <= int(digits[:4]) and 1 <= int(digits[12:14]) <= 12
    except ValueError:
        valid_date = False
    if not valid_date:
        return "", (f'NIP "{text}" tidak sah: 8 angka pertamanya harus tanggal lahir (TTTTBBHH) '
                    "dan angka ke-13 dan ke-14 bulan pengangkatan. Periksa NIP itu pada data "
                    "kepegawaian peserta.")
    if digits.endswith("000"):
        return "", (f'NIP "{text}" berakhir dengan 000, padahal nomor urut NIP dimulai dari 001: '
                    f"kemungkinan NIP ini pernah tersimpan sebagai angka di Excel (yang hanya "
                    f"menyimpan {EXCEL_DIGITS} angka) sehingga angka terakhirnya menjadi 0. "
                    + FIX_NUMBER.format(example="198001012005011001"))
    return digits, None


def _phone(text: str) -> tuple[str, bool]:
    """A phone number; an Indonesian mobile number whose leading 0 Excel dropped gets it back."""
    if re.fullmatch(r"8\d{8,11}", text):
        return "0" + text, True
    return text, False


def _read_sheet(file: str | Path) -> _Sheet:
    path = Path(file)
    name = path.name
    if path.is_dir():
        raise RosterError(f"{path} adalah folder, bukan berkas daftar peserta. Sebutkan berkas "
                          ".xlsx atau .csv di dalamnya.")
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
    is_xlsx = suffix == ".xlsx"
    table = _read_xlsx(path) if is_xlsx else _read_csv(path)
    if not any(_collapse(c) for cells in table for c in cells if c is not None):
        raise RosterError(f"Berkas {name} kosong. Isi baris pertama dengan judul kolom "
                          f"({', '.join(ROSTER_COLUMNS)}) dan satu peserta per baris di bawahnya.")
    top = _find_header(table)
    sheet = _Sheet(name)
    keys = _check_header(sheet, top + 1, table[top], is_xlsx)
    width = len(table[top])
    titled = {i for i, c in enumerate(table[top]) if c is not None and _collapse(c)}
    problems: list[str] = []
    untitled_seen: set[int] = set()
    seen: dict[str, int] = {}      # casefolded id -> row number: "A01" and "a01" share a folder
    nips: dict[str, int] = {}
    phones_fixed: list[int] = []
    for index in range(top + 1, len(table)):
        cells, number = table[index], index + 1
        filled = [i for i, v in enumerate(cells) if v is not None and _collapse(v)]
        if not is_xlsx and len(cells) > width and any(i >= width for i in filled):
            extra = _collapse(cells[max(filled)])
            problems.append(
                f"{name} baris {number}: baris ini berisi {len(cells)} sel, lebih banyak dari "
                f"{width} judul kolom (sel terakhir \"{extra}\"), sehingga isinya bergeser ke "
                "kolom yang salah. Biasanya karena koma atau titik koma di dalam isian (misalnya "
                "gelar \"S.T., M.T.\") yang tidak diapit tanda kutip. Apit isian itu dengan tanda "
                "kutip (\"...\"), atau buka berkas di Excel lalu simpan sebagai .xlsx.")
            continue
        for i in filled:
            if i not in titled and i not in untitled_seen:
                untitled_seen.add(i)
                problems.append(
                    f"{name} baris {number}, {_column_name(i, is_xlsx)}: kolom ini tidak "
                    f"berjudul tetapi berisi \"{_collapse(cells[i])}\". Beri judul kolom itu di "
                    f"baris {top + 1} (agar isinya ikut disimpan), atau hapus isinya.")
        row, row_problems = {}, []
        for i, key in keys.items():
            text, problem = _cell_text(cells[i] if i < len(cells) else None, key)
            if problem:
                row_problems.append(f'{name} baris {number}, kolom "{sheet.header[key]}": '
                                    + problem)
            row[key] = text
        if not any(row.values()) and not row_problems:
            continue  # a blank row, or one with only a running number
        problems += row_problems
        where = f"{name} baris {number}, kolom"
        if row_problems and not row["id"]:
            pass   # the id cell was unreadable: said above
        elif problem := _id_problem(row["id"]):
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
        if row.get("nip"):
            row["nip"], problem = nip_problem(row["nip"])
            if problem:
                problems.append(f'{where} "{sheet.header["nip"]}": {problem}')
            elif row["nip"] in nips:
                problems.append(
                    f'{where} "{sheet.header["nip"]}": NIP {row["nip"]} sudah dipakai di baris '
                    f'{nips[row["nip"]]}. Setiap peserta memiliki NIP yang berbeda; periksa '
                    "kedua baris itu.")
            else:
                nips[row["nip"]] = number
        if row.get("hp"):
            row["hp"], fixed = _phone(row["hp"])
            if fixed:
                phones_fixed.append(number)
        sheet.rows.append(row)
        sheet.line.append(number)
    _raise_problems(name, problems)
    if not sheet.rows:
        raise RosterError(
            f"Berkas {name} hanya berisi judul kolom, tanpa peserta. Isi satu peserta per baris "
            f"mulai baris {top + 2}.")
    if phones_fixed:
        rows = ", ".join(str(n) for n in phones_fixed[:MAX_LISTED])
        more = f" dan {len(phones_fixed) - MAX_LISTED} baris lain" if len(phones_fixed) > MAX_LISTED else ""
        sheet.notes.append(
            f"Nomor HP di {len(phones_fixed)} baris tersimpan tanpa angka 0 di depannya "
            f"(Excel menganggapnya angka); angka 0 itu dikembalikan (baris {rows}{more}).")
    return sheet


def read_roster_file(file: str | Path) -> list[dict]:
    """Read and check a roster file (.xlsx, first sheet, or .csv); write nothing.

    Returns one dict per participant with the keys of ``ROSTER_COLUMNS``, plus a key per other
    column of the file (recognised ones such as "nip" or "gelombang" under their own key, the
    others under their header as written). Raises RosterError naming every problem found,
    each with the file, the row number as Excel shows it and the column header as written.
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


def _merge(existing: pd.DataFrame, sheet: _Sheet):
    """Existing roster updated by the sheet's rows; returns (rows, columns, added, updated).

    A column the file lacks keeps its values; a column new in the file is added (empty for
    participants not in the file)."""
    merged = {r["id"]: r for r in existing.to_dict("records")}
    added, updated = [], []
    for row in sheet.rows:
        old = merged.get(row["id"])
        if old is None:
            added.append(row["id"])
            merged[row["id"]] = dict(row)
        elif any(old.get(k, "") != v for k, v in row.items()):
            updated.append(row["id"])
            old.update(row)
    columns = order_columns(list(dict.fromkeys([*existing.columns, *sheet.columns])))
    return list(merged.values()), columns, added, updated


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
    rows, columns, added, updated = _merge(existing, sheet)
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
    return RosterImport(added=added, updated=updated, total=len(rows),
                        kept=[label(c) for c in sheet.columns if c not in ROSTER_COLUMNS],
                        ignored=sheet.ignored, notes=sheet.notes)
