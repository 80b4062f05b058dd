"""Seeded generator for the M04 dataset: a fictional kabupaten's list of sub-kegiatan with pagu.

Writes two files next to this script, both as Indonesian spreadsheet software exports them
(semicolon-separated, thousands dots and decimal commas in amounts):
  sub_kegiatan.csv        one row per sub-kegiatan of the draft RKPD 2027 of the fictional
                          Kabupaten Wiramaya: code, name, perangkat daerah, pagu
  referensi_program.csv   the programme codes valid for this kabupaten (bidang and programme
                          codes with their names), used to check that a programme exists

A few rows carry the malformed codes real lists contain; they are listed in PLANTED with the
reason the lesson's check gives, so the tests can compare against a hand-written list.

Run ``python datasets/m04_nomenklatur/generate.py`` to rebuild; the output is byte-identical
for the same seed (a test checks this). Everything here is synthetic. Participants receive the
data files and KARTU_DATA.md, never this script.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20270104
HERE = Path(__file__).resolve().parent
KABUPATEN = "Kabupaten Wiramaya (fiktif)"

# Bidang urusan (code -> name) used by the fictional kabupaten. Names follow Permendagri 90/2019
# as quoted by several public planning applications ([V-code]).
BIDANG = {
    "1.01": "Pendidikan",
    "1.02": "Kesehatan",
    "1.03": "Pekerjaan Umum dan Penataan Ruang",
    "1.04": "Perumahan Rakyat dan Kawasan Permukiman",
    "1.05": "Ketenteraman dan Ketertiban Umum serta Perlindungan Masyarakat",
    "1.06": "Sosial",
    "2.10": "Pertanahan",
    "2.11": "Lingkungan Hidup",
    "2.12": "Administrasi Kependudukan dan Pencatatan Sipil",
    "2.13": "Pemberdayaan Masyarakat dan Desa",
    "2.15": "Perhubungan",
    "2.16": "Komunikasi dan Informatika",
    "2.20": "Statistik",
    "3.27": "Pertanian",
    "3.30": "Perdagangan",
    "4.01": "Sekretariat Daerah",
    "5.01": "Perencanaan",
    "5.02": "Keuangan",
    "6.01": "Inspektorat Daerah",
    "7.01": "Kecamatan",
}
PENUNJANG = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"

# Programmes (other than the penunjang X.XX.01) valid in the reference list ([V-code] names).
PROGRAM = {
    "1.01.02": "Program Pengelolaan Pendidikan",
    "1.01.03": "Program Pengembangan Kurikulum",
    "1.01.04": "Program Pendidik dan Tenaga Kependidikan",
    "1.02.02": "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "1.02.03": "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
    "1.02.04": "Program Sediaan Farmasi, Alat Kesehatan dan Makanan Minuman",
    "1.02.05": "Program Pemberdayaan Masyarakat Bidang Kesehatan",
    "1.03.02": "Program Pengelolaan Sumber Daya Air (SDA)",
    "1.03.03": "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
    "1.03.05": "Program Pengelolaan dan Pengembangan Sistem Air Limbah",
    "1.03.06": "Program Pengelolaan dan Pengembangan Sistem Drainase",
    "1.03.10": "Program Penyelenggaraan Jalan",
    "1.03.12": "Program Penyelenggaraan Penataan Ruang",
    "1.04.02": "Program Pengembangan Perumahan",
    "1.04.03": "Program Kawasan Permukiman",
    "1.04.05": "Program Peningkatan Prasarana, Sarana dan Utilitas Umum (PSU)",
    "1.05.02": "Program Peningkatan Ketenteraman dan Ketertiban Umum",
    "1.05.03": "Program Penanggulangan Bencana",
    "1.05.04": "Program Pencegahan, Penanggulangan, Penyelamatan Kebakaran dan Penyelamatan Non Kebakaran",
    "1.06.04": "Program Rehabilitasi Sosial",
    "1.06.05": "Program Perlindungan dan Jaminan Sosial",
    "1.06.06": "Program Penanganan Bencana",
    "2.10.03": "Program Pengadaan Tanah untuk Kepentingan Umum",
    "2.11.03": "Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup",
    "2.11.11": "Program Pengelolaan Persampahan",
    "2.12.02": "Program Pendaftaran Penduduk",
    "2.12.03": "Program Pencatatan Sipil",
    "2.13.02": "Program Penataan Desa",
    "2.13.04": "Program Administrasi Pemerintahan Desa",
    "2.13.05": "Program Pemberdayaan Lembaga Kemasyarakatan, Lembaga Adat dan Masyarakat Hukum Adat",
    "2.15.02": "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)",
    "2.16.02": "Program Pengelolaan Informasi dan Komunikasi Publik",
    "2.16.03": "Program Pengelolaan Aplikasi Informatika",
    "2.20.02": "Program Penyelenggaraan Statistik Sektoral",
    "3.27.02": "Program Penyediaan dan Pengembangan Sarana Pertanian",
    "3.27.03": "Program Penyediaan dan Pengembangan Prasarana Pertanian",
    "3.27.07": "Program Penyuluhan Pertanian",
    "3.30.03": "Program Peningkatan Sarana Distribusi Perdagangan",
    "3.30.04": "Program Stabilisasi Harga Barang Kebutuhan Pokok dan Barang Penting",
    "4.01.02": "Program Pemerintahan dan Kesejahteraan Rakyat",
    "4.01.03": "Program Perekonomian dan Pembangunan",
    "5.01.02": "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
    "5.01.03": "Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
    "5.02.02": "Program Pengelolaan Keuangan Daerah",
    "5.02.03": "Program Pengelolaan Barang Milik Daerah",
    "6.01.02": "Program Penyelenggaraan Pengawasan",
    "7.01.02": "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
    "7.01.03": "Program Pemberdayaan Masyarakat Desa dan Kelurahan",
}

# Kegiatan of the programme penunjang (X.XX.01.2.KK) and their sub-kegiatan ([V-code] names).
# The amount class says how large the pagu usually is ("gaji" holds the ASN salaries).
PENUNJANG_KEGIATAN = [
    ("01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", [
        ("0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "kecil"),
        ("0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", "kecil"),
        ("0007", "Evaluasi Kinerja Perangkat Daerah", "kecil")]),
    ("02", "Administrasi Keuangan Perangkat Daerah", [
        ("0001", "Penyediaan Gaji dan Tunjangan ASN", "gaji"),
        ("0003", "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD", "kecil")]),
    ("06", "Administrasi Umum Perangkat Daerah", [
        ("0004", "Penyediaan Bahan Logistik Kantor", "kecil"),
        ("0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", "kecil")]),
    ("08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", [
        ("0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik", "sedang"),
        ("0004", "Penyediaan Jasa Pelayanan Umum Kantor", "sedang")]),
    ("09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", [
        ("0002", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas Operasional atau Lapangan", "kecil"),
        ("0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya", "sedang")]),
]

# Perangkat daerah: name, the bidang of its programme penunjang, salary scale (billion Rp),
# and its programmes: programme code -> [(kegiatan name, [(sub-kegiatan name, amount class)])].
# Kegiatan are numbered 2.01, 2.02, ... in order; sub-kegiatan 0001, 0002, ... (with gaps),
# or with the number given as a third element where the real code is known ([V-code]).
PERANGKAT_DAERAH = [
    ("Dinas Pendidikan", "1.01", 365, {
        "1.01.02": [
            ("Pengelolaan Pendidikan Sekolah Dasar", [
                ("Pembangunan Ruang Kelas Baru", "besar"), ("Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", "besar"),
                ("Pengadaan Perlengkapan Sekolah", "sedang"), ("Pengelolaan Dana BOS Sekolah Dasar", "besar"),
                ("Penyediaan Biaya Personil Peserta Didik Sekolah Dasar", "sedang")]),
            ("Pengelolaan Pendidikan Sekolah Menengah Pertama", [
                ("Pembangunan Laboratorium Sekolah", "besar"), ("Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", "besar"),
                ("Pengelolaan Dana BOS Sekolah Menengah Pertama", "besar")]),
            ("Pengelolaan Pendidikan Anak Usia Dini (PAUD)", [
                ("Pembangunan Ruang Kelas Baru PAUD", "sedang"), ("Penyelenggaraan Proses Belajar PAUD", "sedang")]),
            ("Pengelolaan Pendidikan Nonformal/Kesetaraan", [
                ("Penyelenggaraan Proses Belajar bagi Peserta Didik Kesetaraan", "kecil")])],
        "1.01.03": [
            ("Penetapan Kurikulum Muatan Lokal Pendidikan Dasar", [
                ("Penyusunan Kurikulum Muatan Lokal", "kecil")])],
        "1.01.04": [
            ("Pemerataan Kuantitas dan Kualitas Pendidik dan Tenaga Kependidikan", [
                ("Perhitungan dan Pemetaan Pendidik dan Tenaga Kependidikan", "kecil"),
                ("Pengembangan Karir Pendidik dan Tenaga Kependidikan", "sedang")])],
    }),
    ("Dinas Kesehatan", "1.02", 118, {
        "1.02.02": [
            ("Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota", [
                ("Pembangunan Puskesmas", "besar"), ("Rehabilitasi dan Pemeliharaan Puskesmas", "sedang"),
                ("Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan", "besar"),
                ("Pengadaan Obat, Bahan Habis Pakai, Bahan Medis Habis Pakai, Vaksin, Makanan dan Minuman di Fasilitas Kesehatan", "besar")]),
            ("Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota", [
                ("Pengelolaan Pelayanan Kesehatan Ibu Hamil", "sedang", 1),
                ("Pengelolaan Pelayanan Kesehatan Ibu Bersalin", "sedang", 2),
                ("Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir", "sedang", 3),
                ("Pengelolaan Pelayanan Kesehatan Balita", "sedang", 4),
                ("Pengelolaan Pelayanan Kesehatan pada Usia Pendidikan Dasar", "kecil", 5),
                ("Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", "sedang", 15),
                ("Pengelolaan Pelayanan Kesehatan Orang Terduga Tuberkulosis", "kecil", 21),
                ("Operasional Pelayanan Puskesmas", "besar", 33)])],
        "1.02.03": [
            ("Perencanaan Kebutuhan dan Pendayagunaan Sumber Daya Manusia Kesehatan", [
                ("Pemenuhan Kebutuhan Sumber Daya Manusia Kesehatan", "sedang")])],
        "1.02.04": [
            ("Pengawasan Sediaan Farmasi, Alat Kesehatan dan Makanan Minuman", [
                ("Pemeriksaan dan Tindak Lanjut Hasil Pemeriksaan Post Market pada Produksi dan Produk Makanan Minuman Industri Rumah Tangga", "kecil")])],
        "1.02.05": [
            ("Advokasi, Pemberdayaan, Kemitraan, Peningkatan Peran serta Masyarakat dan Lintas Sektor Tingkat Daerah Kabupaten/Kota", [
                ("Peningkatan Upaya Promosi Kesehatan, Advokasi, Kemitraan dan Pemberdayaan Masyarakat", "kecil")])],
    }),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "1.03", 24, {
        "1.03.02": [
            ("Pengelolaan SDA dan Bangunan Pengaman Pantai pada Wilayah Sungai (WS) dalam 1 (satu) Daerah Kabupaten/Kota", [
                ("Rehabilitasi Bendungan, Embung, Situ, dan Bangunan Penampung Air Lainnya", "besar"),
                ("Normalisasi/Restorasi Sungai", "besar")]),
            ("Pengembangan dan Pengelolaan Sistem Irigasi Primer dan Sekunder pada Daerah Irigasi yang Luasnya dibawah 1000 Ha dalam 1 (satu) Daerah Kabupaten/Kota", [
                ("Rehabilitasi Jaringan Irigasi Permukaan", "besar"), ("Operasi dan Pemeliharaan Jaringan Irigasi Permukaan", "sedang")])],
        "1.03.03": [
            ("Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum (SPAM) di Daerah Kabupaten/Kota", [
                ("Pembangunan SPAM Jaringan Perpipaan di Kawasan Perdesaan", "besar"),
                ("Perluasan SPAM Jaringan Perpipaan di Kawasan Perkotaan", "besar")])],
        "1.03.05": [
            ("Pengelolaan dan Pengembangan Sistem Pengelolaan Air Limbah Domestik dalam Daerah Kabupaten/Kota", [
                ("Pembangunan Sistem Pengelolaan Air Limbah Domestik Terpusat", "besar"),
                ("Penyediaan Jasa Penyedotan Lumpur Tinja", "kecil")])],
        "1.03.06": [
            ("Pengelolaan dan Pengembangan Sistem Drainase yang Terhubung Langsung dengan Sungai dalam Daerah Kabupaten/Kota", [
                ("Pembangunan Sistem Drainase Perkotaan", "besar"), ("Pemeliharaan Sistem Drainase Perkotaan", "sedang")])],
        "1.03.10": [
            ("Penyelenggaraan Jalan Kabupaten/Kota", [
                ("Pembangunan Jalan", "besar"), ("Rekonstruksi Jalan", "besar"), ("Rehabilitasi Jalan", "besar"),
                ("Pemeliharaan Berkala Jalan", "besar"), ("Pemeliharaan Rutin Jalan", "sedang"),
                ("Pembangunan Jembatan", "besar"), ("Penggantian Jembatan", "besar"), ("Pemeliharaan Rutin Jembatan", "sedang")])],
        "1.03.12": [
            ("Penetapan Rencana Tata Ruang Wilayah (RTRW) dan Rencana Rinci Tata Ruang (RRTR) Kabupaten/Kota", [
                ("Penyusunan Rencana Detail Tata Ruang", "sedang")])],
    }),
    ("Dinas Perumahan dan Kawasan Permukiman", "1.04", 9, {
        "1.04.02": [
            ("Pendataan Penyediaan dan Rehabilitasi Rumah Korban Bencana atau Relokasi Program Kabupaten/Kota", [
                ("Pendataan Rumah Korban Bencana", "kecil"), ("Rehabilitasi Rumah Korban Bencana", "sedang")])],
        "1.04.03": [
            ("Peningkatan Kualitas Kawasan Permukiman Kumuh dengan Luas di Bawah 10 (sepuluh) Ha", [
                ("Perbaikan Rumah Tidak Layak Huni", "besar"), ("Pembangunan Sarana dan Prasarana Kawasan Permukiman", "besar")])],
        "1.04.05": [
            ("Urusan Penyelenggaraan PSU Perumahan", [
                ("Penyediaan Prasarana, Sarana, dan Utilitas Umum di Perumahan", "sedang")])],
    }),
    ("Satuan Polisi Pamong Praja", "1.05", 14, {
        "1.05.02": [
            ("Penanganan Gangguan Ketenteraman dan Ketertiban Umum dalam 1 (satu) Daerah Kabupaten/Kota", [
                ("Patroli Ketenteraman dan Ketertiban Umum", "kecil"), ("Penegakan Peraturan Daerah Kabupaten/Kota", "kecil")])],
        "1.05.04": [
            ("Pencegahan, Pengendalian, Pemadaman, Penyelamatan, dan Penanganan Bahan Berbahaya dan Beracun Kebakaran dalam Daerah Kabupaten/Kota", [
                ("Pengadaan Sarana dan Prasarana Pemadam Kebakaran", "sedang"), ("Pencegahan Kebakaran Daerah Kabupaten/Kota", "kecil")])],
    }),
    ("Badan Penanggulangan Bencana Daerah", "1.05", 7, {
        "1.05.03": [
            ("Pelayanan Informasi Rawan Bencana Kabupaten/Kota", [
                ("Penyusunan Kajian Risiko Bencana Kabupaten/Kota", "kecil")]),
            ("Pelayanan Pencegahan dan Kesiapsiagaan terhadap Bencana", [
                ("Sosialisasi, Komunikasi, Informasi dan Edukasi (KIE) Rawan Bencana", "kecil"),
                ("Pelatihan Pencegahan dan Mitigasi Bencana", "kecil")]),
            ("Pelayanan Penyelamatan dan Evakuasi Korban Bencana", [
                ("Respon Cepat Darurat Bencana", "sedang")])],
    }),
    ("Dinas Sosial", "1.06", 8, {
        "1.06.04": [
            ("Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, Anak Terlantar, Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti Sosial", [
                ("Penyediaan Permakanan", "sedang"), ("Pemberian Pelayanan Reunifikasi Keluarga", "kecil")])],
        "1.06.05": [
            ("Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota", [
                ("Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota", "kecil")])],
        "1.06.06": [
            ("Perlindungan Sosial Korban Bencana Alam dan Sosial Kabupaten/Kota", [
                ("Penyediaan Makanan", "kecil"), ("Penyediaan Sandang", "kecil")])],
    }),
    ("Dinas Lingkungan Hidup", "2.11", 16, {
        "2.11.03": [
            ("Pencegahan Pencemaran dan/atau Kerusakan Lingkungan Hidup", [
                ("Pengelolaan Laboratorium Lingkungan Hidup", "kecil")])],
        "2.11.11": [
            ("Pengelolaan Sampah", [
                ("Penyediaan Sarana dan Prasarana Pengelolaan Sampah", "sedang"),
                ("Penanganan Sampah dengan Melakukan Pemilahan, Pengumpulan, Pengangkutan, Pengolahan, dan Pemrosesan Akhir", "besar")])],
    }),
    ("Dinas Kependudukan dan Pencatatan Sipil", "2.12", 6, {
        "2.12.02": [
            ("Pelayanan Pendaftaran Penduduk", [
                ("Penyelenggaraan Pendaftaran Penduduk", "kecil")])],
        "2.12.03": [
            ("Pelayanan Pencatatan Sipil", [
                ("Pelayanan Pencatatan Sipil", "kecil")])],
    }),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "2.13", 6, {
        "2.13.02": [
            ("Penyelenggaraan Penataan Desa", [
                ("Fasilitasi Penataan Desa", "kecil")])],
        "2.13.04": [
            ("Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa", [
                ("Fasilitasi Penyusunan Peraturan Desa dan Peraturan Kepala Desa", "kecil"),
                ("Fasilitasi Pengelolaan Keuangan Desa", "kecil"),
                ("Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa", "kecil")])],
        "2.13.05": [
            ("Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat Tingkat Daerah Kabupaten/Kota", [
                ("Peningkatan Kapasitas Lembaga Kemasyarakatan Desa", "kecil")])],
    }),
    ("Dinas Perhubungan", "2.15", 9, {
        "2.15.02": [
            ("Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota", [
                ("Pengadaan Rambu Lalu Lintas", "sedang"), ("Pengadaan Alat Penerangan Jalan", "sedang")])],
    }),
    ("Dinas Komunikasi, Informatika dan Statistik", "2.16", 7, {
        "2.16.02": [
            ("Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota", [
                ("Pengelolaan Konten dan Perencanaan Media Komunikasi Publik", "kecil")])],
        "2.16.03": [
            ("Pengelolaan Nama Domain yang telah Ditetapkan oleh Pemerintah Pusat dan Sub Domain di Lingkup Pemerintah Daerah Kabupaten/Kota", [
                ("Pengelolaan Pusat Data Daerah", "sedang"), ("Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik", "sedang")])],
        "2.20.02": [
            ("Penyelenggaraan Statistik Sektoral di Lingkup Daerah Kabupaten/Kota", [
                ("Koordinasi dan Sinkronisasi Pengumpulan, Pengolahan, Analisis dan Diseminasi Data Statistik Sektoral", "kecil")])],
    }),
    ("Dinas Pertanian", "3.27", 15, {
        "3.27.02": [
            ("Pengawasan Penggunaan Sarana Pertanian", [
                ("Penyediaan Benih/Bibit Ternak dan Hijauan Pakan Ternak", "sedang"), ("Pengadaan Pupuk, Pestisida dan Alat Mesin Pertanian", "besar")])],
        "3.27.03": [
            ("Pengembangan Prasarana Pertanian", [
                ("Pembangunan Jalan Usaha Tani", "besar"), ("Pembangunan Jaringan Irigasi Usaha Tani", "sedang")])],
        "3.27.07": [
            ("Pelaksanaan Penyuluhan Pertanian", [
                ("Pengembangan Kapasitas Kelembagaan Petani di Kecamatan dan Desa", "kecil")])],
    }),
    ("Dinas Perdagangan", "3.30", 5, {
        "3.30.03": [
            ("Pembangunan dan Pengelolaan Sarana Distribusi Perdagangan", [
                ("Pembangunan Sarana Distribusi Perdagangan", "besar"), ("Pengelolaan Sarana Distribusi Perdagangan", "kecil")])],
        "3.30.04": [
            ("Menjamin Ketersediaan Barang Kebutuhan Pokok dan Barang Penting di Tingkat Daerah Kabupaten/Kota", [
                ("Pelaksanaan Operasi Pasar Dalam Rangka Stabilisasi Harga Pangan Pokok", "kecil")])],
    }),
    ("Sekretariat Daerah", "4.01", 28, {
        "4.01.02": [
            ("Pelaksanaan Kebijakan Kesejahteraan Rakyat", [
                ("Fasilitasi Pengelolaan Bina Mental Spiritual", "kecil")])],
        "4.01.03": [
            ("Pelaksanaan Administrasi Pembangunan", [
                ("Fasilitasi Penyusunan Program Pembangunan", "kecil"), ("Pengendalian Pelaksanaan Pembangunan", "kecil")]),
            ("Pengelolaan Pengadaan Barang dan Jasa", [
                ("Pengelolaan Pengadaan Barang/Jasa", "kecil")])],
    }),
    ("Badan Perencanaan Pembangunan Daerah", "5.01", 8, {
        "5.01.02": [
            ("Penyusunan Perencanaan dan Pendanaan", [
                ("Penyusunan Dokumen Perencanaan Pembangunan Daerah (RPJPD, RPJMD, dan RKPD)", "kecil"),
                ("Koordinasi Penyelenggaraan Perencanaan Pembangunan Daerah", "kecil")]),
            ("Pengendalian, Evaluasi dan Pelaporan Pembangunan Daerah", [
                ("Pengendalian dan Evaluasi Pelaksanaan Rencana Pembangunan Daerah", "kecil"),
                ("Penyusunan Laporan Kinerja Pemerintah Daerah", "kecil")])],
        "5.01.03": [
            ("Koordinasi Perencanaan Bidang Pemerintahan dan Pembangunan Manusia", [
                ("Koordinasi Perencanaan Bidang Pemerintahan dan Pembangunan Manusia", "kecil")]),
            ("Koordinasi Perencanaan Bidang Infrastruktur dan Kewilayahan", [
                ("Koordinasi Perencanaan Bidang Infrastruktur dan Kewilayahan", "kecil")])],
    }),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "5.02", 14, {
        "5.02.02": [
            ("Koordinasi dan Penyusunan Rencana Anggaran Pendapatan dan Belanja Daerah", [
                ("Koordinasi, Penyusunan dan Verifikasi RKA-SKPD", "kecil")]),
            ("Pengelolaan Data dan Implementasi Sistem Informasi Pemerintah Daerah Lainnya", [
                ("Pengelolaan Sistem Informasi Keuangan Daerah", "kecil")])],
        "5.02.03": [
            ("Pengelolaan Barang Milik Daerah", [
                ("Penatausahaan Barang Milik Daerah", "kecil")])],
    }),
    ("Inspektorat Daerah", "6.01", 7, {
        "6.01.02": [
            ("Penyelenggaraan Pengawasan Internal", [
                ("Pengawasan Kinerja Pemerintah Daerah", "kecil"), ("Pengawasan Keuangan Pemerintah Daerah", "kecil")])],
    }),
    ("Kecamatan Wiramaya Kota", "7.01", 3, {
        "7.01.02": [
            ("Penyelenggaraan Urusan Pemerintahan dan Pelayanan Publik", [
                ("Koordinasi/Sinergi Perencanaan dan Pelaksanaan Kegiatan Pemerintahan dengan Perangkat Daerah dan Instansi Vertikal", "kecil")])],
        "7.01.03": [
            ("Pemberdayaan Masyarakat Desa dan Kelurahan", [
                ("Pembangunan Sarana dan Prasarana Kelurahan", "sedang")])],
    }),
    ("Kecamatan Lembah Hilir", "7.01", 3, {
        "7.01.02": [
            ("Penyelenggaraan Urusan Pemerintahan dan Pelayanan Publik", [
                ("Koordinasi/Sinergi Perencanaan dan Pelaksanaan Kegiatan Pemerintahan dengan Perangkat Daerah dan Instansi Vertikal", "kecil")])],
        "7.01.03": [
            ("Pemberdayaan Masyarakat Desa dan Kelurahan", [
                ("Fasilitasi Musyawarah Perencanaan Pembangunan Desa", "kecil")])],
    }),
]

# Amount classes: range of pagu in million rupiah (log-uniform).
AMOUNTS = {"kecil": (90, 1_400), "sedang": (800, 6_500), "besar": (4_500, 38_000)}

# Malformed codes planted into otherwise valid rows: (valid code, code as written, reason).
# The reasons are the labels of the lesson's periksa_kode.
PLANTED = [
    ("1.02.02.2.02.0001", "1.02.02.02.02.0001", "panjang segmen salah"),   # level digit as 02
    ("1.01.02.2.01.0005", "1.01.02.02.01.0005", "panjang segmen salah"),
    ("1.03.10.2.01.0007", "1.3.10.2.1.7", "panjang segmen salah"),          # zeros lost in a spreadsheet
    ("2.11.11.2.01.0003", "2.11.11.2.1.3", "panjang segmen salah"),
    ("1.03.10.2.01.0009", "1.03.10.2.01", "jumlah segmen salah"),           # kegiatan code only
    ("2.15.02.2.01.0002", "2.15.02.2.01..0002", "jumlah segmen salah"),     # double dot
    ("1.02.02.2.02.0015", "1.02.02.1.02.0015", "bukan kabupaten/kota"),      # provincial level digit
    ("1.05.03.2.03.0001", "1.05.03.1.03.0001", "bukan kabupaten/kota"),
    ("1.03.06.2.01.0004", "1.03.16.2.01.0004", "program tidak dikenal"),     # programme 1.03.16 does not exist
    ("2.13.04.2.01.0004", "2.13.14.2.01.0004", "program tidak dikenal"),
]


def rupiah_id(value: int) -> str:
    """1250000000 -> '1.250.000.000,00' (as an Indonesian spreadsheet writes it)."""
    return f"{value:,}".replace(",", ".") + ",00"


def pagu(rng: random.Random, kind: str) -> int:
    low, high = AMOUNTS[kind]
    millions = low * (high / low) ** rng.random()
    return int(round(millions * 1_000_000, -6 if millions >= 1_000 else -5))


def make_rows(rng: random.Random) -> list[dict]:
    rows = []
    for name, bidang, salary_billion, programmes in PERANGKAT_DAERAH:
        for kk, _kegiatan, subs in PENUNJANG_KEGIATAN:
            for ssss, sub_name, kind in subs:
                if kind == "gaji":
                    amount = int(round(salary_billion * rng.uniform(0.95, 1.05) * 1_000, 0)) * 1_000_000
                else:
                    amount = pagu(rng, kind)
                rows.append({"kode": f"{bidang}.01.2.{kk}.{ssss}", "nama_sub_kegiatan": sub_name,
                             "perangkat_daerah": name, "pagu": amount})
        for program, kegiatan_list in programmes.items():
            for k, (_kegiatan, subs) in enumerate(kegiatan_list, start=1):
                number = 0
                for sub_name, kind, *fixed in subs:
                    # Known codes keep their number; the others are numbered with small gaps.
                    number = fixed[0] if fixed else number + rng.choice((1, 1, 1, 2, 3))
                    rows.append({"kode": f"{program}.2.{k:02d}.{number:04d}",
                                 "nama_sub_kegiatan": sub_name, "perangkat_daerah": name,
                                 "pagu": pagu(rng, kind)})
    return rows


def plant(rows: list[dict]) -> None:
    for valid, written, _reason in PLANTED:
        matches = [row for row in rows if row["kode"] == valid]
        assert len(matches) == 1, f"planted code {valid} must be on exactly one row"
        matches[0]["kode"] = written


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rows = make_rows(rng)
    # A code may recur in two perangkat daerah of one bidang (e.g. two kecamatan), never within one.
    keys = [(row["perangkat_daerah"], row["kode"]) for row in rows]
    assert len(keys) == len(set(keys)), "duplicate sub-kegiatan code in one perangkat daerah"
    plant(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    write(out_dir / "sub_kegiatan.csv", ["kode", "nama_sub_kegiatan", "perangkat_daerah", "pagu"],
          [[r["kode"], r["nama_sub_kegiatan"], r["perangkat_daerah"], rupiah_id(r["pagu"])]
           for r in rows])
    reference = []
    for bidang, bidang_name in BIDANG.items():
        reference.append([bidang, bidang_name, f"{bidang}.01", PENUNJANG])
        reference += [[bidang, bidang_name, code, name] for code, name in PROGRAM.items()
                      if code.startswith(bidang + ".")]
    write(out_dir / "referensi_program.csv",
          ["kode_bidang", "nama_bidang", "kode_program", "nama_program"], reference)


if __name__ == "__main__":
    main()
