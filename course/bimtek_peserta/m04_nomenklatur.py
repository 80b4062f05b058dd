"""Display and setup helpers for the M04 lesson (nomenklatur dan kodefikasi).

Imported in the lesson as ``from bimtek_peserta import m04_nomenklatur as bantu``. The lesson's
teaching code stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan), computed
  straight from the data files, so a test can compare the prose with the data;
- ``atur_tampilan``: pandas shows rupiah with thousands dots instead of 1.46e+12;
- ``intip_berkas``: the first lines of a data file as they are written (before pandas reads it);
- ``tabel_rekap``: a pagu roll-up with names, rupiah and shares, for showing only;
- ``panel_perangkat_daerah``: the interactive panel (choose a perangkat daerah).

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi terbaru);
the lesson and the exercise declare the same names and values in their own code.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, rupiah_singkat

# The lesson's parameters (same names as in the lesson and the exercise).
PANJANG_SEGMEN = [1, 2, 2, 1, 2, 4]   # characters per segment of a sub-kegiatan code
KODE_KABUPATEN = "2"                  # level digit of kabupaten/kota activities ([V-code])
URUSAN_PELAYANAN_DASAR = "1"          # urusan wajib yang berkaitan dengan pelayanan dasar

# Labels returned by the lesson's periksa_kode (same spelling in the exercise).
SAH = "sah"
ALASAN = ("jumlah segmen salah", "panjang segmen salah", "bukan kabupaten/kota",
          "program tidak dikenal")

# Choices of the lesson's worked examples (not data).
CONTOH_KODE = "1.02.02.2.02.0001"       # the manual example of section 1
PERANGKAT_SENDIRI = "Badan Perencanaan Pembangunan Daerah"   # the participants' own office
LATIHAN_PERANGKAT = "Dinas Pekerjaan Umum dan Penataan Ruang"  # exercise 4.1
GAJI = "Penyediaan Gaji dan Tunjangan ASN"
TAHUN_RKPD = 2027                       # the plan year of the fictional list (see KARTU_DATA.md)

NAMA_URUSAN = {
    "1": "Urusan pemerintahan wajib yang berkaitan dengan pelayanan dasar",
    "2": "Urusan pemerintahan wajib yang tidak berkaitan dengan pelayanan dasar",
    "3": "Urusan pemerintahan pilihan",
    "4": "Unsur pendukung urusan pemerintahan",
    "5": "Unsur penunjang urusan pemerintahan",
    "6": "Unsur pengawasan urusan pemerintahan",
    "7": "Unsur kewilayahan",
}


# --------------------------------------------------------------------------- data

def baca_data(folder) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(daftar, referensi) read the way the lesson teaches."""
    folder = Path(folder)
    daftar = pd.read_csv(folder / "sub_kegiatan.csv", sep=";", dtype={"kode": str},
                         thousands=".", decimal=",")
    referensi = pd.read_csv(folder / "referensi_program.csv", sep=";", dtype=str)
    return daftar, referensi


def alasan_kode(kode: str, program_sah) -> str:
    """The lesson's four rules, written once here for the figures and the panel."""
    bagian = kode.split(".")
    if len(bagian) != len(PANJANG_SEGMEN):
        return ALASAN[0]
    if [len(b) for b in bagian] != PANJANG_SEGMEN:
        return ALASAN[1]
    if bagian[3] != KODE_KABUPATEN:
        return ALASAN[2]
    if ".".join(bagian[:3]) not in program_sah:
        return ALASAN[3]
    return SAH


def dengan_tingkat(daftar: pd.DataFrame, referensi: pd.DataFrame) -> pd.DataFrame:
    """``daftar`` with alasan, and for valid rows the level columns (as in the lesson)."""
    tabel = daftar.copy()
    program_sah = set(referensi["kode_program"])
    tabel["alasan"] = [alasan_kode(k, program_sah) for k in tabel["kode"]]
    sah = tabel["alasan"] == SAH
    for kolom, panjang in (("urusan", 1), ("bidang", 4), ("program", 7), ("kegiatan", 12)):
        tabel.loc[sah, kolom] = tabel.loc[sah, "kode"].str[:panjang]
    tabel["penunjang"] = sah & tabel["program"].fillna("").str.endswith(".01")
    tabel["pelayanan_dasar"] = sah & (tabel["urusan"] == URUSAN_PELAYANAN_DASAR)
    return tabel


# --------------------------------------------------------------------------- display

def atur_tampilan() -> None:
    """Show decimal numbers in pandas tables the Indonesian way (1.462.166.100.000), not as 1.46e+12."""
    pd.set_option("display.float_format",
                  lambda x: angka(x, 0) if float(x).is_integer() else angka(x, 2))


def intip_berkas(path, baris: int = 4) -> None:
    """Print the first lines of a text file exactly as they are written."""
    with open(path, encoding="utf-8") as berkas:
        for nomor, isi in enumerate(berkas, start=1):
            if nomor > baris:
                break
            print(isi.rstrip("\n"))


def tabel_rekap(pagu: pd.Series, referensi: pd.DataFrame | None = None) -> pd.DataFrame:
    """A roll-up (pagu per code) with names, rupiah and shares; text, for showing only."""
    nama = {}
    if referensi is not None:
        nama.update(dict(zip(referensi["kode_bidang"], referensi["nama_bidang"])))
        nama.update(dict(zip(referensi["kode_program"], referensi["nama_program"])))
    nama.update(NAMA_URUSAN)
    total = pagu.sum()
    return pd.DataFrame({
        "kode": list(pagu.index),
        "nama": [nama.get(k, "–") for k in pagu.index],
        "pagu": [rupiah(v) for v in pagu],
        "porsi": [persen(v / total * 100) for v in pagu],
    })


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the figure
    exactly as the prose writes it). A test compares every figure in the lesson's Markdown with
    the ``teks`` column, so a stale figure fails.
    """
    daftar, referensi = baca_data(folder)
    tabel = dengan_tingkat(daftar, referensi)
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    total = daftar["pagu"].sum()
    catat("tahun_rkpd", "tahun rencana RKPD daftar ini", str(TAHUN_RKPD))
    catat("jumlah_baris", "banyaknya baris daftar sub-kegiatan", str(len(daftar)))
    catat("jumlah_perangkat", "banyaknya perangkat daerah", str(daftar["perangkat_daerah"].nunique()))
    catat("jumlah_program_referensi", "banyaknya kode program di referensi", str(len(referensi)))
    catat("total_pagu", "jumlah pagu seluruh baris", rupiah(total))
    catat("total_pagu_singkat", "jumlah pagu, dibulatkan", rupiah_singkat(total))
    sendiri = daftar.loc[daftar["perangkat_daerah"] == PERANGKAT_SENDIRI, "pagu"].sum()
    catat("pagu_bappeda", "pagu Bappeda", rupiah(sendiri))
    catat("baris_bappeda", "banyaknya sub-kegiatan Bappeda",
          str(int((daftar["perangkat_daerah"] == PERANGKAT_SENDIRI).sum())))

    # Malformed codes
    salah = tabel.loc[tabel["alasan"] != SAH]
    catat("jumlah_salah", "banyaknya baris dengan kode salah", str(len(salah)))
    catat("pagu_salah", "pagu pada baris dengan kode salah", rupiah(salah["pagu"].sum()))
    catat("pagu_salah_singkat", "pagu baris kode salah, dibulatkan", rupiah_singkat(salah["pagu"].sum()))
    for nomor, alasan in enumerate(ALASAN, start=1):
        catat(f"jumlah_alasan_{nomor}", f"banyaknya baris dengan alasan '{alasan}'",
              str(int((salah["alasan"] == alasan).sum())))
    sah = tabel.loc[tabel["alasan"] == SAH]
    catat("jumlah_sah", "banyaknya baris dengan kode sah", str(len(sah)))
    total_sah = sah["pagu"].sum()
    catat("total_sah", "jumlah pagu baris sah", rupiah(total_sah))
    catat("total_sah_singkat", "jumlah pagu baris sah, dibulatkan", rupiah_singkat(total_sah))

    # Roll-ups
    per_urusan = sah.groupby("urusan")["pagu"].sum()
    catat("jumlah_urusan", "banyaknya kelompok urusan/unsur di daftar", str(len(per_urusan)))
    per_bidang = sah.groupby("bidang")["pagu"].sum().sort_values(ascending=False)
    catat("jumlah_bidang", "banyaknya bidang di daftar", str(len(per_bidang)))
    catat("bidang_terbesar_pagu", "pagu bidang terbesar", rupiah_singkat(per_bidang.iloc[0]))
    catat("bidang_terbesar_porsi", "porsi bidang terbesar", persen(per_bidang.iloc[0] / total_sah * 100, 1))
    per_program = sah.groupby("program")["pagu"].sum()
    catat("jumlah_program", "banyaknya program di daftar", str(len(per_program)))

    penunjang = sah.loc[sah["penunjang"], "pagu"].sum()
    catat("porsi_penunjang", "porsi program penunjang", persen(penunjang / total_sah * 100, 1))
    catat("pagu_penunjang_singkat", "pagu program penunjang, dibulatkan", rupiah_singkat(penunjang))
    gaji = sah.loc[sah["penunjang"] & (sah["nama_sub_kegiatan"] == GAJI), "pagu"].sum()
    catat("porsi_gaji_penunjang", "porsi gaji dan tunjangan ASN dalam program penunjang",
          persen(gaji / penunjang * 100, 1))
    latihan = sah.loc[sah["perangkat_daerah"] == LATIHAN_PERANGKAT]
    catat("porsi_penunjang_latihan", "porsi penunjang perangkat daerah latihan 4.1",
          persen(latihan.loc[latihan["penunjang"], "pagu"].sum() / latihan["pagu"].sum() * 100, 1))
    dasar = sah.loc[sah["pelayanan_dasar"], "pagu"].sum()
    catat("porsi_pelayanan_dasar", "porsi urusan pelayanan dasar", persen(dasar / total_sah * 100, 1))
    catat("jumlah_bidang_dasar", "banyaknya bidang pelayanan dasar di daftar",
          str(sah.loc[sah["pelayanan_dasar"], "bidang"].nunique()))
    # Where the planted problems sit, by perangkat daerah (for the panel exercise)
    per_pd = salah.groupby("perangkat_daerah").size().sort_values(ascending=False)
    catat("salah_terbanyak_jumlah", "kode salah terbanyak pada satu perangkat daerah", str(int(per_pd.iloc[0])))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- panel

def ringkasan_perangkat(tabel: pd.DataFrame, nama: str) -> tuple[list[tuple[str, str]], pd.DataFrame]:
    """Key figures and the programme roll-up of one perangkat daerah (for the panel)."""
    bagian = tabel.loc[tabel["perangkat_daerah"] == nama]
    sah = bagian.loc[bagian["alasan"] == SAH]
    total = sah["pagu"].sum()
    penunjang = sah.loc[sah["penunjang"], "pagu"].sum()
    angka_kunci = [
        ("Banyaknya sub-kegiatan", angka(len(bagian))),
        ("Kode salah", angka(int((bagian["alasan"] != SAH).sum()))),
        ("Pagu baris sah", rupiah(total)),
        ("Porsi program penunjang", persen(penunjang / total * 100, 1) if total else "–"),
    ]
    rekap = sah.groupby("program")["pagu"].sum()
    return angka_kunci, rekap


def _html_tabel(tabel: pd.DataFrame) -> str:
    return tabel.to_html(index=False, border=0, escape=True)


def panel_perangkat_daerah(daftar: pd.DataFrame, referensi: pd.DataFrame):
    """Choose a perangkat daerah: its figures, its programmes and its malformed codes.

    The tables are one HTML widget (no Output widget), so the panel never waits on captured
    output when the notebook is run non-interactively.
    """
    import ipywidgets as widgets

    tabel = dengan_tingkat(daftar[["kode", "nama_sub_kegiatan", "perangkat_daerah", "pagu"]], referensi)
    pilihan = widgets.Dropdown(options=sorted(tabel["perangkat_daerah"].unique()),
                               value=PERANGKAT_SENDIRI, description="Perangkat daerah",
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="620px"))
    pilihan.add_class("pilih-perangkat-m04")
    isi = widgets.HTML()
    isi.add_class("isi-perangkat-m04")

    def perbarui(_perubahan=None) -> None:
        angka_kunci, rekap = ringkasan_perangkat(tabel, pilihan.value)
        salah = tabel.loc[(tabel["perangkat_daerah"] == pilihan.value) & (tabel["alasan"] != SAH),
                          ["kode", "nama_sub_kegiatan", "alasan"]]
        bagian = [_html_tabel(pd.DataFrame(angka_kunci, columns=["Angka", "Nilai"])),
                  "<b>Pagu per program</b>", _html_tabel(tabel_rekap(rekap, referensi))]
        if len(salah):
            bagian += ["<b>Kode yang harus diperbaiki</b>", _html_tabel(salah)]
        else:
            bagian.append("<p>Semua kode perangkat daerah ini lolos pemeriksaan.</p>")
        isi.value = "\n".join(bagian)

    pilihan.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([pilihan, isi])
