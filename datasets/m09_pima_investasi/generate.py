"""Seeded generator for the M09 dataset: a city's PIMA self-assessment and its candidate
infrastructure projects for the RPJMD period.

Writes four files next to this script:
  pima.csv        the 15 PIMA institutions with the city's design and effectiveness scores (1-3)
  proyek.csv      nine candidate projects: sector, capital cost, scores on the non-economic
                  criteria (1-5), and whether the project is ready to start
  arus_kas.csv    each project's yearly cash flows over its life (year 0 = first year of
                  construction): investment, operation and maintenance, economic benefits
  pagu.csv        the yearly ceiling for these projects' capital spending, 2026-2030

The PIMA scores are designed (design above effectiveness, the largest gaps in appraisal,
selection and maintenance, as IMF assessments usually find); the project flows are built from
designed parameters with seeded noise. Run ``python datasets/m09_pima_investasi/generate.py``;
the output is byte-identical for the same seed (a test checks this). Everything is synthetic.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260909
HERE = Path(__file__).resolve().parent
LIFE = 20            # years of benefits after construction starts (flows for years 0..LIFE)

# (no, lembaga, English name, tahap, design, effectiveness)
PIMA = [
    (1, "Target dan aturan fiskal", "Fiscal targets and rules", "perencanaan", 2.5, 2.0),
    (2, "Perencanaan nasional dan sektoral", "National and sectoral planning", "perencanaan", 3.0, 2.5),
    (3, "Koordinasi antar entitas", "Coordination between entities", "perencanaan", 2.0, 1.5),
    (4, "Penilaian proyek", "Project appraisal", "perencanaan", 2.5, 1.0),
    (5, "Pembiayaan infrastruktur alternatif", "Alternative infrastructure financing", "perencanaan", 1.5, 1.5),
    (6, "Penganggaran tahun jamak", "Multi-year budgeting", "alokasi", 2.0, 1.5),
    (7, "Kelengkapan dan kesatuan anggaran", "Budget comprehensiveness and unity", "alokasi", 2.5, 2.0),
    (8, "Penganggaran investasi", "Budgeting for investment", "alokasi", 2.0, 1.5),
    (9, "Pendanaan pemeliharaan", "Maintenance funding", "alokasi", 2.5, 1.0),
    (10, "Seleksi proyek", "Project selection", "alokasi", 2.5, 1.0),
    (11, "Pengadaan", "Procurement", "pelaksanaan", 3.0, 2.5),
    (12, "Ketersediaan dana", "Availability of funding", "pelaksanaan", 2.0, 1.5),
    (13, "Pengelolaan dan pengawasan portofolio", "Portfolio management and oversight", "pelaksanaan", 1.5, 1.0),
    (14, "Pengelolaan pelaksanaan proyek", "Management of project implementation", "pelaksanaan", 2.5, 1.5),
    (15, "Pemantauan aset publik", "Monitoring of public assets", "pelaksanaan", 2.0, 1.0),
]

# (id, nama, sektor, capex by construction year (Rp miliar), O&M per year as a share of capex,
#  yearly benefit at full operation as a share of capex, benefit ramp-up years,
#  scores rpjmd, spm, kesiapan, iklim (1-5))
PROJECTS = [
    ("P1", "Rehabilitasi Jalan Lingkar Selatan", "jalan", None, 0.030, 0.215, 1, 4, 5, 5, 3),
    ("P2", "Instalasi Pengolahan Lumpur Tinja (IPLT)", "sanitasi", [20.0, 25.0], 0.045, 0.195, 2, 5, 5, 3, 4),
    ("P3", "Jaringan distribusi air minum zona timur", "air minum", [30.0, 50.0], 0.035, 0.185, 2, 5, 5, 4, 3),
    ("P4", "Drainase primer kawasan Rawa Kidul", "drainase", [30.0, 35.0, 30.0], 0.025, 0.175, 1, 4, 4, 2, 5),
    ("P5", "Penerangan jalan umum hemat energi (LED)", "energi", [25.0], 0.020, 0.230, 1, 3, 2, 5, 4),
    ("P6", "Gedung parkir pusat kota", "perhubungan", [35.0, 35.0], 0.040, 0.100, 2, 2, 1, 3, 1),
    ("P7", "Taman kota dan ruang terbuka hijau Sungai Tirta", "ruang terbuka", [20.0], 0.050, 0.120, 2, 3, 2, 4, 5),
    ("P8", "Rehabilitasi gedung sekolah dasar negeri", "pendidikan", [20.0], 0.030, 0.160, 1, 4, 5, 4, 2),
    ("P9", "Puskesmas rawat inap Kecamatan Tirta Barat", "kesehatan", [25.0, 30.0], 0.060, 0.210, 2, 4, 5, 3, 2),
]
CEILING = {2026: 60.0, 2027: 65.0, 2028: 70.0, 2029: 72.0, 2030: 50.0}   # Rp miliar


def make_pima() -> list[dict]:
    return [{"no": no, "lembaga": nama, "lembaga_inggris": en, "tahap": tahap,
             "desain": d, "efektivitas": e} for no, nama, en, tahap, d, e in PIMA]


def _m11_contract_value() -> float:
    """P1 is the road contract of M11: its capital cost is that contract's RAB total (Rp miliar)."""
    with (HERE.parent / "m11_kurva_s" / "rab.csv").open(encoding="utf-8") as handle:
        return sum(int(r["jumlah_harga"]) for r in csv.DictReader(handle)) / 1e9


def make_projects(rng: random.Random) -> tuple[list[dict], list[dict]]:
    projects, flows = [], []
    for pid, nama, sektor, capex, om, benefit, ramp, rpjmd, spm, siap, iklim in PROJECTS:
        capex = capex or [_m11_contract_value()]
        total = sum(capex)
        projects.append({"proyek": pid, "nama": nama, "sektor": sektor,
                         "biaya_investasi": int(round(total * 1e9)), "lama_konstruksi": len(capex),
                         "skor_rpjmd": rpjmd, "skor_spm": spm, "skor_kesiapan": siap,
                         "skor_iklim": iklim})
        start = len(capex)             # benefits begin the year after construction ends
        for year in range(LIFE + 1):
            investasi = capex[year] * 1e9 if year < len(capex) else 0.0
            operating = year >= start
            full = min(1.0, (year - start + 1) / ramp) if operating else 0.0
            manfaat = total * 1e9 * benefit * full * rng.uniform(0.95, 1.05)
            om_cost = total * 1e9 * om * rng.uniform(0.97, 1.03) if operating else 0.0
            flows.append({"proyek": pid, "tahun_ke": year, "investasi": int(round(investasi, -6)),
                          "operasi_pemeliharaan": int(round(om_cost, -6)),
                          "manfaat": int(round(manfaat, -6))})
    return projects, flows


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    projects, flows = make_projects(rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "pima.csv", make_pima())
    write_csv(out_dir / "proyek.csv", projects)
    write_csv(out_dir / "arus_kas.csv", flows)
    write_csv(out_dir / "pagu.csv", [{"tahun": y, "pagu": int(round(v * 1e9))} for y, v in CEILING.items()])


if __name__ == "__main__":
    main()
