"""Display and setup helpers for the M05 lesson (indikator kinerja dan evaluasi RKPD).

Imported in the lesson as ``from bimtek_peserta import m05_indikator as bantu``. The lesson's
teaching code stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan), computed
  straight from the data file, so a test can compare the prose with the data;
- ``panel_perangkat_daerah``: the interactive panel (choose a perangkat daerah, see the
  capaian and kategori of its indicators).

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi terbaru);
the lesson and the exercise declare the same names and values in their own code.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import angka, persen

# The lesson's parameters (same names as in the lesson and the exercise).
TRIWULAN = ["tw1", "tw2", "tw3", "tw4"]
BATAS_SANGAT_TINGGI = 91
BATAS_TINGGI = 76
BATAS_SEDANG = 66
BATAS_RENDAH = 51
KATEGORI = ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")

# Choices of the lesson's worked examples (not data).
TAHUN_EVALUASI = 2025
CONTOH_NEGATIF = "S03"     # stunting: the manual capaian example
CONTOH_JUMLAH = "K003"     # demam berdarah: realisasi as a sum, and the two formulas
CONTOH_AKB = "P02"         # angka kematian bayi: the two formulas disagree on the band
CONTOH_BATAS = ("K010", "K012", "K013")   # indicators exactly on a band boundary
CONTOH_RTLH = "K018"       # Latihan 1.1 item 2
CONTOH_PD = "Dinas Pekerjaan Umum dan Penataan Ruang"


# --------------------------------------------------------------------------- data

def baca_data(folder) -> pd.DataFrame:
    return pd.read_csv(Path(folder) / "evaluasi_rkpd.csv")


def nilai_kategori(nilai: float) -> str:
    for batas, nama in zip((BATAS_SANGAT_TINGGI, BATAS_TINGGI, BATAS_SEDANG, BATAS_RENDAH), KATEGORI):
        if nilai >= batas:
            return nama
    return KATEGORI[-1]


def dengan_capaian(evaluasi: pd.DataFrame) -> pd.DataFrame:
    """``evaluasi`` with realisasi, capaian (rumus bagi), capaian_selisih and kategori."""
    tabel = evaluasi.copy()
    jumlah = tabel["jenis"] == "jumlah"
    tabel["realisasi"] = tabel[TRIWULAN].sum(axis=1).where(jumlah, tabel["tw4"])
    negatif = tabel["polaritas"] == "negatif"
    rasio = tabel["realisasi"] / tabel["target"]
    tabel["capaian"] = (100 / rasio).where(negatif, rasio * 100)
    tabel["capaian_selisih"] = ((2 - rasio) * 100).where(negatif, rasio * 100)
    tabel["kategori"] = tabel["capaian"].map(nilai_kategori)
    return tabel


def baris(tabel: pd.DataFrame, ident: str) -> pd.Series:
    return tabel.loc[tabel["id_indikator"] == ident].iloc[0]


def tanpa_induk(tabel: pd.DataFrame) -> pd.DataFrame:
    program = set(tabel.loc[tabel["tingkat"] == "program", "id_indikator"])
    kegiatan = tabel.loc[tabel["tingkat"] == "kegiatan"]
    return kegiatan.loc[~kegiatan["induk"].isin(program)]


# --------------------------------------------------------------------------- FAKTA

def _bilangan(nilai: float) -> str:
    """A whole number without decimals, otherwise with the decimals it has (Indonesian)."""
    if float(nilai).is_integer():
        return angka(nilai, 0)
    teks = f"{float(nilai):.2f}".rstrip("0")
    return angka(nilai, len(teks.split(".")[1]))


def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data file.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the figure
    exactly as the prose writes it). A test compares every figure in the lesson's Markdown with
    the ``teks`` column, so a stale figure fails.
    """
    tabel = dengan_capaian(baca_data(folder))
    rows: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        rows.append((nama, keterangan, teks))

    catat("tahun_evaluasi", "tahun RKPD yang dievaluasi", str(TAHUN_EVALUASI))
    catat("jumlah_indikator", "banyaknya indikator", str(len(tabel)))
    for tingkat in ("tujuan", "sasaran", "program", "kegiatan"):
        catat(f"jumlah_{tingkat}", f"banyaknya indikator {tingkat}", str(int((tabel["tingkat"] == tingkat).sum())))

    # Realisasi: the stunting quarters (level) and the demam berdarah quarters (sum)
    stunting = baris(tabel, CONTOH_NEGATIF)
    for i, kolom in enumerate(TRIWULAN, start=1):
        catat(f"stunting_tw{i}", f"prevalensi stunting triwulan {i}", persen(stunting[kolom], 2 if i < 4 else 1))
    catat("stunting_target", "target prevalensi stunting", persen(stunting["target"], 1))
    catat("stunting_target_angka", "target prevalensi stunting, tanpa tanda persen", _bilangan(stunting["target"]))
    catat("stunting_realisasi_angka", "realisasi prevalensi stunting, tanpa tanda persen", _bilangan(stunting["realisasi"]))
    catat("stunting_capaian", "capaian stunting (rumus bagi)", persen(stunting["capaian"]))
    catat("stunting_capaian_keliru", "capaian stunting bila rumus positif dipakai keliru",
          persen(stunting["realisasi"] / stunting["target"] * 100))
    dbd = baris(tabel, CONTOH_JUMLAH)
    for i, kolom in enumerate(TRIWULAN, start=1):
        catat(f"dbd_tw{i}", f"kasus demam berdarah triwulan {i}", _bilangan(dbd[kolom]))
    catat("dbd_target", "target kasus demam berdarah", _bilangan(dbd["target"]))
    catat("dbd_realisasi", "realisasi kasus demam berdarah", _bilangan(dbd["realisasi"]))
    catat("dbd_capaian", "capaian demam berdarah (rumus bagi)", persen(dbd["capaian"]))
    catat("dbd_capaian_selisih", "capaian demam berdarah (rumus selisih)", persen(dbd["capaian_selisih"]))

    akb = baris(tabel, CONTOH_AKB)
    catat("akb_target", "target angka kematian bayi", _bilangan(akb["target"]))
    catat("akb_realisasi", "realisasi angka kematian bayi", _bilangan(akb["realisasi"]))
    catat("akb_per", "basis angka kematian bayi (per ... kelahiran hidup)",
          akb["satuan"].split()[1])
    catat("akb_capaian", "capaian angka kematian bayi (rumus bagi)", persen(akb["capaian"]))
    catat("akb_capaian_selisih", "capaian angka kematian bayi (rumus selisih)", persen(akb["capaian_selisih"]))

    # Bands
    for nama, batas in (("batas_sangat_tinggi", BATAS_SANGAT_TINGGI), ("batas_tinggi", BATAS_TINGGI),
                        ("batas_sedang", BATAS_SEDANG), ("batas_rendah", BATAS_RENDAH)):
        catat(nama, nama.replace("_", " ").upper(), str(batas))
        catat(nama + "_persen", nama.replace("_", " ").upper() + " dalam persen", persen(batas, 0))
    catat("batas_tertulis_tinggi", "batas atas kategori Tinggi sebagaimana tertulis di tabel", persen(BATAS_SANGAT_TINGGI - 1, 0))
    catat("seratus_persen", "capaian di atas angka ini tetap Sangat Tinggi", persen(100, 0))
    hitung = tabel["kategori"].value_counts()
    for nama in KATEGORI:
        catat("kategori_" + nama.lower().replace(" ", "_"), f"banyaknya indikator {nama}", str(int(hitung.get(nama, 0))))
    for ident in CONTOH_BATAS:
        b = baris(tabel, ident)
        catat(f"{ident}_realisasi", f"realisasi {ident}", _bilangan(b["realisasi"]))
        catat(f"{ident}_target", f"target {ident}", _bilangan(b["target"]))
        catat(f"{ident}_capaian", f"capaian {ident}", persen(b["capaian"]))
    catat("rtlh_target", "target rumah tidak layak huni diperbaiki (latihan 1.1)", _bilangan(baris(tabel, CONTOH_RTLH)["target"]))

    # Cascade
    catat("jumlah_tanpa_induk", "banyaknya indikator kegiatan tanpa induk program", str(len(tanpa_induk(tabel))))

    # Perangkat daerah
    per_pd = tabel.groupby("perangkat_daerah")["capaian"].mean().sort_values()
    catat("jumlah_pd", "banyaknya perangkat daerah", str(len(per_pd)))
    catat("pd_terendah_capaian", "rata-rata capaian perangkat daerah terendah", persen(per_pd.iloc[0]))
    catat("jumlah_pd_di_bawah", "perangkat daerah dengan rata-rata di bawah batas Sangat Tinggi",
          str(int((per_pd < BATAS_SANGAT_TINGGI).sum())))
    return pd.DataFrame(rows, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- panel

def panel_perangkat_daerah(evaluasi: pd.DataFrame):
    """Choose a perangkat daerah: its indicators with target, realisasi, capaian and kategori.

    One HTML widget holds the table (no captured output), so the panel never waits when the
    notebook runs non-interactively.
    """
    import ipywidgets as widgets

    tabel = dengan_capaian(evaluasi[["id_indikator", "tingkat", "induk", "kode", "perangkat_daerah",
                                     "indikator", "satuan", "polaritas", "jenis", "target", *TRIWULAN]])
    pilihan = widgets.Dropdown(options=sorted(tabel["perangkat_daerah"].dropna().unique()),
                               value=CONTOH_PD, description="Perangkat daerah",
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="620px"))
    pilihan.add_class("pilih-perangkat-m05")
    isi = widgets.HTML()
    isi.add_class("isi-perangkat-m05")

    def perbarui(_perubahan=None) -> None:
        bagian = tabel.loc[tabel["perangkat_daerah"] == pilihan.value].sort_values("capaian")
        tampil = pd.DataFrame({
            "id": bagian["id_indikator"],
            "indikator": bagian["indikator"],
            "polaritas": bagian["polaritas"],
            "target": [_bilangan(v) for v in bagian["target"]],
            "realisasi": [_bilangan(round(v, 2)) for v in bagian["realisasi"]],
            "capaian": [persen(v) for v in bagian["capaian"]],
            "kategori": bagian["kategori"],
        })
        rata = persen(bagian["capaian"].mean())
        isi.value = (f"<b>{len(bagian)} indikator; rata-rata capaian {rata}</b>"
                     + tampil.to_html(index=False, border=0))

    pilihan.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([pilihan, isi])
