"""The event's roster file ``peserta.csv``: every participant with all identity columns.

The gradebook keeps only id and name (nbgrader's student table); reports read the rest here.
"""
from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pandas as pd

ROSTER_COLUMNS = ["id", "nama", "instansi", "kabupaten_kota", "kelas"]
OPTIONAL_COLUMNS = ["gelombang"]


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
