"""Benchmark: stock `nbgrader autograde` against `bimtek grade` on the same simulated cohort.

Usage: python benchmarks/grade_vs_nbgrader.py [--peserta N] [--batas-waktu S] [--satu-pekerja]
       [--tugas ID]

Both graders get identical copies of one event folder (roster + simulated submissions of one
exercise, default the catalogue's exemplar, including a corrupt file, an endless loop and a
syntax error) and the same
per-cell time limit. Prints wall times, seconds per submission, the ratio, and bimtek's
per-submission overhead (worker time minus kernel start and execution). With
--satu-pekerja, bimtek also runs with one worker, to show how it scales with cores.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.course import open_course  # noqa: E402
from grader.demo import make_cohort  # noqa: E402
from grader.event import init_event  # noqa: E402
from grader.grade import grade  # noqa: E402
from grader import catalogue  # noqa: E402


def _bimtek(folder: Path, assignment: str, workers: int, timeout: int):
    started = time.perf_counter()
    run = grade(course=open_course(folder), assignment=assignment, workers=workers,
                timeout=timeout, progress=False)
    return time.perf_counter() - started, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peserta", type=int, default=40)
    parser.add_argument("--batas-waktu", type=int, default=10)
    parser.add_argument("--pekerja", type=int, default=os.cpu_count())
    parser.add_argument("--satu-pekerja", action="store_true")
    parser.add_argument("--tugas", help="assignment id (default: the catalogue's exemplar)")
    args = parser.parse_args()
    cat = catalogue.load()
    assignment = (cat.module(args.tugas) if args.tugas else cat.exemplar_module).assignment

    work = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    base = work / "dasar"
    init_event(base, assignments=[assignment])
    kinds = make_cohort(open_course(base), peserta=args.peserta, assignment=assignment)
    submitted = sum(1 for k in kinds.values() if k != "tidak_mengumpulkan")
    copies = {name: work / name for name in ("stock", "bimtek", "bimtek1")}
    for folder in copies.values():
        shutil.copytree(base, folder)

    nbgrader = Path(sys.executable).with_name("nbgrader")
    started = time.perf_counter()
    stock = subprocess.run(
        [str(nbgrader), "autograde", assignment, f"--Execute.timeout={args.batas_waktu}",
         "--Autograde.create_student=False"],
        cwd=copies["stock"], capture_output=True, text=True)
    stock_seconds = time.perf_counter() - started
    ours_seconds, run = _bimtek(copies["bimtek"], assignment, args.pekerja, args.batas_waktu)

    graded = [r for r in run.results if r.execute_seconds > 0]
    overhead = [r.seconds - r.execute_seconds for r in graded]
    print(f"{assignment} cohort: {args.peserta} participants, {submitted} submissions, "
          f"cell time limit {args.batas_waktu} s, {os.cpu_count()} cores, "
          f"sandbox {'on' if run.sandboxed else 'off (' + run.sandbox_note + ')'}")
    print(f"stock nbgrader autograde   : {stock_seconds:7.1f} s "
          f"({stock_seconds / submitted:.2f} s per submission; exit code {stock.returncode})")
    print(f"bimtek grade, {args.pekerja} workers   : {ours_seconds:7.1f} s "
          f"({ours_seconds / submitted:.2f} s per submission)")
    print(f"speed-up over stock        : {stock_seconds / ours_seconds:.2f}x")
    if graded:
        print(f"per submission in a worker : {statistics.mean(r.seconds for r in graded):.2f} s, of "
              f"which kernel start + execution {statistics.mean(r.execute_seconds for r in graded):.2f} s; "
              f"overhead {statistics.mean(overhead):.2f} s (median {statistics.median(overhead):.2f} s)")
    if args.satu_pekerja:
        one_seconds, _ = _bimtek(copies["bimtek1"], assignment, 1, args.batas_waktu)
        print(f"bimtek grade, 1 worker     : {one_seconds:7.1f} s; scaling 1 -> {args.pekerja} "
              f"workers: {one_seconds / ours_seconds:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
