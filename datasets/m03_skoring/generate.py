"""Seeded generator for the M03 dataset: the usulan of a fictional musrenbang kelurahan.

Writes two files next to this script:
  musrenbang.json   the forum: kelurahan, city (fictional), plan year, pagu indikatif
  usulan.csv        40 usulan from 12 RW in the columns of a Form RW.1 long list plus the
                    forum's assessment (urgensi, penerima manfaat, swadaya, kesesuaian RKPD),
                    written as an Indonesian spreadsheet saves a CSV (";", "." thousands)

Two pairs of usulan have identical criteria (so their scores tie under any weights) and
different costs, and one pair is identical in cost too: the lesson's tie rule decides them.
Run ``python datasets/m03_skoring/generate.py`` to rebuild; the output is byte-identical for
the same seed (a test checks this). Everything here is synthetic.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SEED = 20260303
HERE = Path(__file__).resolve().parent
RW = [f"{n:02d}" for n in range(1, 13)]
PAGU = 1_250_000_000
COLUMNS = ["no_usulan", "rw", "prioritas_rw", "jenis_kegiatan", "bidang", "lokasi", "volume",
           "satuan", "biaya", "urgensi", "penerima_manfaat", "swadaya_persen", "sesuai_rkpd"]

# (jenis kegiatan, bidang, satuan, volume range, unit cost in Rp, beneficiaries range,
#  chance the activity fits a priority of the city's RKPD)
KEGIATAN = [
    ("Perbaikan saluran drainase", "Infrastruktur", "m", (80, 220), 1_150_000, (300, 1_800), 0.8),
    ("Jalan lingkungan paving block", "Infrastruktur", "m2", (300, 900), 215_000, (250, 1_500), 0.6),
    ("Penerangan jalan umum tenaga surya", "Infrastruktur", "titik", (6, 16), 9_600_000, (400, 2_500), 0.5),
    ("Sumur resapan", "Infrastruktur", "unit", (6, 20), 4_850_000, (150, 900), 0.7),
    ("Rehabilitasi MCK komunal", "Infrastruktur", "unit", (1, 1), 128_000_000, (120, 450), 0.7),
    ("Talud penahan tanah", "Infrastruktur", "m", (20, 60), 2_450_000, (80, 400), 0.4),
    ("Alat antropometri posyandu", "Sosial budaya", "paket", (1, 3), 6_700_000, (90, 350), 0.9),
    ("Pelatihan kader posyandu", "Sosial budaya", "orang", (20, 40), 450_000, (200, 900), 0.8),
    ("Timbangan dan gerobak bank sampah", "Sosial budaya", "paket", (1, 2), 18_500_000, (300, 1_200), 0.5),
    ("Pelatihan pengolahan pangan UMKM", "Ekonomi", "orang", (20, 40), 620_000, (20, 40), 0.6),
    ("Gerobak usaha pedagang kaki lima", "Ekonomi", "unit", (5, 10), 3_600_000, (5, 10), 0.3),
]
JALAN = ["Jl. Melati", "Jl. Kenanga", "Jl. Flamboyan", "Jl. Cempaka", "Gg. Mawar", "Gg. Anggrek",
         "Jl. Sawo", "Jl. Nangka", "Gg. Teratai", "Jl. Dahlia"]


def _usulan(rng: random.Random, nomor: int, rw: str, prioritas: int) -> dict:
    jenis, bidang, satuan, (v0, v1), harga, (p0, p1), peluang = rng.choice(KEGIATAN)
    volume = rng.randint(v0, v1)
    if satuan == "orang":
        penerima = volume * rng.randint(3, 5)          # trainees' households
    elif satuan == "unit" and bidang == "Ekonomi":
        penerima = volume * rng.randint(4, 6)
    else:
        penerima = rng.randint(p0, p1) // 10 * 10
    return {
        "no_usulan": nomor,
        "rw": rw,
        "prioritas_rw": prioritas,
        "jenis_kegiatan": jenis,
        "bidang": bidang,
        "lokasi": f"{rng.choice(JALAN)} RT {rng.randint(1, 8):02d}",
        "volume": volume,
        "satuan": satuan,
        "biaya": int(round(volume * harga * rng.uniform(0.93, 1.07), -5)),
        "urgensi": rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 3, 2])[0],
        "penerima_manfaat": penerima,
        "swadaya_persen": rng.choice([0, 0, 5, 5, 10, 10, 15, 20, 25, 30]),
        "sesuai_rkpd": "ya" if rng.random() < peluang else "tidak",
    }


def make_rows(rng: random.Random) -> list[dict]:
    rows = []
    counts = [4] * 4 + [3] * 8                         # 4 RW propose four, 8 RW three: 40
    rng.shuffle(counts)
    for rw, banyak in zip(RW, counts):
        for prioritas in range(1, banyak + 1):
            rows.append(_usulan(rng, len(rows) + 1, rw, prioritas))
    # Ties: two neighbouring RW assessed alike (same criteria), costs differ; and one pair
    # alike in cost too, so that only the usulan number decides.
    # The twin proposes the same kind of activity at another location.
    for kembar, asal, biaya_sama in ((14, 9, False), (31, 27, False), (38, 22, True)):
        a, b = rows[asal - 1], rows[kembar - 1]
        for kolom in ("jenis_kegiatan", "bidang", "satuan", "urgensi", "penerima_manfaat",
                      "swadaya_persen", "sesuai_rkpd"):
            b[kolom] = a[kolom]
        if biaya_sama:
            b["volume"], b["biaya"] = a["volume"], a["biaya"]
        else:
            b["volume"] = a["volume"] + rng.choice([-3, -2, 2, 3])
            b["biaya"] = int(round(a["biaya"] / a["volume"] * b["volume"], -5))
    return rows


def ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rows = make_rows(rng)
    forum = {
        "kelurahan": "Kelurahan Sukaresmi Baru (fiktif)",
        "kecamatan": "Kecamatan Tirtamarta Utara (fiktif)",
        "kota": "Kota Tirtamarta (fiktif)",
        "forum": "Musrenbang Kelurahan",
        "tahun_rencana": 2027,
        "tanggal_forum": "2026-01-22",
        "pagu_indikatif": PAGU,
        "jumlah_rw": len(RW),
        "sintetis": True,
        "benih_acak": seed,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "musrenbang.json").write_text(
        json.dumps(forum, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with (out_dir / "usulan.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "biaya": ribuan(r["biaya"]),
                          "penerima_manfaat": ribuan(r["penerima_manfaat"])} for r in rows)


if __name__ == "__main__":
    main()
