"""Benchmark: stock `nbgrader autograde` against `bimtek grade` (cold and warm kernels, 1 and 2
workers) on the same simulated cohort.

Usage: python benchmarks/grade_vs_nbgrader.py [--peserta N] [--batas-waktu S] [--tugas ID]
       [--tanpa-stok] [--varian dingin-1,dingin-2,hangat-1,hangat-2]

Every variant grades an identical copy of one event folder (roster + simulated submissions of
one exercise, default the catalogue's exemplar, including a corrupt file, an endless loop and a
syntax error) with the same per-cell time limit. Prints, per variant: wall time, seconds per
submission, the ratio to stock, the peak memory of one worker's process tree (worker, kernel,
and for warm kernels the template; proportional set size, so pages shared by the template and
its kernels count once), and whether every participant's status and score equal those of the
first bimtek variant.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader import catalogue  # noqa: E402
from grader.course import CONFIG_FILE, open_course  # noqa: E402
from grader.demo import make_cohort  # noqa: E402
from grader.event import init_event  # noqa: E402
from grader.grade import grade  # noqa: E402

VARIANTS = {"dingin-1": (False, 1), "dingin-2": (False, 2), "hangat-1": (True, 1),
            "hangat-2": (True, 2), "hangat-3": (True, 3)}
DEFAULT_VARIANTS = "dingin-1,dingin-2,hangat-1,hangat-2"


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo += [int(p) for p in
                         Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class PeakMemory:
    """Samples, five times a second, the memory of each worker's process tree; keeps the peak."""

    def __init__(self):
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = os.getpid()
        while not self._stop.wait(0.2):
            workers = [p for p in _tree(me) if p != me and _parent(p) == me]
            for worker in workers:
                self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in _tree(worker)))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2:].split()[1])
    except (OSError, ValueError):
        return 0


def _bimtek(folder: Path, assignment: str, warm: bool, workers: int, timeout: int):
    config = folder / CONFIG_FILE
    config.write_text(config.read_text(encoding="utf-8")
                      + f"\nc.Bimtek.kernel_hangat = {warm}\n", encoding="utf-8")
    with PeakMemory() as memory:
        started = time.perf_counter()
        run = grade(course=open_course(folder), assignment=assignment, workers=workers,
                    timeout=timeout, progress=False)
        seconds = time.perf_counter() - started
    outcome = {r.student_id: (r.status, round(r.score, 3)) for r in run.results}
    return seconds, memory.peak_kib / 1024, outcome, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peserta", type=int, default=40)
    parser.add_argument("--batas-waktu", type=int, default=10)
    parser.add_argument("--tugas", help="assignment id (default: the catalogue's exemplar)")
    parser.add_argument("--tanpa-stok", action="store_true", help="skip stock nbgrader")
    parser.add_argument("--varian", default=DEFAULT_VARIANTS,
                        help=f"bimtek variants to run, from {', '.join(VARIANTS)}")
    args = parser.parse_args()
    cat = catalogue.load()
    assignment = (cat.module(args.tugas) if args.tugas else cat.exemplar_module).assignment
    variants = [v for v in args.varian.split(",") if v]

    work = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    base = work / "dasar"
    init_event(base, assignments=[assignment])
    kinds = make_cohort(open_course(base), peserta=args.peserta, assignment=assignment)
    submitted = sum(1 for k in kinds.values() if k != "tidak_mengumpulkan")
    print(f"{assignment}: {args.peserta} participants, {submitted} submissions, cell time limit "
          f"{args.batas_waktu} s, {os.cpu_count()} cores, load average before "
          f"{os.getloadavg()[0]:.1f}")
    rows, reference = [], None
    stock_seconds = None
    if not args.tanpa_stok:
        folder = work / "stok"
        shutil.copytree(base, folder)
        nbgrader = Path(sys.executable).with_name("nbgrader")
        with PeakMemory() as memory:
            started = time.perf_counter()
            subprocess.run([str(nbgrader), "autograde", assignment,
                            f"--Execute.timeout={args.batas_waktu}",
                            "--Autograde.create_student=False"],
                           cwd=folder, capture_output=True, text=True)
            stock_seconds = time.perf_counter() - started
        rows.append(("nbgrader autograde (stok)", 1, stock_seconds, memory.peak_kib / 1024, "-"))
    for name in variants:
        warm, workers = VARIANTS[name]
        folder = work / name
        shutil.copytree(base, folder)
        seconds, peak, outcome, run = _bimtek(folder, assignment, warm, workers, args.batas_waktu)
        if reference is None:
            reference, same = outcome, "acuan"
        else:
            same = "ya" if outcome == reference else "TIDAK: " + ", ".join(
                f"{k} {reference.get(k)}->{v}" for k, v in outcome.items() if reference.get(k) != v)
        label = f"bimtek grade, kernel {'hangat' if warm else 'dingin'}"
        rows.append((label, workers, seconds, peak, same))
    print(f"\n{'varian':38} {'pekerja':>7} {'detik':>8} {'s/kiriman':>9} {'x stok':>7} "
          f"{'memori puncak/pekerja':>22}  sama")
    for label, workers, seconds, peak, same in rows:
        ratio = f"{stock_seconds / seconds:6.2f}x" if stock_seconds else "      -"
        print(f"{label:38} {workers:>7} {seconds:8.1f} {seconds / submitted:9.2f} {ratio:>7} "
              f"{peak:18.0f} MiB  {same}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
