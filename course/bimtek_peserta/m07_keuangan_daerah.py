"""Display and setup helpers for the M07 lesson (APBD, fiscal ratios, HKPD tests, MFSA).

Imported in the lesson as ``from bimtek_peserta import m07_keuangan_daerah as bantu``. The
lesson's teaching code stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan),
  computed straight from the data files, so a test can compare the prose with the data;
- ``miliar``: a copy of a table with rupiah columns written in Rp miliar, Indonesian style;
- ``panel_proyeksi``: the interactive projection panel (growth-rate sliders).

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi
terbaru); the lesson and the exercise declare the same names and values in their own code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, rupiah_singkat

# --- the lesson's parameters (same names as in the lesson and the exercise) ----------------
BATAS_PEGAWAI = 30            # UU 1/2022 Pasal 146(1): belanja pegawai at most 30% of belanja
BATAS_INFRASTRUKTUR = 40      # UU 1/2022 Pasal 147(1): infrastructure at least 40%
BATAS_PENDIDIKAN = 20         # UUD 1945 Pasal 31(4), UU 20/2003 Pasal 49(1)
# Efektivitas PAD, Kepmendagri 690.900.327/1996 via secondary sources [V-secondary].
BATAS_SANGAT_EFEKTIF = 100    # above: sangat efektif
BATAS_EFEKTIF = 90            # 90-100: efektif
BATAS_CUKUP_EFEKTIF = 80      # 80-90: cukup efektif
BATAS_KURANG_EFEKTIF = 60     # 60-80: kurang efektif; below: tidak efektif
# Projection (planning assumptions, not regulation): % per year.
PERTUMBUHAN_PENDAPATAN = 4
PERTUMBUHAN_BELANJA_OPERASI = 5

# Other scales the lesson shows (all [V-secondary]; lower bounds of each band).
SKALA_MAHMUDI = ((100.0001, "sangat efektif"), (100, "efektif"), (90, "cukup efektif"),
                 (75, "kurang efektif"), (0, "tidak efektif"))
SKALA_KEMANDIRIAN = ((75, "tinggi (delegatif)"), (50, "sedang (partisipatif)"),
                     (25, "rendah (konsultatif)"), (0, "rendah sekali (instruktif)"))
SKALA_DESENTRALISASI = ((50, "sangat baik"), (40, "baik"), (30, "cukup"), (20, "sedang"),
                        (10, "kurang"), (0, "sangat kurang"))
SKALA_EFISIENSI = ((100, "tidak efisien"), (90, "kurang efisien"), (80, "cukup efisien"),
                   (60, "efisien"), (0, "sangat efisien"))

# Choices of the lesson's worked examples (not data).
CONTOH_TAHUN = 2025           # the year of the manual examples
LATIHAN_TAHUN = 2021          # the year of the short exercises
JUMLAH_TAHUN_PROYEKSI = 5
PERTUMBUHAN_PESIMIS = 2       # pessimistic revenue growth in the exercise 4.2
LANGKAH_PENGGESER = 0.5       # slider step of the projection panel

KELOMPOK_PENDAPATAN = ("pad", "transfer", "lain_lain_pendapatan")
KELOMPOK_BELANJA = ("belanja_operasi", "belanja_modal", "belanja_tidak_terduga",
                    "belanja_transfer")


# --------------------------------------------------------------------------- data

def baca_data(folder) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(apbd, pendukung, kota) read from the dataset folder; pendukung indexed by tahun."""
    folder = Path(folder)
    apbd = pd.read_csv(folder / "apbd.csv")
    pendukung = pd.read_csv(folder / "data_pendukung.csv").set_index("tahun")
    kota = json.loads((folder / "kota.json").read_text(encoding="utf-8"))
    return apbd, pendukung, kota


def _label(nilai: float, skala) -> str:
    for batas, nama in skala:
        if nilai >= batas:
            return nama
    return skala[-1][1]


def kategori_kepmendagri(efektivitas: float) -> str:
    """The Kepmendagri band of an efektivitas value (the lesson's chosen scale)."""
    if efektivitas > BATAS_SANGAT_EFEKTIF:
        return "sangat efektif"
    if efektivitas >= BATAS_EFEKTIF:
        return "efektif"
    if efektivitas >= BATAS_CUKUP_EFEKTIF:
        return "cukup efektif"
    if efektivitas >= BATAS_KURANG_EFEKTIF:
        return "kurang efektif"
    return "tidak efektif"


def kategori_mahmudi(efektivitas: float) -> str:
    """The band of an efektivitas value on Mahmudi's (2010) scale, shown beside the chosen one.
    Mahmudi leaves gaps (89-90, 99-100); a value in a gap takes the lower band."""
    if efektivitas > 100:
        return "sangat efektif"
    if efektivitas == 100:
        return "efektif"
    if efektivitas >= 90:
        return "cukup efektif"
    if efektivitas >= 75:
        return "kurang efektif"
    return "tidak efektif"


def indikator(apbd: pd.DataFrame, pendukung: pd.DataFrame) -> pd.DataFrame:
    """Every yearly indicator of the lesson, from the data (for FAKTA and the panel)."""
    real = apbd.pivot_table(index="tahun", columns="kelompok", values="realisasi", aggfunc="sum")
    plan = apbd.pivot_table(index="tahun", columns="kelompok", values="anggaran", aggfunc="sum")
    akun = apbd.pivot_table(index="tahun", columns="akun", values="realisasi", aggfunc="sum")
    t = pd.DataFrame(index=real.index)
    t["pad"] = real["pad"]
    t["transfer"] = real["transfer"]
    t["pendapatan"] = real[list(KELOMPOK_PENDAPATAN)].sum(axis=1)
    t["belanja"] = real[list(KELOMPOK_BELANJA)].sum(axis=1)
    t["belanja_operasi"] = real["belanja_operasi"]
    t["belanja_modal"] = real["belanja_modal"]
    t["belanja_transfer"] = real["belanja_transfer"]
    t["surplus_defisit"] = t["pendapatan"] - t["belanja"]
    t["pembiayaan_netto"] = real["penerimaan_pembiayaan"] - real["pengeluaran_pembiayaan"]
    t["silpa_akhir"] = t["surplus_defisit"] + t["pembiayaan_netto"]
    t["pinjaman"] = akun["pinjaman_daerah"]
    t["kemandirian"] = t["pad"] / (t["transfer"] + t["pinjaman"]) * 100
    t["derajat_desentralisasi"] = t["pad"] / t["pendapatan"] * 100
    t["target_pad"] = plan["pad"]
    t["efektivitas_pad"] = t["pad"] / plan["pad"] * 100
    t["efisiensi_pemungutan"] = pendukung["biaya_pemungutan_pad"] / t["pad"] * 100
    t["serapan_belanja"] = t["belanja"] / plan[list(KELOMPOK_BELANJA)].sum(axis=1) * 100
    t["porsi_belanja_operasi"] = t["belanja_operasi"] / t["belanja"] * 100
    t["porsi_belanja_modal"] = t["belanja_modal"] / t["belanja"] * 100
    t["belanja_pegawai"] = akun["belanja_pegawai"]
    t["tunjangan_guru_tkd"] = pendukung["tunjangan_guru_tkd"]
    t["porsi_pegawai_bruto"] = t["belanja_pegawai"] / t["belanja"] * 100
    t["porsi_pegawai"] = (t["belanja_pegawai"] - t["tunjangan_guru_tkd"]) / t["belanja"] * 100
    t["infrastruktur"] = pendukung["infrastruktur_pelayanan_publik"]
    t["porsi_infrastruktur"] = t["infrastruktur"] / (t["belanja"] - t["belanja_transfer"]) * 100
    t["porsi_pendidikan"] = pendukung["belanja_fungsi_pendidikan"] / t["belanja"] * 100
    t["dak_fisik"] = akun["dak_fisik"]
    t["pendapatan_operasional"] = t["pendapatan"] - t["dak_fisik"]
    t["surplus_operasional"] = t["pendapatan_operasional"] - t["belanja_operasi"]
    t["pokok_utang"] = akun["pembayaran_pokok_utang"]
    return t


def proyeksi_bunga_majemuk(nilai_awal: float, pertumbuhan_persen: float, jumlah_tahun: int) -> list[float]:
    """Compound growth, year 1..n after the base year (closed form)."""
    return [nilai_awal * (1 + pertumbuhan_persen / 100) ** t for t in range(1, jumlah_tahun + 1)]


def tabel_proyeksi(t: pd.DataFrame, kota: dict, pertumbuhan_pendapatan: float,
                   pertumbuhan_belanja: float) -> pd.DataFrame:
    """The five-year projection of the lesson, from the last data year."""
    akhir = t.index.max()
    n = len(kota["tahun_proyeksi"])
    hasil = pd.DataFrame({"tahun": kota["tahun_proyeksi"]})
    hasil["pendapatan_operasional"] = proyeksi_bunga_majemuk(
        t.loc[akhir, "pendapatan_operasional"], pertumbuhan_pendapatan, n)
    hasil["belanja_operasi"] = proyeksi_bunga_majemuk(
        t.loc[akhir, "belanja_operasi"], pertumbuhan_belanja, n)
    hasil["pokok_utang"] = kota["pokok_utang_proyeksi"]
    hasil["ruang_investasi"] = (hasil["pendapatan_operasional"] - hasil["belanja_operasi"]
                                - hasil["pokok_utang"])
    return hasil


def _tumbuh(awal: float, akhir: float, tahun: int) -> float:
    return ((akhir / awal) ** (1 / tahun) - 1) * 100


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the
    figure exactly as the prose writes it). A test compares every figure in the lesson's
    Markdown with the ``teks`` column, so a stale figure fails.
    """
    apbd, pendukung, kota = baca_data(folder)
    t = indikator(apbd, pendukung)
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    awal, akhir = int(t.index.min()), int(t.index.max())
    c, lat = t.loc[CONTOH_TAHUN], t.loc[LATIHAN_TAHUN]
    catat("tahun_awal", "tahun data pertama", str(awal))
    catat("tahun_akhir", "tahun data terakhir", str(akhir))
    catat("jumlah_tahun", "banyaknya tahun data", str(len(t)))
    for tahun in t.index:
        catat(f"tahun_{tahun}", "tahun data", str(int(tahun)))
    catat("mfsa_langkah", "banyaknya langkah MFSA (Bank Dunia)", "8")
    catat("mfsa_modul", "banyaknya modul MFSA (Bank Dunia)", "4")
    catat("jumlah_akun", "banyaknya akun per tahun", str(int(apbd.groupby("tahun").size().iloc[0])))
    catat("contoh_tahun", "tahun contoh hitungan", str(CONTOH_TAHUN))
    catat("latihan_tahun", "tahun latihan singkat", str(LATIHAN_TAHUN))

    # Structure
    catat("pendapatan_contoh", "pendapatan tahun contoh", rupiah_singkat(c["pendapatan"]))
    catat("pad_contoh", "PAD tahun contoh", rupiah_singkat(c["pad"]))
    catat("transfer_contoh", "pendapatan transfer tahun contoh", rupiah_singkat(c["transfer"]))
    catat("belanja_contoh", "belanja tahun contoh", rupiah_singkat(c["belanja"]))
    catat("surplus_contoh", "surplus tahun contoh", rupiah_singkat(c["surplus_defisit"]))
    defisit = t.loc[t["surplus_defisit"] < 0]
    catat("tahun_defisit_terbesar", "tahun defisit terbesar", str(int(t["surplus_defisit"].idxmin())))
    catat("defisit_terbesar", "defisit terbesar (nilai mutlak)", rupiah_singkat(-t["surplus_defisit"].min()))
    catat("jumlah_tahun_defisit", "banyaknya tahun defisit", str(len(defisit)))
    catat("silpa_akhir_contoh", "SiLPA akhir tahun contoh", rupiah_singkat(c["silpa_akhir"]))
    catat("pinjaman_tahun", "tahun penarikan pinjaman", str(kota["pinjaman"]["tahun_penarikan"]))
    catat("pinjaman_pokok", "pokok pinjaman", rupiah_singkat(kota["pinjaman"]["pokok"]))
    catat("pinjaman_angsuran", "angsuran pokok per tahun",
          rupiah_singkat(kota["pinjaman"]["angsuran_pokok_per_tahun"]))
    catat("pinjaman_lunas", "tahun angsuran terakhir", str(kota["pinjaman"]["tahun_angsuran_terakhir"]))

    # Ratios
    catat("pad_contoh_rp", "PAD tahun contoh (rupiah penuh)", rupiah(c["pad"]))
    catat("pendapatan_contoh_rp", "pendapatan tahun contoh (rupiah penuh)", rupiah(c["pendapatan"]))
    catat("transfer_contoh_rp", "transfer tahun contoh (rupiah penuh)", rupiah(c["transfer"]))
    catat("kemandirian_contoh", "kemandirian tahun contoh", persen(c["kemandirian"]))
    catat("ddf_contoh", "derajat desentralisasi tahun contoh", persen(c["derajat_desentralisasi"]))
    catat("kemandirian_batas_25", "batas atas pola instruktif", persen(25, 0))
    catat("batas_kemandirian_atas", "batas atas pola konsultatif", persen(50, 0))
    catat("batas_kemandirian_75", "batas atas pola partisipatif", persen(75, 0))
    catat("ddf_batas_10", "batas DDF sangat kurang", persen(10, 0))
    catat("ddf_batas_30", "batas DDF sedang", persen(30, 0))
    catat("ddf_batas_50", "batas DDF baik", persen(50, 0))
    catat("kemandirian_pinjaman_tahun", "kemandirian pada tahun pinjaman",
          persen(t.loc[kota["pinjaman"]["tahun_penarikan"], "kemandirian"]))
    catat("kemandirian_latihan", "kemandirian tahun latihan", persen(lat["kemandirian"]))
    catat("ddf_latihan", "derajat desentralisasi tahun latihan", persen(lat["derajat_desentralisasi"]))
    catat("efektivitas_contoh", "efektivitas PAD tahun contoh", persen(c["efektivitas_pad"]))
    catat("target_pad_contoh", "target PAD tahun contoh", rupiah(c["target_pad"]))
    for tahun, nilai in t["efektivitas_pad"].items():
        catat(f"efektivitas_{tahun}", f"efektivitas PAD {tahun}", persen(nilai, 1))
    catat("batas_sangat_efektif", "BATAS_SANGAT_EFEKTIF", persen(BATAS_SANGAT_EFEKTIF, 0))
    catat("batas_efektif", "BATAS_EFEKTIF", persen(BATAS_EFEKTIF, 0))
    catat("batas_cukup_efektif", "BATAS_CUKUP_EFEKTIF", persen(BATAS_CUKUP_EFEKTIF, 0))
    catat("batas_kurang_efektif", "BATAS_KURANG_EFEKTIF", persen(BATAS_KURANG_EFEKTIF, 0))
    catat("mahmudi_75", "batas Mahmudi kurang efektif", persen(75, 0))
    catat("mahmudi_89", "batas atas Mahmudi kurang efektif", persen(89, 0))
    catat("mahmudi_99", "batas atas Mahmudi cukup efektif", persen(99, 0))
    beda = [int(y) for y, v in t["efektivitas_pad"].items()
            if kategori_kepmendagri(v) != _label(v, SKALA_MAHMUDI)]
    catat("jumlah_tahun_beda_skala", "banyaknya tahun yang labelnya berbeda antar skala", str(len(beda)))
    catat("efisiensi_contoh", "biaya pemungutan / PAD tahun contoh", persen(c["efisiensi_pemungutan"]))
    catat("serapan_contoh", "realisasi / anggaran belanja tahun contoh", persen(c["serapan_belanja"]))
    catat("serapan_latihan", "realisasi / anggaran belanja tahun latihan", persen(lat["serapan_belanja"]))
    catat("efisiensi_latihan", "biaya pemungutan / PAD tahun latihan", persen(lat["efisiensi_pemungutan"]))
    catat("efisiensi_batas_60", "batas sangat efisien", persen(60, 0))
    catat("porsi_modal_contoh", "porsi belanja modal tahun contoh", persen(c["porsi_belanja_modal"]))
    catat("porsi_operasi_contoh", "porsi belanja operasi tahun contoh", persen(c["porsi_belanja_operasi"]))
    catat("porsi_modal_awal", "porsi belanja modal tahun pertama", persen(t.iloc[0]["porsi_belanja_modal"]))

    # HKPD and education
    catat("batas_pegawai", "BATAS_PEGAWAI", persen(BATAS_PEGAWAI, 0))
    catat("batas_infrastruktur", "BATAS_INFRASTRUKTUR", persen(BATAS_INFRASTRUKTUR, 0))
    catat("batas_pendidikan", "BATAS_PENDIDIKAN", persen(BATAS_PENDIDIKAN, 0))
    catat("pegawai_contoh_rp", "belanja pegawai tahun contoh", rupiah_singkat(c["belanja_pegawai"]))
    catat("guru_contoh_rp", "tunjangan guru dari TKD tahun contoh", rupiah_singkat(c["tunjangan_guru_tkd"]))
    catat("pegawai_bruto_contoh", "porsi pegawai tanpa pengecualian, tahun contoh", persen(c["porsi_pegawai_bruto"]))
    catat("pegawai_contoh", "porsi pegawai dengan pengecualian, tahun contoh", persen(c["porsi_pegawai"]))
    lolos = [int(y) for y, v in t["porsi_pegawai"].items() if v <= BATAS_PEGAWAI]
    catat("tahun_pegawai_lolos_pertama", "tahun pertama porsi pegawai memenuhi", str(lolos[0]))
    catat("jumlah_tahun_pegawai_lolos", "banyaknya tahun porsi pegawai memenuhi", str(len(lolos)))
    catat("pegawai_bruto_minimum", "porsi pegawai bruto terendah", persen(t["porsi_pegawai_bruto"].min()))
    catat("pegawai_latihan", "porsi pegawai tahun latihan", persen(lat["porsi_pegawai"]))
    catat("infrastruktur_contoh", "porsi infrastruktur tahun contoh", persen(c["porsi_infrastruktur"]))
    catat("infrastruktur_awal", "porsi infrastruktur tahun pertama", persen(t.iloc[0]["porsi_infrastruktur"]))
    kurang = BATAS_INFRASTRUKTUR / 100 * (c["belanja"] - c["belanja_transfer"]) - c["infrastruktur"]
    catat("kekurangan_infrastruktur", "tambahan belanja infrastruktur agar 40% (tahun contoh)",
          rupiah_singkat(kurang))
    catat("belanja_transfer_contoh", "belanja transfer tahun contoh", rupiah_singkat(c["belanja_transfer"]))
    catat("pendidikan_latihan", "porsi pendidikan tahun latihan", persen(lat["porsi_pendidikan"]))
    catat("pendidikan_contoh", "porsi pendidikan tahun contoh", persen(c["porsi_pendidikan"]))
    catat("tahun_batas_hkpd", "tahun anggaran tenggat HKPD menurut media daerah", "2027")
    catat("lama_peralihan", "masa penyesuaian (tahun)", "5")

    # Operating surplus and projection
    catat("dak_fisik_contoh", "DAK fisik tahun contoh", rupiah_singkat(c["dak_fisik"]))
    catat("pendapatan_operasional_contoh", "pendapatan operasional tahun contoh",
          rupiah_singkat(c["pendapatan_operasional"]))
    catat("belanja_operasi_contoh", "belanja operasi tahun contoh", rupiah_singkat(c["belanja_operasi"]))
    catat("surplus_operasional_contoh", "surplus operasional tahun contoh",
          rupiah_singkat(c["surplus_operasional"]))
    catat("surplus_operasional_latihan", "surplus operasional tahun latihan",
          rupiah_singkat(lat["surplus_operasional"]))
    terendah = t["surplus_operasional"].idxmin()
    catat("tahun_surplus_operasional_terendah", "tahun surplus operasional terendah", str(int(terendah)))
    catat("pokok_utang_contoh", "pokok utang dibayar tahun contoh", rupiah_singkat(c["pokok_utang"]))
    n = len(t) - 1
    catat("tumbuh_pendapatan_operasional", "pertumbuhan rata-rata pendapatan operasional per tahun",
          persen(_tumbuh(t.iloc[0]["pendapatan_operasional"], t.iloc[-1]["pendapatan_operasional"], n), 1))
    catat("tumbuh_belanja_operasi", "pertumbuhan rata-rata belanja operasi per tahun",
          persen(_tumbuh(t.iloc[0]["belanja_operasi"], t.iloc[-1]["belanja_operasi"], n), 1))
    catat("pertumbuhan_pendapatan", "PERTUMBUHAN_PENDAPATAN", persen(PERTUMBUHAN_PENDAPATAN, 0))
    catat("pertumbuhan_belanja", "PERTUMBUHAN_BELANJA_OPERASI", persen(PERTUMBUHAN_BELANJA_OPERASI, 0))
    catat("tahun_proyeksi_awal", "tahun proyeksi pertama", str(kota["tahun_proyeksi"][0]))
    catat("tahun_proyeksi_akhir", "tahun proyeksi terakhir", str(kota["tahun_proyeksi"][-1]))
    catat("jumlah_tahun_proyeksi", "banyaknya tahun proyeksi", str(JUMLAH_TAHUN_PROYEKSI))
    p = tabel_proyeksi(t, kota, PERTUMBUHAN_PENDAPATAN, PERTUMBUHAN_BELANJA_OPERASI)
    catat("ruang_investasi_awal", "ruang investasi tahun proyeksi pertama", rupiah_singkat(p["ruang_investasi"].iloc[0]))
    catat("ruang_investasi_akhir", "ruang investasi tahun proyeksi terakhir", rupiah_singkat(p["ruang_investasi"].iloc[-1]))
    catat("ruang_investasi_lima_tahun", "ruang investasi lima tahun", rupiah_singkat(p["ruang_investasi"].sum()))
    datar = tabel_proyeksi(t, kota, PERTUMBUHAN_BELANJA_OPERASI, PERTUMBUHAN_BELANJA_OPERASI)
    catat("ruang_investasi_sama_tumbuh", "ruang investasi lima tahun bila keduanya tumbuh sama",
          rupiah_singkat(datar["ruang_investasi"].sum()))
    catat("pertumbuhan_pesimis", "pertumbuhan pendapatan pada skenario pesimis", persen(PERTUMBUHAN_PESIMIS, 0))
    pesimis = tabel_proyeksi(t, kota, PERTUMBUHAN_PESIMIS, PERTUMBUHAN_BELANJA_OPERASI)
    catat("ruang_investasi_pesimis", "ruang investasi lima tahun, skenario pesimis",
          rupiah_singkat(pesimis["ruang_investasi"].sum()))
    laju = PERTUMBUHAN_BELANJA_OPERASI
    while True:
        coba = tabel_proyeksi(t, kota, PERTUMBUHAN_PENDAPATAN, laju)["ruang_investasi"]
        if coba.iloc[-1] < coba.iloc[0]:
            break
        laju += LANGKAH_PENGGESER
    catat("laju_belanja_menyempit", "laju belanja operasi (kelipatan penggeser) saat ruang 2030 < ruang 2026",
          persen(laju, 1))
    contoh = proyeksi_bunga_majemuk(100, 10, 2)
    catat("contoh_proyeksi_1", "contoh proyeksi tahun pertama", angka(contoh[0]))
    catat("contoh_proyeksi_2", "contoh proyeksi tahun kedua", angka(contoh[1]))
    catat("contoh_pertumbuhan", "pertumbuhan contoh proyeksi", persen(10, 0))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- display

def miliar(tabel: pd.DataFrame, kolom=None, desimal: int = 1) -> pd.DataFrame:
    """A copy of ``tabel`` (or of its ``kolom``) with every number in Rp miliar, written the
    Indonesian way. Only for showing: the copy holds text, so do not compute with it."""
    hasil = tabel[list(kolom)].copy() if kolom is not None else tabel.copy()
    for nama in hasil.columns:
        if pd.api.types.is_numeric_dtype(hasil[nama]):
            hasil[nama] = hasil[nama].map(lambda x: angka(x / 1e9, desimal))
    return hasil


def persen_tabel(tabel: pd.DataFrame, kolom, desimal: int = 2) -> pd.DataFrame:
    """A copy of ``tabel[kolom]`` with percentages written the Indonesian way (text)."""
    hasil = tabel[list(kolom)].copy()
    for nama in hasil.columns:
        hasil[nama] = hasil[nama].map(lambda x: persen(x, desimal))
    return hasil


def panel_proyeksi(ringkasan: pd.DataFrame, rinci: pd.DataFrame, kota: dict, proyeksi):
    """The projection panel: two growth-rate sliders, the yearly room for investment (chart)
    and its five-year total. ``proyeksi`` is the lesson's function; the panel calls it."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    akhir = ringkasan.index.max()
    pendapatan_operasional = ringkasan.loc[akhir, "pendapatan"] - rinci.loc[akhir, "dak_fisik"]
    belanja_operasi = ringkasan.loc[akhir, "belanja_operasi"]
    n = len(kota["tahun_proyeksi"])
    gaya = {"description_width": "initial"}
    geser_pendapatan = widgets.FloatSlider(value=PERTUMBUHAN_PENDAPATAN, min=-2, max=12, step=LANGKAH_PENGGESER,
                                           description="Pertumbuhan pendapatan operasional (% per tahun)",
                                           style=gaya, layout=widgets.Layout(width="640px"))
    geser_belanja = widgets.FloatSlider(value=PERTUMBUHAN_BELANJA_OPERASI, min=-2, max=12, step=LANGKAH_PENGGESER,
                                        description="Pertumbuhan belanja operasi (% per tahun)",
                                        style=gaya, layout=widgets.Layout(width="640px"))
    geser_pendapatan.add_class("slider-pendapatan-m07")
    geser_belanja.add_class("slider-belanja-m07")
    ringkas = widgets.HTML()
    ringkas.add_class("ringkas-m07")
    grafik = widgets.Output()

    def perbarui(_perubahan=None) -> None:
        po = proyeksi(pendapatan_operasional, geser_pendapatan.value, n)
        bo = proyeksi(belanja_operasi, geser_belanja.value, n)
        ruang = [p - b - u for p, b, u in zip(po, bo, kota["pokok_utang_proyeksi"])]
        baris = "".join(f"<tr><td>{th}</td><td style='text-align:right'>{rupiah_singkat(r)}</td></tr>"
                        for th, r in zip(kota["tahun_proyeksi"], ruang))
        ringkas.value = (f"<table>{baris}<tr><td><b>Jumlah lima tahun</b></td>"
                         f"<td style='text-align:right'><b>{rupiah_singkat(sum(ruang))}</b></td></tr></table>")
        with grafik:
            grafik.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(8, 3.5))
            warna = ["tab:green" if r >= 0 else "tab:red" for r in ruang]
            ax.bar([str(th) for th in kota["tahun_proyeksi"]], [r / 1e9 for r in ruang], color=warna)
            ax.axhline(0, color="gray", linewidth=0.8)
            ax.set_title("Ruang investasi per tahun (surplus operasional dikurangi pokok utang)")
            ax.set_ylabel("Rp miliar")
            plt.show()

    geser_pendapatan.observe(perbarui, names="value")
    geser_belanja.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([geser_pendapatan, geser_belanja, ringkas, grafik])
