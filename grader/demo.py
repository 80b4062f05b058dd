"""``bimtek demo``: the whole path on synthetic data, from an empty event to the reports.

Makes a throwaway event folder (SQLite gradebook) outside the repository, imports a
synthetic roster through the real roster import, writes simulated submissions of the
exemplar exercise with mixed quality, grades them with the real grader and writes the
reports.
"""
from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .course import Course
from .event import init_event
from .grade import GradeRun, grade
from .report import Reports, write_reports
from .roster import import_roster
from .simulate import m11_kurva_s as exemplar
from .simulate.notebooks import apply, corrupt, fill, solution_answers, write
from .simulate.roster import make_roster

REFLECTION = (
    "Proyek terlambat dan biayanya melebihi nilai pekerjaan yang dihasilkan. Kontrak belum "
    "kritis, tetapi perlu rapat evaluasi dan rencana percepatan dari penyedia.")


@dataclass
class DemoResult:
    course: Course
    run: GradeRun
    reports: Reports
    kinds: dict[str, str]   # participant id -> kind of simulated submission


def _kinds(ids: list[str], rng: random.Random) -> dict[str, str]:
    """Assign each participant a kind of submission: a realistic mix, every kind at least once."""
    fixed = ["kosong", "salah_ketik", "loop_tanpa_akhir", "berkas_rusak", "tidak_mengumpulkan"]
    kinds = {}
    shuffled = ids[:]
    rng.shuffle(shuffled)
    for student_id, kind in zip(shuffled, fixed):
        kinds[student_id] = kind
    for student_id in shuffled[len(fixed):]:
        kinds[student_id] = rng.choices(["lengkap", "sebagian_salah", "kosong", "tidak_mengumpulkan"],
                                        weights=[45, 45, 5, 5])[0]
    return kinds


def _simulate(course: Course, kinds: dict[str, str], rng: random.Random) -> None:
    assignment = exemplar.ASSIGNMENT
    source = nbformat.read(course.path("source", ".", assignment) / f"{assignment}.ipynb", 4)
    release_path = course.path("release", ".", assignment) / f"{assignment}.ipynb"
    release = nbformat.read(release_path, 4)
    answers = solution_answers(source)
    answers["refleksi"] = REFLECTION
    mistakes = list(exemplar.MISTAKES.values())
    for student_id, kind in kinds.items():
        target = course.path("submitted", student_id, assignment) / f"{assignment}.ipynb"
        if kind == "tidak_mengumpulkan":
            continue
        if kind == "berkas_rusak":
            corrupt(target, release_path)
            continue
        if kind == "kosong":
            chosen = {}
        elif kind == "lengkap":
            chosen = answers
        elif kind == "sebagian_salah":
            picked = rng.sample(mistakes, rng.randint(1, 3))
            by_cell = {}
            for mistake in picked:        # one mistake per answer cell
                by_cell.setdefault(mistake.cell, mistake)
            chosen = apply(answers, list(by_cell.values()))
        elif kind == "salah_ketik":
            chosen = {**answers, exemplar.SYNTAX_ERROR[0]: exemplar.SYNTAX_ERROR[1]}
        elif kind == "loop_tanpa_akhir":
            chosen = {**answers, exemplar.ENDLESS_LOOP[0]: exemplar.ENDLESS_LOOP[1]}
        else:
            raise ValueError(kind)
        write(fill(release, chosen), target)


def make_cohort(course: Course, *, peserta: int, seed: int = 2026) -> dict[str, str]:
    """Import a synthetic roster of ``peserta`` participants into ``course`` and write their
    simulated submissions of the exemplar exercise; return id -> kind of submission."""
    rng = random.Random(seed)
    roster_rows = make_roster(peserta, seed=seed)
    roster_file = course.root.parent / "daftar_peserta_demo.csv"
    with roster_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(roster_rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(roster_rows)
    import_roster(course=course, file=roster_file)
    kinds = _kinds([row["id"] for row in roster_rows], rng)
    _simulate(course, kinds, rng)
    return kinds


def run_demo(*, peserta: int = 40, out: Path = Path("hasil-demo"), workers: int | None = None,
             seed: int = 2026, progress: bool = True, say=print) -> DemoResult:
    """Run the demo; reports go to ``out``, the throwaway event folder to a temporary folder."""
    out = Path(out).resolve()
    event_dir = Path(tempfile.mkdtemp(prefix="bimtek-demo-")) / "kegiatan"
    say(f"1/4 Membuat folder kegiatan percobaan di {event_dir} ...")
    course = init_event(event_dir)

    say(f"2/4 Mengimpor {peserta} peserta sintetis dan membuat pengumpulan simulasi "
        "(lengkap, sebagian salah, kosong, salah ketik, loop tanpa akhir, berkas rusak, "
        "tidak mengumpulkan) ...")
    kinds = make_cohort(course, peserta=peserta, seed=seed)

    say(f"3/4 Menilai tugas {exemplar.ASSIGNMENT} ...")
    run = grade(course=course, assignment=exemplar.ASSIGNMENT, workers=workers, progress=progress,
                results_file=Path(out) / f"hasil_{exemplar.ASSIGNMENT}.csv",
                kotak_pasir="bila_tersedia")  # its own synthetic submissions: may run unsandboxed

    say(f"4/4 Menulis laporan ke {Path(out).resolve()} ...")
    reports = write_reports(course=course, out=Path(out))
    return DemoResult(course=course, run=run, reports=reports, kinds=kinds)
