"""Time a whole track event: `python benchmarks/track_demo.py --jalur kota --peserta 40`.

Runs `bimtek demo --jalur` (pre-test, every exercise of the track that exists, post-test, the
reports) and prints the wall time of each step and per graded submission. Grading is one
`bimtek grade` run per assignment; on a shared machine the figures move with the load, which is
printed beside them.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from grader.demo_jalur import run_track_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jalur", default="kota")
    parser.add_argument("--peserta", type=int, default=40)
    parser.add_argument("--pekerja", type=int, default=None)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bimtek-bench-jalur-") as tmp:
        result = run_track_demo(args.jalur, peserta=args.peserta, out=Path(tmp) / "hasil",
                                workers=args.pekerja, progress=False, say=lambda *_: None)
        print(f"jalur {args.jalur}, {args.peserta} peserta, {os.cpu_count()} inti, "
              f"beban sebelum {load_before:.1f}, sesudah {os.getloadavg()[0]:.1f}")
        print(f"{'langkah':<28}{'detik':>8}{'dinilai':>9}{'detik/pengumpulan':>19}")
        for step, seconds in result.seconds.items():
            name = step.removeprefix("nilai ")
            run = result.runs.get(name)
            graded = sum(1 for r in run.results if r.status != "tidak_mengumpulkan") if run else 0
            per = f"{seconds / graded:.1f}" if graded else ""
            print(f"{step:<28}{seconds:>8.0f}{graded or '':>9}{per:>19}")
        print(f"sertifikat: {len(result.reports.results.evaluation.certificates)}")


if __name__ == "__main__":
    main()
