"""``bimtek demo``: the whole path on synthetic data, from an empty event to the reports.

Makes a throwaway event folder (SQLite gradebook) outside the repository, imports a
synthetic roster through the real roster import, writes simulated submissions of the chosen
exercises (default: the catalogue's exemplar; any modules, or all of them) with mixed
quality, grades each with the real grader and writes one report across all of them.
What a "partly wrong" submission contains comes from each module's declared mistakes
(``solutions/<id>/kesalahan.toml``), so a new module needs no code here.
"""
from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import catalogue
from .catalogue import Module
from .course import Course
from .errors import BimtekError
from .event import init_event
from .grade import GradeRun, grade
from .report import Reports, write_reports
from .roster import import_roster
from .simulate import mistakes as declared_mistakes
from .simulate.notebooks import apply, corrupt, fill, solution_answers, write
from .simulate.roster import make_roster

ALL = "semua"   # bimtek demo --tugas semua
# Kinds of simulated submission; each of the first five appears at least once per assignment
# (given enough participants), the rest are drawn with these weights.
FIXED_KINDS = ["kosong", "salah_ketik", "loop_tanpa_akhir", "berkas_rusak", "tidak_mengumpulkan"]
DRAWN_KINDS = {"lengkap": 45, "sebagian_salah": 45, "kosong": 5, "tidak_mengumpulkan": 5}


@dataclass
class DemoResult:
    course: Course
    runs: dict[str, GradeRun]            # assignment -> its grading run, in curriculum order
    reports: Reports
    kinds: dict[str, dict[str, str]]     # assignment -> participant id -> kind of submission

    @property
    def run(self) -> GradeRun:
        """The first assignment's run (the only one unless several were chosen)."""
        return next(iter(self.runs.values()))


def choose_modules(tugas: list[str] | str | None) -> list[Module]:
    """The modules a demo covers: None -> the exemplar; "semua" -> every module; else the ids
    given (a list, or one text with commas). Unknown ids are refused with the known ones."""
    cat = catalogue.load()
    if tugas is None or tugas == [] or tugas == "":
        return [cat.exemplar_module]
    keys = [k.strip() for part in ([tugas] if isinstance(tugas, str) else tugas)
            for k in part.split(",") if k.strip()]
    if ALL in keys:
        if len(keys) > 1:
            raise BimtekError(
                f"--tugas {ALL} tidak dapat digabung dengan id tugas lain; pilih salah satu.")
        return list(cat.modules)
    return cat.select(keys)


def _kinds(ids: list[str], rng: random.Random) -> dict[str, str]:
    """Assign each participant a kind of submission: a realistic mix, every kind at least once."""
    kinds = {}
    shuffled = ids[:]
    rng.shuffle(shuffled)
    for student_id, kind in zip(shuffled, FIXED_KINDS):
        kinds[student_id] = kind
    for student_id in shuffled[len(FIXED_KINDS):]:
        kinds[student_id] = rng.choices(list(DRAWN_KINDS), weights=list(DRAWN_KINDS.values()))[0]
    return kinds


def _simulate(course: Course, module: Module, kinds: dict[str, str], rng: random.Random) -> None:
    assignment = module.assignment
    source = nbformat.read(course.path("source", ".", assignment) / f"{assignment}.ipynb", 4)
    release_path = course.path("release", ".", assignment) / f"{assignment}.ipynb"
    release = nbformat.read(release_path, 4)
    answers = solution_answers(source)
    declared = declared_mistakes.declared(module)
    mistakes = list(declared.mistakes.values())
    broken = declared_mistakes.breakages(declared, answers)
    for student_id, kind in kinds.items():
        target = course.path("submitted", student_id, assignment) / f"{assignment}.ipynb"
        if kind == "tidak_mengumpulkan":
            continue
        if kind == "berkas_rusak":
            corrupt(target, release_path)
            continue
        if kind == "kosong":
            chosen = {}
        elif kind == "lengkap" or (kind == "sebagian_salah" and not mistakes):
            chosen = answers
        elif kind == "sebagian_salah":
            picked = rng.sample(mistakes, rng.randint(1, min(3, len(mistakes))))
            by_cell = {}
            for mistake in picked:        # one mistake per answer cell
                by_cell.setdefault(mistake.cell, mistake)
            chosen = apply(answers, list(by_cell.values()))
        elif kind in (declared_mistakes.SYNTAX_ERROR, declared_mistakes.ENDLESS_LOOP):
            chosen = {**answers, broken[kind].cell: broken[kind].code}
        else:
            raise ValueError(kind)
        write(fill(release, chosen), target)


def _import_roster(course: Course, peserta: int, seed: int) -> list[str]:
    roster_rows = make_roster(peserta, seed=seed)
    roster_file = course.root.parent / "daftar_peserta_demo.csv"
    with roster_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(roster_rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(roster_rows)
    import_roster(course=course, file=roster_file)
    return [row["id"] for row in roster_rows]


def make_cohorts(course: Course, *, peserta: int, modules: list[Module],
                 seed: int = 2026) -> dict[str, dict[str, str]]:
    """Import a synthetic roster of ``peserta`` participants into ``course`` and write their
    simulated submissions of each module's exercise; return assignment -> id -> kind."""
    ids = _import_roster(course, peserta, seed)
    cohorts = {}
    for index, module in enumerate(modules):
        # The exemplar alone keeps the demo's historical mix; each further module its own.
        rng = random.Random(seed if index == 0 else f"{seed}-{module.assignment}")
        kinds = _kinds(ids, rng)
        _simulate(course, module, kinds, rng)
        cohorts[module.assignment] = kinds
    return cohorts


def make_cohort(course: Course, *, peserta: int, seed: int = 2026,
                assignment: str | None = None) -> dict[str, str]:
    """One assignment's cohort (default: the exemplar); return id -> kind of submission."""
    module = catalogue.load().module(assignment) if assignment else catalogue.load().exemplar_module
    return make_cohorts(course, peserta=peserta, modules=[module], seed=seed)[module.assignment]


def run_demo(*, peserta: int = 40, out: Path = Path("hasil-demo"), workers: int | None = None,
             seed: int = 2026, progress: bool = True, say=print,
             tugas: list[str] | str | None = None) -> DemoResult:
    """Run the demo; reports go to ``out``, the throwaway event folder to a temporary folder.

    ``tugas``: which exercises (see ``choose_modules``): default the exemplar, ``"semua"``
    every module of the catalogue, or ids.
    """
    modules = choose_modules(tugas)
    out = Path(out).resolve()
    event_dir = Path(tempfile.mkdtemp(prefix="bimtek-demo-")) / "kegiatan"
    say(f"1/4 Membuat folder kegiatan percobaan di {event_dir} ...")
    course = init_event(event_dir, assignments=[m.assignment for m in modules])

    names = ", ".join(m.assignment for m in modules)
    say(f"2/4 Mengimpor {peserta} peserta sintetis dan membuat pengumpulan simulasi untuk "
        f"{names} (lengkap, sebagian salah, kosong, salah ketik, loop tanpa akhir, berkas "
        "rusak, tidak mengumpulkan) ...")
    kinds = make_cohorts(course, peserta=peserta, modules=modules, seed=seed)

    runs = {}
    for number, module in enumerate(modules, start=1):
        counter = f" ({number}/{len(modules)})" if len(modules) > 1 else ""
        say(f"3/4 Menilai tugas {module.assignment}{counter} ...")
        runs[module.assignment] = grade(
            course=course, assignment=module.assignment, workers=workers, progress=progress,
            results_file=out / f"hasil_{module.assignment}.csv",
            kotak_pasir="bila_tersedia")  # its own synthetic submissions: may run unsandboxed

    say(f"4/4 Menulis laporan ke {out} ...")
    reports = write_reports(course=course, out=out, overwrite=True)
    return DemoResult(course=course, runs=runs, reports=reports, kinds=kinds)
