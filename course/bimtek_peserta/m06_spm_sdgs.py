"""Display and setup helpers for the M06 lesson (SPM dan TPB/SDGs).

Imported in the lesson as ``from bimtek_peserta import m06_spm_sdgs as bantu``. The lesson's
teaching code stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan), computed
  straight from the data files, so a test can compare the prose with the data;
- ``tabel_program``: the need per programme with the programme's name, for showing only;
- ``panel_bidang``: the interactive panel (choose a bidang SPM, see its jenis layanan).

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi terbaru);
the lesson and the exercise declare the same names and values in their own code.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, rupiah_singkat

# The lesson's parameters (same names as in the lesson and the exercise).
BOBOT_PENERIMA = 0.8      # [G] weight of the share served in the index
BOBOT_MUTU = 0.2          # [G] weight of the quality score
BATAS_PARIPURNA = 100     # [V-code] lower bounds of the categories
BATAS_UTAMA = 90
BATAS_MADYA = 80
BATAS_PRATAMA = 70
BATAS_MUDA = 60
KATEGORI = ("Tuntas Paripurna", "Tuntas Utama", "Tuntas Madya", "Tuntas Pratama", "Tuntas Muda",
            "Belum Tuntas")

# Choices of the lesson's worked examples (not data).
CONTOH_JENIS = "Pelayanan kesehatan ibu hamil"
CONTOH_AIR_MINUM = "Pemenuhan kebutuhan pokok air minum sehari-hari"
CONTOH_KEBAKARAN = "Pelayanan penyelamatan dan evakuasi korban kebakaran"
CONTOH_BIDANG_BIAYA = "Sosial"
JUMLAH_TUJUAN_TPB = 17

# Programme names ([V-code], Permendagri 90/2019 as quoted by planning applications).
NAMA_PROGRAM = {
    "1.01.02": "Program Pengelolaan Pendidikan",
    "1.02.02": "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "1.03.03": "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
    "1.03.05": "Program Pengelolaan dan Pengembangan Sistem Air Limbah",
    "1.04.02": "Program Pengembangan Perumahan",
    "1.05.02": "Program Peningkatan Ketenteraman dan Ketertiban Umum",
    "1.05.03": "Program Penanggulangan Bencana",
    "1.05.04": "Program Pencegahan, Penanggulangan, Penyelamatan Kebakaran dan Penyelamatan Non Kebakaran",
    "1.06.04": "Program Rehabilitasi Sosial",
    "1.06.06": "Program Penanganan Bencana",
}


# --------------------------------------------------------------------------- data

def baca_data(folder) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    folder = Path(folder)
    spm = pd.read_csv(folder / "spm_2025.csv")
    tpb = pd.read_csv(folder / "indikator_tpb.csv", dtype=str)
    tujuan = pd.read_csv(folder / "tujuan_tpb.csv", dtype=str)
    return spm, tpb, tujuan


def nama_kategori(indeks: float) -> str:
    for batas, nama in zip((BATAS_PARIPURNA, BATAS_UTAMA, BATAS_MADYA, BATAS_PRATAMA, BATAS_MUDA), KATEGORI):
        if indeks >= batas:
            return nama
    return KATEGORI[-1]


def dengan_indeks(spm: pd.DataFrame) -> pd.DataFrame:
    """``spm`` with capaian_penerima, kekurangan, indeks, kategori, kebutuhan_biaya, program."""
    tabel = spm.copy()
    tabel["capaian_penerima"] = tabel["terlayani"] / tabel["harus_dilayani"] * 100
    tabel["kekurangan"] = tabel["harus_dilayani"] - tabel["terlayani"]
    tabel["indeks"] = BOBOT_PENERIMA * tabel["capaian_penerima"] + BOBOT_MUTU * tabel["mutu"]
    tabel["kategori"] = tabel["indeks"].map(nama_kategori)
    tabel["kebutuhan_biaya"] = tabel["kekurangan"] * tabel["biaya_satuan"]
    tabel["program"] = tabel["kode_sub_kegiatan"].str[:7]
    return tabel


def baris(tabel: pd.DataFrame, jenis: str) -> pd.Series:
    return tabel.loc[tabel["jenis_layanan"] == jenis].iloc[0]


def tujuan_tanpa_indikator(tpb: pd.DataFrame, tujuan: pd.DataFrame) -> list[str]:
    ada = {str(k).split(".")[0] for k in tpb["kode_tpb"].dropna()}
    return [n for n in tujuan["nomor"] if n not in ada]


# --------------------------------------------------------------------------- display

def tabel_program(kebutuhan: pd.Series) -> pd.DataFrame:
    """Need per programme with its name, rupiah and share; text, for showing only."""
    total = kebutuhan.sum()
    return pd.DataFrame({
        "program": list(kebutuhan.index),
        "nama": [NAMA_PROGRAM.get(k, "–") for k in kebutuhan.index],
        "kebutuhan biaya": [rupiah(v) for v in kebutuhan],
        "porsi": [persen(v / total * 100, 1) for v in kebutuhan],
    })


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the figure
    exactly as the prose writes it). A test compares every figure in the lesson's Markdown with
    the ``teks`` column, so a stale figure fails.
    """
    spm_raw, tpb, tujuan = baca_data(folder)
    spm = dengan_indeks(spm_raw)
    rows: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        rows.append((nama, keterangan, teks))

    catat("jumlah_jenis", "banyaknya jenis pelayanan dasar", str(len(spm)))
    for bidang, n in spm["bidang_spm"].value_counts().items():
        catat("jenis_" + bidang.lower().replace(" ", "_"), f"banyaknya jenis bidang {bidang}", str(int(n)))

    contoh = baris(spm, CONTOH_JENIS)
    catat("contoh_harus", "ibu hamil yang harus dilayani", angka(contoh["harus_dilayani"]))
    catat("contoh_terlayani", "ibu hamil yang terlayani", angka(contoh["terlayani"]))
    catat("contoh_capaian", "capaian penerima ibu hamil", persen(contoh["capaian_penerima"]))
    catat("contoh_kekurangan", "kekurangan ibu hamil", angka(contoh["kekurangan"]))
    catat("contoh_mutu", "mutu layanan ibu hamil", angka(contoh["mutu"]))
    catat("contoh_indeks", "indeks ibu hamil", angka(contoh["indeks"], 2))

    urut = spm.sort_values("capaian_penerima")
    catat("terendah_capaian", "capaian penerima terendah", persen(urut.iloc[0]["capaian_penerima"]))
    catat("kedua_capaian", "capaian penerima terendah kedua", persen(urut.iloc[1]["capaian_penerima"]))
    catat("kekurangan_terbesar", "kekurangan terbesar (orang)", angka(spm["kekurangan"].max()))
    air = baris(spm, CONTOH_AIR_MINUM)
    catat("air_capaian", "capaian penerima air minum", persen(air["capaian_penerima"]))
    catat("air_kekurangan", "kekurangan air minum (rumah tangga)", angka(air["kekurangan"]))
    catat("air_biaya_satuan", "biaya satuan air minum", rupiah(air["biaya_satuan"]))
    catat("air_kebutuhan", "kebutuhan biaya air minum", rupiah(air["kebutuhan_biaya"]))
    catat("air_kebutuhan_singkat", "kebutuhan biaya air minum, dibulatkan", rupiah_singkat(air["kebutuhan_biaya"]))

    catat("bobot_penerima", "BOBOT_PENERIMA dalam persen", persen(BOBOT_PENERIMA * 100, 0))
    catat("bobot_mutu", "BOBOT_MUTU dalam persen", persen(BOBOT_MUTU * 100, 0))
    for nama, batas in (("batas_utama", BATAS_UTAMA), ("batas_madya", BATAS_MADYA),
                        ("batas_pratama", BATAS_PRATAMA), ("batas_muda", BATAS_MUDA)):
        catat(nama, nama.replace("_", " ").upper(), str(batas))
    hitung = spm["kategori"].value_counts()
    catat("jumlah_belum_tuntas", "banyaknya jenis Belum Tuntas", str(int(hitung.get("Belum Tuntas", 0))))
    kebakaran = baris(spm, CONTOH_KEBAKARAN)
    catat("kebakaran_mutu", "mutu layanan korban kebakaran", angka(kebakaran["mutu"]))
    catat("kebakaran_indeks", "indeks layanan korban kebakaran", angka(kebakaran["indeks"], 2))

    per_bidang = spm.groupby("bidang_spm")["indeks"].mean()
    kabupaten = per_bidang.mean()
    catat("indeks_kabupaten", "indeks kabupaten", angka(kabupaten, 2))
    catat("indeks_bidang_terendah", "indeks bidang terendah", angka(per_bidang.min(), 2))

    total = spm["kebutuhan_biaya"].sum()
    catat("total_kebutuhan_singkat", "total kebutuhan biaya, dibulatkan", rupiah_singkat(total))
    per_program = spm.groupby("program")["kebutuhan_biaya"].sum().sort_values(ascending=False)
    catat("program_terbesar_singkat", "kebutuhan program terbesar, dibulatkan", rupiah_singkat(per_program.iloc[0]))
    sosial = spm.loc[spm["bidang_spm"] == CONTOH_BIDANG_BIAYA, "kebutuhan_biaya"].sum()
    catat("kebutuhan_sosial", "kebutuhan biaya bidang sosial", rupiah(sosial))

    catat("jumlah_tujuan_tpb", "banyaknya tujuan TPB", str(JUMLAH_TUJUAN_TPB))
    catat("jumlah_indikator_tpb", "banyaknya indikator RKPD di tabel tpb", str(len(tpb)))
    catat("belum_dipetakan", "indikator RKPD yang belum dipetakan ke TPB", str(int(tpb["kode_tpb"].isna().sum())))
    tanpa = tujuan_tanpa_indikator(tpb, tujuan)
    catat("jumlah_tanpa_indikator", "banyaknya tujuan TPB tanpa indikator", str(len(tanpa)))
    for nomor in tanpa:
        catat(f"tujuan_tanpa_{nomor}", "nomor tujuan TPB tanpa indikator", nomor)
    return pd.DataFrame(rows, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- panel

def panel_bidang(spm: pd.DataFrame):
    """Choose a bidang SPM: its jenis layanan with capaian, indeks, kategori, kekurangan and need.

    One HTML widget holds the table (no captured output), so the panel never waits when the
    notebook runs non-interactively.
    """
    import ipywidgets as widgets

    tabel = dengan_indeks(spm[["no", "bidang_spm", "jenis_layanan", "satuan", "harus_dilayani",
                               "terlayani", "mutu", "biaya_satuan", "kode_sub_kegiatan"]])
    pilihan = widgets.Dropdown(options=list(dict.fromkeys(tabel["bidang_spm"])), value="Kesehatan",
                               description="Bidang SPM", style={"description_width": "initial"},
                               layout=widgets.Layout(width="420px"))
    pilihan.add_class("pilih-bidang-m06")
    isi = widgets.HTML()
    isi.add_class("isi-bidang-m06")

    def perbarui(_perubahan=None) -> None:
        bagian = tabel.loc[tabel["bidang_spm"] == pilihan.value]
        tampil = pd.DataFrame({
            "jenis layanan": bagian["jenis_layanan"],
            "capaian penerima": [persen(v) for v in bagian["capaian_penerima"]],
            "mutu": [angka(v) for v in bagian["mutu"]],
            "indeks": [angka(v, 2) for v in bagian["indeks"]],
            "kategori": bagian["kategori"],
            "kekurangan": [f"{angka(v)} {s}" for v, s in zip(bagian["kekurangan"], bagian["satuan"])],
            "kebutuhan biaya": [rupiah(v) for v in bagian["kebutuhan_biaya"]],
        })
        rata = angka(bagian["indeks"].mean(), 2)
        isi.value = (f"<b>{len(bagian)} jenis; indeks bidang {rata} ({nama_kategori(bagian['indeks'].mean())}); "
                     f"kebutuhan biaya {rupiah(bagian['kebutuhan_biaya'].sum())}</b>"
                     + tampil.to_html(index=False, border=0))

    pilihan.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([pilihan, isi])
