"""Benchmark: stock `nbgrader autograde` against `bimtek grade` on the same simulated cohort.

Usage: python benchmarks/grade_vs_nbgrader.py [--peserta N] [--batas-waktu S]

Both graders get identical copies of one event folder (roster + simulated submissions of the
exemplar exercise, including a corrupt file, an endless loop and a syntax error) and the same
per-cell time limit. Prints wall times, seconds per submission and the ratio.
"""
from __future__ import annotations

import argparse
import os
import shutil
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
from grader.simulate.m11_kurva_s import ASSIGNMENT  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peserta", type=int, default=40)
    parser.add_argument("--batas-waktu", type=int, default=10)
    parser.add_argument("--pekerja", type=int, default=os.cpu_count())
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    base = work / "dasar"
    init_event(base)
    kinds = make_cohort(open_course(base), peserta=args.peserta)
    submitted = sum(1 for k in kinds.values() if k != "tidak_mengumpulkan")
    stock_dir, ours_dir = work / "stock", work / "bimtek"
    shutil.copytree(base, stock_dir)
    shutil.copytree(base, ours_dir)

    nbgrader = Path(sys.executable).with_name("nbgrader")
    started = time.perf_counter()
    stock = subprocess.run(
        [str(nbgrader), "autograde", ASSIGNMENT, f"--Execute.timeout={args.batas_waktu}",
         "--Autograde.create_student=False"],
        cwd=stock_dir, capture_output=True, text=True)
    stock_seconds = time.perf_counter() - started

    started = time.perf_counter()
    run = grade(course=open_course(ours_dir), assignment=ASSIGNMENT, workers=args.pekerja,
                timeout=args.batas_waktu, progress=False)
    ours_seconds = time.perf_counter() - started

    print(f"cohort: {args.peserta} participants, {submitted} submissions, "
          f"cell time limit {args.batas_waktu} s, {os.cpu_count()} cores")
    print(f"stock nbgrader autograde : {stock_seconds:7.1f} s  "
          f"({stock_seconds / submitted:.2f} s/submission, exit code {stock.returncode})")
    print(f"bimtek grade ({args.pekerja} workers) : {ours_seconds:7.1f} s  "
          f"({ours_seconds / submitted:.2f} s/submission wall, "
          f"{sum(r.seconds for r in run.results) / max(1, len(run.results) - run.count('tidak_mengumpulkan')):.2f} s/submission per worker)")
    print(f"speed-up: {stock_seconds / ours_seconds:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
