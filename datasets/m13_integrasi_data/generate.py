"""Seeded generator for the M13 dataset: data of several agencies of a fictional city.

Kota Sarimulya (fictional, in the fictional Provinsi Nusa Sentosa, code 99) has eight
kecamatan. Its Bappeda data team receives one file from each agency, each with the faults real
files have. Written next to this script:

  wilayah.csv          data induk: kode wilayah Kemendagri (PP.KK.CC), official name, BPS code
  padanan_nama.csv     crosswalk: a kecamatan name as written by agencies (normalised) -> kode
  penduduk_bps.csv     population per kecamatan from the statistics office, keyed by BPS code
  stunting_dinkes.csv  children measured and stunted per puskesmas (Dinas Kesehatan): names in
                       varied case, spacing, "Kec." prefixes and abbreviations, exact duplicate
                       rows, one missing value
  rencana_bappeda.csv  RKPD plan per sub-kegiatan and kecamatan, pagu in juta rupiah written the
                       Indonesian way ("1.250,5"), kode wilayah with dots, some with the
                       kecamatan's leading zero lost ("99.71.3")
  anggaran_bpkad.csv   APBD budget (DPA) per sub-kegiatan and kecamatan, pagu in ribu rupiah
                       ("1.250.500"), kode wilayah without dots ("997103")
  realisasi_bpkad.csv  payments (SP2D) per sub-kegiatan and kecamatan in rupiah ("Rp 1.234.500"),
                       kode wilayah with dots, some with the leading zero lost; one exact
                       duplicate row

What was planted is returned by ``build()`` as TANAM (counts and keys), so the tests can check the
reconciled join against it. TANAM is never written into the data folder (participants receive the
data files, never this script). Run ``python datasets/m13_integrasi_data/generate.py`` to
rebuild; the output is byte-identical for the same seed. Everything here is synthetic.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20261207
HERE = Path(__file__).resolve().parent
PROVINSI = "99"   # fictional: real province codes end at 96
KOTA = "71"       # kota codes start at 71

# (CC, official name, BPS kecamatan number, abbreviation used by some agencies or None).
# The BPS numbers of Pasir Putih and Telaga Sari are in the other order than Kemendagri's:
# cutting a BPS code into PP.KK.CC gives the wrong kecamatan for those two.
KECAMATAN = [
    ("01", "Sarimulya Utara", "010", "Smy. Utara"),
    ("02", "Sarimulya Selatan", "020", "Smy. Selatan"),
    ("03", "Sarimulya Barat", "030", None),
    ("04", "Cempaka Baru", "040", None),
    ("05", "Tanjung Harapan", "050", "Tj. Harapan"),
    ("06", "Bukit Permai", "060", "Bkt. Permai"),
    ("07", "Pasir Putih", "080", None),
    ("08", "Telaga Sari", "070", None),
]

# Sub-kegiatan of the city's RKPD used in this file (codes as in module M04; [V-code]).
SUB_KEGIATAN = [
    ("1.01.02.2.01.0003", "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", "pendidikan", (400, 2_500)),
    ("1.02.02.2.01.0003", "Rehabilitasi dan Pemeliharaan Puskesmas", "kesehatan", (300, 1_800)),
    ("1.03.10.2.01.0010", "Pemeliharaan Rutin Jalan", "jalan", (500, 3_500)),
    ("1.03.06.2.01.0001", "Pembangunan Sistem Drainase Perkotaan", "drainase", (800, 4_500)),
    ("1.04.03.2.01.0001", "Perbaikan Rumah Tidak Layak Huni", "perumahan", (300, 1_500)),
    ("2.11.11.2.01.0001", "Penyediaan Sarana dan Prasarana Pengelolaan Sampah", "persampahan", (250, 1_200)),
]

N_TIDAK_DIANGGARKAN = 3     # planned, not in the budget
N_TANPA_RENCANA = 1         # in the budget, not in the plan
N_TIDAK_DIREALISASI = 4     # in the budget, no payment at all
N_NOL_HILANG_RENCANA = 6    # "99.71.3" in the plan
N_NOL_HILANG_REALISASI = 5  # "99.71.3" in the payments
N_DUPLIKAT_STUNTING = 2
N_DUPLIKAT_SP2D = 1


def kode(cc: str) -> str:
    return f"{PROVINSI}.{KOTA}.{cc}"


def indonesia(value: float, decimals: int) -> str:
    """1250.5 -> '1.250,5' (thousands dots, decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def lost_zero(code: str) -> str:
    pp, kk, cc = code.split(".")
    return f"{pp}.{kk}.{int(cc)}"


def variants(rng: random.Random, name: str, abbreviation: str | None) -> list[str]:
    forms = [name, name.upper(), "  " + name.lower().replace(" ", "  "), "Kec. " + name,
             "KECAMATAN " + name.upper(), name + " "]
    if abbreviation:
        forms.append(abbreviation)
    return forms


def build(seed: int = SEED) -> tuple[dict[str, list[dict]], dict]:
    rng = random.Random(seed)
    tanam: dict = {}

    wilayah = [{"kode_wilayah": kode(cc), "nama_kecamatan": nama,
                "kode_bps": f"{PROVINSI}{KOTA}{bps}"} for cc, nama, bps, _ in KECAMATAN]
    tanam["bps_beda"] = sorted(w["kode_wilayah"] for w in wilayah
                               if w["kode_bps"][4:6] != w["kode_wilayah"][-2:])

    padanan = []
    for cc, nama, _bps, singkat in KECAMATAN:
        padanan.append({"nama_sumber": nama.lower(), "kode_wilayah": kode(cc)})
        if singkat:
            padanan.append({"nama_sumber": singkat.lower(), "kode_wilayah": kode(cc)})

    penduduk = []
    for cc, nama, bps, _ in sorted(KECAMATAN, key=lambda k: k[2]):
        jumlah = rng.randrange(42_000, 131_000)
        penduduk.append({"kode_bps": f"{PROVINSI}{KOTA}{bps}", "nama_wilayah": nama.upper(),
                         "jumlah_penduduk": jumlah, "jumlah_balita": round(jumlah * rng.uniform(0.072, 0.088))})
    balita = {p["kode_bps"]: p["jumlah_balita"] for p in penduduk}

    # Stunting per puskesmas: two puskesmas per kecamatan.
    stunting = []
    abbreviated = 0
    spread = random.Random(seed + 1)   # puskesmas of one kecamatan differ (own stream: the rest stays)
    for cc, nama, bps, singkat in KECAMATAN:
        total = balita[f"{PROVINSI}{KOTA}{bps}"]
        prevalence = rng.uniform(0.11, 0.27)
        share = rng.uniform(0.4, 0.6)
        forms = variants(rng, nama, singkat)
        chosen = [singkat, rng.choice(forms[:-1])] if singkat and cc in ("01", "05", "06") else rng.sample(forms[:6], 2)
        for part, (suffix, written) in zip((share, 1 - share), zip(("I", "II"), chosen)):
            diukur = round(total * part * rng.uniform(0.86, 0.95))
            own = prevalence * spread.uniform(0.7, 1.3)
            stunting.append({"puskesmas": f"Puskesmas {nama} {suffix}", "kecamatan": written,
                             "balita_diukur": diukur, "balita_stunting": round(diukur * own)})
            abbreviated += written == singkat
    tanam["nama_singkatan"] = abbreviated
    missing = rng.choice(range(len(stunting)))
    stunting[missing]["balita_stunting"] = ""
    tanam["stunting_kosong"] = [stunting[missing]["puskesmas"]]
    for index in rng.sample([i for i in range(len(stunting)) if i != missing], N_DUPLIKAT_STUNTING):
        stunting.append(dict(stunting[index]))
    tanam["stunting_duplikat"] = N_DUPLIKAT_STUNTING
    tanam["stunting_baris"] = len(stunting)

    # Plan, budget and payments per (sub-kegiatan, kecamatan).
    paket = []
    for cc, _nama, _bps, _ in KECAMATAN:
        for code, name, sektor, (low, high) in sorted(rng.sample(SUB_KEGIATAN, 4)):
            juta = round(low * (high / low) ** rng.random(), 1)
            paket.append({"kode_sub_kegiatan": code, "nama_sub_kegiatan": name, "sektor": sektor,
                          "kode_wilayah": kode(cc), "juta": juta})
    keys = [(p["kode_sub_kegiatan"], p["kode_wilayah"]) for p in paket]
    assert len(set(keys)) == len(keys)
    tidak_dianggarkan = rng.sample(range(len(paket)), N_TIDAK_DIANGGARKAN)
    tanam["tidak_dianggarkan"] = sorted(keys[i] for i in tidak_dianggarkan)

    rencana = []
    lost_plan = set(rng.sample(range(len(paket)), N_NOL_HILANG_RENCANA))
    for i, p in enumerate(paket):
        rencana.append({"kode_sub_kegiatan": p["kode_sub_kegiatan"], "nama_sub_kegiatan": p["nama_sub_kegiatan"],
                        "sektor": p["sektor"],
                        "kode_wilayah": lost_zero(p["kode_wilayah"]) if i in lost_plan else p["kode_wilayah"],
                        "pagu_juta": indonesia(p["juta"], 1)})
    tanam["nol_hilang_rencana"] = N_NOL_HILANG_RENCANA

    anggaran_paket = [p for i, p in enumerate(paket) if i not in tidak_dianggarkan]
    used = set(keys)
    extra = []
    while len(extra) < N_TANPA_RENCANA:
        code, name, sektor, (low, high) = rng.choice(SUB_KEGIATAN)
        cc = rng.choice(KECAMATAN)[0]
        if (code, kode(cc)) not in used:
            used.add((code, kode(cc)))
            extra.append({"kode_sub_kegiatan": code, "nama_sub_kegiatan": name, "sektor": sektor,
                          "kode_wilayah": kode(cc), "juta": round(low * (high / low) ** rng.random(), 1)})
    tanam["tanpa_rencana"] = sorted((p["kode_sub_kegiatan"], p["kode_wilayah"]) for p in extra)
    anggaran_paket = sorted(anggaran_paket + extra, key=lambda p: (p["kode_wilayah"], p["kode_sub_kegiatan"]))
    anggaran = []
    pagu_rp = {}
    for p in anggaran_paket:
        ribu = round(p["juta"] * rng.uniform(0.9, 1.05) * 10) * 100   # whole hundreds of ribu
        pagu_rp[(p["kode_sub_kegiatan"], p["kode_wilayah"])] = ribu * 1_000
        anggaran.append({"kode_sub_kegiatan": p["kode_sub_kegiatan"], "sektor": p["sektor"],
                         "kode_wilayah": p["kode_wilayah"].replace(".", ""),
                         "pagu_ribu": indonesia(ribu, 0)})
    tanam["anggaran_baris"] = len(anggaran)

    budget_keys = sorted(pagu_rp)
    tidak_direalisasi = set(rng.sample(budget_keys, N_TIDAK_DIREALISASI))
    tanam["tidak_direalisasi"] = sorted(tidak_direalisasi)
    realisasi = []
    nomor = 1
    for key in budget_keys:
        if key in tidak_direalisasi:
            continue
        share = rng.choice((rng.uniform(0.35, 0.7), rng.uniform(0.75, 1.0), rng.uniform(0.85, 1.0)))
        amount = pagu_rp[key] * share
        parts = rng.choice((1, 2, 2, 3))
        cuts = sorted(rng.uniform(0.2, 0.8) for _ in range(parts - 1))
        shares = [b - a for a, b in zip([0.0, *cuts], [*cuts, 1.0])]
        for piece in shares:
            rupiah = round(amount * piece, -3)
            realisasi.append({"no_sp2d": f"SP2D-{nomor:04d}", "kode_sub_kegiatan": key[0],
                              "kode_wilayah": key[1],
                              "nilai": ("Rp " if rng.random() < 0.7 else "") + indonesia(rupiah, 0)})
            nomor += 1
    for index in rng.sample(range(len(realisasi)), N_NOL_HILANG_REALISASI):
        realisasi[index]["kode_wilayah"] = lost_zero(realisasi[index]["kode_wilayah"])
    tanam["nol_hilang_realisasi"] = N_NOL_HILANG_REALISASI
    duplicate = rng.randrange(len(realisasi))
    realisasi.insert(duplicate + 1, dict(realisasi[duplicate]))
    tanam["sp2d_duplikat"] = [realisasi[duplicate]["no_sp2d"]]
    tanam["realisasi_baris"] = len(realisasi)
    tanam["rencana_baris"] = len(rencana)

    tables = {"wilayah": wilayah, "padanan_nama": padanan, "penduduk_bps": penduduk,
              "stunting_dinkes": stunting, "rencana_bappeda": rencana, "anggaran_bpkad": anggaran,
              "realisasi_bpkad": realisasi}
    return tables, tanam


FILES = {"wilayah": "wilayah.csv", "padanan_nama": "padanan_nama.csv", "penduduk_bps": "penduduk_bps.csv",
         "stunting_dinkes": "stunting_dinkes.csv", "rencana_bappeda": "rencana_bappeda.csv",
         "anggaran_bpkad": "anggaran_bpkad.csv", "realisasi_bpkad": "realisasi_bpkad.csv"}


def write(out_dir: Path, tables: dict[str, list[dict]]) -> None:
    for name, rows in tables.items():
        with (out_dir / FILES[name]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> dict:
    tables, tanam = build(seed)
    write(out_dir, tables)
    return tanam


if __name__ == "__main__":
    for name, value in main().items():
        print(f"{name}: {value}")
