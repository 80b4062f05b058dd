"""Display and setup helpers for the M00 lesson (JupyterLab and pandas for planners).

Imported in the lesson as ``from bimtek_peserta import m00_orientasi as bantu``. The lesson's
teaching code (reading the CSV, selecting, filtering, sorting, summing, a new column, a bar
chart) stays in the lesson; this module holds what is not teaching material:

- ``lihat_berkas``: the first lines of a data file exactly as they are written;
- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan),
  computed straight from the data file, so a test can compare the prose with the data;
- ``panel_grafik``: the interactive panel (choose a column and a kind of area, see the bars).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import angka

BERKAS = "wilayah.csv"
# How the file is written (the lesson teaches exactly these arguments).
BACA_CSV = {"sep": ";", "thousands": ".", "decimal": ","}
KOLOM_TEKS = {"kode_wilayah": str}

# Choices of the lesson's worked examples (not data).
CONTOH_BARIS = 0            # the row used to show what a wrong reading does
KOLOM_PANEL = ["penduduk", "kk", "luas_km2", "posyandu", "sekolah_dasar", "jiwa_per_kk",
               "kepadatan"]
NAMA_KOLOM = {"penduduk": "Penduduk (jiwa)", "kk": "Kepala keluarga (KK)",
              "luas_km2": "Luas (km²)", "posyandu": "Posyandu (unit)",
              "sekolah_dasar": "Sekolah dasar (unit)", "jiwa_per_kk": "Jiwa per KK",
              "kepadatan": "Kepadatan (jiwa per km²)"}


# --------------------------------------------------------------------------- data

def lihat_berkas(path, baris: int = 4) -> None:
    """Print the first ``baris`` lines of a text file exactly as they are written."""
    with open(path, encoding="utf-8") as berkas:
        for nomor, isi in enumerate(berkas):
            if nomor >= baris:
                break
            print(isi.rstrip("\n"))


def baca_wilayah(folder) -> pd.DataFrame:
    """The kelurahan/desa table read the right way, with the lesson's two new columns."""
    tabel = pd.read_csv(Path(folder) / BERKAS, dtype=KOLOM_TEKS, **BACA_CSV)
    tabel["jiwa_per_kk"] = tabel["penduduk"] / tabel["kk"]
    tabel["kepadatan"] = tabel["penduduk"] / tabel["luas_km2"]
    return tabel


def _teks_mentah(folder) -> list[list[str]]:
    """The file's rows split at ";" with nothing converted (how the text is written)."""
    lines = (Path(folder) / BERKAS).read_text(encoding="utf-8").splitlines()
    return [line.split(";") for line in lines]


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data file.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the
    figure exactly as the prose writes it). A test compares every figure in the lesson's
    Markdown with the ``teks`` column, so a stale figure fails.
    """
    w = baca_wilayah(folder)
    mentah = _teks_mentah(folder)
    kolom = mentah[0]
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    ribu = lambda x: angka(x, 0)   # noqa: E731 - 12345 -> "12.345"

    # The table as a whole
    catat("jumlah_wilayah", "banyaknya desa dan kelurahan (baris tabel)", str(len(w)))
    catat("jumlah_kolom", "banyaknya kolom berkas", str(len(kolom)))
    desa = w[w["jenis"] == "desa"]
    kelurahan = w[w["jenis"] == "kelurahan"]
    catat("jumlah_desa", "banyaknya desa", str(len(desa)))
    catat("jumlah_kelurahan", "banyaknya kelurahan", str(len(kelurahan)))

    # One row read wrongly and rightly
    contoh = w.iloc[CONTOH_BARIS]
    teks_contoh = dict(zip(kolom, mentah[1 + CONTOH_BARIS]))
    catat("contoh_penduduk", "penduduk baris contoh", ribu(contoh["penduduk"]))
    salah = float(teks_contoh["penduduk"])              # "14.706" read with a decimal point
    catat("contoh_penduduk_salah", "penduduk baris contoh bila titik dibaca desimal",
          angka(salah, 3))
    catat("contoh_luas", "luas baris contoh (teks berkas)", teks_contoh["luas_km2"])
    total_salah = sum(float(r[kolom.index("penduduk")]) for r in mentah[1:])
    catat("total_penduduk_salah", "jumlah penduduk bila titik dibaca desimal",
          angka(total_salah, 3))

    # Sums, filters, sorting
    catat("total_penduduk", "jumlah penduduk kecamatan", ribu(w["penduduk"].sum()))
    catat("total_kk", "jumlah kepala keluarga kecamatan", ribu(w["kk"].sum()))
    catat("penduduk_desa", "jumlah penduduk semua desa", ribu(desa["penduduk"].sum()))
    catat("penduduk_kelurahan", "jumlah penduduk semua kelurahan",
          ribu(kelurahan["penduduk"].sum()))
    catat("persen_penduduk_kelurahan", "bagian penduduk yang tinggal di kelurahan",
          angka(kelurahan["penduduk"].sum() / w["penduduk"].sum() * 100, 0) + "%")
    urut = w.sort_values("penduduk", ascending=False)
    catat("penduduk_terbanyak", "penduduk wilayah terbanyak", ribu(urut["penduduk"].iloc[0]))
    catat("penduduk_tersedikit", "penduduk wilayah paling sedikit",
          ribu(urut["penduduk"].iloc[-1]))
    desa_terbanyak = desa.sort_values("penduduk", ascending=False).iloc[0]
    catat("penduduk_desa_terbanyak", "penduduk desa terbanyak", ribu(desa_terbanyak["penduduk"]))

    # New columns
    catat("contoh_kk", "kk baris contoh", ribu(contoh["kk"]))
    catat("contoh_jiwa_per_kk", "jiwa per KK baris contoh", angka(contoh["jiwa_per_kk"], 2))
    catat("jiwa_per_kk_kecamatan", "jiwa per KK seluruh kecamatan",
          angka(w["penduduk"].sum() / w["kk"].sum(), 2))
    padat = w.sort_values("kepadatan", ascending=False)
    catat("kepadatan_tertinggi", "kepadatan tertinggi (jiwa per km²)",
          ribu(padat["kepadatan"].iloc[0]))
    catat("luas_terpadat", "luas wilayah terpadat (km²)", angka(padat["luas_km2"].iloc[0], 2))
    catat("kepadatan_terendah", "kepadatan terendah (jiwa per km²)",
          ribu(padat["kepadatan"].iloc[-1]))
    desa_padat = desa.assign(kepadatan=desa["penduduk"] / desa["luas_km2"]).sort_values(
        "kepadatan", ascending=False).iloc[0]
    catat("kepadatan_desa_tertinggi", "kepadatan desa terpadat", ribu(desa_padat["kepadatan"]))

    # Posyandu (panel exercise)
    posyandu = desa.sort_values("posyandu", ascending=False).iloc[0]
    catat("posyandu_desa_terbanyak", "posyandu desa yang posyandunya terbanyak",
          str(int(posyandu["posyandu"])))
    catat("posyandu_desa_penduduk_terbanyak", "posyandu desa berpenduduk terbanyak",
          str(int(desa_terbanyak["posyandu"])))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


def nama_fakta(folder) -> dict[str, str]:
    """Names quoted in the prose (not figures), computed from the data: which row is which."""
    w = baca_wilayah(folder)
    desa = w[w["jenis"] == "desa"]
    return {
        "contoh": w["nama"].iloc[CONTOH_BARIS],
        "terbanyak": w.sort_values("penduduk", ascending=False)["nama"].iloc[0],
        "tersedikit": w.sort_values("penduduk")["nama"].iloc[0],
        "desa_terbanyak": desa.sort_values("penduduk", ascending=False)["nama"].iloc[0],
        "terpadat": w.sort_values("kepadatan", ascending=False)["nama"].iloc[0],
        "terjarang": w.sort_values("kepadatan")["nama"].iloc[0],
        "desa_terpadat": desa.sort_values("kepadatan", ascending=False)["nama"].iloc[0],
        "desa_posyandu_terbanyak": desa.sort_values("posyandu", ascending=False)["nama"].iloc[0],
    }


# --------------------------------------------------------------------------- panel

def gambar_batang(ax, tabel: pd.DataFrame, kolom: str, judul: str) -> None:
    """A bar per row of ``tabel`` (sorted from the largest), labelled in Indonesian."""
    urut = tabel.sort_values(kolom, ascending=False)
    warna = ["tab:orange" if j == "kelurahan" else "tab:green" for j in urut["jenis"]]
    ax.bar(urut["nama"], urut[kolom], color=warna)
    ax.set_title(judul, fontsize=10)
    ax.set_xlabel("Desa (hijau) dan kelurahan (jingga)")
    ax.set_ylabel(NAMA_KOLOM.get(kolom, kolom))
    ax.tick_params(axis="x", labelrotation=60)
    ax.grid(axis="y", alpha=0.3)


def gambar_png(lukis, ukuran=(9, 4)) -> bytes:
    """A chart drawn by ``lukis(ax)`` as PNG bytes (no pyplot, nothing displayed)."""
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=ukuran)
    lukis(fig.subplots())
    fig.tight_layout()
    berkas = io.BytesIO()
    fig.savefig(berkas, format="png", dpi=90)
    return berkas.getvalue()


def panel_grafik(wilayah: pd.DataFrame):
    """The panel: choose a column and a kind of area; the sorted bar chart follows.

    The chart is an image widget (no Output widget, no pyplot), so the panel never waits on
    captured output when the notebook is run non-interactively.
    """
    import ipywidgets as widgets

    tersedia = [k for k in KOLOM_PANEL if k in wilayah.columns]
    pilih_kolom = widgets.Dropdown(options=[(NAMA_KOLOM[k], k) for k in tersedia],
                                   value=tersedia[0], description="Kolom")
    pilih_jenis = widgets.Dropdown(options=[("desa dan kelurahan", "semua"), ("desa saja", "desa"),
                                            ("kelurahan saja", "kelurahan")],
                                   value="semua", description="Wilayah")
    pilih_kolom.add_class("kolom-m00")
    pilih_jenis.add_class("jenis-m00")
    ringkas = widgets.HTML()
    grafik = widgets.Image(format="png")

    def perbarui(_perubahan=None) -> None:
        tabel = wilayah if pilih_jenis.value == "semua" else \
            wilayah[wilayah["jenis"] == pilih_jenis.value]
        kolom = pilih_kolom.value
        teratas = tabel.sort_values(kolom, ascending=False).iloc[0]
        desimal = 2 if tabel[kolom].dtype.kind == "f" else 0
        ringkas.value = (f"Tertinggi: <b>{teratas['nama']}</b> "
                         f"({angka(teratas[kolom], desimal)}); {len(tabel)} wilayah.")
        grafik.value = gambar_png(lambda ax: gambar_batang(ax, tabel, kolom,
                                                           NAMA_KOLOM[kolom] + " per wilayah"))

    pilih_kolom.observe(perbarui, names="value")
    pilih_jenis.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([widgets.HBox([pilih_kolom, pilih_jenis]), ringkas, grafik])
