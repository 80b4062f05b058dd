"""Display and setup helpers for the M12 lesson (register risiko, peta panas, kerangka logis).

Imported in the lesson as ``from bimtek_peserta import m12_risiko as bantu``. The teaching code
(level = kemungkinan x dampak, the tingkat function, ranking, the count matrix, residual risk,
broken links of the logical framework) stays in the lesson; this module holds what is not
teaching material:

- ``tabel_fakta``: every figure the lesson's prose quotes, computed from the data files;
- ``gambar_peta_risiko`` / ``peta_sebelum_sesudah``: the coloured 5 x 5 risk map with counts;
- ``gambar_kerangka``: the logical framework as a tree, broken links marked;
- ``panel_pemilik``: the risk-owner panel.

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi terbaru,
i.e. to the pemda's own Perkada on risk management); the lesson declares the same names.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import persen

BATAS_SEDANG = 5           # level 5-9: sedang
BATAS_TINGGI = 10          # level 10-14: tinggi
BATAS_SANGAT_TINGGI = 15   # level 15-25: sangat tinggi
SKALA = [1, 2, 3, 4, 5]
TINGKAT = ["rendah", "sedang", "tinggi", "sangat tinggi"]
WARNA = {"rendah": "#58d68d", "sedang": "#f7dc6f", "tinggi": "#f0b27a", "sangat tinggi": "#ec7063"}

PROGRAM_PELAJARAN = "banjir"
CONTOH_KODE = "R03"        # the manual level example


# --------------------------------------------------------------------------- data

def baca_data(folder, nama: str = PROGRAM_PELAJARAN) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(risiko, kerangka) of programme ``nama`` ("banjir" or "pasar"), kode as index."""
    folder = Path(folder)
    risiko = pd.read_csv(folder / f"{nama}_risiko.csv", index_col="kode")
    kerangka = pd.read_csv(folder / f"{nama}_kerangka.csv", index_col="kode")
    return risiko, kerangka


def tingkat(level) -> str:
    """The lesson's band of a level (same rule as the lesson's tingkat_risiko)."""
    if level >= BATAS_SANGAT_TINGGI:
        return "sangat tinggi"
    if level >= BATAS_TINGGI:
        return "tinggi"
    if level >= BATAS_SEDANG:
        return "sedang"
    return "rendah"


def matriks_hitung(risiko: pd.DataFrame, kemungkinan: str = "kemungkinan",
                   dampak: str = "dampak") -> pd.DataFrame:
    """Number of risks per (dampak, kemungkinan) cell, dampak 5..1 down, kemungkinan 1..5 across."""
    return (pd.crosstab(risiko[dampak], risiko[kemungkinan])
            .reindex(index=SKALA[::-1], columns=SKALA, fill_value=0))


def mata_rantai_putus(kerangka: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """(yatim, tanpa_indikator, tanpa_target) of a logical framework."""
    yatim = [k for k in kerangka.index if kerangka.loc[k, "jenjang"] != "dampak"
             and kerangka.loc[k, "induk"] not in kerangka.index]
    tanpa_indikator = kerangka[kerangka["indikator"].isna()].index.tolist()
    ada = kerangka[kerangka["indikator"].notna()]
    tanpa_target = ada[ada["target"].isna()].index.tolist()
    return yatim, tanpa_indikator, tanpa_target


def _daftar(kata: list[str]) -> str:
    if not kata:
        return "tidak ada"
    if len(kata) == 1:
        return kata[0]
    return ", ".join(kata[:-1]) + " dan " + kata[-1]


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files (columns ``nama``,
    ``keterangan``, ``teks``); a test compares the prose and the handout with ``teks``."""
    risiko, kerangka = baca_data(folder)
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks) -> None:
        baris.append((nama, keterangan, str(teks)))

    r = risiko.copy()
    r["level"] = r["kemungkinan"] * r["dampak"]
    r["tingkat"] = r["level"].apply(tingkat)
    r["level_residual"] = r["kemungkinan_residual"] * r["dampak_residual"]
    catat("jumlah_risiko", "banyaknya risiko di register", len(r))
    for nilai in SKALA[1:]:
        catat(f"skala_{nilai}", "nilai pada skala kemungkinan dan dampak", nilai)
    kategori = r["kategori"].value_counts()
    catat("kategori_terbanyak", "kategori dengan risiko terbanyak", kategori.index[0])
    catat("jumlah_kategori_terbanyak", "banyaknya risiko kategori itu", int(kategori.iloc[0]))
    c = r.loc[CONTOH_KODE]
    catat("contoh_kode", "kode risiko contoh", CONTOH_KODE)
    catat("contoh_kemungkinan", "kemungkinan risiko contoh", int(c["kemungkinan"]))
    catat("contoh_dampak", "dampak risiko contoh", int(c["dampak"]))
    catat("contoh_level", "level risiko contoh", int(c["level"]))
    catat("contoh_tingkat", "tingkat risiko contoh", c["tingkat"])
    for nama, nilai in (("batas_sedang", BATAS_SEDANG), ("batas_tinggi", BATAS_TINGGI),
                        ("batas_sangat_tinggi", BATAS_SANGAT_TINGGI)):
        catat(nama, nama.upper(), nilai)
    catat("batas_tinggi_kurang", "level tertinggi pita sedang", BATAS_TINGGI - 1)
    catat("batas_sangat_tinggi_kurang", "level tertinggi pita tinggi", BATAS_SANGAT_TINGGI - 1)
    catat("batas_sedang_kurang", "level tertinggi pita rendah", BATAS_SEDANG - 1)
    catat("level_maksimum", "level tertinggi yang mungkin", 25)
    per_tingkat = r["tingkat"].value_counts()
    catat("jumlah_sangat_tinggi", "banyaknya risiko sangat tinggi", int(per_tingkat.get("sangat tinggi", 0)))
    catat("jumlah_tinggi", "banyaknya risiko tinggi", int(per_tingkat.get("tinggi", 0)))
    urut = r.sort_values(["level", "dampak"], ascending=False)
    lima = urut.head(5).index.tolist()
    catat("lima_teratas", "lima risiko teratas", _daftar(lima))
    hanya_level = r.sort_values("level", ascending=False, kind="stable").head(5).index.tolist()
    beda = [k for k, h in zip(lima, hanya_level) if k != h]
    catat("seri_kode", "dua risiko seri yang dipisahkan dampak", _daftar(beda))
    seri = r.loc[beda[0]]
    catat("seri_level", "level kedua risiko seri", int(seri["level"]))
    catat("seri_dampak_atas", "dampak risiko seri yang didahulukan", int(r.loc[beda[0], "dampak"]))
    catat("seri_dampak_bawah", "dampak risiko seri berikutnya", int(r.loc[beda[1], "dampak"]))

    # Heat map and residual risk
    r["tingkat_residual"] = r["level_residual"].apply(tingkat)
    masih = r[r["level_residual"] >= BATAS_TINGGI].index.tolist()
    catat("masih_tinggi", "risiko yang masih tinggi setelah penanganan", _daftar(masih))
    catat("jumlah_masih_tinggi", "banyaknya risiko itu", len(masih))
    tepat = r[r["level_residual"] == BATAS_TINGGI].index.tolist()
    catat("residual_tepat_batas", "risiko residual tepat pada BATAS_TINGGI", _daftar(tepat))
    turun = (r["level"] - r["level_residual"]).sum() / r["level"].sum() * 100
    catat("penurunan_persen", "penurunan jumlah level setelah penanganan", persen(turun, 0))
    tanpa_pemilik = r[r["pemilik"].isna()].index.tolist()
    catat("tanpa_pemilik", "risiko tanpa pemilik", _daftar(tanpa_pemilik))
    sangat_sebelum = int((r["tingkat"] == "sangat tinggi").sum())
    sangat_sesudah = int((r["tingkat_residual"] == "sangat tinggi").sum())
    catat("sangat_tinggi_sesudah", "risiko sangat tinggi setelah penanganan", sangat_sesudah)
    assert sangat_sebelum == int(per_tingkat.get("sangat tinggi", 0))

    # Logical framework
    yatim, tanpa_indikator, tanpa_target = mata_rantai_putus(kerangka)
    catat("jumlah_baris_kerangka", "banyaknya baris kerangka logis", len(kerangka))
    catat("yatim", "baris yatim", _daftar(yatim))
    catat("tanpa_indikator", "baris tanpa indikator", _daftar(tanpa_indikator))
    catat("tanpa_target", "baris berindikator tanpa target", _daftar(tanpa_target))
    for kode in yatim:
        catat(f"induk_{kode}", f"induk baris yatim {kode}", kerangka.loc[kode, "induk"])
    risiko_yatim = r[r["sasaran"].isin(yatim + tanpa_indikator)].index.tolist()
    catat("risiko_pada_rantai_putus", "risiko yang sasarannya baris bermasalah", _daftar(risiko_yatim))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- drawings

def gambar_peta_risiko(ax, risiko: pd.DataFrame, kemungkinan: str = "kemungkinan",
                       dampak: str = "dampak", judul: str = "Peta risiko") -> None:
    """A 5 x 5 risk map: each cell coloured by its band, with the number of risks in it."""
    import matplotlib.patches as patches

    m = matriks_hitung(risiko, kemungkinan, dampak)
    for baris, d in enumerate(m.index):
        for kolom, k in enumerate(m.columns):
            warna = WARNA[tingkat(k * d)]
            ax.add_patch(patches.Rectangle((kolom, 4 - baris), 1, 1, facecolor=warna,
                                           edgecolor="white", linewidth=2))
            jumlah = int(m.loc[d, k])
            ax.text(kolom + 0.5, 4 - baris + 0.5, str(jumlah) if jumlah else "",
                    ha="center", va="center", fontsize=12, fontweight="bold")
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 5)
    ax.set_xticks([i + 0.5 for i in range(5)], SKALA)
    ax.set_yticks([i + 0.5 for i in range(5)], SKALA)
    ax.set_xlabel("Kemungkinan (1-5)")
    ax.set_ylabel("Dampak (1-5)")
    ax.set_title(judul, fontsize=10)
    ax.set_aspect("equal")


def peta_sebelum_sesudah(risiko: pd.DataFrame) -> None:
    """The risk map before and after treatment, side by side, with a legend of the bands."""
    import matplotlib.patches as patches
    import matplotlib.pyplot as plt

    fig, (kiri, kanan) = plt.subplots(1, 2, figsize=(10, 4.6))
    gambar_peta_risiko(kiri, risiko, judul="Sebelum penanganan (risiko inheren)")
    gambar_peta_risiko(kanan, risiko, "kemungkinan_residual", "dampak_residual",
                       judul="Setelah penanganan (risiko residual)")
    fig.legend(handles=[patches.Patch(color=WARNA[t], label=t) for t in TINGKAT],
               loc="lower center", ncol=4)
    fig.subplots_adjust(bottom=0.2)
    plt.show()


def gambar_kerangka(kerangka: pd.DataFrame, judul: str = "Kerangka logis") -> None:
    """The logical framework as a tree: dampak (left), hasil, keluaran (right). A red box has a
    parent that is not in the table; a dashed box has no indicator; an orange one no target."""
    import matplotlib.pyplot as plt

    kolom = {"dampak": 0, "hasil": 1, "keluaran": 2}
    yatim, tanpa_indikator, tanpa_target = mata_rantai_putus(kerangka)
    urutan = {j: [k for k in kerangka.index if kerangka.loc[k, "jenjang"] == j] for j in kolom}
    posisi = {}
    tinggi = max(len(v) for v in urutan.values())
    for jenjang, daftar in urutan.items():
        for i, kode in enumerate(daftar):
            posisi[kode] = (kolom[jenjang] * 3.2, tinggi - i * tinggi / max(len(daftar), 1) - 0.5)
    fig, ax = plt.subplots(figsize=(11, 0.55 * tinggi + 1.6))
    for kode, (x, y) in posisi.items():
        induk = kerangka.loc[kode, "induk"]
        if induk in posisi:
            ax.annotate("", xy=(posisi[induk][0] + 1.25, posisi[induk][1]), xytext=(x - 1.25, y),
                        arrowprops=dict(arrowstyle="-|>", color="gray", lw=1))
    for kode, (x, y) in posisi.items():
        tepi, garis, isi = "#2e86c1", "solid", "#eaf2f8"
        if kode in yatim:
            tepi, isi = "#c0392b", "#fadbd8"
        elif kode in tanpa_indikator:
            garis = "dashed"
        elif kode in tanpa_target:
            tepi, isi = "#e67e22", "#fdebd0"
        teks = str(kerangka.loc[kode, "uraian"])
        teks = teks if len(teks) <= 34 else teks[:33] + "…"
        catatan = f"\n(induk {kerangka.loc[kode, 'induk']} tidak ada)" if kode in yatim else ""
        ax.text(x, y, f"{kode} {teks}{catatan}", ha="center", va="center", fontsize=7.5,
                bbox=dict(boxstyle="round", fc=isi, ec=tepi, ls=garis, lw=1.5))
    for jenjang, x in kolom.items():
        ax.text(x * 3.2, tinggi + 0.3, jenjang.upper(), ha="center", fontweight="bold", fontsize=9)
    ax.set_xlim(-1.6, 2 * 3.2 + 1.6)
    ax.set_ylim(-0.8, tinggi + 0.8)
    ax.axis("off")
    ax.set_title(judul + " (merah: induk tidak ada; putus-putus: tanpa indikator; "
                 "jingga: tanpa target)", fontsize=9)
    plt.show()


def panel_pemilik(risiko: pd.DataFrame):
    """The owner panel: pick a risk owner, see his or her risks and where they sit on the map."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    pemilik = sorted(p for p in risiko["pemilik"].dropna().unique())
    pilihan = widgets.Dropdown(options=["(semua)"] + pemilik + ["(tanpa pemilik)"],
                               description="Pemilik")
    pilihan.add_class("pilih-pemilik-m12")
    keluaran = widgets.Output()

    def perbarui(_perubahan=None) -> None:
        nama = pilihan.value
        if nama == "(semua)":
            bagian = risiko
        elif nama == "(tanpa pemilik)":
            bagian = risiko[risiko["pemilik"].isna()]
        else:
            bagian = risiko[risiko["pemilik"] == nama]
        with keluaran:
            keluaran.clear_output(wait=True)
            tampil = bagian.assign(level=bagian["kemungkinan"] * bagian["dampak"])
            tampil = tampil.assign(tingkat=tampil["level"].apply(tingkat))
            display(tampil[["risiko", "kemungkinan", "dampak", "level", "tingkat", "penanganan"]]
                    .sort_values("level", ascending=False))
            fig, ax = plt.subplots(figsize=(4.2, 4.2))
            gambar_peta_risiko(ax, bagian, judul=f"Risiko {nama} ({len(bagian)})")
            plt.show()

    pilihan.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([pilihan, keluaran])
