"""Seeded generator for the M00 dataset: the kelurahan and desa of a fictional kecamatan.

Writes ``wilayah.csv`` next to this script, the way a spreadsheet set to Indonesian saves a
CSV file: ";" between columns, "." between thousands and "," before decimals, region codes
written with their dots (PP.KK.CC.DDDD). Province code 99 is used by no real province, and
Kabupaten Sekarlangit and Kecamatan Tanjungsekar are fictional; everything here is synthetic.

Run ``python datasets/m00_orientasi/generate.py`` to rebuild; the output is byte-identical
for the same seed (a test checks this).
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260107
HERE = Path(__file__).resolve().parent

KODE_KECAMATAN = "99.07.03"      # provinsi 99 (fictional) . kabupaten 07 . kecamatan 03
KELURAHAN = ["Tanjungsekar", "Sekarwangi", "Kotabaru Sekar"]
DESA = ["Bojongsekar", "Cikadu Hilir", "Lebakmulya", "Sindangsari Wetan", "Margaluyu",
        "Pasirtanjung", "Sukamaju Kidul", "Talagasari", "Wanasekar", "Ciherang Tonggoh",
        "Rancasekar Hilir"]
COLUMNS = ["kode_wilayah", "nama", "jenis", "penduduk", "kk", "luas_km2", "posyandu",
           "sekolah_dasar"]


def ribuan(n: int) -> str:
    """An integer written the Indonesian way: 12345 -> '12.345'."""
    return f"{n:,}".replace(",", ".")


def desimal(x: float, digits: int = 2) -> str:
    """A decimal written the Indonesian way: 3.25 -> '3,25'."""
    return f"{x:.{digits}f}".replace(".", ",")


def make_rows(rng: random.Random) -> list[dict]:
    rows = []
    for nomor, nama in enumerate(KELURAHAN, start=1):
        rows.append(_row(rng, f"{KODE_KECAMATAN}.{1000 + nomor}", nama, "kelurahan",
                         rng.randint(9_000, 16_500), rng.uniform(1.2, 4.8)))
    for nomor, nama in enumerate(DESA, start=1):
        rows.append(_row(rng, f"{KODE_KECAMATAN}.{2000 + nomor}", nama, "desa",
                         rng.randint(2_400, 7_800), rng.uniform(4.0, 24.0)))
    return rows


def _row(rng: random.Random, kode: str, nama: str, jenis: str, penduduk: int,
         luas: float) -> dict:
    return {
        "kode_wilayah": kode,
        "nama": nama,
        "jenis": jenis,
        "penduduk": penduduk,
        "kk": round(penduduk / rng.uniform(3.25, 3.85)),
        "luas_km2": round(luas, 2),
        "posyandu": max(2, round(penduduk / rng.uniform(700, 1_100))),
        "sekolah_dasar": max(1, round(penduduk / rng.uniform(1_400, 2_200))),
    }


def written(row: dict) -> dict:
    """The row as an Indonesian spreadsheet writes it."""
    return {**row, "penduduk": ribuan(row["penduduk"]), "kk": ribuan(row["kk"]),
            "luas_km2": desimal(row["luas_km2"])}


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rows = make_rows(rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "wilayah.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(written(row) for row in rows)


if __name__ == "__main__":
    main()
