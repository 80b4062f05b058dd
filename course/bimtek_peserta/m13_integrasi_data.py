"""Display and setup helpers for the M13 lesson (integrasi data dan dasbor kota).

Imported in the lesson as ``from bimtek_peserta import m13_integrasi_data as bantu``. The lesson's
teaching code stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan), computed
  straight from the data files, so a test can compare the prose with the data;
- ``dasbor_kecamatan``: the interactive dashboard (choose a kecamatan or a sector, see its
  indicators and a chart).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah_singkat

KUNCI = ["kode_sub_kegiatan", "kode_wilayah"]   # one package of the plan, budget and payments
KOTA = "Kota Sarimulya"
TAHUN = 2026
CONTOH_KODE = "31.71.03.1001"     # a real code quoted with its source in the lesson (not data)


# --------------------------------------------------------------------------- cleaning

def _kode(kode) -> str:
    teks = str(kode).strip()
    bagian = teks.split(".") if "." in teks else [teks[0:2], teks[2:4], teks[4:6]]
    return ".".join(b.zfill(2) for b in bagian)


def _angka(teks) -> float:
    return float(str(teks).replace("Rp", "").strip().replace(".", "").replace(",", "."))


def _nama(nama) -> str:
    teks = " ".join(str(nama).lower().split())
    return teks.replace("kecamatan ", "").replace("kec. ", "")


def baca(folder) -> dict[str, pd.DataFrame]:
    folder = Path(folder)
    teks = {"dtype": str}
    return {
        "wilayah": pd.read_csv(folder / "wilayah.csv"),
        "padanan": pd.read_csv(folder / "padanan_nama.csv"),
        "penduduk": pd.read_csv(folder / "penduduk_bps.csv"),
        "stunting": pd.read_csv(folder / "stunting_dinkes.csv"),
        "rencana": pd.read_csv(folder / "rencana_bappeda.csv", **teks),
        "anggaran": pd.read_csv(folder / "anggaran_bpkad.csv", **teks),
        "realisasi": pd.read_csv(folder / "realisasi_bpkad.csv", **teks),
    }


def olah(folder) -> dict:
    """Every table of the lesson, cleaned, reconciled and joined (for FAKTA and the dashboard)."""
    d = baca(folder)
    hasil: dict = {"mentah": {k: v.copy() for k, v in d.items()}}
    rencana, anggaran, realisasi = d["rencana"], d["anggaran"], d["realisasi"]
    for tabel in (rencana, anggaran, realisasi):
        tabel["kode_wilayah"] = tabel["kode_wilayah"].map(_kode)
    rencana["pagu_rencana_rp"] = rencana["pagu_juta"].map(_angka) * 1_000_000
    anggaran["pagu_anggaran_rp"] = anggaran["pagu_ribu"].map(_angka) * 1_000
    realisasi["realisasi_rp"] = realisasi["nilai"].map(_angka)

    stunting = d["stunting"]
    padanan = dict(zip(d["padanan"]["nama_sumber"], d["padanan"]["kode_wilayah"]))
    baku = dict(zip(d["wilayah"]["nama_kecamatan"].str.lower(), d["wilayah"]["kode_wilayah"]))
    stunting["nama_bersih"] = stunting["kecamatan"].map(_nama)
    stunting["kode_wilayah"] = stunting["nama_bersih"].map(padanan)
    hasil["belum_padan_baku"] = int(stunting["nama_bersih"].map(baku).isna().sum())
    hasil["stunting_duplikat"] = int(stunting.duplicated().sum())
    hasil["stunting_kosong"] = int(stunting["balita_stunting"].isna().sum())
    bersih = stunting.drop_duplicates().dropna(subset=["balita_stunting"])
    stunting_kec = bersih.groupby("kode_wilayah")[["balita_diukur", "balita_stunting"]].sum().reset_index()
    stunting_kec["prevalensi_stunting"] = stunting_kec["balita_stunting"] / stunting_kec["balita_diukur"] * 100

    penduduk_kec = d["penduduk"].merge(d["wilayah"][["kode_bps", "kode_wilayah"]], on="kode_bps")
    iris = d["penduduk"]["kode_bps"].astype(str)
    iris = iris.str[0:2] + "." + iris.str[2:4] + "." + iris.str[4:6]
    hasil["bps_beda"] = int((iris.values != penduduk_kec["kode_wilayah"].values).sum())

    gabung = rencana.merge(anggaran, on=KUNCI, how="outer", indicator=True)
    tidak_dianggarkan = gabung[gabung["_merge"] == "left_only"]
    tanpa_rencana = gabung[gabung["_merge"] == "right_only"]
    realisasi_unik = realisasi.drop_duplicates()
    per_paket = realisasi_unik.groupby(KUNCI)["realisasi_rp"].sum().reset_index()
    anggaran_real = anggaran.merge(per_paket, on=KUNCI, how="left")
    anggaran_real["realisasi_rp"] = anggaran_real["realisasi_rp"].fillna(0)
    tidak_direalisasi = anggaran_real[anggaran_real["realisasi_rp"] == 0]
    serapan_kec = anggaran_real.groupby("kode_wilayah")[["pagu_anggaran_rp", "realisasi_rp"]].sum().reset_index()
    serapan_kec["serapan"] = serapan_kec["realisasi_rp"] / serapan_kec["pagu_anggaran_rp"] * 100

    dasbor = d["wilayah"][["kode_wilayah", "nama_kecamatan"]].merge(
        penduduk_kec[["kode_wilayah", "jumlah_penduduk"]], on="kode_wilayah")
    dasbor = dasbor.merge(stunting_kec[["kode_wilayah", "prevalensi_stunting"]], on="kode_wilayah")
    dasbor = dasbor.merge(serapan_kec[["kode_wilayah", "serapan"]], on="kode_wilayah")
    tabel_rapi = dasbor.melt(id_vars=["kode_wilayah", "nama_kecamatan"], var_name="indikator", value_name="nilai")

    hasil.update(rencana=rencana, anggaran=anggaran, realisasi=realisasi, stunting=stunting,
                 stunting_kec=stunting_kec, penduduk_kec=penduduk_kec, gabung=gabung,
                 tidak_dianggarkan=tidak_dianggarkan, tanpa_rencana=tanpa_rencana,
                 anggaran_real=anggaran_real, tidak_direalisasi=tidak_direalisasi,
                 serapan_kec=serapan_kec, dasbor=dasbor, tabel_rapi=tabel_rapi,
                 realisasi_duplikat=int(realisasi.duplicated().sum()),
                 wilayah=d["wilayah"])
    return hasil


# --------------------------------------------------------------------------- FAKTA

def _desimal(nilai: float) -> str:
    return angka(nilai, 1)


def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the figure
    exactly as the prose writes it). A test compares every figure in the lesson's Markdown with
    the ``teks`` column, so a stale figure fails.
    """
    h = olah(folder)
    mentah = h["mentah"]
    rows: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        rows.append((nama, keterangan, teks))

    catat("tahun", "tahun anggaran data latihan", str(TAHUN))
    catat("jumlah_kecamatan", "banyaknya kecamatan", str(len(h["wilayah"])))
    catat("baris_rencana", "baris rencana Bappeda", str(len(mentah["rencana"])))
    catat("baris_anggaran", "baris anggaran BPKAD", str(len(mentah["anggaran"])))
    catat("baris_realisasi", "baris realisasi (SP2D)", str(len(mentah["realisasi"])))
    catat("baris_stunting", "baris data stunting Dinas Kesehatan", str(len(mentah["stunting"])))
    hilang = mentah["rencana"]["kode_wilayah"].str.match(r"^\d+\.\d+\.\d$")
    catat("nol_hilang_rencana", "kode wilayah rencana yang kehilangan nol", str(int(hilang.sum())))
    hilang_r = mentah["realisasi"]["kode_wilayah"].str.match(r"^\d+\.\d+\.\d$")
    catat("nol_hilang_realisasi", "kode wilayah realisasi yang kehilangan nol", str(int(hilang_r.sum())))
    contoh = mentah["rencana"].iloc[0]
    catat("contoh_pagu_juta", "pagu rencana baris pertama (juta)", contoh["pagu_juta"])
    catat("contoh_pagu_rp", "pagu rencana baris pertama (rupiah)", angka(h["rencana"]["pagu_rencana_rp"].iloc[0]))
    ang = mentah["anggaran"].iloc[0]
    catat("contoh_pagu_ribu", "pagu anggaran baris pertama (ribu)", ang["pagu_ribu"])
    catat("contoh_pagu_ribu_rp", "pagu anggaran baris pertama (rupiah)", angka(h["anggaran"]["pagu_anggaran_rp"].iloc[0]))
    catat("stunting_duplikat", "baris stunting yang kembar", str(h["stunting_duplikat"]))
    catat("stunting_kosong", "baris stunting tanpa angka balita stunting", str(h["stunting_kosong"]))
    catat("belum_padan_baku", "baris stunting yang namanya belum cocok dengan nama baku", str(h["belum_padan_baku"]))
    catat("bps_beda", "kecamatan yang kode BPS-nya tidak sesuai urutan Kemendagri", str(h["bps_beda"]))
    catat("tidak_dianggarkan", "paket direncanakan tetapi tidak dianggarkan", str(len(h["tidak_dianggarkan"])))
    catat("tanpa_rencana", "paket dianggarkan tanpa rencana", str(len(h["tanpa_rencana"])))
    catat("tidak_direalisasi", "paket dianggarkan tetapi belum direalisasi", str(len(h["tidak_direalisasi"])))
    catat("sp2d_duplikat", "baris SP2D yang tercatat dua kali", str(h["realisasi_duplikat"]))
    total_rencana = h["rencana"]["pagu_rencana_rp"].sum()
    total_anggaran = h["anggaran"]["pagu_anggaran_rp"].sum()
    total_real = h["anggaran_real"]["realisasi_rp"].sum()
    catat("total_rencana", "jumlah pagu rencana", rupiah_singkat(total_rencana))
    catat("total_anggaran", "jumlah pagu anggaran", rupiah_singkat(total_anggaran))
    catat("total_realisasi", "jumlah realisasi", rupiah_singkat(total_real))
    catat("serapan_kota", "serapan anggaran seluruh kota", persen(total_real / total_anggaran * 100, 1))
    serapan = h["serapan_kec"].sort_values("serapan")
    catat("serapan_terendah", "serapan terendah", persen(serapan.iloc[0]["serapan"], 1))
    st = h["stunting_kec"].sort_values("prevalensi_stunting")
    catat("stunting_tertinggi", "prevalensi stunting tertinggi", persen(st.iloc[-1]["prevalensi_stunting"], 1))
    catat("stunting_terendah", "prevalensi stunting terendah", persen(st.iloc[0]["prevalensi_stunting"], 1))
    catat("baris_rapi", "baris tabel rapi", str(len(h["tabel_rapi"])))
    catat("jumlah_indikator_dasbor", "indikator di dasbor", str(h["tabel_rapi"]["indikator"].nunique()))
    catat("seribu", "pengali ribu rupiah", angka(1_000))
    catat("sejuta", "pengali juta rupiah", angka(1_000_000))
    return pd.DataFrame(rows, columns=["nama", "keterangan", "teks"])


def nama_fakta(folder) -> dict[str, str]:
    """Names the prose quotes as results (not figures): the kecamatan at the extremes."""
    h = olah(folder)
    nama = dict(zip(h["wilayah"]["kode_wilayah"], h["wilayah"]["nama_kecamatan"]))
    serapan = h["serapan_kec"].sort_values("serapan")
    st = h["stunting_kec"].sort_values("prevalensi_stunting")
    return {"serapan_terendah": nama[serapan.iloc[0]["kode_wilayah"]],
            "stunting_tertinggi": nama[st.iloc[-1]["kode_wilayah"]],
            "stunting_terendah": nama[st.iloc[0]["kode_wilayah"]],
            "bps_beda": ", ".join(nama[k] for k in sorted(set(h["penduduk_kec"]["kode_wilayah"]))
                                  if k in _bps_beda(h))}


def _bps_beda(h: dict) -> set[str]:
    pk = h["penduduk_kec"]
    iris = pk["kode_bps"].astype(str)
    iris = iris.str[0:2] + "." + iris.str[2:4] + "." + iris.str[4:6]
    return set(pk.loc[iris.values != pk["kode_wilayah"].values, "kode_wilayah"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- dashboard

def dasbor_kecamatan(dasbor: pd.DataFrame, anggaran_real: pd.DataFrame):
    """Choose a kecamatan (or "Seluruh kota") and a sector (or "Semua sektor"): the kecamatan's
    indicators and a bar chart of budget and payments per sector.

    ``dasbor``: one row per kecamatan (kode_wilayah, nama_kecamatan, jumlah_penduduk,
    prevalensi_stunting, serapan); ``anggaran_real``: budget rows with realisasi_rp.
    Everything is drawn into widgets (HTML and an Output holding one figure), so the dashboard
    never waits when the notebook runs non-interactively.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    nama = dict(zip(dasbor["kode_wilayah"], dasbor["nama_kecamatan"]))
    pilih_kec = widgets.Dropdown(options=[("Seluruh kota", "")] + [(v, k) for k, v in nama.items()],
                                 value="", description="Kecamatan",
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="360px"))
    pilih_sektor = widgets.Dropdown(options=["Semua sektor"] + sorted(anggaran_real["sektor"].unique()),
                                    value="Semua sektor", description="Sektor",
                                    style={"description_width": "initial"}, layout=widgets.Layout(width="300px"))
    pilih_kec.add_class("pilih-kecamatan-m13")
    pilih_sektor.add_class("pilih-sektor-m13")
    isi = widgets.HTML()
    isi.add_class("isi-dasbor-m13")
    grafik = widgets.Output()

    def perbarui(_perubahan=None) -> None:
        bagian = anggaran_real
        if pilih_kec.value:
            bagian = bagian[bagian["kode_wilayah"] == pilih_kec.value]
            baris = dasbor[dasbor["kode_wilayah"] == pilih_kec.value].iloc[0]
            judul = f"Kecamatan {baris['nama_kecamatan']} ({baris['kode_wilayah']})"
            penduduk = angka(baris["jumlah_penduduk"])
            stunting = persen(baris["prevalensi_stunting"], 1)
        else:
            judul = KOTA
            penduduk = angka(dasbor["jumlah_penduduk"].sum())
            stunting = "–"
        if pilih_sektor.value != "Semua sektor":
            bagian = bagian[bagian["sektor"] == pilih_sektor.value]
        pagu = bagian["pagu_anggaran_rp"].sum()
        real = bagian["realisasi_rp"].sum()
        serapan = persen(real / pagu * 100, 1) if pagu else "–"
        isi.value = (f"<b>{judul}</b> — sektor: {pilih_sektor.value}<br>"
                     f"Jumlah penduduk: {penduduk}; prevalensi stunting: {stunting}<br>"
                     f"Pagu anggaran: {rupiah_singkat(pagu)}; realisasi: {rupiah_singkat(real)}; "
                     f"serapan: {serapan}; paket belum direalisasi: {int((bagian['realisasi_rp'] == 0).sum())}")
        per_sektor = bagian.groupby("sektor")[["pagu_anggaran_rp", "realisasi_rp"]].sum() / 1e9
        grafik.clear_output(wait=True)
        with grafik:
            fig, ax = plt.subplots(figsize=(7, 3.2))
            if len(per_sektor):
                per_sektor.rename(columns={"pagu_anggaran_rp": "Pagu anggaran",
                                           "realisasi_rp": "Realisasi"}).plot.barh(ax=ax)
            ax.set_xlabel("Rp miliar")
            ax.set_ylabel("")
            ax.set_title(f"Pagu dan realisasi per sektor — {judul}")
            plt.tight_layout()
            plt.show()

    pilih_kec.observe(perbarui, names="value")
    pilih_sektor.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([widgets.HBox([pilih_kec, pilih_sektor]), isi, grafik])
