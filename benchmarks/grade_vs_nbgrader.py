"""Benchmark: stock `nbgrader autograde` against `bimtek grade` (cold and warm kernels, 1 and 2
workers) on the same simulated cohort.

Usage: python benchmarks/grade_vs_nbgrader.py [--peserta N] [--batas-waktu S] [--tugas ID]
       [--tanpa-stok] [--varian dingin-1,dingin-2,hangat-1,hangat-2] [--ulang ROUNDS]

Every variant grades an identical copy of one event folder (roster + simulated submissions of
one exercise, default the catalogue's exemplar, including a corrupt file, an endless loop and a
syntax error) with the same per-cell time limit. Prints, per variant: wall time, seconds per
submission, the ratio to stock, the peak memory of one worker's process tree (worker, kernel,
and for warm kernels the template; proportional set size, so pages shared by the template and
its kernels count once), and whether every participant's status and score equal those of the
first bimtek variant. With ``--ulang N`` every variant runs N times, in turn, and the table
gives each one's fastest run and the median: on a shared virtual machine the hypervisor takes
CPU time away at random ("steal", printed per run), and the fastest run is the least disturbed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import select
import tempfile
import time
from pathlib import Path


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
    """Samples, five times a second, the memory of each worker's process tree; keeps the peak.

    The sampling runs in a separate process (``--sampler``), not in a thread of this one:
    ``bimtek grade`` forks its workers only from a process without other threads, so a
    sampling thread would change what is measured.
    """

    def __init__(self):
        self.peak_kib = 0

    def __enter__(self):
        self._sampler = subprocess.Popen(
            [sys.executable, __file__, "--sampler", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc):
        out, _ = self._sampler.communicate("")
        self.peak_kib = int(out.strip() or 0)


def _sample(main: int) -> None:
    """The sampler process: until its stdin closes, then print the peak in KiB."""
    me, peak = os.getpid(), 0
    while not select.select([sys.stdin], [], [], 0.2)[0]:
        workers = [p for p in _tree(main) if p not in (main, me) and _parent(p) == main]
        for worker in workers:
            peak = max(peak, sum(_pss_kib(p) for p in _tree(worker)))
    print(peak)


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2:].split()[1])
    except (OSError, ValueError):
        return 0


if __name__ == "__main__" and sys.argv[1:2] == ["--sampler"]:  # before the heavy imports
    _sample(int(sys.argv[2]))
    sys.exit(0)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader import catalogue  # noqa: E402
from grader.course import CONFIG_FILE, open_course  # noqa: E402
from grader.demo import make_cohort  # noqa: E402
from grader.event import init_event  # noqa: E402
from grader.grade import grade  # noqa: E402


def _cpu_times() -> list[int]:
    return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]


def _stolen(before: list[int], after: list[int]) -> float:
    """Share of this machine's CPU time the hypervisor gave to others meanwhile ("steal")."""
    delta = [b - a for a, b in zip(before, after)]
    return delta[7] / max(1, sum(delta[:8])) if len(delta) > 7 else 0.0


def _stock(folder: Path, assignment: str, timeout: int):
    nbgrader = Path(sys.executable).with_name("nbgrader")
    with PeakMemory() as memory:
        started = time.perf_counter()
        subprocess.run([str(nbgrader), "autograde", assignment, f"--Execute.timeout={timeout}",
                        "--Autograde.create_student=False"],
                       cwd=folder, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    return seconds, memory.peak_kib / 1024, None


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
    return seconds, memory.peak_kib / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peserta", type=int, default=40)
    parser.add_argument("--batas-waktu", type=int, default=10)
    parser.add_argument("--tugas", help="assignment id (default: the catalogue's exemplar)")
    parser.add_argument("--tanpa-stok", action="store_true", help="skip stock nbgrader")
    parser.add_argument("--varian", default=DEFAULT_VARIANTS,
                        help=f"bimtek variants to run, from {', '.join(VARIANTS)}")
    parser.add_argument("--ulang", type=int, default=1,
                        help="rounds: every variant runs once per round, in turn; the table "
                             "gives each variant's fastest round (the least disturbed by other "
                             "work on the machine) and the median")
    args = parser.parse_args()
    cat = catalogue.load()
    assignment = (cat.module(args.tugas) if args.tugas else cat.exemplar_module).assignment
    names = ([] if args.tanpa_stok else ["stok"]) + [v for v in args.varian.split(",") if v]

    work = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    base = work / "dasar"
    init_event(base, assignments=[assignment])
    kinds = make_cohort(open_course(base), peserta=args.peserta, assignment=assignment)
    submitted = sum(1 for k in kinds.values() if k != "tidak_mengumpulkan")
    print(f"{assignment}: {args.peserta} participants, {submitted} submissions, cell time limit "
          f"{args.batas_waktu} s, {os.cpu_count()} cores, {args.ulang} round(s), load average "
          f"before {os.getloadavg()[0]:.1f}")
    seconds = {n: [] for n in names}
    peaks = {n: 0.0 for n in names}
    stolen = {n: [] for n in names}
    same = {}
    reference = None
    for round_number in range(args.ulang):
        for name in names:
            folder = work / f"{round_number}-{name}"
            shutil.copytree(base, folder)
            before = _cpu_times()
            if name == "stok":
                took, peak, outcome = _stock(folder, assignment, args.batas_waktu)
            else:
                warm, workers = VARIANTS[name]
                took, peak, outcome = _bimtek(folder, assignment, warm, workers, args.batas_waktu)
            stolen[name].append(_stolen(before, _cpu_times()))
            shutil.rmtree(folder, ignore_errors=True)
            seconds[name].append(took)
            peaks[name] = max(peaks[name], peak)
            print(f"  round {round_number + 1}: {name:9} {took:7.1f} s  (steal "
                  f"{stolen[name][-1]:.0%})", flush=True)
            if outcome is None:
                continue
            if reference is None:
                reference, same[name] = outcome, "acuan"
            elif outcome != reference:
                same[name] = "TIDAK: " + ", ".join(
                    f"{k} {reference.get(k)}->{v}" for k, v in outcome.items()
                    if reference.get(k) != v)
            else:
                same.setdefault(name, "ya")
    stock = min(seconds["stok"]) if "stok" in seconds else None
    print(f"\n{'varian':38} {'pekerja':>7} {'detik':>8} {'median':>7} {'s/kiriman':>9} "
          f"{'x stok':>7} {'steal':>6} {'memori puncak/pekerja':>22}  sama")
    for name in names:
        label = ("nbgrader autograde (stok)" if name == "stok" else
                 f"bimtek grade, kernel {'hangat' if VARIANTS[name][0] else 'dingin'}")
        workers = 1 if name == "stok" else VARIANTS[name][1]
        best = min(seconds[name])
        ratio = f"{stock / best:6.2f}x" if stock else "      -"
        print(f"{label:38} {workers:>7} {best:8.1f} {statistics.median(seconds[name]):7.1f} "
              f"{best / submitted:9.2f} {ratio:>7} {max(stolen[name]):6.0%} "
              f"{peaks[name]:18.0f} MiB  {same.get(name, '-')}")
    print(f"load average after: {os.getloadavg()[0]:.1f}; steal = the largest share of CPU time "
          "the hypervisor gave to other machines during a run of that variant")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
