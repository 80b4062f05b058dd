"""Display and setup helpers for the M09 lesson (IMF PIMA, project appraisal, multi-criteria
ranking, capital investment plan).

Imported in the lesson as ``from bimtek_peserta import m09_pima_investasi as bantu``. It holds
what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose and ringkasan, computed from the
  data files, so a test can compare the prose with the data;
- ``gambar_radar``: the PIMA radar chart (polar axes are display, not the lesson's subject);
- ``miliar``: rupiah columns in Rp miliar, Indonesian style;
- ``panel_prioritas``: the interactive panel (discount rate, weight of the economic criterion).

The parameters below are the lesson's assumptions; the lesson and the exercise declare the
same names and values in their own code.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .tampil import angka, persen, rupiah_singkat

TINGKAT_DISKONTO = 10       # % per year; no Indonesian-mandated social discount rate was found
BOBOT = {"ekonomi": 30, "rpjmd": 25, "spm": 20, "kesiapan": 15, "iklim": 10}
KRITERIA_SKOR = ("rpjmd", "spm", "kesiapan", "iklim")
LANGKAH_IRR = 0.01          # % step of the IRR search
TAHAP = ("perencanaan", "alokasi", "pelaksanaan")

# Choices of the lesson's worked examples (not data).
CONTOH_ARUS = (-100, 60, 60)
CONTOH_TINGKAT_RENDAH, CONTOH_TINGKAT_TINGGI = 6, 12


# --------------------------------------------------------------------------- data

def baca_data(folder) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(pima, proyek, arus_kas, pagu) read from the dataset folder."""
    folder = Path(folder)
    return tuple(pd.read_csv(folder / f"{nama}.csv") for nama in ("pima", "proyek", "arus_kas", "pagu"))


def nilai_kini(arus, tingkat_persen: float) -> float:
    return float(sum(x / (1 + tingkat_persen / 100) ** t for t, x in enumerate(arus)))


def tingkat_pengembalian(arus, langkah: float = LANGKAH_IRR) -> float | None:
    """First rate on the grid (0, langkah, ...) at which NPV is negative (the lesson's IRR)."""
    for i in range(int(100 / langkah)):
        tingkat = round(i * langkah, 6)
        if nilai_kini(arus, tingkat) < 0:
            return tingkat
    return None


def kelayakan(arus_kas: pd.DataFrame, tingkat_persen: float = TINGKAT_DISKONTO) -> pd.DataFrame:
    baris = []
    for pid, g in arus_kas.groupby("proyek"):
        bersih = list(g["manfaat"] - g["investasi"] - g["operasi_pemeliharaan"])
        biaya = list(g["investasi"] + g["operasi_pemeliharaan"])
        baris.append({"proyek": pid, "npv": nilai_kini(bersih, tingkat_persen),
                      "bcr": nilai_kini(list(g["manfaat"]), tingkat_persen) / nilai_kini(biaya, tingkat_persen),
                      "irr": tingkat_pengembalian(bersih)})
    tabel = pd.DataFrame(baris).set_index("proyek")
    tabel["layak"] = tabel["npv"] > 0
    return tabel


def skor(proyek: pd.DataFrame, layak: pd.DataFrame, bobot: dict = BOBOT) -> pd.DataFrame:
    p = proyek.set_index("proyek")
    s = pd.DataFrame(index=layak.index)
    b = layak["bcr"]
    s["ekonomi"] = (b - b.min()) / (b.max() - b.min()) * 100
    for k in KRITERIA_SKOR:
        s[k] = (p[f"skor_{k}"] - 1) / 4 * 100
    s["skor_total"] = sum(s[k] * bobot[k] for k in bobot) / sum(bobot.values())
    return s


def profil(arus_kas: pd.DataFrame) -> dict[str, list[float]]:
    return {pid: [float(x) for x in g.loc[g["investasi"] > 0, "investasi"]]
            for pid, g in arus_kas.groupby("proyek")}


def rencana(urutan: list[str], profil_investasi: dict, pagu: pd.DataFrame) -> tuple[dict, list, dict]:
    """Greedy plan: each project in order at its earliest start that fits every year's
    remaining ceiling within the period. Returns (tahun_mulai, ditunda, sisa_pagu)."""
    sisa = {int(t): float(v) for t, v in zip(pagu["tahun"], pagu["pagu"])}
    mulai, tunda = {}, []
    for pid in urutan:
        for awal in sorted(sisa):
            tahun = [awal + i for i in range(len(profil_investasi[pid]))]
            if all(t in sisa and b <= sisa[t] for t, b in zip(tahun, profil_investasi[pid])):
                mulai[pid] = awal
                for t, b in zip(tahun, profil_investasi[pid]):
                    sisa[t] -= b
                break
        else:
            tunda.append(pid)
    return mulai, tunda, sisa


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files."""
    pima, proyek, arus_kas, pagu = baca_data(folder)
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    # PIMA framework and scores
    catat("pima_lembaga", "banyaknya lembaga PIMA", str(len(pima)))
    catat("pima_tahap", "banyaknya tahap PIMA", str(pima["tahap"].nunique()))
    catat("pima_per_tahap", "lembaga per tahap", str(len(pima) // pima["tahap"].nunique()))
    catat("pima_skor_min", "skor terendah", "1")
    catat("pima_skor_max", "skor tertinggi", "3")
    catat("pima_terverifikasi", "lembaga yang namanya dan urutannya dibaca di kuesioner", "5")
    catat("pima_pertama_g", "lembaga pertama yang urutannya belum dipastikan", "6")
    catat("pefa_dimensi", "banyaknya dimensi PEFA PI-11", "4")
    catat("tahun_buku_pegangan", "tahun buku pegangan PIMA", "2022")
    catat("tahun_kedua", "tahun ke-2 pada contoh arus kas", "2")
    gap = pima["desain"] - pima["efektivitas"]
    catat("pima_rata_desain", "rata-rata skor desain", angka(pima["desain"].mean(), 2))
    catat("pima_rata_efektivitas", "rata-rata skor efektivitas", angka(pima["efektivitas"].mean(), 2))
    tahap = pima.assign(k=gap).groupby("tahap")[["desain", "efektivitas", "k"]].mean()
    for nama in TAHAP:
        catat(f"rata_desain_{nama}", f"rata-rata desain tahap {nama}", angka(tahap.loc[nama, "desain"], 1))
        catat(f"rata_efektivitas_{nama}", f"rata-rata efektivitas tahap {nama}", angka(tahap.loc[nama, "efektivitas"], 1))
    urut = pima.assign(k=gap).sort_values(["k", "no"], ascending=[False, True])
    catat("kesenjangan_terbesar", "kesenjangan terbesar", angka(urut["k"].iloc[0], 1))
    for i in range(3):
        catat(f"kesenjangan_no_{i + 1}", f"nomor lembaga kesenjangan ke-{i + 1}", str(int(urut["no"].iloc[i])))
    catat("jumlah_tanpa_kesenjangan", "lembaga tanpa kesenjangan", str(int((gap == 0).sum())))
    contoh = pima.loc[pima["no"] == 4].iloc[0]
    catat("contoh_desain", "desain lembaga 4", angka(contoh["desain"], 1))
    catat("contoh_efektivitas", "efektivitas lembaga 4", angka(contoh["efektivitas"], 1))

    # Appraisal: manual example
    catat("contoh_investasi", "investasi contoh", str(-CONTOH_ARUS[0]))
    catat("contoh_manfaat", "manfaat bersih contoh per tahun", str(CONTOH_ARUS[1]))
    catat("tingkat_diskonto", "TINGKAT_DISKONTO", persen(TINGKAT_DISKONTO, 0))
    catat("contoh_npv", "NPV contoh", angka(nilai_kini(CONTOH_ARUS, TINGKAT_DISKONTO), 2))
    catat("contoh_pv1", "nilai kini tahun 1 contoh", angka(CONTOH_ARUS[1] / (1 + TINGKAT_DISKONTO / 100), 2))
    catat("contoh_pv2", "nilai kini tahun 2 contoh", angka(CONTOH_ARUS[2] / (1 + TINGKAT_DISKONTO / 100) ** 2, 2))
    catat("contoh_faktor1", "faktor diskonto tahun 1", angka(1 + TINGKAT_DISKONTO / 100, 2))
    catat("contoh_faktor2", "faktor diskonto tahun 2", angka((1 + TINGKAT_DISKONTO / 100) ** 2, 2))
    catat("contoh_irr", "IRR contoh", persen(tingkat_pengembalian(CONTOH_ARUS)))
    catat("langkah_irr", "langkah pencarian IRR", persen(LANGKAH_IRR))
    catat("contoh_irr_persen_2", "IRR contoh dibulatkan", persen(tingkat_pengembalian(CONTOH_ARUS), 1))

    # Appraisal of the candidates
    k = kelayakan(arus_kas)
    catat("jumlah_proyek", "banyaknya proyek kandidat", str(len(k)))
    catat("umur_arus", "tahun arus kas (tahun ke-0 sampai ke-20)", str(int(arus_kas["tahun_ke"].max())))
    catat("jumlah_layak", "banyaknya proyek layak", str(int(k["layak"].sum())))
    for pid, r in k.iterrows():
        catat(f"npv_{pid}", f"NPV {pid}", rupiah_singkat(r["npv"]))
        catat(f"bcr_{pid}", f"BCR {pid}", angka(r["bcr"], 2))
        catat(f"irr_{pid}", f"IRR {pid}", persen(r["irr"]))
    for tingkat in (CONTOH_TINGKAT_RENDAH, CONTOH_TINGKAT_TINGGI):
        kk = kelayakan(arus_kas, tingkat)
        catat(f"tingkat_{tingkat}", f"tingkat diskonto pembanding {tingkat}", persen(tingkat, 0))
        catat(f"jumlah_layak_{tingkat}", f"proyek layak pada {tingkat}%", str(int(kk["layak"].sum())))

    # Multi-criteria ranking
    for kriteria, nilai in BOBOT.items():
        catat(f"bobot_{kriteria}", f"bobot {kriteria}", persen(nilai, 0))
    s = skor(proyek, k)
    urutan = s.sort_values("skor_total", ascending=False)
    for i, (pid, r) in enumerate(urutan.iterrows(), start=1):
        catat(f"skor_{pid}", f"skor total {pid}", angka(r["skor_total"], 1))
        catat(f"peringkat_{pid}", f"peringkat {pid}", str(i))
    p5 = s.loc["P5"]
    catat("p5_ekonomi", "skor ekonomi P5", angka(p5["ekonomi"], 0))
    catat("p5_spm", "skor SPM P5", angka(p5["spm"], 0))
    catat("skor_contoh_4", "skor 4 dalam skala 0-100", angka((4 - 1) / 4 * 100, 0))
    catat("skala_awal", "skor kriteria terendah", "1")
    catat("skala_akhir", "skor kriteria tertinggi", "5")

    # Capital plan
    urut_layak = [pid for pid in urutan.index if k.loc[pid, "layak"]]
    mulai, tunda, sisa = rencana(urut_layak, profil(arus_kas), pagu)
    catat("pagu_total", "pagu lima tahun", rupiah_singkat(pagu["pagu"].sum()))
    catat("pagu_awal", "pagu tahun pertama", rupiah_singkat(pagu["pagu"].iloc[0]))
    catat("pagu_akhir", "pagu tahun terakhir", rupiah_singkat(pagu["pagu"].iloc[-1]))
    catat("tahun_pagu_awal", "tahun pertama periode", str(int(pagu["tahun"].iloc[0])))
    catat("tahun_pagu_akhir", "tahun terakhir periode", str(int(pagu["tahun"].iloc[-1])))
    for pid, t in mulai.items():
        catat(f"mulai_{pid}", f"tahun mulai {pid}", str(t))
    catat("jumlah_ditunda", "banyaknya proyek ditunda", str(len(tunda)))
    catat("ditunda_biaya", "biaya proyek yang ditunda", rupiah_singkat(sum(sum(profil(arus_kas)[p]) for p in tunda)))
    catat("sisa_pagu_total", "sisa pagu lima tahun", rupiah_singkat(sum(sisa.values())))
    terpakai = pagu["pagu"].sum() - sum(sisa.values())
    catat("terpakai_persen", "bagian pagu yang terpakai", persen(terpakai / pagu["pagu"].sum() * 100, 1))
    p1 = profil(arus_kas)["P1"]
    catat("p1_investasi", "nilai investasi P1 (kontrak M11)", rupiah_singkat(sum(p1)))
    # S-curve of the plan: cumulative share of planned capital spending by year
    per_tahun = {int(t): 0.0 for t in pagu["tahun"]}
    for pid, t in mulai.items():
        for i, b in enumerate(profil(arus_kas)[pid]):
            per_tahun[t + i] += b
    kumulatif = np.cumsum(list(per_tahun.values())) / terpakai * 100
    catat("kurva_s_tahun2", "rencana penyerapan kumulatif tahun kedua", persen(kumulatif[1], 1))
    catat("tahun_kurva_s_2", "tahun kedua periode", str(int(pagu["tahun"].iloc[1])))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- display

def miliar(tabel: pd.DataFrame, kolom=None, desimal: int = 1) -> pd.DataFrame:
    """A copy of ``tabel`` (or of its ``kolom``) with money columns in Rp miliar (text)."""
    hasil = tabel[list(kolom)].copy() if kolom is not None else tabel.copy()
    for nama in hasil.columns:
        if pd.api.types.is_numeric_dtype(hasil[nama]) and hasil[nama].abs().max() >= 1e6:
            hasil[nama] = hasil[nama].map(lambda x: angka(x / 1e9, desimal))
    return hasil


def gambar_radar(pima: pd.DataFrame, judul: str = "PIMA kota: desain dan efektivitas"):
    """Radar chart of design and effectiveness over the institutions; returns the axes."""
    import matplotlib.pyplot as plt

    sudut = np.linspace(0, 2 * np.pi, len(pima), endpoint=False)
    tutup = np.append(sudut, sudut[0])
    fig, ax = plt.subplots(figsize=(7, 7), subplot_kw={"projection": "polar"})
    for kolom, warna, nama in (("desain", "tab:blue", "Desain"), ("efektivitas", "tab:orange", "Efektivitas")):
        nilai = np.append(pima[kolom].to_numpy(), pima[kolom].iloc[0])
        ax.plot(tutup, nilai, color=warna, marker="o", label=nama)
        ax.fill(tutup, nilai, color=warna, alpha=0.15)
    ax.set_xticks(sudut)
    ax.set_xticklabels([str(n) for n in pima["no"]])
    ax.set_ylim(0, 3)
    ax.set_yticks([1, 2, 3])
    ax.set_title(judul)
    ax.legend(loc="lower right", bbox_to_anchor=(1.15, -0.05))
    return ax


def panel_prioritas(proyek: pd.DataFrame, arus_kas: pd.DataFrame, pagu: pd.DataFrame, npv, bcr, irr):
    """Panel: discount rate and the weight of the economic criterion -> feasibility, ranking
    and the plan. ``npv``, ``bcr``, ``irr`` are the lesson's own functions."""
    import ipywidgets as widgets

    gaya = {"description_width": "initial"}
    tingkat = widgets.FloatSlider(value=TINGKAT_DISKONTO, min=2, max=16, step=0.5,
                                  description="Tingkat diskonto (%)", style=gaya,
                                  layout=widgets.Layout(width="520px"))
    bobot_ekonomi = widgets.IntSlider(value=BOBOT["ekonomi"], min=0, max=60, step=5,
                                      description="Bobot kriteria ekonomi (%)", style=gaya,
                                      layout=widgets.Layout(width="520px"))
    tingkat.add_class("m09-tingkat")
    bobot_ekonomi.add_class("m09-bobot")
    hasil = widgets.HTML()
    hasil.add_class("m09-hasil")
    nama = proyek.set_index("proyek")["nama"]

    def perbarui(_perubahan=None) -> None:
        baris = []
        for pid, g in arus_kas.groupby("proyek"):
            bersih = list(g["manfaat"] - g["investasi"] - g["operasi_pemeliharaan"])
            biaya = list(g["investasi"] + g["operasi_pemeliharaan"])
            baris.append({"proyek": pid, "npv": npv(bersih, tingkat.value),
                          "bcr": bcr(list(g["manfaat"]), biaya, tingkat.value), "irr": irr(bersih)})
        k = pd.DataFrame(baris).set_index("proyek")
        k["layak"] = k["npv"] > 0
        sisa = 100 - BOBOT["ekonomi"]
        bobot = {"ekonomi": bobot_ekonomi.value,
                 **{kr: BOBOT[kr] * (100 - bobot_ekonomi.value) / sisa for kr in KRITERIA_SKOR}}
        s = skor(proyek, k, bobot).sort_values("skor_total", ascending=False)
        urut = [pid for pid in s.index if k.loc[pid, "layak"]]
        mulai, tunda, _ = rencana(urut, profil(arus_kas), pagu)
        isi = "".join(
            f"<tr><td>{i}</td><td>{pid} {nama[pid]}</td><td style='text-align:right'>{rupiah_singkat(k.loc[pid, 'npv'])}</td>"
            f"<td style='text-align:right'>{angka(k.loc[pid, 'bcr'], 2)}</td>"
            f"<td style='text-align:right'>{angka(s.loc[pid, 'skor_total'], 1)}</td>"
            f"<td>{mulai.get(pid, 'ditunda' if pid in tunda else 'tidak layak')}</td></tr>"
            for i, pid in enumerate(s.index, start=1))
        hasil.value = ("<table><tr><th>#</th><th>Proyek</th><th>NPV</th><th>BCR</th><th>Skor</th>"
                       f"<th>Mulai</th></tr>{isi}</table>")

    tingkat.observe(perbarui, names="value")
    bobot_ekonomi.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([tingkat, bobot_ekonomi, hasil])
