"""The event's roster file ``peserta.csv``: every participant with every column of the roster.

The gradebook keeps only id and name (nbgrader's student table); reports read the rest here.
Columns: the required ones (``ROSTER_COLUMNS``), the recognised optional ones under their own
keys (``OPTIONAL_COLUMNS``, e.g. ``nip``), then any other column of the imported file under its
header as written (for example "NIK" or "Tanggal Lahir"), all as text.
"""
from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pandas as pd

ROSTER_COLUMNS = ["id", "nama", "instansi", "kabupaten_kota", "kelas"]
# Recognised optional columns, in the order reports show them.
OPTIONAL_COLUMNS = ["nip", "jabatan", "golongan", "gelombang", "hp", "email"]

# How each known column is titled in reports and workbooks (Indonesian, as organisers write
# them). Columns not listed here keep the header the organiser wrote.
COLUMN_LABELS = {
    "id": "ID", "nama": "Nama", "nip": "NIP", "jabatan": "Jabatan",
    "golongan": "Pangkat/Golongan", "instansi": "Instansi", "kabupaten_kota": "Kabupaten/Kota",
    "kelas": "Kelas", "gelombang": "Gelombang", "hp": "Nomor HP", "email": "Email",
}


def label(column: str) -> str:
    """The title of a roster column as organisers read it ("kabupaten_kota" -> "Kabupaten/Kota")."""
    return COLUMN_LABELS.get(column, column)


def order_columns(columns: list[str]) -> list[str]:
    """Required columns, then the recognised optional ones, then the others as they came."""
    known = ROSTER_COLUMNS + [c for c in OPTIONAL_COLUMNS if c in columns]
    return known + [c for c in columns if c not in known]


def write_roster(path: Path, rows: list[dict], columns: list[str] = ROSTER_COLUMNS) -> None:
    """Write the roster atomically (a temporary file renamed into place)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".peserta-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore",
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def read_roster(path: Path) -> pd.DataFrame:
    """The roster as a DataFrame of strings; an empty one (with columns) if there is none."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=ROSTER_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)
