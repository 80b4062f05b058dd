"""Generator for the M08 dataset: a loan proposal of the fictional city of M07, and a worked
example of a fictional kabupaten.

Writes three files next to this script:
  realisasi_2025.csv      the city's 2025 realisation, by account, split where a loan test
                          needs it (earmarked DAU, DBH-CHT, earmarked provincial aid), with
                          a flag telling whether the revenue's use is determined
  pinjaman.json           the loan still being repaid, the proposed loan, the head of
                          region's term, arrears, the limits written as data
  kabupaten_contoh.json   the DSCR worked example (Rp miliar), relabelled as a fictional
                          kabupaten

The city's figures continue M07: its 2025 realisation is read from the committed M07 file
(``../m07_keuangan_daerah/apbd.csv``) and split with fixed shares, so the same city appears in
both lessons. The shares used for the split are drawn once from a seeded generator, so the
output is byte-identical on every run (a test checks this). Everything is synthetic.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SEED = 20260808
HERE = Path(__file__).resolve().parent
M07 = HERE.parent / "m07_keuangan_daerah" / "apbd.csv"
YEAR = 2025

# Ranges of the splits of M07 accounts that a loan test treats differently (drawn once).
RANGE_DAU_EARMARKED = (0.28, 0.32)    # DAU yang ditentukan penggunaannya (gaji PPPK, pendidikan, ...)
RANGE_DBH_CHT = (0.06, 0.08)          # DBH cukai hasil tembakau (earmarked)
RANGE_PROVINCIAL_AID = (0.40, 0.50)   # bantuan keuangan provinsi (earmarked) within transfer_provinsi


def _rows(dau_earmarked: float, dbh_cht: float, provincial_aid: float) -> list:
    """account, uraian, kind, source account(s) in M07 with share, use determined?"""
    return [
        ("pad", "Pendapatan asli daerah (PAD)", "pendapatan", [("pajak_daerah", 1), ("retribusi_daerah", 1),
         ("hasil_kekayaan_dipisahkan", 1), ("lain_lain_pad", 1)], False),
        ("dbh_umum", "DBH pajak dan sumber daya alam (di luar DR dan CHT)", "pendapatan", [("dbh", 1 - dbh_cht)], False),
        ("dbh_dr", "DBH dana reboisasi (DBH-DR)", "pendapatan", [], True),
        ("dbh_cht", "DBH cukai hasil tembakau (DBH-CHT)", "pendapatan", [("dbh", dbh_cht)], True),
        ("dau_umum", "DAU yang tidak ditentukan penggunaannya", "pendapatan", [("dau", 1 - dau_earmarked)], False),
        ("dau_ditentukan", "DAU yang ditentukan penggunaannya", "pendapatan", [("dau", dau_earmarked)], True),
        ("dak_fisik", "DAK fisik", "pendapatan", [("dak_fisik", 1)], True),
        ("dak_nonfisik", "DAK nonfisik", "pendapatan", [("dak_nonfisik", 1)], True),
        ("insentif_fiskal", "Insentif fiskal", "pendapatan", [("insentif_fiskal", 1)], False),
        ("bagi_hasil_provinsi", "Bagi hasil pajak provinsi", "pendapatan", [("transfer_provinsi", 1 - provincial_aid)], False),
        ("bantuan_provinsi", "Bantuan keuangan provinsi (khusus)", "pendapatan", [("transfer_provinsi", provincial_aid)], True),
        ("hibah", "Pendapatan hibah", "pendapatan", [("hibah", 1)], True),
        ("lain_lain", "Lain-lain pendapatan sesuai peraturan", "pendapatan", [("lain_lain_pendapatan_sah", 1)], False),
        ("belanja_pegawai", "Belanja pegawai (termasuk kepala daerah dan DPRD)", "belanja", [("belanja_pegawai", 1)], None),
    ]


def _m07_2025() -> dict[str, int]:
    with M07.open(encoding="utf-8") as handle:
        return {r["akun"]: int(r["realisasi"]) for r in csv.DictReader(handle) if int(r["tahun"]) == YEAR}


def make_rows(rng: random.Random) -> list[dict]:
    source = _m07_2025()
    shares = [round(rng.uniform(*r), 3) for r in (RANGE_DAU_EARMARKED, RANGE_DBH_CHT, RANGE_PROVINCIAL_AID)]
    rows = []
    for akun, uraian, jenis, parts, determined in _rows(*shares):
        value = sum(source[name] * share for name, share in parts)
        rows.append({"akun": akun, "uraian": uraian, "jenis": jenis,
                     "realisasi": int(round(value, -3)),
                     "ditentukan_penggunaannya": "" if determined is None else ("ya" if determined else "tidak")})
    return rows


def make_loans() -> dict:
    return {
        "kota": "Kota Tirtamarta (fiktif)",
        "tahun_realisasi": YEAR,
        "tahun_usulan": YEAR + 1,
        "pinjaman_berjalan": {
            "pemberi": "PT Sarana Pembiayaan Daerah (fiktif)",
            "sisa_pokok": 90_000_000_000,
            "bunga_persen": 6.5,
            "pokok_per_tahun": 30_000_000_000,
            "tahun_terakhir": 2028,
        },
        "usulan": {
            "kegiatan": "Pembangunan Pasar Induk dan Terminal Terpadu (fiktif)",
            "program_rpjmd": "Peningkatan sarana perdagangan dan perhubungan kota",
            "pemberi": "PT Sarana Pembiayaan Daerah (fiktif)",
            "pokok": 250_000_000_000,
            "bunga_persen": 7.0,
            "tenor_tahun": 8,
            "biaya_lain_per_tahun": 250_000_000,
        },
        "perkiraan_pendapatan_2026": 2_214_000_000_000,
        "akhir_masa_jabatan_kepala_daerah": 2030,
        "tunggakan": 0,
        "persetujuan_dprd": False,
        "sintetis": True,
    }


def make_kabupaten() -> dict:
    """The DSCR worked example, Rp miliar, from an unofficial exam answer (see the data card)."""
    return {
        "nama": "Kabupaten Sagara Wetan (fiktif)",
        "satuan": "Rp miliar",
        "pad": 136, "dau": 547, "dau_ditentukan": 125, "dbh": 328, "dbh_dr": 3, "dbh_cht": 17,
        "belanja_pegawai": 567,
        "pokok_jatuh_tempo": 35, "bunga_jatuh_tempo": 8.4, "biaya_lain": 0.06,
        "sintetis": True,
    }


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "realisasi_2025.csv", make_rows(rng))
    for name, data in (("pinjaman.json", make_loans()), ("kabupaten_contoh.json", make_kabupaten())):
        (out_dir / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
