"""What the hidden checks of an exercise use (``from bimtek_peserta.periksa import *``).

bimtek runs hidden checks in its own trusted process, never in the participant's kernel: the
kernel only exports plain data (bimtek_peserta.ekspor), and the check reads the original data
files from a folder the participant cannot write (set by the grader with ``_atur_akar``).
Stock nbgrader runs the same code in the kernel; then the data are read from ``data/``.
"""
from __future__ import annotations

import json
import math
import numbers
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["Gagal", "harus", "angka", "teks", "data_csv", "data_json", "nilai_y", "np", "pd", "json"]

_AKAR = Path("data")   # where data_csv/data_json read; the grader points it at source/<id>/data


class Gagal(AssertionError):
    """A hidden check that did not pass; its message is shown to the participant."""


def _atur_akar(folder) -> None:
    """Read data from ``folder`` from now on (the grader calls this, with an absolute path)."""
    global _AKAR
    _AKAR = Path(folder)


def harus(kondisi, pesan: str) -> None:
    """Fail with ``pesan`` unless ``kondisi`` is exactly true (a bool, not any truthy object)."""
    if not (kondisi is True or (isinstance(kondisi, np.bool_) and bool(kondisi))):
        raise Gagal(pesan)


def angka(nilai, nama: str = "Jawaban") -> float:
    """``nilai`` as a float: it must be one real number (not text, a table, None or NaN)."""
    if isinstance(nilai, (bool, np.bool_)) or not isinstance(nilai, (numbers.Number, np.number)):
        raise Gagal(f"{nama} harus satu angka.")
    hasil = float(nilai)
    if math.isnan(hasil) or math.isinf(hasil):
        raise Gagal(f"{nama} bernilai kosong (NaN) atau tak hingga.")
    return hasil


def teks(nilai, nama: str = "Jawaban") -> str:
    """``nilai`` as text, trimmed and in lower case; it must be text."""
    if not isinstance(nilai, str):
        raise Gagal(f"{nama} harus teks.")
    return nilai.strip().lower()


def data_csv(nama: str, **opsi) -> pd.DataFrame:
    """The assignment's original data file ``nama`` (CSV) as a table."""
    return pd.read_csv(_AKAR / nama, **opsi)


def data_json(nama: str):
    """The assignment's original data file ``nama`` (JSON)."""
    with open(_AKAR / nama, encoding="utf-8") as berkas:
        return json.load(berkas)


def nilai_y(garis) -> np.ndarray:
    """The finite y values of a chart line."""
    y = np.asarray(garis.get_ydata(), dtype=float)
    return y[np.isfinite(y)]
