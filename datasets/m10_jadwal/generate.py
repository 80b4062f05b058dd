"""Seeded generator for the M10 dataset: two fictional building projects with a schedule network.

Writes next to this script:
  pasar_proyek.json, pasar_wbs.csv, pasar_kegiatan.csv   the lesson's project (a market hall)
  pompa_proyek.json, pompa_wbs.csv, pompa_kegiatan.csv   the graded exercise's project
                                                         (a pump house with a retention pond)
  contoh_pendahulu_salah.csv                             a predecessor table with an unknown
                                                         activity and a cycle (lesson exercise)

Durations and the network are designed by hand so that the lesson's story holds (one critical
path in the market project, an activity whose free float is smaller than its total float, a
slip that creates a second critical path; two critical paths in the pump project). Costs get
a seeded random variation. ``main`` checks the designed properties with its own small
critical-path computation and refuses to write files that break them.

Run ``python datasets/m10_jadwal/generate.py``; the output is byte-identical for the same seed
(a test checks this). Everything here is synthetic. Authors only: participants receive the
data files and KARTU_DATA.md, never this script.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SEED = 20261201
HERE = Path(__file__).resolve().parent
CITY = "Kota Tirtamarta (fiktif)"

# (kode, wbs, uraian, durasi in calendar days, pendahulu, base cost in Rp)
PASAR = [
    ("A", "1.1", "Persiapan dan mobilisasi", 7, "-", 185_000_000),
    ("B", "2.1", "Galian dan pondasi", 20, "A", 1_240_000_000),
    ("C", "3.1", "Fabrikasi rangka atap baja", 30, "A", 1_380_000_000),
    ("D", "2.2", "Struktur beton lantai 1 dan 2", 35, "B", 3_150_000_000),
    ("E", "3.2", "Pemasangan rangka dan penutup atap", 14, "C,D", 920_000_000),
    ("F", "4.1", "Dinding bata dan plesteran", 21, "D", 1_040_000_000),
    ("G", "5.1", "Instalasi listrik", 18, "F", 560_000_000),
    ("H", "5.2", "Instalasi air bersih dan sanitasi", 16, "D", 470_000_000),
    ("I", "4.2", "Lantai keramik", 14, "E,F", 830_000_000),
    ("J", "4.3", "Kusen, pintu dan jendela", 12, "F", 610_000_000),
    ("K", "4.4", "Pengecatan", 10, "G,I,J", 360_000_000),
    ("L", "6.1", "Drainase dan halaman parkir", 30, "D", 880_000_000),
    ("M", "6.2", "Pembersihan akhir dan serah terima", 5, "H,K,L", 75_000_000),
]
PASAR_WBS = [
    ("1", "Pekerjaan persiapan"),
    ("2", "Pekerjaan struktur"),
    ("3", "Pekerjaan atap"),
    ("4", "Pekerjaan arsitektur"),
    ("5", "Pekerjaan mekanikal, elektrikal dan plumbing"),
    ("6", "Pekerjaan luar dan penyelesaian"),
]
PASAR_PROYEK = {
    "nama_paket": "Pembangunan Gedung Pasar Rakyat Blok B",
    "kota": CITY,
    "pemilik_pekerjaan": "Dinas Perdagangan Kota Tirtamarta (fiktif)",
    "penyedia": "PT Bangun Cipta Lestari (fiktif)",
    "tanggal_mulai": "2026-04-06",
    "tanggal_laporan": "2026-06-15",
    "masa_pelaksanaan_hari": 120,
}

POMPA = [
    ("A", "1.1", "Mobilisasi dan direksi keet", 5, "-", 210_000_000),
    ("B", "1.2", "Pengukuran dan pembersihan lahan", 4, "A", 95_000_000),
    ("C", "2.1", "Galian kolam retensi", 24, "B", 2_150_000_000),
    ("D", "2.2", "Dinding penahan tanah kolam", 32, "C", 3_480_000_000),
    ("E", "3.1", "Pondasi rumah pompa", 14, "B", 780_000_000),
    ("F", "3.2", "Bangunan rumah pompa", 28, "E", 1_650_000_000),
    ("G", "4.1", "Pengadaan pompa dan panel kendali", 45, "A", 3_900_000_000),
    ("H", "4.2", "Pemasangan pompa dan pipa", 12, "F,G", 640_000_000),
    ("I", "2.3", "Saluran masuk kolam", 20, "C", 1_120_000_000),
    ("J", "2.4", "Pintu air saluran masuk", 8, "I", 430_000_000),
    ("K", "4.3", "Instalasi listrik dan genset", 10, "H", 870_000_000),
    ("L", "5.1", "Uji coba pompa", 7, "D,J,K", 160_000_000),
    ("M", "5.2", "Pagar, jalan inspeksi dan pertamanan", 15, "D", 540_000_000),
    ("N", "5.3", "Pembersihan akhir dan serah terima", 3, "L,M", 60_000_000),
]
POMPA_WBS = [
    ("1", "Pekerjaan persiapan"),
    ("2", "Kolam retensi dan saluran"),
    ("3", "Bangunan rumah pompa"),
    ("4", "Pompa, mekanikal dan elektrikal"),
    ("5", "Uji coba dan penyelesaian"),
]
POMPA_PROYEK = {
    "nama_paket": "Pembangunan Rumah Pompa dan Kolam Retensi Tirtamarta Utara",
    "kota": CITY,
    "pemilik_pekerjaan": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tirtamarta (fiktif)",
    "penyedia": "PT Tirta Karya Mandiri (fiktif)",
    "tanggal_mulai": "2026-05-04",
    "tanggal_laporan": "2026-07-06",
    "masa_pelaksanaan_hari": 90,
}

# A consultant's draft with two faults: K waits for "Q" (no such activity), and D -> F -> G -> D
# wait for each other (a cycle).
CONTOH_SALAH = [
    ("A", "1.1", "Persiapan dan mobilisasi", 7, "-"),
    ("B", "2.1", "Galian dan pondasi", 20, "A"),
    ("D", "2.2", "Struktur beton lantai 1 dan 2", 35, "B,G"),
    ("F", "4.1", "Dinding bata dan plesteran", 21, "D"),
    ("G", "5.1", "Instalasi listrik", 18, "F"),
    ("K", "4.4", "Pengecatan", 10, "G,Q"),
    ("M", "6.2", "Pembersihan akhir dan serah terima", 5, "K"),
]


# ------------------------------------------------------------------ designed-property checks

def _preds(text: str) -> list[str]:
    return [] if text == "-" else text.split(",")


def _cpm(rows) -> dict[str, dict]:
    """ES, EF, LS, LF, TF, FF per activity (rows in topological order)."""
    t = {r[0]: {"dur": r[3], "pred": _preds(r[4])} for r in rows}
    for kode, a in t.items():
        a["ES"] = max((t[p]["EF"] for p in a["pred"]), default=0)
        a["EF"] = a["ES"] + a["dur"]
    end = max(a["EF"] for a in t.values())
    succ = {k: [s for s, a in t.items() if k in a["pred"]] for k in t}
    for kode in reversed(list(t)):
        a = t[kode]
        a["LF"] = min((t[s]["LS"] for s in succ[kode]), default=end)
        a["LS"] = a["LF"] - a["dur"]
        a["TF"] = a["LS"] - a["ES"]
        a["FF"] = min((t[s]["ES"] for s in succ[kode]), default=end) - a["EF"]
    return t


def _with(rows, kode: str, extra: int):
    return [(r[0], r[1], r[2], r[3] + (extra if r[0] == kode else 0), *r[4:]) for r in rows]


def check_design() -> None:
    """Refuse data that would break the lesson's story (raises AssertionError)."""
    p = _cpm(PASAR)
    crit = [k for k, a in p.items() if a["TF"] == 0]
    assert crit == list("ABDFGKM"), crit
    assert p["E"]["FF"] < p["E"]["TF"], "market: roof needs free float < total float"
    tf_i = p["I"]["TF"]
    assert tf_i > 0
    at_float = _cpm(_with(PASAR, "I", tf_i))
    assert [k for k, a in at_float.items() if a["TF"] == 0] == list("ABDFGIKM")
    end = max(a["EF"] for a in p.values())
    assert end <= PASAR_PROYEK["masa_pelaksanaan_hari"]
    pairs = [(a["ES"], a["EF"]) for a in p.values()]
    assert len(set(pairs)) == len(pairs), "market: two bars on the same days"

    q = _cpm(POMPA)
    crit = sorted(k for k, a in q.items() if a["TF"] == 0)
    assert crit == sorted("ABCDEFHKLMN"), crit
    assert q["I"]["FF"] < q["I"]["TF"], "pump: inlet needs free float < total float"
    assert max(a["EF"] for a in q.values()) <= POMPA_PROYEK["masa_pelaksanaan_hari"]
    pairs = [(a["ES"], a["EF"]) for a in q.values()]
    assert len(set(pairs)) == len(pairs), "pump: two bars on the same days"
    for rows in (PASAR, POMPA):
        seen = set()
        for row in rows:
            assert all(x in seen for x in _preds(row[4])), f"{row[0]} listed before its predecessor"
            seen.add(row[0])


# ------------------------------------------------------------------ writing

def _costs(rng: random.Random, rows) -> list[dict]:
    out = []
    for kode, wbs, uraian, durasi, pendahulu, base in rows:
        out.append({"kode": kode, "wbs": wbs, "uraian": uraian, "durasi": durasi,
                    "pendahulu": pendahulu,
                    "biaya": int(round(base * rng.uniform(0.93, 1.07), -3))})
    return out


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(out_dir: Path | None = None) -> None:
    check_design()
    out = Path(out_dir) if out_dir else HERE
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    for name, rows, wbs, proyek in (("pasar", PASAR, PASAR_WBS, PASAR_PROYEK),
                                    ("pompa", POMPA, POMPA_WBS, POMPA_PROYEK)):
        kegiatan = _costs(rng, rows)
        _write_csv(out / f"{name}_kegiatan.csv", kegiatan)
        _write_csv(out / f"{name}_wbs.csv", [{"wbs": k, "elemen": v} for k, v in wbs])
        _write_json(out / f"{name}_proyek.json",
                    {**proyek, "nilai_kontrak": sum(r["biaya"] for r in kegiatan),
                     "sintetis": True, "benih_acak": SEED})
    _write_csv(out / "contoh_pendahulu_salah.csv",
               [{"kode": k, "wbs": w, "uraian": u, "durasi": d, "pendahulu": p}
                for k, w, u, d, p in CONTOH_SALAH])


if __name__ == "__main__":
    main()
