"""Indonesian-style display helpers shared by every lesson.

Numbers are written the Indonesian way: "." between thousands, "," before decimals
(``Rp 14.471.736.637``, ``48,53%``). These functions only format; they never compute a
lesson's figures. Missing values (None, NaN) show as an en dash.
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

KOSONG = "–"   # shown for a missing value
MINUS = "-"    # ASCII minus, so a copied figure is still valid Python

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")


def _hilang(nilai) -> bool:
    return nilai is None or (isinstance(nilai, float) and math.isnan(nilai)) or pd.isna(nilai)


def angka(nilai, desimal: int = 0) -> str:
    """A number in Indonesian style: ``angka(1234567.891, 2)`` -> ``'1.234.567,89'``."""
    if _hilang(nilai):
        return KOSONG
    teks = f"{abs(float(nilai)):,.{desimal}f}"
    teks = teks.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    negatif = float(nilai) < 0 and teks.strip("0,.") != ""
    return (MINUS if negatif else "") + teks


def rupiah(nilai, desimal: int = 0) -> str:
    """Rupiah with thousands dots: ``rupiah(14471736637)`` -> ``'Rp 14.471.736.637'``."""
    if _hilang(nilai):
        return KOSONG
    teks = angka(abs(float(nilai)), desimal)
    return (MINUS if float(nilai) < 0 and teks.strip("0,.") else "") + "Rp " + teks


def rupiah_singkat(nilai, desimal: int = 1) -> str:
    """Rupiah in juta/miliar: ``rupiah_singkat(15579475907)`` -> ``'Rp 15,6 miliar'``."""
    if _hilang(nilai):
        return KOSONG
    besar = abs(float(nilai))
    for batas, satuan in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
        if besar >= batas:
            teks = f"Rp {angka(besar / batas, desimal)} {satuan}"
            break
    else:
        teks = rupiah(besar)
    return (MINUS if float(nilai) < 0 else "") + teks


def persen(nilai, desimal: int = 2) -> str:
    """A percentage with a decimal comma: ``persen(48.53)`` -> ``'48,53%'``."""
    if _hilang(nilai):
        return KOSONG
    return angka(nilai, desimal) + "%"


def tanggal(hari: date | str) -> str:
    """A date in Indonesian: ``tanggal(date(2026, 3, 2))`` -> ``'2 Maret 2026'``."""
    if isinstance(hari, str):
        hari = date.fromisoformat(hari)
    return f"{hari.day} {BULAN[hari.month - 1]} {hari.year}"


def tabel(data: pd.DataFrame, *, rupiah_kolom=(), persen_kolom=(), angka_kolom=None) -> pd.DataFrame:
    """A copy of ``data`` with the named columns turned into Indonesian-formatted text.

    ``angka_kolom`` maps a column to its number of decimals, e.g. ``{"SPI": 3}``.
    Only for showing: the returned table holds text, so do not compute with it.
    """
    hasil = data.copy()
    for kolom in rupiah_kolom:
        hasil[kolom] = hasil[kolom].map(rupiah)
    for kolom in persen_kolom:
        hasil[kolom] = hasil[kolom].map(persen)
    for kolom, desimal in (angka_kolom or {}).items():
        hasil[kolom] = hasil[kolom].map(lambda x, d=desimal: angka(x, d))
    return hasil
