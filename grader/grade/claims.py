"""Turn what a participant's kernel exported (plain JSON data) back into values a hidden
check can use, in the grader's trusted process.

Nothing here runs or imports anything the participant made: every value is rebuilt from
JSON into a float, a str, a bool, a list/dict, a pandas table or series, or one of the small
read-only stand-ins below (chart axes, a function's recorded results, a value that cannot be
used). Whatever the kernel sent is only a claim, which the hidden check then verifies.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from bimtek_peserta.periksa import Gagal

MAX_PAYLOAD = 20_000_000   # characters of exported JSON per check cell
JENIS_KATA = {"tidak_ada": "belum ada", "kosong": "kosong (None)", "fungsi": "fungsi",
              "lain": "bentuk yang tidak dikenal", "terlalu_besar": "terlalu besar"}


class BukanNilai:
    """A value that cannot be checked (missing, an unknown object, too big): any use fails."""

    def __init__(self, nama: str, jenis: str):
        self._nama, self._jenis = nama, jenis

    def _gagal(self, *_args, **_kw):
        raise Gagal(f"{self._nama} berbentuk {JENIS_KATA.get(self._jenis, 'tidak dikenal')}, "
                    "bukan jawaban yang diminta.")

    __float__ = __int__ = __index__ = __bool__ = __len__ = __iter__ = _gagal
    __getitem__ = __call__ = __add__ = __sub__ = __mul__ = __truediv__ = _gagal
    __lt__ = __le__ = __gt__ = __ge__ = __abs__ = __neg__ = _gagal

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        self._gagal()


class _Teks:
    def __init__(self, text: str):
        self._text = text

    def get_text(self) -> str:
        return self._text


class _Legenda:
    def __init__(self, texts: list[str]):
        self._texts = [_Teks(t) for t in texts]

    def get_texts(self) -> list[_Teks]:
        return list(self._texts)


class _Garis:
    def __init__(self, x: list, y: list, label: str):
        self._x, self._y, self._label = _floats(x), _floats(y), label

    def get_xdata(self) -> np.ndarray:
        return self._x.copy()

    def get_ydata(self) -> np.ndarray:
        return self._y.copy()

    def get_label(self) -> str:
        return self._label


class _Batang:
    """One bar (a Rectangle of ax.bar / ax.barh): position and size, as matplotlib names them."""

    def __init__(self, data):
        data = data if isinstance(data, dict) else {}
        self._x, self._y, self._width, self._height = (
            _floats([data.get(k)])[0] for k in ("x", "y", "lebar", "tinggi"))

    def get_x(self) -> float:
        return self._x

    def get_y(self) -> float:
        return self._y

    def get_width(self) -> float:
        return self._width

    def get_height(self) -> float:
        return self._height


class SumbuKlaim:
    """Chart axes as exported: lines (x, y, label), bars (``patches``), title, axis labels,
    legend texts."""

    def __init__(self, data: dict):
        self._lines = [_Garis(g.get("x", []), g.get("y", []), _text(g.get("label")))
                       for g in _list(data.get("garis"))]
        self.patches = [_Batang(b) for b in _list(data.get("batang"))]
        self._title, self._xlabel = _text(data.get("judul")), _text(data.get("label_x"))
        self._ylabel = _text(data.get("label_y"))
        legend = data.get("legenda")
        self._legend = None if legend is None else _Legenda([_text(t) for t in _list(legend)])

    def get_lines(self) -> list[_Garis]:
        return list(self._lines)

    def get_title(self) -> str:
        return self._title

    def get_xlabel(self) -> str:
        return self._xlabel

    def get_ylabel(self) -> str:
        return self._ylabel

    def get_legend(self):
        return self._legend


class FungsiPeserta:
    """A participant's function, known only by the results of the calls made in the sandbox."""

    def __init__(self, nama: str, hasil: list):
        self._nama = nama
        self._hasil = {}
        for item in _list(hasil):
            if isinstance(item, dict) and "masukan" in item:
                self._hasil[_key(item["masukan"])] = item

    def __call__(self, *args):
        item = self._hasil.get(_key(list(args)))
        argumen = ", ".join(repr(a) for a in args)
        if item is None:
            raise Gagal(f"Fungsi {self._nama}({argumen}) tidak dapat dijalankan saat penilaian.")
        if "galat" in item:
            raise Gagal(f"Fungsi {self._nama}({argumen}) berhenti dengan galat.")
        return rebuild(f"Hasil {self._nama}({argumen})", item.get("keluaran"))


def _key(args) -> str:
    return json.dumps(args, sort_keys=True, default=str)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _floats(values) -> np.ndarray:
    out = []
    for v in _list(values):
        out.append(float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else math.nan)
    return np.asarray(out, dtype=float)


def _plain(value, depth: int = 0):
    """Only JSON's own kinds, nothing else (a defensive copy)."""
    if depth > 30:
        raise ValueError("terlalu dalam")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    raise ValueError(type(value).__name__)


def rebuild(nama: str, claim):
    """The trusted value for one exported claim (see bimtek_peserta.ekspor._klaim)."""
    if not isinstance(claim, dict):
        return BukanNilai(nama, "lain")
    jenis = claim.get("jenis")
    try:
        if jenis == "kosong":
            return None
        if jenis == "logika" and isinstance(claim.get("nilai"), bool):
            return claim["nilai"]
        if jenis == "angka" and isinstance(claim.get("nilai"), (int, float)) \
                and not isinstance(claim.get("nilai"), bool):
            return float(claim["nilai"])
        if jenis == "teks" and isinstance(claim.get("nilai"), str):
            return claim["nilai"]
        if jenis == "tabel":
            columns = _plain(_list(claim.get("kolom")))
            index = _plain(_list(claim.get("indeks")))
            rows = _plain(_list(claim.get("data")))
            frame = pd.DataFrame(rows, columns=columns)
            if len(index) == len(frame):
                frame.index = pd.Index(index)
            return frame
        if jenis == "deret":
            data = _plain(_list(claim.get("data")))
            index = _plain(_list(claim.get("indeks")))
            name = claim.get("nama") if isinstance(claim.get("nama"), (str, int, float)) else None
            return pd.Series(data, index=index if len(index) == len(data) else None, name=name)
        if jenis == "larik":
            return np.asarray(_plain(_list(claim.get("data"))))
        if jenis == "daftar":
            return _plain(claim.get("nilai"))
        if jenis == "sumbu":
            return SumbuKlaim(claim)
    except Exception:  # a malformed claim is an unusable value, never a crash of the grader
        pass
    return BukanNilai(nama, jenis if jenis in JENIS_KATA else "lain")


def namespace(payload, names: list[str], calls: dict) -> dict:
    """The participant's values for a hidden check, rebuilt from the exported ``payload``.

    A name the kernel did not export (or reported missing) is left out, so that the check
    fails with "belum ada"; a function becomes a FungsiPeserta.
    """
    payload = payload if isinstance(payload, dict) else {}
    values = payload.get("nilai") if isinstance(payload.get("nilai"), dict) else {}
    results = payload.get("panggilan") if isinstance(payload.get("panggilan"), dict) else {}
    space = {}
    for name in names:
        claim = values.get(name)
        if isinstance(claim, dict) and claim.get("jenis") != "tidak_ada":
            space[name] = rebuild(name, claim)
    for name in calls:
        space[name] = FungsiPeserta(name, results.get(name, []))
    return space


def payload_size(payload) -> int:
    try:
        return len(json.dumps(payload, default=str))
    except (TypeError, ValueError, RecursionError):
        return MAX_PAYLOAD + 1
