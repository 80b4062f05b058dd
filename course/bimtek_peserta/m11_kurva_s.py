"""Display and setup helpers for the M11 lesson (bobot, kurva S, kontrak kritis, denda, EVM).

Imported in the lesson as ``from bimtek_peserta import m11_kurva_s as bantu``. The lesson's
teaching code stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan),
  computed straight from the data files, so a test can compare the prose with the data;
- ``panel_minggu``: the interactive week panel (slider, indicator table, kurva S);
- small formatting helpers for the lesson's tables.

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi
terbaru); the lesson declares the same names and values in its own code.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, rupiah_singkat, tanggal

# The lesson's parameters (same names as in the lesson and the exercise).
BATAS_RENCANA = 70        # rencana kumulatif (%) from which the lower lateness limit applies
BATAS_AWAL = 10           # kritis if late by more than this (%) while rencana < BATAS_RENCANA
BATAS_AKHIR = 5           # kritis if late by more than this (%) while rencana >= BATAS_RENCANA
TARIF_DENDA = 1 / 1000    # denda per day, as a share of the contract value before PPN
BATAS_KESEMPATAN_HARI = 50   # pemberian kesempatan, calendar days (LKPP 12/2021, to verify)
PERIODE_TERMIN = 4        # weeks between progress payments in the owner's-view example

# Choices of the lesson's worked examples (not data).
CONTOH_NO_RAB = 5           # RAB item used for the manual bobot example
CONTOH_HARI_DENDA = 12      # days late in the manual denda example (denda_12_hari)
LATIHAN_HARI_DENDA = 30     # days late in the denda exercise
LATIHAN_MINGGU_DEVIASI = 7  # week of the .loc/.iloc exercise and of the SPI/CPI exercise
LATIHAN_BATAS_DEVIASI = 5   # "first week late by more than this (%)"
LATIHAN_SPI = 0.85          # "first week with SPI below this" (panel exercise)

NAMA_BERKAS = ("kontrak.json", "rab.csv", "rencana_mingguan.csv", "realisasi_mingguan.csv")


# --------------------------------------------------------------------------- data

def baca_data(folder) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(kontrak, rab, rencana, realisasi) read from the dataset folder."""
    folder = Path(folder)
    kontrak = json.loads((folder / "kontrak.json").read_text(encoding="utf-8"))
    rab = pd.read_csv(folder / "rab.csv")
    rencana = pd.read_csv(folder / "rencana_mingguan.csv")
    realisasi = pd.read_csv(folder / "realisasi_mingguan.csv")
    return kontrak, rab, rencana, realisasi


def _progres(rencana: pd.DataFrame, realisasi: pd.DataFrame) -> pd.DataFrame:
    tabel = rencana.merge(realisasi, on="minggu", how="left")
    tabel["rencana_kumulatif"] = tabel["rencana_persen"].cumsum()
    tabel["realisasi_kumulatif"] = tabel["realisasi_persen"].cumsum()
    tabel["deviasi"] = tabel["realisasi_kumulatif"] - tabel["rencana_kumulatif"]
    return tabel


def indikator_mingguan(progres: pd.DataFrame, BAC: float) -> pd.DataFrame:
    """PV, EV, AC, SPI and CPI for every week that has a realisation (for the panel)."""
    tabel = progres.loc[progres["realisasi_kumulatif"].notna()].copy()
    tabel["PV"] = tabel["rencana_kumulatif"] / 100 * BAC
    tabel["EV"] = tabel["realisasi_kumulatif"] / 100 * BAC
    tabel["AC"] = tabel["biaya_aktual"].cumsum()
    tabel["SPI"] = tabel["EV"] / tabel["PV"]
    tabel["CPI"] = tabel["EV"] / tabel["AC"]
    return tabel


def _baris(tabel: pd.DataFrame, minggu: int) -> pd.Series:
    return tabel.loc[tabel["minggu"] == minggu].iloc[0]


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the
    figure exactly as the prose writes it). A test compares every figure in the lesson's
    Markdown with the ``teks`` column, so a stale figure fails.
    """
    kontrak, rab, rencana, realisasi = baca_data(folder)
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    # Contract
    BAC = kontrak["nilai_kontrak_sebelum_ppn"]
    catat("nilai_kontrak", "nilai kontrak sebelum PPN", rupiah(BAC))
    catat("nilai_kontrak_miliar", "nilai kontrak, dibulatkan", rupiah_singkat(BAC))
    catat("jumlah_mata_pembayaran", "banyaknya mata pembayaran di RAB", str(len(rab)))
    catat("durasi_minggu", "masa pelaksanaan (minggu)", str(kontrak["durasi_minggu"]))
    catat("masa_pelaksanaan_hari", "masa pelaksanaan (hari kalender)",
          str(kontrak["masa_pelaksanaan_hari"]))
    catat("minggu_laporan", "minggu laporan", str(kontrak["minggu_laporan"]))
    mulai = date.fromisoformat(kontrak["tanggal_mulai"])
    selesai = mulai + timedelta(days=kontrak["masa_pelaksanaan_hari"] - 1)
    akhir_ta = date(mulai.year, 12, 31)
    catat("tanggal_mulai", "tanggal mulai (SPMK)", tanggal(mulai))
    catat("tanggal_selesai_kontrak", "tanggal selesai menurut kontrak", tanggal(selesai))
    catat("akhir_tahun_anggaran", "akhir tahun anggaran", tanggal(akhir_ta))

    # Bobot
    total = rab["jumlah_harga"].sum()
    bobot = rab["jumlah_harga"] / total * 100
    contoh = rab.loc[rab["no"] == CONTOH_NO_RAB].iloc[0]
    catat("contoh_no_rab", "nomor mata pembayaran contoh hitungan bobot", str(CONTOH_NO_RAB))
    catat("contoh_jumlah_harga", "jumlah harga mata pembayaran contoh", rupiah(contoh["jumlah_harga"]))
    catat("contoh_bobot", "bobot mata pembayaran contoh", persen(contoh["jumlah_harga"] / total * 100))
    catat("contoh_bobot_4", "bobot mata pembayaran contoh, empat desimal",
          angka(contoh["jumlah_harga"] / total * 100, 4))
    catat("jumlah_bobot", "jumlah seluruh bobot", persen(bobot.sum(), 0))
    catat("bobot_terbesar", "bobot mata pembayaran terbesar", persen(bobot.max()))
    per_divisi = bobot.groupby(rab["divisi"]).sum()
    catat("bobot_divisi_terbesar", "bobot divisi terbesar", persen(per_divisi.max()))

    # Cumulative progress and deviation
    progres = _progres(rencana, realisasi)
    for minggu in (1, 2, 3):
        catat(f"rencana_minggu_{minggu}", f"rencana minggu ke-{minggu} (bukan kumulatif)",
              persen(_baris(progres, minggu)["rencana_persen"]))
    catat("rencana_kumulatif_minggu_3", "rencana kumulatif minggu ke-3",
          persen(_baris(progres, 3)["rencana_kumulatif"]))
    catat("rencana_kumulatif_akhir", "rencana kumulatif minggu terakhir",
          persen(progres["rencana_kumulatif"].iloc[-1], 0))
    laporan = _baris(progres, kontrak["minggu_laporan"])
    catat("rencana_kumulatif_laporan", "rencana kumulatif minggu laporan",
          persen(laporan["rencana_kumulatif"]))
    catat("realisasi_kumulatif_laporan", "realisasi kumulatif minggu laporan",
          persen(laporan["realisasi_kumulatif"]))
    catat("deviasi_laporan", "deviasi minggu laporan", persen(laporan["deviasi"]))
    catat("keterlambatan_laporan", "keterlambatan minggu laporan", persen(-laporan["deviasi"]))
    latihan = _baris(progres, LATIHAN_MINGGU_DEVIASI)
    catat("latihan_minggu", "minggu latihan .loc/.iloc dan SPI/CPI", str(LATIHAN_MINGGU_DEVIASI))
    catat("deviasi_minggu_latihan", "deviasi pada minggu latihan", persen(latihan["deviasi"]))
    catat("latihan_batas_deviasi", "batas keterlambatan pada latihan", persen(LATIHAN_BATAS_DEVIASI, 0))
    lewat = progres.loc[progres["deviasi"] < -LATIHAN_BATAS_DEVIASI].iloc[0]
    catat("minggu_lewat_batas_latihan", "minggu pertama keterlambatan melewati batas latihan",
          str(int(lewat["minggu"])))
    catat("deviasi_minggu_lewat_batas", "deviasi pada minggu itu", persen(lewat["deviasi"]))

    # Kontrak kritis
    catat("batas_rencana", "BATAS_RENCANA", persen(BATAS_RENCANA, 0))
    catat("batas_awal", "BATAS_AWAL", persen(BATAS_AWAL, 0))
    catat("batas_akhir", "BATAS_AKHIR", persen(BATAS_AKHIR, 0))
    periode_ii = progres.loc[progres["rencana_kumulatif"] >= BATAS_RENCANA].iloc[0]
    catat("minggu_periode_ii", "minggu pertama rencana kumulatif mencapai BATAS_RENCANA",
          str(int(periode_ii["minggu"])))
    catat("rencana_kumulatif_periode_ii", "rencana kumulatif pada minggu itu",
          persen(periode_ii["rencana_kumulatif"]))

    # Denda
    catat("tarif_denda", "TARIF_DENDA", angka(TARIF_DENDA * 1000) + "‰")
    catat("pembagi_denda", "1 dibagi TARIF_DENDA", angka(1 / TARIF_DENDA))
    catat("denda_per_hari", "denda per hari", rupiah(round(TARIF_DENDA * BAC)))
    catat("contoh_hari_denda", "hari keterlambatan pada contoh denda", str(CONTOH_HARI_DENDA))
    catat("denda_12_hari", "denda contoh", rupiah(round(TARIF_DENDA * BAC * CONTOH_HARI_DENDA)))
    catat("latihan_hari_denda", "hari keterlambatan pada latihan denda", str(LATIHAN_HARI_DENDA))
    denda_latihan = TARIF_DENDA * BAC * LATIHAN_HARI_DENDA
    catat("denda_latihan", "denda pada latihan", rupiah(round(denda_latihan)))
    catat("denda_latihan_persen", "denda latihan sebagai persen nilai kontrak",
          persen(denda_latihan / BAC * 100))
    catat("batas_kesempatan_hari", "lama pemberian kesempatan (hari kalender)",
          str(BATAS_KESEMPATAN_HARI))

    # EVM at the reporting week
    evm = indikator_mingguan(progres, BAC)
    m = _baris(evm, kontrak["minggu_laporan"])
    PV, EV, AC = m["PV"], m["EV"], m["AC"]
    SPI, CPI = EV / PV, EV / AC
    EAC = BAC / CPI
    catat("PV", "PV minggu laporan", rupiah(PV))
    catat("EV", "EV minggu laporan", rupiah(EV))
    catat("AC", "AC minggu laporan", rupiah(AC))
    catat("SV", "SV minggu laporan", rupiah(EV - PV))
    catat("CV", "CV minggu laporan", rupiah(EV - AC))
    catat("SPI", "SPI minggu laporan", angka(SPI, 3))
    catat("SPI_persen", "SPI sebagai persen", persen(SPI * 100, 0))
    catat("CPI", "CPI minggu laporan", angka(CPI, 3))
    catat("CPI_persen", "CPI sebagai persen", persen(CPI * 100, 0))
    catat("EAC", "EAC minggu laporan", rupiah(EAC))
    catat("EAC_miliar", "EAC, dibulatkan", rupiah_singkat(EAC))
    catat("EAC_lebih", "EAC dikurangi BAC, dibulatkan", rupiah_singkat(EAC - BAC))
    w = _baris(evm, LATIHAN_MINGGU_DEVIASI)
    catat("SPI_latihan", "SPI minggu latihan, dua desimal", angka(w["SPI"], 2))
    catat("CPI_latihan", "CPI minggu latihan, dua desimal", angka(w["CPI"], 2))
    catat("latihan_spi", "ambang SPI pada latihan panel", angka(LATIHAN_SPI, 2))
    rendah = evm.loc[evm["SPI"] < LATIHAN_SPI].iloc[0]
    catat("minggu_spi_rendah", "minggu pertama SPI di bawah ambang latihan", str(int(rendah["minggu"])))
    catat("SPI_minggu_rendah", "SPI pada minggu itu", angka(rendah["SPI"], 2))
    catat("keterlambatan_minggu_rendah", "keterlambatan pada minggu itu", persen(-rendah["deviasi"]))

    # Owner's view: progress payments every PERIODE_TERMIN weeks (simplified example)
    catat("periode_termin", "minggu antar pembayaran pada contoh", str(PERIODE_TERMIN))
    minggu_termin = kontrak["minggu_laporan"] // PERIODE_TERMIN * PERIODE_TERMIN
    termin = _baris(evm, minggu_termin)
    catat("minggu_termin_terakhir", "minggu pembayaran terakhir sebelum laporan", str(minggu_termin))
    catat("realisasi_keuangan", "realisasi keuangan pada minggu laporan (persen)",
          persen(termin["realisasi_kumulatif"]))
    catat("realisasi_keuangan_rupiah", "realisasi keuangan pada minggu laporan (rupiah)",
          rupiah(termin["EV"]))

    # Forecast finish from SPI, the resulting denda, and pemberian kesempatan
    hari = kontrak["masa_pelaksanaan_hari"] / SPI
    perkiraan = mulai + timedelta(days=round(hari) - 1)
    terlambat = (perkiraan - selesai).days
    catat("perkiraan_selesai", "perkiraan tanggal selesai", tanggal(perkiraan))
    catat("perkiraan_hari_terlambat", "perkiraan hari terlambat", str(terlambat))
    catat("perkiraan_denda", "perkiraan denda", rupiah(round(TARIF_DENDA * BAC * terlambat)))
    catat("perkiraan_denda_juta", "perkiraan denda, dibulatkan",
          rupiah_singkat(round(TARIF_DENDA * BAC * terlambat)))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- panel

def gambar_kurva_s(ax, progres: pd.DataFrame, sampai_minggu: int, judul: str = "Kurva S") -> None:
    """Draw the planned curve (all weeks) and the realised curve up to ``sampai_minggu``."""
    sudah = progres.loc[progres["minggu"] <= sampai_minggu]
    ax.plot(progres["minggu"], progres["rencana_kumulatif"], marker="o", markersize=3,
            color="tab:blue", label="Rencana kumulatif")
    ax.plot(sudah["minggu"], sudah["realisasi_kumulatif"], marker="o", markersize=3,
            color="tab:red", label="Realisasi kumulatif")
    ax.axvline(sampai_minggu, linestyle="--", color="gray")
    ax.set_xlabel("Minggu ke-")
    ax.set_ylabel("Progres kumulatif (% nilai kontrak)")
    ax.set_title(judul, fontsize=10)
    ax.set_ylim(0, 105)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")


def _tabel_html(minggu: int, isi: list[tuple[str, str]]) -> str:
    baris = "".join(f"<tr><td>{nama}</td><td style='text-align:right'>{nilai}</td></tr>"
                    for nama, nilai in isi)
    return f"<b>Minggu ke-{minggu}</b><table>{baris}</table>"


def panel_minggu(progres: pd.DataFrame, status_kontrak, BAC: float, minggu: int):
    """The week panel: a slider, the indicators of that week and the kurva S up to it.

    ``status_kontrak`` is the lesson's function; the panel calls it for the chosen week.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    evm = indikator_mingguan(progres, BAC)
    terakhir = int(evm["minggu"].max())
    penggeser = widgets.IntSlider(value=min(minggu, terakhir), min=1, max=terakhir, step=1,
                                  description="Minggu ke-")
    penggeser.add_class("slider-minggu-m11")
    indikator = widgets.HTML()
    indikator.add_class("indikator-m11")
    grafik = widgets.Output()

    def perbarui(_perubahan=None) -> None:
        pilihan = penggeser.value
        b = _baris(evm, pilihan)
        status = status_kontrak(b["rencana_kumulatif"], b["realisasi_kumulatif"])
        warna = "#c0392b" if status == "kritis" else "#1e8449"
        indikator.value = _tabel_html(pilihan, [
            ("Rencana kumulatif", persen(b["rencana_kumulatif"])),
            ("Realisasi kumulatif", persen(b["realisasi_kumulatif"])),
            ("Deviasi", persen(b["deviasi"])),
            ("Status kontrak", f"<b style='color:{warna}'>{status}</b>"),
            ("SPI", angka(b["SPI"], 2)),
            ("CPI", angka(b["CPI"], 2)),
        ])
        with grafik:
            grafik.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(9, 4.5))
            gambar_kurva_s(ax, progres, pilihan, "Kurva S sampai minggu ke-" + str(pilihan))
            plt.show()

    penggeser.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([penggeser, indikator, grafik])
