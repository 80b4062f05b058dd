"""Self-checks that participants run in their exercise notebooks.

Each check either passes quietly (or prints that it passed) or raises ``BelumTepat`` with one
sentence in Bahasa Indonesia saying what to fix. JupyterLab shows that sentence in the red
box without a traceback. The checks reveal no answer: they test kinds, ranges and
consistency, never the expected value itself.

A check first looks whether the name exists and has the right kind (number, text, table,
function, chart axes), so that a missing variable, a table where a number is expected, NaN,
or a function that prints instead of returning gives a sentence, not a Python error.
"""
from __future__ import annotations

import math
import numbers

__all__ = ["BelumTepat", "ada", "angka", "teks", "tabel", "kolom", "fungsi", "sumbu",
           "benar", "dekat", "lulus"]


class BelumTepat(AssertionError):
    """A self-check that did not pass; shown as one sentence, without a traceback."""

    def _render_traceback_(self):  # IPython uses this instead of the traceback
        return [f"\x1b[1;31mBelum tepat:\x1b[0m {self}"]


def _globals() -> dict:
    import __main__
    return vars(__main__)


def _rupa(nilai) -> str:
    """What kind of value this is, in words a participant understands."""
    jenis = type(nilai).__name__
    if nilai is None:
        return "kosong (None)"
    if isinstance(nilai, bool):
        return "nilai benar/salah"
    if isinstance(nilai, str):
        return "teks"
    if jenis == "DataFrame":
        return "tabel"
    if jenis == "Series":
        return "satu kolom tabel (Series)"
    if callable(nilai):
        return "fungsi"
    if isinstance(nilai, (list, tuple, set, dict)):
        return "daftar"
    return f"nilai jenis {jenis}"


def ada(nama: str, *, petunjuk: str = ""):
    """The value of variable ``nama`` in the notebook; BelumTepat if it does not exist."""
    ruang = _globals()
    if nama not in ruang:
        saran = petunjuk or "Jalankan dulu sel jawaban di atasnya (Shift + Enter)."
        raise BelumTepat(f"Variabel {nama} belum ada. {saran}")
    return ruang[nama]


def _sebagai_angka(nilai, nama: str) -> float:
    if nilai is None:
        raise BelumTepat(
            f"{nama} masih kosong (None). Bila ini hasil fungsi, pastikan fungsi memakai "
            "return, bukan print.")
    if isinstance(nilai, bool) or not isinstance(nilai, numbers.Number):
        rupa = _rupa(nilai)
        if rupa.startswith(("tabel", "satu kolom")):
            raise BelumTepat(
                f"{nama} harus satu angka, bukan {rupa}. Ambil satu nilai, misalnya dengan "
                ".iloc[0] atau .sum().")
        raise BelumTepat(f"{nama} harus angka, bukan {rupa}.")
    hasil = float(nilai)
    if math.isnan(hasil):
        raise BelumTepat(
            f"{nama} bernilai NaN (kosong). Periksa baris atau minggu yang Anda pilih.")
    if math.isinf(hasil):
        raise BelumTepat(f"{nama} tak hingga; mungkin ada pembagian dengan nol.")
    return hasil


def angka(nama: str, *, antara: tuple[float, float] | None = None, pesan: str = "") -> float:
    """Variable ``nama`` as a float; it must exist, be one number, not NaN, and (optionally)
    lie within ``antara`` (a range that reveals nothing of the answer)."""
    hasil = _sebagai_angka(ada(nama), nama)
    if antara is not None and not antara[0] <= hasil <= antara[1]:
        raise BelumTepat(pesan or f"{nama} di luar rentang yang masuk akal.")
    return hasil


_TIDAK_DIBERIKAN = object()


def teks(nama: str, *, pilihan: tuple[str, ...] = (), nilai=_TIDAK_DIBERIKAN) -> str:
    """Variable ``nama`` (or ``nilai`` if given, e.g. a function's result) as text; optionally
    one of ``pilihan``."""
    isi = ada(nama) if nilai is _TIDAK_DIBERIKAN else nilai
    if isi is None:
        raise BelumTepat(
            f"{nama} masih kosong (None). Bila ini hasil fungsi, pastikan fungsi memakai "
            "return, bukan print.")
    if not isinstance(isi, str):
        raise BelumTepat(f"{nama} harus teks (di antara tanda petik), bukan {_rupa(isi)}.")
    if pilihan and isi.strip().lower() not in [p.lower() for p in pilihan]:
        daftar = " atau ".join(f'"{p}"' for p in pilihan)
        raise BelumTepat(f'{nama} harus {daftar}, bukan "{isi}".')
    return isi


def tabel(nama: str):
    """Variable ``nama``; it must be a pandas table (DataFrame)."""
    isi = ada(nama)
    if type(isi).__name__ != "DataFrame":
        raise BelumTepat(f"{nama} harus tabel (DataFrame), bukan {_rupa(isi)}.")
    return isi


def kolom(nama_tabel: str, *nama_kolom: str):
    """Table ``nama_tabel``, which must have every column in ``nama_kolom``."""
    isi = tabel(nama_tabel)
    for nama in nama_kolom:
        if nama not in isi.columns:
            raise BelumTepat(
                f'Tabel {nama_tabel} belum punya kolom "{nama}". Tambahkan dengan '
                f'{nama_tabel}["{nama}"] = ...')
    return isi


def fungsi(nama: str):
    """Variable ``nama``; it must be a function."""
    isi = ada(nama)
    if not callable(isi):
        raise BelumTepat(f"{nama} harus fungsi (dibuat dengan def), bukan {_rupa(isi)}.")
    return isi


def panggil(nama: str, *argumen):
    """Call function ``nama``; a Python error inside it becomes one sentence."""
    isi = fungsi(nama)
    try:
        return isi(*argumen)
    except BelumTepat:
        raise
    except NotImplementedError:
        raise BelumTepat(
            f"Fungsi {nama} belum Anda lengkapi: ganti baris yang ditandai "
            "# TULIS JAWABAN ANDA DI SINI dengan jawaban Anda.") from None
    except Exception:
        teks_argumen = ", ".join(repr(a) for a in argumen)
        raise BelumTepat(
            f"Fungsi {nama}({teks_argumen}) berhenti karena galat saat dijalankan. "
            "Periksa isi fungsi Anda.") from None


def sumbu(nama: str):
    """Variable ``nama``; it must be matplotlib axes (from plt.subplots())."""
    isi = ada(nama, petunjuk=f"Buat dengan: fig, {nama} = plt.subplots()")
    if not hasattr(isi, "get_lines"):
        raise BelumTepat(f"{nama} harus sumbu grafik matplotlib (hasil plt.subplots()).")
    return isi


def benar(kondisi, pesan: str) -> None:
    """Raise BelumTepat(pesan) unless ``kondisi`` holds."""
    if not kondisi:
        raise BelumTepat(pesan)


def dekat(nilai: float, acuan: float, pesan: str, *, toleransi: float = 0.01) -> None:
    """Raise BelumTepat(pesan) unless ``nilai`` is within ``toleransi`` of ``acuan``."""
    if not abs(float(nilai) - float(acuan)) <= toleransi:
        raise BelumTepat(pesan)


def sebagai_angka(nilai, nama: str = "Hasil") -> float:
    """``nilai`` (not a variable name) as a float, or BelumTepat saying what it is instead."""
    return _sebagai_angka(nilai, nama)


def fmt(nilai: float, desimal: int = 2) -> str:
    """A number written the Indonesian way: 1.234.567,89."""
    teks_en = f"{float(nilai):,.{desimal}f}"
    return teks_en.replace(",", "_").replace(".", ",").replace("_", ".")


def garis_y(garis):
    """The finite y values of a chart line."""
    import numpy as np
    y = np.asarray(garis.get_ydata(), dtype=float)
    return y[np.isfinite(y)]


def lulus(bagian: str) -> None:
    """Say that the visible checks of ``bagian`` passed."""
    print(f"Pemeriksaan yang terlihat lulus ({bagian}).")


__all__ += ["panggil", "sebagai_angka", "fmt", "garis_y"]
