"""A module's declared typical mistakes: ``solutions/<id>/kesalahan.toml``, read here.

Each mistake is a change to one answer cell of the solution, the marks it is meant to get per
question, and what the participant is meant to see: a part of the visible self-check's message
(``pesan_terlihat``), or ``tersembunyi_sengaja = true`` when only the hidden check catches it.
The harness (tests/harness/) grades every one; the demo mixes them into simulated submissions.

Besides the mistakes, three ways of breaking a notebook are graded for every module: a syntax
error, an endless loop and a dying kernel. A module may place them in ``[rusak]``; otherwise
they are derived from its answer cells (``breakages``).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Module
from ..errors import BimtekError
from .notebooks import Mistake

FILE = "kesalahan.toml"
ANSWER_CELL = re.compile(r"^jawab_soal(\d+)$")
QUESTION = re.compile(r"^soal(\d+)$")

# The three ways of breaking a notebook, and what replaces an answer cell by default.
SYNTAX_ERROR = "salah_ketik"
ENDLESS_LOOP = "loop_tanpa_akhir"
KERNEL_DEATH = "kernel_mati"
BREAKAGES = (SYNTAX_ERROR, ENDLESS_LOOP, KERNEL_DEATH)
_GENERIC_CODE = {
    SYNTAX_ERROR: None,   # the cell's own answer with an unclosed bracket appended
    ENDLESS_LOOP: "hari = 0\nwhile True:\n    hari = hari + 1\n",
    KERNEL_DEATH: "import os\nos._exit(1)\n",
}
_KEYS = {"id", "sel", "ganti", "dengan", "kode", "keterangan", "nilai", "pesan_terlihat",
         "tersembunyi_sengaja", "alasan"}


@dataclass(frozen=True)
class Declared(Mistake):
    """A declared mistake: the substitution (``Mistake``) plus what it is meant to cost and show."""
    id: str = ""
    marks: dict = field(default_factory=dict, compare=False, hash=False)   # question -> marks
    visible: str | None = None            # part of the visible message the participant sees
    hidden_on_purpose: bool = False       # only the hidden check is meant to catch it
    reason: str = ""                      # why it is hidden on purpose

    def question(self) -> int:
        return int(ANSWER_CELL.match(self.cell).group(1))


@dataclass(frozen=True)
class Breakage:
    kind: str          # SYNTAX_ERROR, ENDLESS_LOOP or KERNEL_DEATH
    cell: str          # the answer cell replaced
    code: str          # its new text


@dataclass(frozen=True)
class ModuleMistakes:
    module: str
    mistakes: dict[str, Declared]
    breakages: dict[str, Breakage]      # declared in [rusak]; see ``breakages`` for the rest


def _fail(path: Path, where: str, what: str) -> BimtekError:
    return BimtekError(f"{path}: {where}: {what}")


def _marks(path: Path, where: str, raw) -> dict[int, float]:
    if not isinstance(raw, dict):
        raise _fail(path, where, "nilai harus tabel, misalnya nilai = { soal2 = 1 }.")
    marks = {}
    for key, value in raw.items():
        match = QUESTION.match(key)
        if not match or not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise _fail(path, where, f"nilai {key} = {value!r} tidak sah; tulis soalN = angka.")
        marks[int(match.group(1))] = float(value)
    return marks


def _mistake(path: Path, index: int, entry: dict) -> Declared:
    where = f"kesalahan ke-{index} ({entry.get('id', '?')})"
    unknown = set(entry) - _KEYS
    if unknown:
        raise _fail(path, where, f"kunci tidak dikenal: {', '.join(sorted(unknown))}.")
    for key in ("id", "sel", "keterangan"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise _fail(path, where, f"{key} (teks) wajib diisi.")
    if not ANSWER_CELL.match(entry["sel"]):
        raise _fail(path, where, f"sel {entry['sel']!r} bukan sel jawaban (jawab_soalN).")
    whole = "kode" in entry
    if whole == ("ganti" in entry or "dengan" in entry) or (
            not whole and not ("ganti" in entry and "dengan" in entry)):
        raise _fail(path, where, "tulis ganti dan dengan (mengubah sebagian jawaban), "
                                 "atau kode (mengganti seluruh sel), tidak keduanya.")
    visible = entry.get("pesan_terlihat")
    hidden = entry.get("tersembunyi_sengaja", False)
    if visible is not None and (not isinstance(visible, str) or not visible.strip()):
        raise _fail(path, where, "pesan_terlihat harus teks yang tidak kosong.")
    if not isinstance(hidden, bool):
        raise _fail(path, where, "tersembunyi_sengaja harus true atau false.")
    if visible is not None and hidden:
        raise _fail(path, where, "pilih salah satu: pesan_terlihat atau tersembunyi_sengaja.")
    if hidden and not str(entry.get("alasan", "")).strip():
        raise _fail(path, where, "tersembunyi_sengaja = true perlu alasan (mengapa hanya "
                                 "pemeriksaan tersembunyi yang menangkapnya).")
    return Declared(
        cell=entry["sel"], old=None if whole else entry["ganti"],
        new=entry["kode"] if whole else entry["dengan"], description=entry["keterangan"],
        id=entry["id"], marks=_marks(path, where, entry.get("nilai", {})), visible=visible,
        hidden_on_purpose=hidden, reason=str(entry.get("alasan", "")))


def _breakages(path: Path, raw) -> dict[str, Breakage]:
    if not isinstance(raw, dict):
        raise _fail(path, "[rusak]", "harus tabel.")
    found = {}
    for kind, entry in raw.items():
        if kind not in BREAKAGES:
            raise _fail(path, "[rusak]", f"{kind!r} tidak dikenal; yang ada: {', '.join(BREAKAGES)}.")
        if (not isinstance(entry, dict) or not ANSWER_CELL.match(str(entry.get("sel", "")))
                or not isinstance(entry.get("kode"), str)):
            raise _fail(path, f"[rusak] {kind}", "tulis { sel = \"jawab_soalN\", kode = '...' }.")
        found[kind] = Breakage(kind, entry["sel"], entry["kode"])
    return found


def load(path: Path, module_id: str = "") -> ModuleMistakes:
    """Read one ``kesalahan.toml``; raise BimtekError naming the entry at fault."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BimtekError(f"Berkas kesalahan {path} tidak ditemukan; setiap modul "
                          "menyatakan kesalahan umumnya di sana.") from None
    except tomllib.TOMLDecodeError as exc:
        raise BimtekError(f"{path} tidak sah: {exc}.") from None
    entries = raw.get("kesalahan", [])
    if not isinstance(entries, list):
        raise BimtekError(f"{path}: tulis setiap kesalahan sebagai [[kesalahan]].")
    mistakes: dict[str, Declared] = {}
    for index, entry in enumerate(entries, start=1):
        mistake = _mistake(path, index, entry)
        if mistake.id in mistakes:
            raise _fail(path, f"kesalahan ke-{index}", f"id {mistake.id!r} dipakai dua kali.")
        mistakes[mistake.id] = mistake
    return ModuleMistakes(module_id or path.parent.name, mistakes,
                          _breakages(path, raw.get("rusak", {})))


def declared(module: Module) -> ModuleMistakes:
    """The declared mistakes of a catalogue module."""
    return load(module.mistakes, module.id)


def breakages(declared_: ModuleMistakes, answers: dict[str, str]) -> dict[str, Breakage]:
    """The three breakages for a module: declared in [rusak], else derived from its answers.

    Derived: the syntax error goes in the second answer cell (its own answer plus an unclosed
    bracket), the endless loop and the kernel death in the second-to-last answer cell, so
    that questions before and after them are still graded.
    """
    cells = sorted((c for c in answers if ANSWER_CELL.match(c)),
                   key=lambda c: int(ANSWER_CELL.match(c).group(1)))
    if not cells:
        return dict(declared_.breakages)
    early = cells[min(1, len(cells) - 1)]
    late = cells[max(len(cells) - 2, 0)]
    derived = {
        SYNTAX_ERROR: Breakage(SYNTAX_ERROR, early, answers[early] + "\nprint((\n"),
        ENDLESS_LOOP: Breakage(ENDLESS_LOOP, late, _GENERIC_CODE[ENDLESS_LOOP]),
        KERNEL_DEATH: Breakage(KERNEL_DEATH, late, _GENERIC_CODE[KERNEL_DEATH]),
    }
    return {**derived, **declared_.breakages}
