"""Seeded generator for the M11 dataset: a fictional road-rehabilitation contract.

Writes four files next to this script:
  kontrak.json             contract facts (fictional city, value, duration, reporting week)
  rab.csv                  bill of quantities (RAB) with the planned week range per item
  rencana_mingguan.csv     planned weekly progress (% of contract) for every week
  realisasi_mingguan.csv   realised weekly progress and actual cost up to the reporting week

Run ``python datasets/m11_kurva_s/generate.py`` to rebuild; the output is byte-identical
for the same seed (a test checks this). Everything here is synthetic.

This script is for authors only: participants receive the data files and KARTU_DATA.md, never
this script, so the data card and the lesson must not refer to it (a test checks this).
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SEED = 20261124
HERE = Path(__file__).resolve().parent

DURATION_WEEKS = 24
REPORTING_WEEK = 14
ROAD_LENGTH_M = 3200
ROAD_WIDTH_M = 7.0

# (divisi, uraian, satuan, base volume, base unit price in Rp, first week, last week)
# Unit prices are in the range of Indonesian regional unit-price lists (AHSP) for 2025-2026;
# volumes follow from a 3.2 km x 7 m road.
AREA = ROAD_LENGTH_M * ROAD_WIDTH_M
ITEMS = [
    ("Umum", "Mobilisasi", "ls", 1, 185_000_000, 1, 2),
    ("Umum", "Manajemen dan keselamatan lalu lintas", "ls", 1, 64_000_000, 1, 24),
    ("Umum", "Sistem Manajemen Keselamatan Konstruksi (SMKK)", "ls", 1, 48_000_000, 1, 24),
    ("Drainase", "Galian untuk selokan drainase dan saluran air", "m3", 2 * ROAD_LENGTH_M * 0.45, 92_000, 2, 7),
    ("Drainase", "Pasangan batu dengan mortar", "m3", 2 * ROAD_LENGTH_M * 0.32, 1_180_000, 3, 10),
    ("Pekerjaan Tanah", "Galian biasa", "m3", AREA * 0.12, 88_000, 3, 6),
    ("Pekerjaan Tanah", "Timbunan pilihan dari sumber galian", "m3", AREA * 0.08, 265_000, 4, 8),
    ("Pekerjaan Tanah", "Penyiapan badan jalan", "m2", AREA, 4_200, 5, 9),
    ("Perkerasan Berbutir", "Lapis Pondasi Agregat Kelas A", "m3", AREA * 0.15, 640_000, 7, 13),
    ("Perkerasan Aspal", "Lapis resap pengikat (prime coat)", "liter", AREA * 0.9, 17_500, 12, 15),
    ("Perkerasan Aspal", "Laston Lapis Antara (AC-BC)", "ton", AREA * 0.06 * 2.32, 1_385_000, 13, 19),
    ("Perkerasan Aspal", "Lapis perekat (tack coat)", "liter", AREA * 0.35, 18_200, 18, 20),
    ("Perkerasan Aspal", "Laston Lapis Aus (AC-WC)", "ton", AREA * 0.04 * 2.32, 1_465_000, 19, 22),
    ("Pelengkap Jalan", "Marka jalan termoplastik", "m2", ROAD_LENGTH_M * 0.12 * 3, 235_000, 22, 23),
    ("Pelengkap Jalan", "Rambu jalan tunggal dengan pemantul", "buah", 24, 1_350_000, 22, 23),
    ("Pelengkap Jalan", "Patok kilometer", "buah", 4, 980_000, 23, 23),
    ("Umum", "Demobilisasi", "ls", 1, 72_000_000, 24, 24),
]


def make_rab(rng: random.Random) -> list[dict]:
    rows = []
    for number, (divisi, uraian, satuan, volume, price, first, last) in enumerate(ITEMS, start=1):
        if satuan != "ls":
            volume = round(volume * rng.uniform(0.92, 1.08), 2)
            if satuan == "buah":
                volume = int(round(volume))
        price = int(round(price * rng.uniform(0.95, 1.05), -2))
        rows.append({
            "no": number,
            "divisi": divisi,
            "uraian": uraian,
            "satuan": satuan,
            "volume": volume,
            "harga_satuan": price,
            "jumlah_harga": int(round(volume * price)),
            "minggu_mulai": first,
            "minggu_selesai": last,
        })
    return rows


def spread(total: float, weeks: int) -> list[float]:
    """Split an item's weight over its weeks with a bell-shaped profile."""
    if weeks == 1:
        return [total]
    shape = [1 + min(i, weeks - 1 - i) for i in range(weeks)]
    return [total * s / sum(shape) for s in shape]


def make_plan(rab: list[dict]) -> list[float]:
    """Weekly planned progress in % of the contract, rounded to 0.01 and summing to 100."""
    total = sum(row["jumlah_harga"] for row in rab)
    weekly = [0.0] * DURATION_WEEKS
    for row in rab:
        weight = row["jumlah_harga"] / total * 100
        weeks = range(row["minggu_mulai"] - 1, row["minggu_selesai"])
        for week, share in zip(weeks, spread(weight, len(weeks))):
            weekly[week] += share
    # Round in hundredths of a percent so the column sums to exactly 100.00.
    hundredths = [int(round(w * 100)) for w in weekly]
    hundredths[hundredths.index(max(hundredths))] += 10_000 - sum(hundredths)
    return [h / 100 for h in hundredths]


def make_actual(rng: random.Random, plan: list[float], contract_value: int) -> list[dict]:
    """Realised weekly progress lags the plan (rain, late material); cost runs a little over."""
    rows = []
    for week in range(1, REPORTING_WEEK + 1):
        planned = plan[week - 1]
        efficiency = rng.uniform(0.72, 0.92) if week > 3 else rng.uniform(0.9, 1.0)
        realised = round(planned * efficiency, 2)
        cost_factor = rng.uniform(1.02, 1.12)
        cost = int(round(realised / 100 * contract_value * cost_factor, -3))
        rows.append({"minggu": week, "realisasi_persen": realised, "biaya_aktual": cost})
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rab = make_rab(rng)
    contract_value = sum(row["jumlah_harga"] for row in rab)
    plan = make_plan(rab)
    actual = make_actual(rng, plan, contract_value)
    contract = {
        "nama_paket": "Rehabilitasi Jalan Lingkar Selatan Kota Tirtamarta (Km 0+000 s.d. Km 3+200)",
        "kota": "Kota Tirtamarta (fiktif)",
        "pemilik_pekerjaan": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tirtamarta (fiktif)",
        "penyedia": "PT Karya Marga Lestari (fiktif)",
        "nilai_kontrak_sebelum_ppn": contract_value,
        "durasi_minggu": DURATION_WEEKS,
        "masa_pelaksanaan_hari": DURATION_WEEKS * 7,
        "tanggal_mulai": "2026-03-02",
        "minggu_laporan": REPORTING_WEEK,
        "sintetis": True,
        "benih_acak": seed,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "kontrak.json").write_text(
        json.dumps(contract, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_csv(out_dir / "rab.csv", rab)
    write_csv(out_dir / "rencana_mingguan.csv",
              [{"minggu": w, "rencana_persen": p} for w, p in enumerate(plan, start=1)])
    write_csv(out_dir / "realisasi_mingguan.csv", actual)


if __name__ == "__main__":
    main()
