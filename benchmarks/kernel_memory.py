"""Benchmark: peak memory (VmHWM) of the kernel that runs the exercise's solution notebook.

Usage: python benchmarks/kernel_memory.py [ASSIGNMENT]
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.build import stage  # noqa: E402


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    assignment = sys.argv[1] if len(sys.argv) > 1 else "m11_kurva_s"
    with tempfile.TemporaryDirectory() as tmp:
        folder = stage(assignment, Path(tmp))
        nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
        client = NotebookClient(nb, timeout=60, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        with client.setup_kernel():
            pid = client.km.provisioner.process.pid
            idle = peak_kib(pid)
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            peak = peak_kib(pid)
    print(f"{assignment}: kernel peak RSS after start {idle / 1024:.0f} MiB, "
          f"after running the solution {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
