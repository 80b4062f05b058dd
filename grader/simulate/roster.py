"""A synthetic roster: fictional participants from fictional regions, in two waves."""
from __future__ import annotations

import random

FIRST = ["Agus", "Ahmad", "Ayu", "Budi", "Dewi", "Dian", "Eko", "Fajar", "Fitri", "Gita",
         "Hadi", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri", "Rahmat",
         "Rina", "Sari", "Siti", "Taufik", "Wahyu", "Yanti", "Yusuf", "Zainal", "Nyoman",
         "Ratna", "Bayu"]
LAST = ["Pratama", "Saputra", "Wibowo", "Hidayat", "Lestari", "Kurniawan", "Siregar",
        "Nasution", "Wulandari", "Setiawan", "Rahayu", "Hakim", "Susanto", "Purnomo",
        "Maharani", "Simanjuntak", "Tanjung", "Permana", "Utami", "Gunawan"]
# Fictional regions (marked so in every report) and agencies.
REGIONS = ["Kota Tirtamarta", "Kota Sekarpura", "Kota Lembah Arum", "Kabupaten Wanajaya",
           "Kabupaten Giriasri"]
AGENCIES = ["Bappeda", "Dinas PUPR", "Dinas Perkim", "BPKAD", "Inspektorat", "Dinas Kesehatan"]


def make_roster(count: int, seed: int = 2026) -> list[dict]:
    """``count`` participants with ids p001..., two waves, two classes per wave."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        wave = 1 if number <= (count + 1) // 2 else 2
        rows.append({
            "id": f"p{number:03d}",
            "nama": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "instansi": rng.choice(AGENCIES),
            "kabupaten_kota": rng.choice(REGIONS),
            "kelas": f"G{wave}-{'A' if number % 2 else 'B'}",
            "gelombang": f"Gelombang {wave}",
        })
    return rows
