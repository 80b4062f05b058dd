"""The curriculum catalogue: ``course/silabus.toml``, read with the standard library.

Everything that lists modules (build, init, demo, reports, benchmark, tests, README table)
reads it through this module, so adding a module is its own files plus one catalogue entry.

``load`` checks the catalogue's structure (keys, types, unique ids) and refuses a broken one;
``problems`` checks a module against the layout every module follows (its files exist, its
timing adds up, no module folder lacks an entry) and returns messages for the tests.
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


# --- the layout every module follows -------------------------------------------------------

def entry_problems(catalogue: Catalogue, module: Module) -> list[str]:
    """What is wrong with one module's catalogue entry and files, one Indonesian line each."""
    found = []
    name = f"Modul {module.id}"
    match = ID_PATTERN.match(module.id)
    if not match:
        found.append(f"{name}: id harus berbentuk mNN_nama (huruf kecil, angka, garis bawah).")
    elif int(match.group(1)) != module.number:
        found.append(f"{name}: nomor {module.number} tidak sesuai dengan id (M{match.group(1)}).")
    expected = {"pelajaran": (module.lesson, f"course/{module.id}.ipynb"),
                "tugas": (module.assignment, module.id),
                "data": (module.dataset, f"datasets/{module.id}")}
    for key, (value, convention) in expected.items():
        if value != convention:
            found.append(f"{name}: {key} = {value!r}, seharusnya {convention!r} (tata letak modul).")
    count = len(module.objectives)
    if not OBJECTIVES_MIN <= count <= OBJECTIVES_MAX:
        found.append(f"{name}: punya {count} tujuan; tulis {OBJECTIVES_MIN}-{OBJECTIVES_MAX}.")
    if count > OBJECTIVES_PER_JP * module.jp:
        found.append(f"{name}: {count} tujuan untuk {module.jp:g} JP terlalu banyak "
                     f"(paling banyak {OBJECTIVES_PER_JP} per JP).")
    known = {m.id for m in catalogue.modules}
    for prerequisite in module.prerequisites:
        if prerequisite not in known:
            found.append(f"{name}: prasyarat {prerequisite!r} tidak ada di silabus.")
    found += schedule_problems(catalogue, module)
    for path in module.required_files():
        if not path.is_file():
            found.append(f"{name}: berkas {_rel(path, module.root)} tidak ada.")
    if not (module.release_dir / f"{module.assignment}.ipynb").is_file():
        found.append(f"{name}: {_rel(module.release_dir, module.root)}/ belum dibuat; "
                     "jalankan bimtek build.")
    return found


def schedule_problems(catalogue: Catalogue, module: Module) -> list[str]:
    """Does the time plan add up to the module's JP, with one slot for the graded exercise?"""
    name = f"Modul {module.id}"
    if not module.schedule:
        return [f"{name}: belum punya jadwal (menit per bagian) di silabus."]
    found = []
    total = sum(s.minutes for s in module.schedule)
    wanted = module.jp * catalogue.minutes_per_jp
    if total != wanted:
        found.append(f"{name}: jumlah menit jadwal {total}, seharusnya {wanted:g} "
                     f"({module.jp:g} JP x {catalogue.minutes_per_jp} menit).")
    graded = [s for s in module.schedule if s.graded]
    if len(graded) != 1:
        found.append(f"{name}: jadwal harus punya tepat satu bagian tugas bernilai "
                     f"(tugas = true), sekarang {len(graded)}.")
    return found


def orphan_problems(catalogue: Catalogue, root: Path | None = None) -> list[str]:
    """Module folders and files that have no catalogue entry, one line each."""
    root = Path(root) if root is not None else (
        catalogue.modules[0].root if catalogue.modules else paths.REPO)
    ids = {m.id for m in catalogue.modules}
    candidates = []
    for folder in ("solutions", "datasets", "exercises"):
        base = root / folder
        if base.is_dir():
            candidates += [p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
    course = root / "course"
    if course.is_dir():
        candidates += [p for p in course.iterdir() if p.suffix == ".ipynb"
                       or (p.is_dir() and p.name != "bimtek_peserta"
                           and not p.name.startswith((".", "_")))]
        helpers = course / "bimtek_peserta"
        if helpers.is_dir():
            candidates += [p for p in helpers.glob("m*.py") if ID_PATTERN.match(p.stem)]
    return [f"{_rel(p, root)} tidak punya entri di {_rel(catalogue.path, root)}: tambahkan "
            f"[[modul]] dengan id = \"{p.stem}\", atau hapus {'folder' if p.is_dir() else 'berkas'} itu."
            for p in sorted(candidates) if p.stem not in ids]


def _rel(path: Path, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def readme_table(catalogue: Catalogue) -> str:
    """The README's module table (Markdown), generated from the catalogue."""
    lines = ["| Modul | Pelajaran | Latihan | Durasi |", "|---|---|---|---|"]
    for m in catalogue.modules:
        lines.append(f"| {m.label} | `{m.lesson}` | `exercises/{m.assignment}/` | {m.jp:g} JP |")
    return "\n".join(lines)


README_START = "<!-- tabel modul: dibuat dari course/silabus.toml oleh bimtek build -->"
README_END = "<!-- akhir tabel modul -->"


def readme_block(readme_text: str) -> str | None:
    """The module table currently in the README (between the markers), or None."""
    start, end = readme_text.find(README_START), readme_text.find(README_END)
    if start < 0 or end < start:
        return None
    return readme_text[start + len(README_START):end].strip("\n")


def update_readme(catalogue: Catalogue, readme: Path) -> bool:
    """Rewrite the README's module table from the catalogue; return True when it changed.

    Only the lines between the two markers are touched, so concurrent edits elsewhere in the
    README are kept.
    """
    text = readme.read_text(encoding="utf-8")
    current = readme_block(text)
    table = readme_table(catalogue)
    if current is None:
        raise BimtekError(f"{readme} tidak punya penanda tabel modul ({README_START} ... "
                          f"{README_END}); tambahkan keduanya di tempat tabel modul.")
    if current == table:
        return False
    start = text.find(README_START) + len(README_START)
    end = text.find(README_END)
    readme.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")
    return True
