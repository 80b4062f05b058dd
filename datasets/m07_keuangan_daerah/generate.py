"""Seeded generator for the M07 dataset: five years of APBD of a fictional city.

Writes three files next to this script:
  apbd.csv            budget (anggaran) and realisation (realisasi) per account, 2021-2025
  data_pendukung.csv  figures the APBD account tree does not show (tagged spending, PAD
                      collection cost, teachers' allowances paid from TKD), per year
  kota.json           the city's facts: name, years, the loan taken in 2023 and its
                      remaining principal instalments

Run ``python datasets/m07_keuangan_daerah/generate.py`` to rebuild; the output is
byte-identical for the same seed (a test checks this). Everything here is synthetic: the
story (personnel spending above 30% early on, public-service infrastructure below 40%, one
loan in 2023) is designed, the noise around it is seeded.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SEED = 20260707
HERE = Path(__file__).resolve().parent
YEARS = [2021, 2022, 2023, 2024, 2025]

# The loan: drawn in 2023, principal repaid in equal instalments 2024-2028.
LOAN_YEAR, LOAN_AMOUNT, LOAN_INSTALMENTS = 2023, 150_000_000_000, 5

# (kode, kelompok, akun, uraian, 2021 realisation in Rp, yearly growth)
# kelompok and akun are written as Python-friendly names; uraian is for people.
REVENUE = [
    ("4.1.01", "pad", "pajak_daerah", "Pajak daerah", 286e9, 0.085),
    ("4.1.02", "pad", "retribusi_daerah", "Retribusi daerah", 39e9, 0.030),
    ("4.1.03", "pad", "hasil_kekayaan_dipisahkan", "Hasil pengelolaan kekayaan daerah yang dipisahkan", 14e9, 0.050),
    ("4.1.04", "pad", "lain_lain_pad", "Lain-lain PAD yang sah", 52e9, 0.040),
    ("4.2.01", "transfer", "dbh", "Dana Bagi Hasil (DBH)", 96e9, 0.040),
    ("4.2.02", "transfer", "dau", "Dana Alokasi Umum (DAU)", 905e9, 0.025),
    ("4.2.03", "transfer", "dak_fisik", "Dana Alokasi Khusus (DAK) fisik", 118e9, 0.030),
    ("4.2.04", "transfer", "dak_nonfisik", "Dana Alokasi Khusus (DAK) nonfisik", 205e9, 0.030),
    ("4.2.05", "transfer", "insentif_fiskal", "Insentif fiskal", 12e9, 0.000),
    ("4.2.06", "transfer", "transfer_provinsi", "Bagi hasil pajak dan bantuan keuangan provinsi", 88e9, 0.035),
    ("4.3.01", "lain_lain_pendapatan", "hibah", "Pendapatan hibah", 22e9, 0.000),
    ("4.3.02", "lain_lain_pendapatan", "lain_lain_pendapatan_sah", "Lain-lain pendapatan sesuai peraturan", 9e9, 0.000),
]
# Spending: personnel grows slowly (the city holds recruitment), capital grows fast.
SPENDING = [
    ("5.1.01", "belanja_operasi", "belanja_pegawai", "Belanja pegawai", 662e9, 0.010),
    ("5.1.02", "belanja_operasi", "belanja_barang_jasa", "Belanja barang dan jasa", 596e9, 0.045),
    ("5.1.03", "belanja_operasi", "belanja_bunga", "Belanja bunga", 0.0, 0.0),
    ("5.1.05", "belanja_operasi", "belanja_hibah", "Belanja hibah", 44e9, 0.020),
    ("5.1.06", "belanja_operasi", "belanja_bantuan_sosial", "Belanja bantuan sosial", 10e9, 0.020),
    ("5.2.01", "belanja_modal", "belanja_modal_tanah", "Belanja modal tanah", 16e9, 0.050),
    ("5.2.02", "belanja_modal", "belanja_modal_peralatan", "Belanja modal peralatan dan mesin", 61e9, 0.040),
    ("5.2.03", "belanja_modal", "belanja_modal_gedung", "Belanja modal gedung dan bangunan", 118e9, 0.075),
    ("5.2.04", "belanja_modal", "belanja_modal_jalan_irigasi_jaringan", "Belanja modal jalan, irigasi dan jaringan", 226e9, 0.120),
    ("5.2.05", "belanja_modal", "belanja_modal_aset_lainnya", "Belanja modal aset tetap lainnya", 8e9, 0.030),
    ("5.3.01", "belanja_tidak_terduga", "belanja_tidak_terduga", "Belanja tidak terduga", 6e9, 0.000),
    ("5.4.02", "belanja_transfer", "belanja_bantuan_keuangan", "Belanja bantuan keuangan", 5e9, 0.000),
]
FINANCING = [
    ("6.1.01", "penerimaan_pembiayaan", "silpa", "Sisa lebih perhitungan anggaran tahun sebelumnya (SiLPA)"),
    ("6.1.05", "penerimaan_pembiayaan", "pinjaman_daerah", "Penerimaan pinjaman daerah"),
    ("6.2.01", "pengeluaran_pembiayaan", "penyertaan_modal", "Penyertaan modal daerah"),
    ("6.2.02", "pengeluaran_pembiayaan", "pembayaran_pokok_utang", "Pembayaran cicilan pokok utang"),
]
SILPA_2021 = 131e9
EQUITY = {2021: 10e9, 2022: 0.0, 2023: 12e9, 2024: 0.0, 2025: 8e9}   # to the city's water utility
LOAN_RATE = 0.065       # interest on the outstanding principal, paid as belanja bunga

# Realised surplus (+) or deficit (-) by year: goods and services absorb the rest, so that
# SiLPA stays at a plausible 5-8% of revenue; 2023 is the year of the big capital push.
SURPLUS = {2021: 6e9, 2022: -21e9, 2023: -88e9, 2024: 24e9, 2025: 18e9}

# PAD realisation / PAD target (efektivitas), by year: the story of the target-setting.
PAD_EFFECTIVENESS = {2021: 0.931, 2022: 0.968, 2023: 1.034, 2024: 0.995, 2025: 1.012}


def _rupiah(value: float) -> int:
    return int(round(value, -3))   # APBD figures are kept in whole thousands of rupiah


def make_apbd(rng: random.Random) -> tuple[list[dict], dict]:
    rows, realised = [], {}
    outstanding = 0.0
    silpa = SILPA_2021
    for index, year in enumerate(YEARS):
        real = {}
        for kode, kelompok, akun, uraian, base, growth in REVENUE + SPENDING:
            value = base * (1 + growth) ** index * rng.uniform(0.985, 1.015)
            real[akun] = (kode, kelompok, uraian, value)
        # The loan: drawn mid-2023, repaid from 2024; interest on the balance at the start.
        drawn = LOAN_AMOUNT if year == LOAN_YEAR else 0.0
        repaid = LOAN_AMOUNT / LOAN_INSTALMENTS if year > LOAN_YEAR else 0.0
        interest = outstanding * LOAN_RATE + (drawn * LOAN_RATE / 2)
        outstanding += drawn - repaid
        real["belanja_bunga"] = ("5.1.03", "belanja_operasi", "Belanja bunga", interest)
        revenue = sum(v for c, g, u, v in real.values() if c.startswith("4."))
        others = sum(v for a, (c, g, u, v) in real.items()
                     if c.startswith("5.") and a != "belanja_barang_jasa")
        goods = revenue - SURPLUS[year] * rng.uniform(0.97, 1.03) - others
        real["belanja_barang_jasa"] = real["belanja_barang_jasa"][:3] + (goods,)
        real = {k: (c, g, u, float(_rupiah(v))) for k, (c, g, u, v) in real.items()}
        revenue = sum(v for c, g, u, v in real.values() if c.startswith("4."))
        spending = sum(v for c, g, u, v in real.values() if c.startswith("5."))
        financing = {
            "silpa": (FINANCING[0], silpa),
            "pinjaman_daerah": (FINANCING[1], drawn),
            "penyertaan_modal": (FINANCING[2], EQUITY[year]),
            "pembayaran_pokok_utang": (FINANCING[3], repaid),
        }
        for akun, ((kode, kelompok, _, uraian), value) in financing.items():
            real[akun] = (kode, kelompok, uraian, float(_rupiah(value)))
        silpa = (revenue - spending + real["silpa"][3] + real["pinjaman_daerah"][3]
                 - real["penyertaan_modal"][3] - real["pembayaran_pokok_utang"][3])
        assert silpa > 0, (year, silpa)
        realised[year] = real
        for akun, (kode, kelompok, uraian, value) in sorted(real.items(), key=lambda kv: kv[1][0]):
            rows.append({"tahun": year, "kode": kode, "kelompok": kelompok, "akun": akun,
                         "uraian": uraian, "anggaran": _budget(rng, year, kode, kelompok, value),
                         "realisasi": int(value)})
    return rows, realised


def _budget(rng: random.Random, year: int, kode: str, kelompok: str, realised: float) -> int:
    """The budget (anggaran) behind a realisation: revenue targets near the outturn (PAD by
    the designed effectiveness), spending budgets above it (absorption 86-96%)."""
    if kelompok == "pad":
        return _rupiah(realised / PAD_EFFECTIVENESS[year])
    if kode.startswith("4."):
        return _rupiah(realised / rng.uniform(0.97, 1.02))
    if kode.startswith("5."):
        absorption = rng.uniform(0.86, 0.96) if realised > 0 else 1.0
        return _rupiah(realised / absorption)
    return int(realised)   # financing: budget as realised (SiLPA is set after the audit)


def make_support(rng: random.Random, realised: dict) -> list[dict]:
    """Figures outside the account tree, as a BPKAD would tag them from the DPA."""
    rows = []
    for index, year in enumerate(YEARS):
        real = realised[year]
        spending = sum(v for c, g, u, v in real.values() if c.startswith("5."))
        transfers = real["belanja_bantuan_keuangan"][3]
        # Teachers' professional allowances paid through DAK nonfisik (part of belanja pegawai).
        teachers = real["belanja_pegawai"][3] * rng.uniform(0.118, 0.126)
        # Tagged public-service infrastructure: most of roads/buildings capital spending plus
        # maintenance in goods and services; share of (spending - transfers) rises 29% -> 35%.
        share = 0.293 + 0.015 * index + rng.uniform(-0.004, 0.004)
        infrastructure = share * (spending - transfers)
        # Education function (salaries of teachers included): about a fifth of spending.
        education = spending * (0.194 + 0.009 * min(index, 3) + rng.uniform(-0.002, 0.002))
        pad = sum(v for c, g, u, v in real.values() if g == "pad")
        collection = pad * rng.uniform(0.045, 0.058)
        rows.append({"tahun": year,
                     "tunjangan_guru_tkd": _rupiah(teachers),
                     "infrastruktur_pelayanan_publik": _rupiah(infrastructure),
                     "belanja_fungsi_pendidikan": _rupiah(education),
                     "biaya_pemungutan_pad": _rupiah(collection)})
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    rows, realised = make_apbd(rng)
    support = make_support(rng, realised)
    instalment = _rupiah(LOAN_AMOUNT / LOAN_INSTALMENTS)
    repaid_by_2025 = sum(1 for y in YEARS if y > LOAN_YEAR)
    city = {
        "nama": "Kota Tirtamarta (fiktif)",
        "provinsi": "Provinsi Tirta Raya (fiktif)",
        "tahun_data": YEARS,
        "satuan": "rupiah",
        "pinjaman": {
            "pemberi": "PT Sarana Pembiayaan Daerah (fiktif)",
            "tahun_penarikan": LOAN_YEAR,
            "pokok": int(LOAN_AMOUNT),
            "bunga_per_tahun_persen": LOAN_RATE * 100,
            "angsuran_pokok_per_tahun": instalment,
            "tahun_angsuran_terakhir": LOAN_YEAR + LOAN_INSTALMENTS,
        },
        "tahun_proyeksi": [2026, 2027, 2028, 2029, 2030],
        "pokok_utang_proyeksi": [instalment if y <= LOAN_YEAR + LOAN_INSTALMENTS else 0
                                 for y in [2026, 2027, 2028, 2029, 2030]],
        "sisa_pokok_akhir_2025": int(LOAN_AMOUNT - instalment * repaid_by_2025),
        "sintetis": True,
        "benih_acak": seed,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "apbd.csv", rows)
    write_csv(out_dir / "data_pendukung.csv", support)
    (out_dir / "kota.json").write_text(json.dumps(city, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")


if __name__ == "__main__":
    main()
