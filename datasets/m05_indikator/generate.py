"""Seeded generator for the M05 dataset: the RKPD 2025 evaluation table of a fictional kabupaten.

Writes ``evaluasi_rkpd.csv`` next to this script: one row per performance indicator of the
cascade (pohon kinerja) tujuan -> sasaran -> program -> kegiatan, with its parent, code,
perangkat daerah, unit, polarity, kind, annual target and the realisation of each quarter
(TW I-IV), as the evaluation table of the RKPD lists them.

A few kegiatan indicators hang under no programme indicator (empty parent, a parent that does
not exist, a sasaran or another kegiatan as parent); one hangs under a programme whose code
does not match its own. They are listed in ORPHANS and MISMATCH so the tests can compare
against a hand-written list. Some realisations are fixed to show the lesson's points (the two
formulas for negative indicators, the band boundaries); the others are drawn with a seed.

Run ``python datasets/m05_indikator/generate.py`` to rebuild; the output is byte-identical for
the same seed (a test checks this). Everything here is synthetic. Participants receive the data
file and KARTU_DATA.md, never this script.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260115
HERE = Path(__file__).resolve().parent

DINKES = "Dinas Kesehatan"
DISDIK = "Dinas Pendidikan"
PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
PERKIM = "Dinas Perumahan dan Kawasan Permukiman"
DINSOS = "Dinas Sosial"
DPMD = "Dinas Pemberdayaan Masyarakat dan Desa"
TANI = "Dinas Pertanian"
DLH = "Dinas Lingkungan Hidup"

P, N = "positif", "negatif"
PCT, SUM = "persentase", "jumlah"

# id, tingkat, induk, kode, perangkat daerah, indikator, satuan, polaritas, jenis, target,
# fixed realisation (None: drawn). For "jumlah" the fixed value is the year's total.
ROWS = [
    ("T01", "tujuan", "", "", "", "Persentase penduduk miskin", "%", N, PCT, 9.20, 9.45),
    ("T02", "tujuan", "", "", "", "Persentase penduduk usia 15 tahun ke atas yang tamat SMP/sederajat", "%", P, PCT, 68.00, None),
    ("T03", "tujuan", "", "", "", "Persentase rumah tangga dengan akses sanitasi layak", "%", P, PCT, 82.00, None),
    ("S01", "sasaran", "T01", "", "", "Persentase kelompok tani kelas madya ke atas", "%", P, PCT, 35.00, None),
    ("S02", "sasaran", "T01", "", "", "Persentase pemerlu pelayanan kesejahteraan sosial yang mendapat pelayanan sosial dasar", "%", P, PCT, 70.00, None),
    ("S03", "sasaran", "T02", "", "", "Prevalensi stunting pada balita", "%", N, PCT, 16.50, 17.60),
    ("S04", "sasaran", "T02", "", "", "Angka partisipasi murni SMP/sederajat", "%", P, PCT, 80.00, None),
    ("S05", "sasaran", "T03", "", "", "Persentase panjang jalan kabupaten dalam kondisi mantap", "%", P, PCT, 72.00, None),
    ("S06", "sasaran", "T03", "", "", "Persentase desa berstatus desa mandiri", "%", P, PCT, 18.00, None),
    # Programmes
    ("P01", "program", "S03", "1.02.02", DINKES, "Persentase balita yang ditimbang dan diukur setiap bulan", "%", P, PCT, 85.00, None),
    ("P02", "program", "S03", "1.02.02", DINKES, "Angka kematian bayi per 1.000 kelahiran hidup", "per 1.000 kelahiran hidup", N, PCT, 8.00, 12.00),
    ("P03", "program", "S03", "1.02.05", DINKES, "Persentase desa yang melaksanakan sanitasi total berbasis masyarakat", "%", P, PCT, 60.00, None),
    ("P04", "program", "S04", "1.01.02", DISDIK, "Persentase ruang kelas SD dan SMP dalam kondisi baik", "%", P, PCT, 75.00, None),
    ("P05", "program", "S04", "1.01.04", DISDIK, "Persentase guru SD dan SMP berkualifikasi S1/D-IV", "%", P, PCT, 92.00, None),
    ("P06", "program", "S05", "1.03.10", PUPR, "Persentase panjang jalan kabupaten dalam kondisi mantap", "%", P, PCT, 72.00, None),
    ("P07", "program", "S05", "1.03.03", PUPR, "Persentase rumah tangga yang terlayani air minum perpipaan", "%", P, PCT, 45.00, None),
    ("P08", "program", "S06", "1.03.06", PUPR, "Panjang saluran drainase yang dibangun atau direhabilitasi", "km", P, SUM, 12.0, 8.4),
    ("P09", "program", "S06", "1.04.03", PERKIM, "Persentase rumah tidak layak huni yang tertangani", "%", P, PCT, 20.00, None),
    ("P10", "program", "S06", "2.13.04", DPMD, "Persentase desa yang menetapkan APB Desa tepat waktu", "%", P, PCT, 90.00, None),
    ("P11", "program", "S06", "2.13.05", DPMD, "Jumlah lembaga kemasyarakatan desa yang dibina", "lembaga", P, SUM, 120, None),
    ("P12", "program", "S06", "2.11.11", DLH, "Persentase sampah rumah tangga yang tertangani", "%", P, PCT, 65.00, None),
    ("P13", "program", "S01", "3.27.02", TANI, "Jumlah kelompok tani penerima alat dan mesin pertanian", "kelompok", P, SUM, 80, None),
    ("P14", "program", "S01", "3.27.07", TANI, "Persentase kelompok tani yang mendapat penyuluhan rutin", "%", P, PCT, 85.00, None),
    ("P15", "program", "S02", "1.06.04", DINSOS, "Persentase penyandang disabilitas terlantar yang mendapat rehabilitasi sosial dasar di luar panti", "%", P, PCT, 80.00, None),
    ("P16", "program", "S02", "1.06.06", DINSOS, "Persentase korban bencana yang mendapat perlindungan sosial pada tanggap darurat", "%", P, PCT, 100.00, None),
    # Kegiatan
    ("K001", "kegiatan", "P01", "1.02.02.2.02", DINKES, "Jumlah kunjungan pemantauan pertumbuhan balita di posyandu", "kunjungan", P, SUM, 96000, None),
    ("K002", "kegiatan", "P01", "1.02.02.2.02", DINKES, "Persentase ibu hamil yang mendapat tablet tambah darah", "%", P, PCT, 95.00, None),
    ("K003", "kegiatan", "P01", "1.02.02.2.02", DINKES, "Jumlah kasus demam berdarah dengue", "kasus", N, SUM, 120, 150),
    ("K004", "kegiatan", "P02", "1.02.02.2.02", DINKES, "Persentase persalinan di fasilitas pelayanan kesehatan", "%", P, PCT, 95.00, None),
    ("K005", "kegiatan", "P02", "1.02.02.2.01", DINKES, "Jumlah puskesmas yang dilengkapi alat kesehatan ibu dan anak", "puskesmas", P, SUM, 10, None),
    ("K006", "kegiatan", "P03", "1.02.05.2.01", DINKES, "Jumlah desa yang difasilitasi pemicuan sanitasi total berbasis masyarakat", "desa", P, SUM, 40, None),
    ("K007", "kegiatan", "P04", "1.01.02.2.01", DISDIK, "Jumlah ruang kelas SD yang direhabilitasi", "ruang", P, SUM, 120, None),
    ("K008", "kegiatan", "P04", "1.01.02.2.02", DISDIK, "Jumlah ruang kelas SMP yang direhabilitasi", "ruang", P, SUM, 48, None),
    ("K009", "kegiatan", "P04", "1.01.02.2.01", DISDIK, "Persentase SD yang menerima dana BOS daerah tepat waktu", "%", P, PCT, 100.00, None),
    ("K010", "kegiatan", "P05", "1.01.04.2.01", DISDIK, "Jumlah guru yang mengikuti peningkatan kompetensi", "orang", P, SUM, 400, 364),
    ("K011", "kegiatan", "P06", "1.03.10.2.01", PUPR, "Panjang jalan kabupaten yang direhabilitasi", "km", P, SUM, 42.0, None),
    ("K012", "kegiatan", "P06", "1.03.10.2.01", PUPR, "Panjang jalan kabupaten yang dipelihara rutin", "km", P, SUM, 250.0, 190.0),
    ("K013", "kegiatan", "P06", "1.03.10.2.01", PUPR, "Jumlah jembatan yang dibangun atau diganti", "unit", P, SUM, 6, 3),
    ("K014", "kegiatan", "P07", "1.03.03.2.01", PUPR, "Jumlah sambungan rumah air minum baru", "sambungan", P, SUM, 2400, 1452),
    ("K015", "kegiatan", "P07", "1.03.03.2.01", PUPR, "Persentase kehilangan air pada jaringan perpipaan", "%", N, PCT, 25.00, 26.20),
    ("K016", "kegiatan", "P08", "1.03.06.2.01", PUPR, "Panjang saluran drainase perkotaan yang dibangun", "km", P, SUM, 7.5, None),
    ("K017", "kegiatan", "P08", "1.03.06.2.01", PUPR, "Jumlah kejadian genangan di kawasan perkotaan", "kejadian", N, SUM, 24, None),
    ("K018", "kegiatan", "P09", "1.04.03.2.01", PERKIM, "Jumlah rumah tidak layak huni yang diperbaiki", "unit", P, SUM, 350, None),
    ("K019", "kegiatan", "P10", "2.13.04.2.01", DPMD, "Jumlah desa yang didampingi penyusunan APB Desa", "desa", P, SUM, 120, None),
    ("K020", "kegiatan", "P10", "2.13.04.2.01", DPMD, "Jumlah aparatur desa yang mengikuti peningkatan kapasitas", "orang", P, SUM, 360, None),
    ("K021", "kegiatan", "P11", "2.13.05.2.01", DPMD, "Jumlah kader pemberdayaan masyarakat desa yang dilatih", "orang", P, SUM, 240, None),
    ("K022", "kegiatan", "P12", "2.11.11.2.01", DLH, "Jumlah tempat pengolahan sampah reduce-reuse-recycle yang dibangun", "unit", P, SUM, 8, None),
    ("K023", "kegiatan", "P12", "2.11.11.2.01", DLH, "Volume sampah yang diangkut ke tempat pemrosesan akhir", "ton", P, SUM, 21000, None),
    ("K024", "kegiatan", "P13", "3.27.02.2.01", TANI, "Jumlah alat dan mesin pertanian yang disalurkan", "unit", P, SUM, 160, None),
    ("K025", "kegiatan", "P13", "3.27.02.2.01", TANI, "Jumlah pupuk organik yang disalurkan", "ton", P, SUM, 600, None),
    ("K026", "kegiatan", "P14", "3.27.07.2.01", TANI, "Jumlah pertemuan penyuluhan kelompok tani", "kali", P, SUM, 720, None),
    ("K027", "kegiatan", "P15", "1.06.04.2.01", DINSOS, "Jumlah paket permakanan bagi penyandang disabilitas terlantar", "paket", P, SUM, 4800, None),
    ("K028", "kegiatan", "P16", "1.06.06.2.01", DINSOS, "Jumlah paket bantuan sandang dan pangan bagi korban bencana", "paket", P, SUM, 1500, None),
    # Kegiatan that hang under no programme indicator (planted)
    ("K029", "kegiatan", "", "2.11.03.2.01", DLH, "Jumlah sekolah peduli lingkungan yang dibina", "sekolah", P, SUM, 30, None),
    ("K030", "kegiatan", "P17", "3.27.04.2.01", TANI, "Jumlah ternak yang divaksinasi", "ekor", P, SUM, 12000, None),
    ("K031", "kegiatan", "S05", "1.03.12.2.01", PUPR, "Jumlah dokumen rencana detail tata ruang yang disusun", "dokumen", P, SUM, 2, None),
    ("K032", "kegiatan", "K011", "1.03.10.2.01", PUPR, "Jumlah pengujian mutu perkerasan jalan", "kali", P, SUM, 60, None),
    # Hangs under a programme indicator whose code does not match its own (planted)
    ("K033", "kegiatan", "P12", "1.03.05.2.01", PUPR, "Jumlah sambungan rumah sistem pengelolaan air limbah domestik", "sambungan", P, SUM, 500, None),
]
ORPHANS = ["K029", "K030", "K031", "K032"]
MISMATCH = ["K033"]

UNIT_DECIMALS = {"km": 1, "ton": 0}   # decimals of a quarterly amount (counts: 0)


def draw_ratio(rng: random.Random) -> float:
    """Realisation / target for an indicator without a fixed realisation."""
    roll = rng.random()
    if roll < 0.70:
        return rng.uniform(0.90, 1.15)
    if roll < 0.90:
        return rng.uniform(0.70, 0.90)
    return rng.uniform(0.52, 0.70)


def quarters_level(rng: random.Random, final: float, polarity: str) -> list[float]:
    """A level (percentage) moving towards ``final`` over four quarters."""
    start = final * (rng.uniform(0.82, 0.95) if polarity == P else rng.uniform(1.06, 1.22))
    path = [start + (final - start) * step / 3 + rng.uniform(-0.15, 0.15) for step in range(3)]
    path.append(final)
    values = [round(v, 2) for v in path]
    # keep the path monotone towards the final value
    for i in range(2, -1, -1):
        values[i] = min(values[i], values[i + 1]) if polarity == P else max(values[i], values[i + 1])
    return values


def quarters_amount(rng: random.Random, total: float, decimals: int) -> list[float]:
    """A year's total split over four quarters (the last quarter takes the rounding)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(4)]
    parts = [round(total * w / sum(weights), decimals) for w in weights[:3]]
    parts.append(round(total - sum(parts), decimals))
    return [int(p) if decimals == 0 else p for p in parts]


def number(value: float):
    return int(value) if float(value).is_integer() else value


def make_rows(rng: random.Random) -> list[dict]:
    out = []
    for (ident, level, parent, code, unit_org, name, unit, polarity, kind, target, fixed) in ROWS:
        decimals = UNIT_DECIMALS.get(unit, 0)
        if fixed is not None and float(fixed).is_integer():
            decimals = 0   # whole quarterly amounts: their sum is exact, so is the capaian
        if fixed is None:
            ratio = draw_ratio(rng)
            final = target * ratio if polarity == P else target / ratio
            if kind == PCT:
                final = min(round(final, 2), 100.0)
            else:
                final = round(final, decimals)
        else:
            final = fixed
        tw = (quarters_level(rng, final, polarity) if kind == PCT
              else quarters_amount(rng, final, decimals))
        out.append({"id_indikator": ident, "tingkat": level, "induk": parent, "kode": code,
                    "perangkat_daerah": unit_org, "indikator": name, "satuan": unit,
                    "polaritas": polarity, "jenis": kind, "target": number(target),
                    "tw1": tw[0], "tw2": tw[1], "tw3": tw[2], "tw4": tw[3]})
    return out


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rows = make_rows(rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "evaluasi_rkpd.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
