"""Seeded generator for the M12 dataset: risk registers and logical frameworks of two fictional
programmes of Kota Tirtamarta.

Writes next to this script:
  banjir_risiko.csv, banjir_kerangka.csv   the lesson's programme (flood control, Dinas PUPR)
  pasar_risiko.csv,  pasar_kerangka.csv    the graded exercise's programme (market revitalisation)

The lesson's register and framework are written by hand so that the lesson's story holds. The
exercise's register draws likelihood and impact with a seeded generator; ``check_design`` refuses
data that would not exercise what the questions test (a tie in level broken by impact, a residual
level exactly on the "tinggi" boundary, every kind of broken link in the framework).

Run ``python datasets/m12_risiko/generate.py``; the output is byte-identical for the same seed (a
test checks this). Everything here is synthetic. Authors only: participants receive the data files
and KARTU_DATA.md, never this script.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20261243
HERE = Path(__file__).resolve().parent

# Level bands used by the checks below (the lesson declares the same parameters).
SEDANG, TINGGI, SANGAT_TINGGI = 5, 10, 15

# (kode, sasaran, kategori, risiko, pemilik, K, D, penanganan, K residual, D residual)
BANJIR_RISIKO = [
    ("R01", "S1.2", "teknis", "Dinding galian kolam retensi longsor saat hujan ekstrem",
     "PPK Rumah Pompa", 4, 4, "Galian dijadwalkan pada musim kemarau; dinding penahan sementara", 2, 4),
    ("R02", "S1.3", "pengadaan", "Pompa terlambat dikirim dari pabrik",
     "PPK Rumah Pompa", 5, 3, "Pemesanan pompa pada minggu pertama; jadwal pengiriman tertulis", 2, 5),
    ("R03", "S2.1", "lahan", "Pembebasan lahan saluran masuk belum tuntas",
     "Kepala Bidang Sumber Daya Air", 4, 5, "Koordinasi dengan bagian pertanahan sebelum kontrak", 3, 4),
    ("R04", "S2.1", "sosial", "Warga bantaran menolak penataan bangunan",
     "Camat Tirtamarta Utara", 3, 4, "Sosialisasi dan musyawarah warga sejak perencanaan", 2, 3),
    ("R05", "S1.1", "keuangan", "Harga material naik melebihi perkiraan",
     "PPK Rumah Pompa", 3, 3, "Harga satuan dimutakhirkan sebelum tender", 2, 3),
    ("R06", "S1.1", "teknis", "Penyedia kekurangan tenaga ahli mekanikal",
     "PPK Rumah Pompa", 2, 3, "Syarat tenaga ahli dalam dokumen pemilihan", 1, 3),
    ("R07", "S1.3", "teknis", "Sambungan listrik belum tersedia saat uji coba pompa",
     "Kepala Bidang Sumber Daya Air", 3, 4, "Permohonan sambungan listrik diajukan sejak awal", 1, 4),
    ("R08", "S1.1", "teknis", "Desain pondasi tidak sesuai kondisi tanah",
     "PPK Perencanaan", 2, 5, "Penyelidikan tanah tambahan sebelum desain final", 1, 5),
    ("R09", "K1", "operasi", "Sampah menyumbat pompa setelah beroperasi",
     "Kepala UPT Drainase", 3, 5, "Saringan sampah otomatis dan jadwal pembersihan harian", 3, 3),
    ("R10", "K1", "keuangan", "Anggaran operasi dan pemeliharaan tidak dialokasikan",
     "Sekretaris Dinas PUPR", 4, 4, "Biaya operasi masuk Renja dan RKA tahun berikutnya", 3, 4),
    ("R11", "S1.2", "keselamatan", "Kecelakaan kerja di galian dalam",
     "PPK Rumah Pompa", 2, 4, "Rencana keselamatan konstruksi diperiksa pengawas setiap minggu", 1, 4),
    ("R12", "S1.2", "lingkungan", "Dokumen UKL-UPL terlambat disetujui",
     "Kepala Bidang Sumber Daya Air", 2, 2, "Dokumen lingkungan disusun bersamaan dengan desain", 1, 2),
    ("R13", "S2.2", "data", "Data curah hujan untuk desain pintu air kurang panjang",
     "PPK Perencanaan", 3, 2, "Data hujan diminta dari stasiun klimatologi terdekat", 2, 2),
    ("R14", "S2.1", "keuangan", "Pembayaran termin kepada penyedia terlambat",
     "", 2, 3, "", 2, 3),
    ("R15", "P1", "kebijakan", "Anggaran dialihkan ke prioritas lain di tengah tahun",
     "Sekretaris Dinas PUPR", 2, 5, "Paket dipecah per tahap yang dapat berdiri sendiri", 2, 4),
    ("R16", "S1.3", "keamanan", "Panel kendali pompa dirusak atau dicuri",
     "Kepala UPT Drainase", 3, 2, "Pagar, penerangan dan penjaga malam", 2, 2),
]

# (kode, jenjang, induk, uraian, indikator, target, satuan); "" = empty cell
BANJIR_KERANGKA = [
    ("P1", "dampak", "-", "Program pengelolaan drainase dan pengendalian banjir",
     "Luas kawasan tergenang saat hujan lebat", "120", "ha"),
    ("K1", "hasil", "P1", "Penyediaan rumah pompa dan kolam retensi",
     "Persentase kawasan rawan genangan yang terlayani rumah pompa", "60", "%"),
    ("K2", "hasil", "P1", "Normalisasi saluran drainase primer",
     "Panjang saluran primer yang berfungsi baik", "18", "km"),
    ("K3", "hasil", "P1", "Pemberdayaan masyarakat peduli drainase", "", "", ""),
    ("S1.1", "keluaran", "K1", "Pembangunan rumah pompa Tirtamarta Utara",
     "Jumlah rumah pompa terbangun", "1", "unit"),
    ("S1.2", "keluaran", "K1", "Pembangunan kolam retensi",
     "Volume tampungan kolam retensi", "45000", "m3"),
    ("S1.3", "keluaran", "K1", "Pengadaan pompa dan panel kendali",
     "Jumlah pompa terpasang", "", "unit"),
    ("S2.1", "keluaran", "K2", "Pengerukan sedimen saluran primer",
     "Volume sedimen terangkat", "30000", "m3"),
    ("S2.2", "keluaran", "K2", "Rehabilitasi pintu air saluran primer", "", "", ""),
    ("S3.1", "keluaran", "K3", "Pelatihan kelompok masyarakat peduli drainase",
     "Jumlah kelompok terlatih", "12", "kelompok"),
    ("S4.1", "keluaran", "K4", "Penyusunan rencana induk drainase kota",
     "Dokumen rencana induk yang ditetapkan", "1", "dokumen"),
    ("K5", "hasil", "P2", "Peningkatan kapasitas sungai kota",
     "Panjang tanggul sungai yang ditinggikan", "4", "km"),
]

PASAR_RISIKO_TEKS = [
    ("K1", "lahan", "Pedagang menolak pindah ke pasar sementara", "Kepala Bidang Pasar",
     "Musyawarah pedagang dan jadwal pindah bersama paguyuban"),
    ("S1.1", "teknis", "Struktur bangunan lama lebih rapuh dari perkiraan", "PPK Pasar",
     "Kajian struktur sebelum pembongkaran"),
    ("S1.1", "keuangan", "Harga baja dan semen naik", "PPK Pasar",
     "Harga satuan dimutakhirkan sebelum tender"),
    ("S1.2", "teknis", "Los dan kios tidak sesuai jumlah pedagang terdata", "Kepala Bidang Pasar",
     "Pendataan ulang pedagang sebelum desain final"),
    ("K2", "sosial", "Pedagang kaki lima kembali memenuhi jalan akses", "Kepala Satpol PP",
     "Penataan zona PKL dan patroli bersama"),
    ("S2.1", "operasi", "Retribusi pasar tidak tertagih penuh", "Kepala UPT Pasar",
     "Pembayaran retribusi nontunai"),
    ("S1.3", "teknis", "Instalasi listrik pasar kelebihan beban", "PPK Pasar",
     "Perhitungan daya per kios dan pemasangan pembatas"),
    ("S1.2", "keselamatan", "Kebakaran pada los pedagang", "Kepala UPT Pasar",
     "Alat pemadam, jalur evakuasi dan pelatihan pedagang"),
    ("K1", "keuangan", "Anggaran pemeliharaan pasar tidak dialokasikan", "Sekretaris Dinas Perdagangan",
     "Biaya pemeliharaan masuk Renja tahun berikutnya"),
    ("S2.2", "data", "Data harga pangan harian tidak diperbarui", "Kepala Bidang Perdagangan",
     "Petugas pencatat harga di setiap pasar"),
    ("S1.1", "pengadaan", "Tender gagal karena penawaran di atas HPS", "PPK Pasar",
     "HPS disusun dari survei harga terbaru"),
    ("P1", "kebijakan", "Anggaran dialihkan ke prioritas lain di tengah tahun", "Sekretaris Dinas Perdagangan",
     "Pembangunan dibagi per blok yang dapat berdiri sendiri"),
    ("S1.3", "lingkungan", "Limbah cair los ikan mencemari saluran", "Kepala UPT Pasar",
     "Instalasi pengolahan air limbah sederhana"),
    ("S2.1", "hukum", "Sengketa hak pakai kios lama", "Kepala Bidang Pasar",
     "Verifikasi dokumen hak pakai sebelum penempatan"),
    ("S1.2", "teknis", "Drainase pasar tidak mampu menampung hujan", "PPK Pasar",
     "Perhitungan saluran dengan data hujan terbaru"),
]

PASAR_KERANGKA = [
    ("P1", "dampak", "-", "Program peningkatan sarana distribusi perdagangan",
     "Persentase pasar rakyat dalam kondisi baik", "75", "%"),
    ("K1", "hasil", "P1", "Revitalisasi pasar rakyat",
     "Jumlah pedagang yang menempati pasar hasil revitalisasi", "850", "pedagang"),
    ("K2", "hasil", "P1", "Penataan kawasan sekitar pasar",
     "Persentase jalan akses pasar bebas hambatan", "", "%"),
    ("S1.1", "keluaran", "K1", "Pembangunan gedung pasar Blok B",
     "Luas bangunan pasar terbangun", "6400", "m2"),
    ("S1.2", "keluaran", "K1", "Penyediaan los dan kios pedagang", "", "", ""),
    ("S1.3", "keluaran", "K1", "Pembangunan utilitas pasar (listrik, air, limbah)",
     "Jumlah utilitas berfungsi", "3", "jenis"),
    ("S2.1", "keluaran", "K2", "Penataan zona pedagang kaki lima",
     "Jumlah zona PKL tertata", "", "zona"),
    ("S2.2", "keluaran", "K2", "Sistem informasi harga pangan pasar",
     "Jumlah pasar yang melaporkan harga harian", "6", "pasar"),
    ("S3.1", "keluaran", "K3", "Pelatihan pengelola pasar",
     "Jumlah pengelola pasar terlatih", "40", "orang"),
    ("K4", "hasil", "P3", "Pengembangan pasar tematik", "", "", ""),
]


def _level(k: int, d: int) -> int:
    return k * d


def _ranking(rows) -> list[str]:
    return [r[0] for r in sorted(rows, key=lambda r: (-_level(r[5], r[6]), -r[6]))]


def _pasar_risiko(rng: random.Random) -> list[tuple]:
    rows = []
    for number, (sasaran, kategori, risiko, pemilik, penanganan) in enumerate(PASAR_RISIKO_TEKS, 1):
        k, d = rng.randint(1, 5), rng.randint(2, 5)
        k_res = max(1, k - rng.randint(0, 2))
        d_res = max(1, d - rng.randint(0, 1))
        rows.append((f"R{number:02d}", sasaran, kategori, risiko, pemilik, k, d, penanganan,
                     k_res, d_res))
    return rows


def _broken_links(rows) -> tuple[list[str], list[str], list[str]]:
    codes = {r[0] for r in rows}
    orphans = [r[0] for r in rows if r[1] != "dampak" and r[2] not in codes]
    no_indicator = [r[0] for r in rows if not r[4]]
    no_target = [r[0] for r in rows if r[4] and not r[5]]
    return orphans, no_indicator, no_target


def check_design(pasar_risiko) -> None:
    """Refuse data that would not exercise the questions (raises AssertionError)."""
    for rows in (BANJIR_RISIKO, pasar_risiko):
        levels = [_level(r[5], r[6]) for r in rows]
        top = _ranking(rows)[:5]
        by_level_only = [r[0] for r in sorted(rows, key=lambda r: -_level(r[5], r[6]))][:5]
        assert top != by_level_only, "impact must break a tie among the five highest"
        keys = sorted(((_level(r[5], r[6]), r[6]) for r in rows), reverse=True)
        assert keys[4] != keys[5], "no tie across the fifth and sixth place"
        assert any(_level(r[8], r[9]) == TINGGI for r in rows), "a residual exactly at TINGGI"
        assert all(_level(r[8], r[9]) <= _level(r[5], r[6]) for r in rows)
        assert min(levels) < SEDANG and max(levels) >= SANGAT_TINGGI
        for r in rows:
            assert 1 <= r[5] <= 5 and 1 <= r[6] <= 5 and 1 <= r[8] <= 5 and 1 <= r[9] <= 5
    for rows in (BANJIR_KERANGKA, PASAR_KERANGKA):
        orphans, no_indicator, no_target = _broken_links(rows)
        assert orphans and no_indicator and no_target
        assert any(r[1] == "keluaran" for r in rows if r[0] in orphans)
        assert set(no_target).isdisjoint(no_indicator)


def _write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


RISIKO_KOLOM = ["kode", "sasaran", "kategori", "risiko", "pemilik", "kemungkinan", "dampak",
                "penanganan", "kemungkinan_residual", "dampak_residual"]
KERANGKA_KOLOM = ["kode", "jenjang", "induk", "uraian", "indikator", "target", "satuan"]


def main(out_dir: Path | None = None) -> None:
    out = Path(out_dir) if out_dir else HERE
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    pasar_risiko = _pasar_risiko(rng)
    check_design(pasar_risiko)
    _write_csv(out / "banjir_risiko.csv", RISIKO_KOLOM, BANJIR_RISIKO)
    _write_csv(out / "banjir_kerangka.csv", KERANGKA_KOLOM, BANJIR_KERANGKA)
    _write_csv(out / "pasar_risiko.csv", RISIKO_KOLOM, pasar_risiko)
    _write_csv(out / "pasar_kerangka.csv", KERANGKA_KOLOM, PASAR_KERANGKA)


if __name__ == "__main__":
    main()
