"""The curriculum catalogue: ``course/silabus.toml``, read with the standard library.

Everything that lists modules (build, init, demo, reports, benchmark, tests, README table)
reads it through this module, so adding a module is its own files plus one catalogue entry.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import BimtekError

CATALOGUE = paths.COURSE / "silabus.toml"


@dataclass(frozen=True)
class Module:
    number: int
    id: str
    title: str
    jp: float
    lesson: str          # path relative to the repository
    assignment: str      # nbgrader assignment id (folder of solutions/)
    dataset: str         # dataset folder relative to the repository
    objectives: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        """Short label for reports and tables, e.g. 'M11 Pengendalian Proyek: ...'."""
        return f"M{self.number:02d} {self.title}"


@dataclass(frozen=True)
class Catalogue:
    minutes_per_jp: int
    modules: tuple[Module, ...]

    def module(self, key: str) -> Module:
        for module in self.modules:
            if key in (module.id, module.assignment):
                return module
        known = ", ".join(m.id for m in self.modules)
        raise BimtekError(f"Modul atau tugas '{key}' tidak ada di silabus. Yang ada: {known}.")

    @property
    def assignments(self) -> list[str]:
        """Assignment ids in curriculum order."""
        return [m.assignment for m in self.modules]

    def titles(self) -> dict[str, str]:
        """Assignment id -> label, in curriculum order (for reports)."""
        return {m.assignment: m.label for m in self.modules}


_KEYS = {"nomor": "number", "id": "id", "judul": "title", "jp": "jp", "pelajaran": "lesson",
         "tugas": "assignment", "data": "dataset"}


def load(path: Path = CATALOGUE) -> Catalogue:
    """Read and validate the catalogue; raise BimtekError naming the entry and key at fault."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BimtekError(f"Silabus {path} tidak ditemukan.") from None
    except tomllib.TOMLDecodeError as exc:
        raise BimtekError(f"Silabus {path} tidak sah: {exc}.") from None
    modules = []
    for index, entry in enumerate(raw.get("modul", []), start=1):
        missing = [key for key in (*_KEYS, "tujuan") if key not in entry]
        if missing:
            raise BimtekError(
                f"Silabus {path}: modul ke-{index} ({entry.get('id', '?')}) tidak punya "
                f"{', '.join(missing)}.")
        known = {*_KEYS, "tujuan", "prasyarat"}
        modules.append(Module(
            **{attr: entry[key] for key, attr in _KEYS.items()},
            objectives=tuple(entry["tujuan"]), prerequisites=tuple(entry.get("prasyarat", [])),
            extra={k: v for k, v in entry.items() if k not in known}))
    modules.sort(key=lambda m: m.number)
    return Catalogue(minutes_per_jp=int(raw.get("menit_per_jp", 45)), modules=tuple(modules))
