"""Seeded generator for the M06 dataset: SPM and TPB/SDGs data of a fictional kabupaten.

Writes three files next to this script:
  spm_2025.csv          the 29 jenis pelayanan dasar of a kabupaten/kota with, for 2025, the
                        number that must be served, the number served, the quality score, the
                        unit cost of serving one more, and the sub-kegiatan code that funds it
  indikator_tpb.csv     the RKPD indicators of the kabupaten with the TPB/SDGs indicator code
                        each one is mapped to (empty when it is not mapped)
  tujuan_tpb.csv        the 17 TPB/SDGs goals with their Indonesian names

The 29 jenis pelayanan dasar follow the research notes ([V-code]); the numbers are synthetic.
Some rows are fixed to show the lesson's points (a jenis fully served with full quality, an index
exactly on a band boundary, a large gap with a high unit cost); the others are drawn with a seed.
Five goals are left without any indicator on purpose (GOALS_WITHOUT_INDICATOR) so the tests can
compare against a hand-written list.

Run ``python datasets/m06_spm_sdgs/generate.py`` to rebuild; the output is byte-identical for the
same seed (a test checks this). Everything here is synthetic. Participants receive the data files
and KARTU_DATA.md, never this script.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260220
HERE = Path(__file__).resolve().parent

# bidang SPM, jenis pelayanan dasar, satuan penerima, harus dilayani (approx.), unit cost (Rp),
# sub-kegiatan code, and either the share served drawn from (low, high) or a fixed (terlayani, mutu).
JENIS = [
    ("Pendidikan", "Pendidikan anak usia dini", "anak", 26_000, 1_200_000, "1.01.02.2.03.0004", (0.70, 0.85)),
    ("Pendidikan", "Pendidikan dasar", "anak", 125_000, 1_500_000, "1.01.02.2.01.0006", (0.94, 0.98)),
    ("Pendidikan", "Pendidikan kesetaraan", "orang", 4_500, 1_800_000, "1.01.02.2.04.0003", (0.55, 0.75)),
    ("Kesehatan", "Pelayanan kesehatan ibu hamil", "orang", 15_000, 350_000, "1.02.02.2.02.0001", (0.86, 0.95)),
    ("Kesehatan", "Pelayanan kesehatan ibu bersalin", "orang", 14_300, 1_200_000, "1.02.02.2.02.0002", (0.88, 0.96)),
    ("Kesehatan", "Pelayanan kesehatan bayi baru lahir", "bayi", 14_200, 250_000, "1.02.02.2.02.0003", (14_200, 100)),
    ("Kesehatan", "Pelayanan kesehatan balita", "anak", 65_000, 150_000, "1.02.02.2.02.0004", (0.80, 0.92)),
    ("Kesehatan", "Pelayanan kesehatan pada usia pendidikan dasar", "anak", 130_000, 40_000, "1.02.02.2.02.0005", (0.85, 0.95)),
    ("Kesehatan", "Pelayanan kesehatan pada usia produktif", "orang", 500_000, 30_000, "1.02.02.2.02.0006", (0.45, 0.65)),
    ("Kesehatan", "Pelayanan kesehatan pada usia lanjut", "orang", 85_000, 45_000, "1.02.02.2.02.0007", (0.65, 0.80)),
    ("Kesehatan", "Pelayanan kesehatan penderita hipertensi", "orang", 120_000, 120_000, "1.02.02.2.02.0008", (0.40, 0.60)),
    ("Kesehatan", "Pelayanan kesehatan penderita diabetes melitus", "orang", 18_000, 200_000, "1.02.02.2.02.0009", (0.60, 0.80)),
    ("Kesehatan", "Pelayanan kesehatan orang dengan gangguan jiwa berat", "orang", 1_600, 1_500_000, "1.02.02.2.02.0010", (0.80, 0.92)),
    ("Kesehatan", "Pelayanan kesehatan orang terduga tuberkulosis", "orang", 9_000, 250_000, "1.02.02.2.02.0011", (0.75, 0.90)),
    ("Kesehatan", "Pelayanan kesehatan orang dengan risiko terinfeksi HIV", "orang", 25_000, 60_000, "1.02.02.2.02.0012", (0.50, 0.70)),
    ("Pekerjaan Umum", "Pemenuhan kebutuhan pokok air minum sehari-hari", "rumah tangga", 230_000, 3_000_000, "1.03.03.2.01.0001", (0.80, 0.88)),
    ("Pekerjaan Umum", "Penyediaan pelayanan pengolahan air limbah domestik", "rumah tangga", 230_000, 2_500_000, "1.03.05.2.01.0001", (142_600, 70)),
    ("Perumahan Rakyat", "Penyediaan dan rehabilitasi rumah layak huni bagi korban bencana kabupaten/kota", "unit", 350, 30_000_000, "1.04.02.2.01.0002", (0.35, 0.50)),
    ("Perumahan Rakyat", "Fasilitasi penyediaan rumah layak huni bagi masyarakat terkena relokasi program pemerintah kabupaten/kota", "kepala keluarga", 120, 45_000_000, "1.04.02.2.01.0003", (0.70, 0.90)),
    ("Trantibumlinmas", "Pelayanan ketenteraman dan ketertiban umum", "orang", 2_000, 150_000, "1.05.02.2.01.0001", (0.88, 0.97)),
    ("Trantibumlinmas", "Pelayanan informasi rawan bencana", "orang", 150_000, 10_000, "1.05.03.2.01.0001", (0.55, 0.75)),
    ("Trantibumlinmas", "Pelayanan pencegahan dan kesiapsiagaan terhadap bencana", "orang", 150_000, 25_000, "1.05.03.2.02.0002", (0.45, 0.65)),
    ("Trantibumlinmas", "Pelayanan penyelamatan dan evakuasi korban bencana", "orang", 3_000, 500_000, "1.05.03.2.03.0001", (0.92, 0.99)),
    ("Trantibumlinmas", "Pelayanan penyelamatan dan evakuasi korban kebakaran", "orang", 400, 750_000, "1.05.04.2.01.0002", (400, 50)),
    ("Sosial", "Rehabilitasi sosial dasar penyandang disabilitas terlantar di luar panti", "orang", 1_200, 4_000_000, "1.06.04.2.01.0001", (0.75, 0.90)),
    ("Sosial", "Rehabilitasi sosial dasar anak terlantar di luar panti", "anak", 2_500, 3_000_000, "1.06.04.2.01.0002", (0.65, 0.80)),
    ("Sosial", "Rehabilitasi sosial dasar lanjut usia terlantar di luar panti", "orang", 3_800, 3_500_000, "1.06.04.2.01.0003", (0.60, 0.80)),
    ("Sosial", "Rehabilitasi sosial dasar gelandangan dan pengemis di luar panti", "orang", 350, 2_000_000, "1.06.04.2.01.0004", (0.40, 0.60)),
    ("Sosial", "Perlindungan dan jaminan sosial pada saat dan setelah tanggap darurat bencana bagi korban bencana kabupaten/kota", "orang", 3_000, 600_000, "1.06.06.2.01.0001", (0.90, 0.99)),
]
# Rows whose last element holds whole numbers are fixed (terlayani, mutu); the others are ranges.

# RKPD indicators mapped to a TPB/SDGs indicator code (empty: not mapped).
TPB = [
    ("Persentase penduduk miskin", "1.2.1", "Bappeda"),
    ("Persentase penduduk yang memiliki jaminan kesehatan", "1.3.1", "Dinas Kesehatan"),
    ("Persentase korban bencana yang mendapat perlindungan sosial pada tanggap darurat", "1.5.1", "Dinas Sosial"),
    ("Prevalensi stunting pada balita", "2.2.1", "Dinas Kesehatan"),
    ("Persentase kelompok tani kelas madya ke atas", "2.3.2", "Dinas Pertanian"),
    ("Angka kematian bayi per 1.000 kelahiran hidup", "3.2.2", "Dinas Kesehatan"),
    ("Persentase persalinan di fasilitas pelayanan kesehatan", "3.1.2", "Dinas Kesehatan"),
    ("Insiden tuberkulosis per 100.000 penduduk", "3.3.2", "Dinas Kesehatan"),
    ("Persentase penderita hipertensi yang mendapat pelayanan sesuai standar", "3.4.1", "Dinas Kesehatan"),
    ("Angka partisipasi murni SMP/sederajat", "4.1.2", "Dinas Pendidikan"),
    ("Angka partisipasi kasar PAUD", "4.2.2", "Dinas Pendidikan"),
    ("Persentase guru SD dan SMP berkualifikasi S1/D-IV", "4.c.1", "Dinas Pendidikan"),
    ("Persentase rumah tangga yang terlayani air minum perpipaan", "6.1.1", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Persentase rumah tangga dengan akses sanitasi layak", "6.2.1", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Tingkat pengangguran terbuka", "8.5.2", "Dinas Tenaga Kerja"),
    ("Persentase panjang jalan kabupaten dalam kondisi mantap", "9.1.1", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Persentase rumah tidak layak huni yang tertangani", "11.1.1", "Dinas Perumahan dan Kawasan Permukiman"),
    ("Persentase sampah rumah tangga yang tertangani", "11.6.1", "Dinas Lingkungan Hidup"),
    ("Persentase sampah yang didaur ulang", "12.5.1", "Dinas Lingkungan Hidup"),
    ("Persentase tutupan lahan hutan dan vegetasi", "15.1.1", "Dinas Lingkungan Hidup"),
    ("Persentase anak usia di bawah 5 tahun yang memiliki akta kelahiran", "16.9.1", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("Rasio pendapatan asli daerah terhadap total pendapatan", "17.1.1", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("Persentase desa yang menetapkan APB Desa tepat waktu", "", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("Jumlah lembaga kemasyarakatan desa yang dibina", "", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("Persentase sekolah dasar yang menerima dana BOS daerah tepat waktu", "", "Dinas Pendidikan"),
    ("Nilai evaluasi SAKIP pemerintah kabupaten", "", "Inspektorat Daerah"),
]
GOALS = [
    ("1", "Tanpa Kemiskinan"), ("2", "Tanpa Kelaparan"), ("3", "Kehidupan Sehat dan Sejahtera"),
    ("4", "Pendidikan Berkualitas"), ("5", "Kesetaraan Gender"), ("6", "Air Bersih dan Sanitasi Layak"),
    ("7", "Energi Bersih dan Terjangkau"), ("8", "Pekerjaan Layak dan Pertumbuhan Ekonomi"),
    ("9", "Industri, Inovasi dan Infrastruktur"), ("10", "Berkurangnya Kesenjangan"),
    ("11", "Kota dan Permukiman yang Berkelanjutan"), ("12", "Konsumsi dan Produksi yang Bertanggung Jawab"),
    ("13", "Penanganan Perubahan Iklim"), ("14", "Ekosistem Lautan"), ("15", "Ekosistem Daratan"),
    ("16", "Perdamaian, Keadilan dan Kelembagaan yang Tangguh"), ("17", "Kemitraan untuk Mencapai Tujuan"),
]
GOALS_WITHOUT_INDICATOR = ["5", "7", "10", "13", "14"]


def make_spm(rng: random.Random) -> list[dict]:
    rows = []
    for number, (bidang, jenis, unit, approx, cost, code, spec) in enumerate(JENIS, start=1):
        fixed = isinstance(spec[0], int)
        must = approx if fixed else int(round(approx * rng.uniform(0.95, 1.05)))
        if fixed:
            served, quality = spec
        else:
            served = int(round(must * rng.uniform(*spec)))
            quality = int(round(rng.uniform(65, 98)))
        rows.append({"no": number, "bidang_spm": bidang, "jenis_layanan": jenis, "satuan": unit,
                     "harus_dilayani": must, "terlayani": served, "mutu": quality,
                     "biaya_satuan": cost, "kode_sub_kegiatan": code})
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    write(out_dir / "spm_2025.csv", make_spm(rng))
    write(out_dir / "indikator_tpb.csv",
          [{"no": i, "indikator": name, "kode_tpb": code, "perangkat_daerah": unit_org}
           for i, (name, code, unit_org) in enumerate(TPB, start=1)])
    write(out_dir / "tujuan_tpb.csv", [{"nomor": n, "tujuan": name} for n, name in GOALS])


if __name__ == "__main__":
    main()
