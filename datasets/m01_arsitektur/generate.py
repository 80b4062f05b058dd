"""Seeded generator for the M01 dataset: planning documents of a fictional kabupaten and the
RKP Desa activities of its villages.

Writes five files next to this script:
  dokumen.csv         planning documents (national, kabupaten, perangkat daerah, desa) with
                      their first and last year
  sasaran_rpjmd.csv   RPJMD 2025-2029 indicators: baseline (2024), final target (2029), polarity
  target_rkpd.csv     the targets the RKPD 2026 and 2027 set for the same indicators
  pemetaan.csv        which RPJMD priority each village sub-bidang supports
  kegiatan_desa.csv   RKP Desa 2027 activities of eleven villages, with their funding source

National documents carry their real names and legal bases (no figures are invented for
them); everything about Kabupaten Sekarlangit and its villages is fictional.
Run ``python datasets/m01_arsitektur/generate.py`` to rebuild; the output is byte-identical
for the same seed (a test checks this).
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260412
HERE = Path(__file__).resolve().parent
KAB = "Kabupaten Sekarlangit"
DESA = ["Bojongsekar", "Cikadu Hilir", "Lebakmulya", "Sindangsari Wetan", "Margaluyu",
        "Pasirtanjung", "Sukamaju Kidul", "Talagasari", "Wanasekar", "Ciherang Tonggoh",
        "Rancasekar Hilir"]

# (dokumen, tingkat, jenis, mulai, selesai, dasar hukum)
DOKUMEN = [
    ("RPJPN 2005-2025", "nasional", "jangka panjang", 2005, 2025, "UU 17/2007"),
    ("RPJPN 2025-2045", "nasional", "jangka panjang", 2025, 2045, "UU 59/2024"),
    ("RPJMN 2020-2024", "nasional", "jangka menengah", 2020, 2024, "Perpres 18/2020"),
    ("RPJMN 2025-2029", "nasional", "jangka menengah", 2025, 2029, "Perpres 12/2025"),
    ("RPJPD Sekarlangit 2005-2025", "kabupaten", "jangka panjang", 2005, 2025, "Perda (fiktif)"),
    ("RPJPD Sekarlangit 2025-2045", "kabupaten", "jangka panjang", 2025, 2045, "Perda (fiktif)"),
    ("RPJMD Sekarlangit 2019-2024", "kabupaten", "jangka menengah", 2019, 2024, "Perda (fiktif)"),
    ("RPJMD Sekarlangit 2025-2029", "kabupaten", "jangka menengah", 2025, 2029, "Perda (fiktif)"),
    ("Renstra Dinas PUPR 2025-2029", "perangkat daerah", "jangka menengah", 2025, 2029, "Perbup (fiktif)"),
    ("RKPD Sekarlangit 2026", "kabupaten", "tahunan", 2026, 2026, "Perbup (fiktif)"),
    ("RKPD Sekarlangit 2027", "kabupaten", "tahunan", 2027, 2027, "Perbup (fiktif)"),
    ("RPJM Desa Bojongsekar 2019-2024", "desa", "jangka menengah", 2019, 2024, "Perdes (fiktif)"),
    ("RPJM Desa Bojongsekar 2025-2032", "desa", "jangka menengah", 2025, 2032, "Perdes (fiktif)"),
    ("RKP Desa Bojongsekar 2027", "desa", "tahunan", 2027, 2027, "Perdes (fiktif)"),
]

# RPJMD indicators: (indikator, satuan, polaritas, baseline 2024, target 2029)
SASARAN = [
    ("Persentase penduduk miskin", "persen", "negatif", 11.84, 8.50),
    ("Prevalensi stunting balita", "persen", "negatif", 24.6, 14.0),
    ("Rata-rata lama sekolah", "tahun", "positif", 7.62, 8.40),
    ("Jalan kabupaten kondisi mantap", "persen", "positif", 61.5, 80.0),
    ("Rumah tangga dengan akses air minum layak", "persen", "positif", 78.3, 92.0),
    ("Tingkat pengangguran terbuka", "persen", "negatif", 5.94, 4.50),
]

# Village sub-bidang -> RPJMD priority (those left out support none of them directly)
PRIORITAS = {
    "P1": "P1 SDM sehat dan cerdas",
    "P2": "P2 Infrastruktur dasar dan konektivitas",
    "P3": "P3 Ekonomi lokal dan lapangan kerja",
    "P4": "P4 Lingkungan hidup dan kebencanaan",
}
PEMETAAN = [
    ("Kesehatan", "P1"), ("Pendidikan", "P1"), ("Pekerjaan umum dan penataan ruang", "P2"),
    ("Kawasan permukiman", "P2"), ("Pertanian dan peternakan", "P3"),
    ("Usaha mikro kecil dan menengah", "P3"), ("Penanggulangan bencana", "P4"),
    ("Lingkungan hidup", "P4"),
]
# Village activity templates: (sub_bidang, kegiatan, cost range in Rp juta)
KEGIATAN = [
    ("Kesehatan", "Penyelenggaraan posyandu dan makanan tambahan balita", (25, 60)),
    ("Kesehatan", "Pembangunan jamban keluarga", (40, 120)),
    ("Pendidikan", "Insentif guru PAUD desa", (20, 45)),
    ("Pekerjaan umum dan penataan ruang", "Rabat beton jalan desa", (90, 260)),
    ("Pekerjaan umum dan penataan ruang", "Pembangunan jembatan desa", (150, 420)),
    ("Kawasan permukiman", "Sarana air bersih perpipaan desa", (80, 300)),
    ("Kawasan permukiman", "Rehabilitasi rumah tidak layak huni", (60, 150)),
    ("Pertanian dan peternakan", "Pelatihan budidaya dan bantuan bibit", (20, 60)),
    ("Usaha mikro kecil dan menengah", "Penyertaan modal BUM Desa", (50, 200)),
    ("Penanggulangan bencana", "Normalisasi saluran dan tanggul", (70, 240)),
    ("Lingkungan hidup", "Bank sampah desa", (15, 40)),
    ("Kebudayaan dan keagamaan", "Festival seni budaya desa", (15, 50)),
    ("Kepemudaan dan olahraga", "Turnamen olahraga antar-dusun", (10, 35)),
    ("Pemerintahan umum", "Pengadaan kendaraan operasional desa", (150, 250)),
]
# Activities too large for the APB Desa: proposed to the kabupaten (DU-RKP Desa)
BESAR = {"Pembangunan jembatan desa", "Sarana air bersih perpipaan desa",
         "Normalisasi saluran dan tanggul"}


def kegiatan_desa(rng: random.Random) -> list[dict]:
    rows = []
    for desa in DESA:
        pilihan = rng.sample(KEGIATAN, rng.randint(5, 7))
        for nomor, (sub, nama, (lo, hi)) in enumerate(pilihan, start=1):
            biaya = rng.randint(lo, hi) * 1_000_000
            sumber = "usulan ke kabupaten" if nama in BESAR and biaya >= 150_000_000 else "APB Desa"
            rows.append({"desa": desa, "no": nomor, "kegiatan": nama, "sub_bidang": sub,
                         "biaya": biaya, "sumber_dana": sumber})
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "dokumen.csv", [
        {"dokumen": d, "tingkat": t, "jenis": j, "mulai": m, "selesai": s, "dasar_hukum": h}
        for d, t, j, m, s, h in DOKUMEN])
    write_csv(out_dir / "sasaran_rpjmd.csv", [
        {"indikator": i, "satuan": u, "polaritas": p, "kondisi_awal_2024": a, "target_2029": z}
        for i, u, p, a, z in SASARAN])
    target = []
    for indikator, _, polaritas, awal, akhir in SASARAN:
        for tahun in (2026, 2027):
            lintas = awal + (akhir - awal) * (tahun - 2024) / 5
            # an RKPD target a little more or less ambitious than the straight path
            geser = rng.choice([-0.6, -0.35, 0.3, 0.5]) * abs(akhir - awal) / 5
            target.append({"indikator": indikator, "tahun": tahun,
                           "target_rkpd": round(lintas + geser, 2)})
    write_csv(out_dir / "target_rkpd.csv", target)
    write_csv(out_dir / "pemetaan.csv", [
        {"sub_bidang": s, "prioritas_rpjmd": PRIORITAS[p]} for s, p in PEMETAAN])
    write_csv(out_dir / "kegiatan_desa.csv", kegiatan_desa(rng))


if __name__ == "__main__":
    main()
