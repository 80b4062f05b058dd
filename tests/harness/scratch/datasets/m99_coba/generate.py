"""Synthetic budget lines of a fictional district (scratch module of the harness test).

Run ``python datasets/m99_coba/generate.py``; the output is byte-identical for the same seed.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 99
ACTIVITIES = ["Rehabilitasi saluran", "Pelatihan kader", "Pengadaan bibit", "Perbaikan jalan desa",
              "Posyandu", "Sanitasi sekolah", "Pemetaan partisipatif", "Pasar desa",
              "Irigasi tersier", "Penerangan jalan"]


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rows = []
    for name in ACTIVITIES:
        pagu = rng.randrange(100, 1000, 10)
        rows.append({"kegiatan": name, "pagu": pagu,
                     "realisasi": round(pagu * rng.uniform(0.5, 1.0))})
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "anggaran.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
