"""Export a participant's answers as plain data for grading (runs in the participant's kernel).

While a notebook is graded, every check cell ends with a call to ``kirim``: it reads the
variables the hidden checks need, calls the participant's functions on inputs the grader
chose, and publishes the results as JSON under one MIME type. The checks themselves run in
the grader's own process, on that data only; nothing here decides a score, and whatever this
module publishes is treated there as a claim that must be right.
"""
from __future__ import annotations

import json

MIME = "application/vnd.bimtek.ekspor+json"
MAKS_SEL = 200_000      # most table cells exported per value
MAKS_TEKS = 100_000     # longest text exported


def _polos(nilai, kedalaman: int = 0):
    """A JSON-safe copy of a plain value (numbers, text, lists, dicts), or raise TypeError."""
    if kedalaman > 20:
        raise TypeError("terlalu dalam")
    if nilai is None or isinstance(nilai, (bool, str)):
        return nilai[:MAKS_TEKS] if isinstance(nilai, str) else nilai
    if isinstance(nilai, int):
        return nilai if abs(nilai) < 2 ** 63 else float(nilai)
    if isinstance(nilai, float):
        return nilai
    item = getattr(nilai, "item", None)      # numpy scalars
    if item is not None and getattr(nilai, "ndim", None) == 0:
        return _polos(item(), kedalaman + 1)
    if type(nilai).__name__ == "Timestamp":
        return nilai.isoformat()
    if isinstance(nilai, (list, tuple)):
        return [_polos(x, kedalaman + 1) for x in list(nilai)[:MAKS_SEL]]
    if isinstance(nilai, dict):
        return {str(k): _polos(v, kedalaman + 1) for k, v in list(nilai.items())[:MAKS_SEL]}
    raise TypeError(type(nilai).__name__)


def _klaim(nilai) -> dict:
    """Describe one value as data: its kind and content."""
    jenis = type(nilai).__name__
    if nilai is None:
        return {"jenis": "kosong"}
    if isinstance(nilai, bool) or type(nilai).__name__ in ("bool_", "bool"):   # numpy 2: "bool"
        return {"jenis": "logika", "nilai": bool(nilai)}
    if isinstance(nilai, str):
        return {"jenis": "teks", "nilai": nilai[:MAKS_TEKS]}
    if jenis == "DataFrame":
        if nilai.size > MAKS_SEL:
            return {"jenis": "terlalu_besar"}
        bagian = nilai.to_dict(orient="split")
        return {"jenis": "tabel", "kolom": _polos(list(bagian["columns"])),
                "indeks": _polos(list(bagian["index"])), "data": _polos(bagian["data"])}
    if jenis == "Series":
        if nilai.size > MAKS_SEL:
            return {"jenis": "terlalu_besar"}
        return {"jenis": "deret", "nama": _polos(nilai.name) if _aman(nilai.name) else None,
                "indeks": _polos(list(nilai.index)), "data": _polos(list(nilai))}
    if jenis == "ndarray":
        if nilai.size > MAKS_SEL:
            return {"jenis": "terlalu_besar"}
        return {"jenis": "larik", "data": _polos(nilai.tolist())}
    if hasattr(nilai, "get_lines") and hasattr(nilai, "get_title"):
        return _sumbu(nilai)
    if callable(nilai):
        return {"jenis": "fungsi"}
    try:
        angka = float(nilai) if _angka(nilai) else None
    except Exception:
        angka = None
    if angka is not None:
        return {"jenis": "angka", "nilai": angka}
    try:
        return {"jenis": "daftar", "nilai": _polos(nilai)}
    except TypeError:
        return {"jenis": "lain", "tipe": jenis[:100]}


def _aman(nilai) -> bool:
    try:
        _polos(nilai)
        return True
    except TypeError:
        return False


def _angka(nilai) -> bool:
    import numbers
    return isinstance(nilai, numbers.Number) or type(nilai).__module__ == "numpy"


def _sumbu(ax) -> dict:
    garis = []
    for line in ax.get_lines():
        garis.append({"x": _deret_angka(line.get_xdata()), "y": _deret_angka(line.get_ydata()),
                      "label": str(line.get_label())[:500]})
    batang = []   # bars (matplotlib Rectangle patches, from ax.bar / ax.barh)
    for patch in list(getattr(ax, "patches", []))[:MAKS_SEL]:
        if type(patch).__name__ == "Rectangle":
            batang.append({k: _deret_angka([f()])[0] for k, f in (
                ("x", patch.get_x), ("y", patch.get_y), ("lebar", patch.get_width),
                ("tinggi", patch.get_height))})
    legenda = ax.get_legend()
    return {"jenis": "sumbu", "garis": garis, "batang": batang, "judul": str(ax.get_title())[:500],
            "label_x": str(ax.get_xlabel())[:500], "label_y": str(ax.get_ylabel())[:500],
            "legenda": None if legenda is None else [str(t.get_text())[:500]
                                                     for t in legenda.get_texts()]}


def _deret_angka(data) -> list:
    hasil = []
    for x in list(data)[:MAKS_SEL]:
        try:
            hasil.append(float(x))
        except (TypeError, ValueError):
            hasil.append(None)
    return hasil


def _json(data) -> str:
    def lain(x):
        raise TypeError(type(x).__name__)
    return json.dumps(data, default=lain, allow_nan=True)


def kirim(spesifikasi: dict) -> None:
    """Publish the values and call results named by ``spesifikasi``.

    ``spesifikasi``: {"nilai": [names], "panggilan": {function name: [[args], ...]}}.
    """
    import __main__
    from IPython.display import display

    ruang = vars(__main__)
    nilai, panggilan = {}, {}
    for nama in spesifikasi.get("nilai", []):
        if nama not in ruang:
            nilai[nama] = {"jenis": "tidak_ada"}
            continue
        try:
            nilai[nama] = _klaim(ruang[nama])
            _json(nilai[nama])
        except Exception:
            nilai[nama] = {"jenis": "lain", "tipe": type(ruang[nama]).__name__[:100]}
    for nama, daftar in spesifikasi.get("panggilan", {}).items():
        fungsi = ruang.get(nama)
        hasil = []
        for argumen in daftar:
            if not callable(fungsi):
                hasil.append({"masukan": argumen, "galat": "bukan_fungsi"})
                continue
            try:
                keluaran = _klaim(fungsi(*argumen))
                _json(keluaran)
                hasil.append({"masukan": argumen, "keluaran": keluaran})
            except Exception as galat:
                hasil.append({"masukan": argumen, "galat": type(galat).__name__[:100]})
        panggilan[nama] = hasil
    display({MIME: {"nilai": nilai, "panggilan": panggilan}}, raw=True)

