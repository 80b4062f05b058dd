"""The layout every module follows, checked against the catalogue; the README's module table.

``entry_problems`` (a module's entry and files), ``schedule_problems`` (its time plan adds up)
and ``orphan_problems`` (module folders without an entry) return one Indonesian line per
problem, for the tests. ``update_readme`` rewrites the README's module table (``bimtek build``).
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .catalogue import ID_PATTERN, OBJECTIVES_MAX, OBJECTIVES_MIN, OBJECTIVES_PER_JP, Catalogue, Module
from .errors import BimtekError


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
