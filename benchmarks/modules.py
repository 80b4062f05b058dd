"""Benchmark: every module's lesson and solution, executed top to bottom, timed, with the
kernel's peak memory (VmHWM), in one table. Reports every module over budget.

Usage: python benchmarks/modules.py [--tugas ID[,ID...]] [--batas-detik 5] [--batas-mb 150]

Budgets (issue 8): each solution executes in <= 5 s and each kernel peaks <= 150 MB on the
grading machine. The lesson runs from course/ (as in the training room); the solution runs
staged like an event's source/ (instructor notebook + data/), hidden checks included.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader import catalogue  # noqa: E402
from grader.build import stage  # noqa: E402

CELL_TIMEOUT_S = 120


def peak_kib(pid: int) -> int:
    """Peak resident memory (VmHWM) of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def execute(notebook: Path, cwd: Path) -> tuple[float, float, str]:
    """Run a notebook in a fresh python3 kernel; (seconds, peak MiB, error or "")."""
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    error = ""
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        started = time.perf_counter()
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        except Exception as exc:   # report, keep measuring the other modules
            error = f"{type(exc).__name__} in cell {index}"
        seconds = time.perf_counter() - started
        peak = peak_kib(pid) / 1024
    return seconds, peak, error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tugas", help="only these modules (comma-separated ids)")
    parser.add_argument("--batas-detik", type=float, default=5.0,
                        help="budget for executing a solution (s)")
    parser.add_argument("--batas-mb", type=float, default=150.0,
                        help="budget for a kernel's peak memory (MiB)")
    args = parser.parse_args()
    cat = catalogue.load()
    modules = cat.select(args.tugas.split(",") if args.tugas else None)

    rows, over = [], []
    for module in modules:
        lesson_s, lesson_mb, lesson_err = execute(module.lesson_path, module.lesson_path.parent)
        with tempfile.TemporaryDirectory(prefix="bimtek-bench-") as tmp:
            folder = stage(module.assignment, Path(tmp))
            sol_s, sol_mb, sol_err = execute(folder / f"{module.assignment}.ipynb", folder)
        rows.append((module.id, lesson_s, lesson_mb, sol_s, sol_mb, lesson_err or sol_err))
        if sol_s > args.batas_detik:
            over.append(f"{module.id}: solution {sol_s:.1f} s > {args.batas_detik:g} s")
        for what, mb in (("lesson", lesson_mb), ("solution", sol_mb)):
            if mb > args.batas_mb:
                over.append(f"{module.id}: {what} kernel {mb:.0f} MiB > {args.batas_mb:g} MiB")
        for what, err in (("lesson", lesson_err), ("solution", sol_err)):
            if err:
                over.append(f"{module.id}: {what} failed ({err})")

    width = max([len("module")] + [len(r[0]) for r in rows])
    print(f"{'module':<{width}}  {'lesson s':>8}  {'lesson MiB':>10}  {'solution s':>10}  "
          f"{'solution MiB':>12}")
    for name, ls, lm, ss, sm, _err in rows:
        print(f"{name:<{width}}  {ls:8.1f}  {lm:10.0f}  {ss:10.1f}  {sm:12.0f}")
    print(f"budgets: solution <= {args.batas_detik:g} s, kernel peak <= {args.batas_mb:g} MiB; "
          f"{len(rows)} module(s)")
    if over:
        print("OVER BUDGET:")
        for line in over:
            print(f"  {line}")
        return 1
    print("all modules within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
