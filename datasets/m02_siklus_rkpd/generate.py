"""Seeded generator for the M02 dataset: usulan that the musrenbang kelurahan of two fictional
kecamatan forward to their musrenbang kecamatan.

Writes, next to this script:
  agenda_rembug_warga.csv   the agenda of a rembug warga (durations of a city guideline)
  usulan_selatan.csv        usulan of Kecamatan Tirtamarta Selatan (the lesson), in the columns
                            of Form RW.1 plus kelurahan, RT and the kelurahan's rank
  pagu_selatan.csv          pagu indikatif kewilayahan per kelurahan of that kecamatan
  kesepakatan_selatan.csv   the flat list agreed at its musrenbang kecamatan (one row per usulan)
  usulan_barat.csv, pagu_barat.csv, kesepakatan_barat.csv
                            the same for Kecamatan Tirtamarta Barat (the graded exercise)

Every CSV is written as an Indonesian spreadsheet saves one (";" between columns, "." between
thousands). Usulan are typed by hand at each RW, so the same kind of work at the same street is
written in different ways ("Jl. Kenanga", "JALAN KENANGA", "jl.kenanga"). Some neighbouring RW
of one kelurahan propose the same work at the same street (planted duplicates); there are also
near misses that are not duplicates: the same street with other work, the same work at another
street ("Jl. Melati Raya" is not "Jl. Melati"), and the same street name in another kelurahan.

The agreed list is derived from the usulan: duplicates removed (the lowest usulan number
kept), then per kelurahan in the order of its rank, funded while the cost fits the pagu left
(an usulan that does not fit is skipped and the next one tried), and mapped to the city's RKPD
priorities, programmes and perangkat daerah.

Run ``python datasets/m02_siklus_rkpd/generate.py`` to rebuild; the output is byte-identical
for the same seed. Everything here is synthetic.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260208
HERE = Path(__file__).resolve().parent

# Pagu indikatif kewilayahan per kelurahan = base + per RW (assumption of the story).
PAGU_DASAR = 150_000_000
PAGU_PER_RW = 120_000_000

# Rembug warga agenda (Semarang guideline, minutes; read from a secondary quotation).
AGENDA = [
    ("Pembukaan", 5),
    ("Pengarahan tim fasilitasi", 10),
    ("Identifikasi potensi (infrastruktur, sosial, budaya, ekonomi)", 30),
    ("Pembahasan daftar usulan", 45),
    ("Penyusunan daftar usulan prioritas RW", 30),
    ("Perumusan hasil dan pengisian formulir", 10),
    ("Penetapan delegasi ke musrenbang kelurahan", 5),
]

PRIORITAS = {
    1: ("Prioritas 1: Infrastruktur permukiman layak",
        "Meningkatnya kualitas prasarana lingkungan permukiman"),
    2: ("Prioritas 2: Kesehatan keluarga dan penurunan stunting",
        "Menurunnya prevalensi balita stunting"),
    3: ("Prioritas 3: Lingkungan hidup dan ketahanan air",
        "Meningkatnya pengelolaan sampah dan air hujan"),
    4: ("Prioritas 4: Ekonomi lokal dan usaha mikro",
        "Meningkatnya pendapatan usaha mikro"),
}

# (jenis kegiatan, bidang, satuan, volume range, unit cost Rp, prioritas, program, kegiatan,
#  perangkat daerah). Programme and activity names are simplified (codes: module M04).
KEGIATAN = [
    ("Perbaikan saluran drainase", "Infrastruktur", "m", (80, 200), 1_150_000, 1,
     "Program Pengelolaan dan Pengembangan Sistem Drainase", "Rehabilitasi saluran drainase lingkungan",
     "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Jalan lingkungan paving block", "Infrastruktur", "m2", (300, 800), 215_000, 1,
     "Program Kawasan Permukiman", "Peningkatan jalan lingkungan", "Dinas Perumahan dan Kawasan Permukiman"),
    ("Penerangan jalan umum tenaga surya", "Infrastruktur", "titik", (6, 14), 9_600_000, 1,
     "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan", "Pengadaan penerangan jalan umum",
     "Dinas Perhubungan"),
    ("Talud penahan tanah", "Infrastruktur", "m", (20, 50), 2_450_000, 1,
     "Program Kawasan Permukiman", "Pembangunan talud lingkungan", "Dinas Perumahan dan Kawasan Permukiman"),
    ("Rehabilitasi MCK komunal", "Infrastruktur", "unit", (1, 1), 128_000_000, 1,
     "Program Pengelolaan dan Pengembangan Sistem Air Limbah", "Rehabilitasi sanitasi komunal",
     "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Alat antropometri posyandu", "Sosial budaya", "paket", (1, 3), 6_700_000, 2,
     "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
     "Penyediaan alat kesehatan posyandu", "Dinas Kesehatan"),
    ("Pelatihan kader posyandu", "Sosial budaya", "orang", (20, 40), 450_000, 2,
     "Program Pemberdayaan Masyarakat Bidang Kesehatan", "Pelatihan kader kesehatan", "Dinas Kesehatan"),
    ("Sumur resapan", "Infrastruktur", "unit", (6, 18), 4_850_000, 3,
     "Program Pengelolaan Sumber Daya Air", "Pembangunan sumur resapan",
     "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Timbangan dan gerobak bank sampah", "Sosial budaya", "paket", (1, 2), 18_500_000, 3,
     "Program Pengelolaan Persampahan", "Pengembangan bank sampah", "Dinas Lingkungan Hidup"),
    ("Pelatihan pengolahan pangan UMKM", "Ekonomi", "orang", (20, 40), 620_000, 4,
     "Program Pengembangan Usaha Mikro", "Pelatihan usaha mikro", "Dinas Koperasi dan Usaha Mikro"),
    ("Gerobak usaha pedagang kaki lima", "Ekonomi", "unit", (5, 10), 3_600_000, 4,
     "Program Pengembangan Usaha Mikro", "Bantuan sarana usaha mikro", "Dinas Koperasi dan Usaha Mikro"),
]
JENIS = {k[0]: k for k in KEGIATAN}

JALAN = ["Kenanga", "Melati", "Flamboyan", "Cempaka", "Dahlia", "Sawo", "Nangka", "Kemuning",
         "Bougenville", "Seroja"]
GANG = ["Mawar", "Anggrek", "Teratai", "Kamboja"]

KECAMATAN = {
    "selatan": ("Kecamatan Tirtamarta Selatan",
                [("Bojongasri", 6), ("Cikadu Hilir", 5), ("Lembahsari", 7),
                 ("Mekarwangi Timur", 4), ("Sindangjaya Baru", 6), ("Tirtaraharja", 5)]),
    "barat": ("Kecamatan Tirtamarta Barat",
              [("Cibodas Girang", 5), ("Karangpawitan Baru", 6), ("Nagrakjaya", 4),
               ("Pasirluhur", 7), ("Sukawening Hilir", 5)]),
}
GANDA = {"selatan": 6, "barat": 5}   # planted duplicate pairs per kecamatan

USULAN_KOLOM = ["no_usulan", "kelurahan", "rw", "rt", "prioritas_rw", "jenis_kegiatan", "bidang",
                "lokasi", "volume", "satuan", "biaya", "swadaya_persen", "peringkat_kelurahan"]
KESEPAKATAN_KOLOM = ["prioritas", "sasaran", "program", "kegiatan", "kelurahan", "rw", "lokasi",
                     "volume", "satuan", "pagu", "perangkat_daerah"]


# --------------------------------------------------------------------------- writing variants

def tulis_lokasi(jenis: str, nama: str, cara: int = 0) -> str:
    """A street written by hand; cara 0 is the usual writing."""
    if jenis == "Gg.":
        bentuk = [f"Gg. {nama}", f"Gang {nama}", f"GG {nama.upper()}", f"gg. {nama.lower()}",
                  f"Gg.{nama}"]
    else:
        bentuk = [f"Jl. {nama}", f"Jalan {nama}", f"JL. {nama.upper()}", f"jl {nama.lower()}",
                  f"Jln. {nama}", f"Jl.{nama}", f"Jl.  {nama}"]
    return bentuk[cara % len(bentuk)]


def tulis_jenis(jenis: str, cara: int) -> str:
    bentuk = [jenis, jenis.lower(), jenis.upper(), jenis.title(), jenis + ".",
              jenis.replace(" ", "  ", 1)]
    return bentuk[cara % len(bentuk)]


def kunci(jenis: str, jalan: tuple[str, str]) -> tuple[str, str, str]:
    return (jenis, jalan[0], jalan[1])


# --------------------------------------------------------------------------- usulan

def _biaya(rng: random.Random, spek, volume: int) -> int:
    return int(round(volume * spek[4] * rng.uniform(0.93, 1.07), -5))


def _usulan(rng: random.Random, kelurahan: str, rw: str, prioritas: int, jenis: str,
            jalan: tuple[str, str], cara_jenis: int, cara_lokasi: int) -> dict:
    spek = JENIS[jenis]
    volume = rng.randint(*spek[3])
    return {
        "kelurahan": kelurahan, "rw": rw, "rt": f"{rng.randint(1, 6):02d}",
        "prioritas_rw": prioritas, "jenis_kegiatan": tulis_jenis(jenis, cara_jenis),
        "bidang": spek[1], "lokasi": tulis_lokasi(jalan[0], jalan[1], cara_lokasi),
        "volume": volume, "satuan": spek[2], "biaya": _biaya(rng, spek, volume),
        "swadaya_persen": rng.choice([0, 0, 5, 5, 10, 10, 15, 20]),
        "_jenis": jenis, "_jalan": jalan,
    }


def make_usulan(rng: random.Random, wilayah: list[tuple[str, int]], ganda: int) -> list[dict]:
    """Usulan per RW (two or three each), then planted duplicates and near misses."""
    rows: list[dict] = []
    jalan_semua = [("Jl.", n) for n in JALAN] + [("Gg.", n) for n in GANG]
    for kelurahan, banyak_rw in wilayah:
        jalan_kel = rng.sample(jalan_semua, 8)
        dipakai: set = set()
        for r in range(1, banyak_rw + 1):
            rw = f"{r:02d}"
            for prioritas in range(1, rng.choice([2, 3, 3]) + 1):
                while True:
                    jenis = rng.choice(KEGIATAN)[0]
                    jalan = rng.choice(jalan_kel)
                    if kunci(jenis, jalan) not in dipakai:
                        break
                dipakai.add(kunci(jenis, jalan))
                rows.append(_usulan(rng, kelurahan, rw, prioritas, jenis, jalan,
                                    rng.choice([0, 0, 0, 1, 3]), rng.choice([0, 0, 0, 1, 3])))
    # Duplicates: the next RW of the same kelurahan proposes the same work at the same street,
    # written differently (a street on the border of two RW).
    kandidat = [i for i, r in enumerate(rows)
                if r["rw"] != f"{dict(wilayah)[r['kelurahan']]:02d}"
                and r["_jenis"] not in ("Pelatihan kader posyandu", "Pelatihan pengolahan pangan UMKM")]
    asal_ganda = sorted(rng.sample(kandidat, ganda))
    tambahan = []
    for nomor_cara, i in enumerate(asal_ganda):
        a = rows[i]
        rw_tetangga = f"{int(a['rw']) + 1:02d}"
        tambahan.append(_usulan(rng, a["kelurahan"], rw_tetangga, 9, a["_jenis"], a["_jalan"],
                                nomor_cara + 1, nomor_cara + 2))
    # Near misses (not duplicates): same street other work; same work at "<street> Raya";
    # the same work and street in another kelurahan.
    hampir = []
    for i in rng.sample([i for i in range(len(rows)) if i not in asal_ganda], 3):
        a = rows[i]
        lain = next(k[0] for k in rng.sample(KEGIATAN, len(KEGIATAN))
                    if k[0] != a["_jenis"] and kunci(k[0], a["_jalan"]) not in
                    {kunci(r["_jenis"], r["_jalan"]) for r in rows if r["kelurahan"] == a["kelurahan"]})
        rw_tetangga = f"{max(1, int(a['rw']) - 1):02d}"
        hampir.append(_usulan(rng, a["kelurahan"], rw_tetangga, 9, lain, a["_jalan"], 2, 3))
    a = rows[rng.choice([i for i, r in enumerate(rows) if r["_jalan"][0] == "Jl."])]
    hampir.append(_usulan(rng, a["kelurahan"], a["rw"], 9, a["_jenis"],
                          ("Jl.", a["_jalan"][1] + " Raya"), 0, 0))
    b = rows[0]
    kel_lain = [k for k, _ in wilayah if k != b["kelurahan"]
                and kunci(b["_jenis"], b["_jalan"]) not in
                {kunci(r["_jenis"], r["_jalan"]) for r in rows if r["kelurahan"] == k}]
    hampir.append(_usulan(rng, rng.choice(kel_lain), "01", 9, b["_jenis"], b["_jalan"], 1, 1))
    rows += tambahan + hampir
    # Order by kelurahan and RW as a kecamatan secretariat types them; prioritas_rw renumbered.
    urutan_kel = [k for k, _ in wilayah]
    rows.sort(key=lambda r: (urutan_kel.index(r["kelurahan"]), r["rw"], r["prioritas_rw"]))
    for kel in urutan_kel:
        for rw in sorted({r["rw"] for r in rows if r["kelurahan"] == kel}):
            mine = [r for r in rows if r["kelurahan"] == kel and r["rw"] == rw]
            for p, r in enumerate(mine, start=1):
                r["prioritas_rw"] = p
        mine = [r for r in rows if r["kelurahan"] == kel]
        peringkat = list(range(1, len(mine) + 1))
        rng.shuffle(peringkat)
        for r, p in zip(mine, peringkat):
            r["peringkat_kelurahan"] = p
    for nomor, r in enumerate(rows, start=1):
        r["no_usulan"] = nomor
    return rows


# --------------------------------------------------------------------------- pagu and agreement

def make_pagu(wilayah: list[tuple[str, int]]) -> list[dict]:
    return [{"kelurahan": k, "jumlah_rw": n, "pagu_indikatif": PAGU_DASAR + PAGU_PER_RW * n}
            for k, n in wilayah]


def make_kesepakatan(rows: list[dict], pagu: list[dict]) -> list[dict]:
    seen, unik = set(), []
    for r in rows:                                  # rows are in usulan-number order
        k = (r["kelurahan"], r["_jenis"], r["_jalan"])
        if k not in seen:
            seen.add(k)
            unik.append(r)
    out = []
    for p in pagu:
        sisa = p["pagu_indikatif"]
        for r in sorted((r for r in unik if r["kelurahan"] == p["kelurahan"]),
                        key=lambda r: r["peringkat_kelurahan"]):
            if r["biaya"] <= sisa:
                sisa -= r["biaya"]
                spek = JENIS[r["_jenis"]]
                prioritas, sasaran = PRIORITAS[spek[5]]
                out.append({"prioritas": prioritas, "sasaran": sasaran, "program": spek[6],
                            "kegiatan": spek[7], "kelurahan": r["kelurahan"], "rw": r["rw"],
                            "lokasi": f"{r['_jalan'][0]} {r['_jalan'][1]}", "volume": r["volume"],
                            "satuan": r["satuan"], "pagu": r["biaya"], "perangkat_daerah": spek[8]})
    out.sort(key=lambda r: (r["prioritas"], r["program"], r["kegiatan"], r["kelurahan"], r["rw"]))
    return out


# --------------------------------------------------------------------------- output

def ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _tulis(path: Path, kolom: list[str], rows: list[dict], angka: tuple[str, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=kolom, delimiter=";", lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows({**r, **{k: ribuan(r[k]) for k in angka}} for r in rows)


def main(out_dir: Path = HERE, seed: int = SEED) -> None:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    _tulis(out_dir / "agenda_rembug_warga.csv", ["urutan", "acara", "menit"],
           [{"urutan": i, "acara": a, "menit": m} for i, (a, m) in enumerate(AGENDA, start=1)], ())
    for nama, (_, wilayah) in KECAMATAN.items():
        rows = make_usulan(rng, wilayah, GANDA[nama])
        pagu = make_pagu(wilayah)
        _tulis(out_dir / f"usulan_{nama}.csv", USULAN_KOLOM, rows, ("biaya",))
        _tulis(out_dir / f"pagu_{nama}.csv", ["kelurahan", "jumlah_rw", "pagu_indikatif"], pagu,
               ("pagu_indikatif",))
        _tulis(out_dir / f"kesepakatan_{nama}.csv", KESEPAKATAN_KOLOM,
               make_kesepakatan(rows, pagu), ("pagu",))


if __name__ == "__main__":
    main()
