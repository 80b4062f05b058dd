"""The curriculum catalogue: ``course/silabus.toml``, read with the standard library.

Everything that lists modules (build, init, demo, reports, benchmark, tests, README table)
reads it through this module, so adding a module is its own files plus one catalogue entry.

``load`` checks the catalogue's structure (keys, types, unique ids) and refuses a broken one;
``grader.layout`` checks modules against the layout every module follows and keeps the README's
module table in step with the catalogue.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import BimtekError

CATALOGUE = paths.COURSE / "silabus.toml"
ID_PATTERN = re.compile(r"^m(\d{2})_[a-z0-9]+(?:_[a-z0-9]+)*$")
OBJECTIVES_MIN, OBJECTIVES_MAX = 3, 6
OBJECTIVES_PER_JP = 2           # at most 4 objectives per 2 JP


@dataclass(frozen=True)
class Section:
    """One slot of a module's time plan."""
    title: str
    minutes: int
    graded: bool = False        # the graded exercise's own slot


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
    schedule: tuple[Section, ...] = ()
    root: Path = field(default=paths.REPO, compare=False, hash=False, repr=False)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        """Short label for reports and tables, e.g. 'M11 Pengendalian Proyek: ...'."""
        return f"M{self.number:02d} {self.title}"

    # The files a module consists of (see course/PANDUAN_PENULIS.md).
    @property
    def lesson_path(self) -> Path:
        return self.root / self.lesson

    @property
    def handout(self) -> Path:
        return self.root / "course" / self.id / "ringkasan.md"

    @property
    def helper(self) -> Path:
        return self.root / "course" / "bimtek_peserta" / f"{self.id}.py"

    @property
    def solution_dir(self) -> Path:
        return self.root / "solutions" / self.assignment

    @property
    def solution(self) -> Path:
        return self.solution_dir / f"{self.assignment}.ipynb"

    @property
    def mistakes(self) -> Path:
        return self.solution_dir / "kesalahan.toml"

    @property
    def instructor_notes(self) -> Path:
        return self.solution_dir / "catatan_pengajar.md"

    @property
    def test_items(self) -> Path:
        return self.solution_dir / "butir_tes.toml"

    @property
    def dataset_dir(self) -> Path:
        return self.root / self.dataset

    @property
    def release_dir(self) -> Path:
        return self.root / "exercises" / self.assignment

    def required_files(self) -> list[Path]:
        """Every file the module must ship (the release is checked separately)."""
        return [self.lesson_path, self.handout, self.helper, self.solution, self.mistakes,
                self.instructor_notes, self.test_items, self.dataset_dir / "generate.py",
                self.dataset_dir / "KARTU_DATA.md"]


@dataclass(frozen=True)
class Catalogue:
    minutes_per_jp: int
    modules: tuple[Module, ...]
    exemplar: str = ""
    path: Path = CATALOGUE

    def module(self, key: str) -> Module:
        for module in self.modules:
            if key in (module.id, module.assignment):
                return module
        known = ", ".join(m.id for m in self.modules) or "(belum ada)"
        raise BimtekError(f"Modul atau tugas '{key}' tidak ada di silabus ({self.path}). "
                          f"Yang ada: {known}.")

    @property
    def assignments(self) -> list[str]:
        """Assignment ids in curriculum order."""
        return [m.assignment for m in self.modules]

    def titles(self) -> dict[str, str]:
        """Assignment id -> label, in curriculum order (for reports)."""
        return {m.assignment: m.label for m in self.modules}

    def select(self, keys: list[str] | None) -> list[Module]:
        """The modules named by ``keys`` (ids or assignment ids), in curriculum order; all if
        ``keys`` is empty or None. An unknown key is refused with the list of known ids."""
        if not keys:
            return list(self.modules)
        wanted = {self.module(key).id for key in keys}
        return [m for m in self.modules if m.id in wanted]

    def tracks(self) -> dict:
        """The catalogue's tracks ([[jalur]]) by id; read by grader.tracks."""
        from .tracks import load
        return load(self)

    @property
    def exemplar_module(self) -> Module:
        """The module the demo uses by default (``contoh``), else the first one."""
        if self.exemplar:
            return self.module(self.exemplar)
        if not self.modules:
            raise BimtekError(f"Silabus {self.path} belum berisi modul.")
        return self.modules[0]


_KEYS = {"nomor": "number", "id": "id", "judul": "title", "jp": "jp", "pelajaran": "lesson",
         "tugas": "assignment", "data": "dataset"}
_TYPES = {"nomor": int, "id": str, "judul": str, "jp": (int, float), "pelajaran": str,
          "tugas": str, "data": str}
_OPTIONAL = {"tujuan", "prasyarat", "jadwal"}


def _schedule(where: str, raw) -> tuple[Section, ...]:
    if not isinstance(raw, list):
        raise BimtekError(f"{where}: jadwal harus daftar, misalnya "
                          'jadwal = [{ bagian = "1. ...", menit = 30 }].')
    sections = []
    for index, item in enumerate(raw, start=1):
        if (not isinstance(item, dict) or not isinstance(item.get("bagian"), str)
                or not isinstance(item.get("menit"), int) or isinstance(item.get("menit"), bool)
                or item["menit"] <= 0):
            raise BimtekError(f"{where}: jadwal ke-{index} harus berisi bagian (teks) dan "
                              "menit (bilangan bulat positif).")
        sections.append(Section(item["bagian"], item["menit"], bool(item.get("tugas", False))))
    return tuple(sections)


def _module(path: Path, index: int, entry: dict, root: Path) -> Module:
    where = f"Silabus {path}: modul ke-{index} ({entry.get('id', '?')})"
    missing = [key for key in (*_KEYS, "tujuan") if key not in entry]
    if missing:
        raise BimtekError(f"{where} tidak punya {', '.join(missing)}.")
    for key, kind in _TYPES.items():
        if not isinstance(entry[key], kind) or isinstance(entry[key], bool):
            raise BimtekError(f"{where}: nilai {key} = {entry[key]!r} tidak sah.")
    for key in ("tujuan", "prasyarat"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise BimtekError(f"{where}: {key} harus daftar teks, misalnya {key} = [\"...\"].")
    return Module(
        **{attr: entry[key] for key, attr in _KEYS.items()},
        objectives=tuple(entry["tujuan"]), prerequisites=tuple(entry.get("prasyarat", [])),
        schedule=_schedule(where, entry.get("jadwal", [])), root=root,
        extra={k: v for k, v in entry.items() if k not in {*_KEYS, *_OPTIONAL}})


def load(path: Path | None = None, *, root: Path | None = None) -> Catalogue:
    """Read and validate the catalogue; raise BimtekError naming the entry and key at fault.

    ``root``: the repository the module paths are relative to (default: this checkout, or the
    folder two levels above ``path`` when only ``path`` is given).
    """
    if path is None:
        root = Path(root) if root is not None else paths.REPO
        path = root / "course" / "silabus.toml"
    path = Path(path)
    root = Path(root) if root is not None else path.resolve().parent.parent
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BimtekError(f"Silabus {path} tidak ditemukan.") from None
    except tomllib.TOMLDecodeError as exc:
        raise BimtekError(f"Silabus {path} tidak sah: {exc}.") from None
    entries = raw.get("modul", [])
    if not isinstance(entries, list):
        raise BimtekError(f"Silabus {path}: tulis setiap modul sebagai [[modul]].")
    modules = [_module(path, index, entry, root) for index, entry in enumerate(entries, start=1)]
    for attr, name in (("id", "id"), ("number", "nomor"), ("assignment", "tugas")):
        seen: set = set()
        for module in modules:
            value = getattr(module, attr)
            if value in seen:
                raise BimtekError(f"Silabus {path}: {name} {value!r} dipakai lebih dari satu modul.")
            seen.add(value)
    modules.sort(key=lambda m: m.number)
    minutes = raw.get("menit_per_jp", 45)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise BimtekError(f"Silabus {path}: menit_per_jp harus bilangan bulat positif.")
    exemplar = raw.get("contoh", "")
    catalogue = Catalogue(minutes_per_jp=minutes, modules=tuple(modules),
                          exemplar=exemplar if isinstance(exemplar, str) else "", path=path)
    if exemplar:
        catalogue.module(exemplar)   # refuse a 'contoh' that names no module
    return catalogue
