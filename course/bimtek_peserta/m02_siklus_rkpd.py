"""Display and setup helpers for the M02 lesson (the RKPD cycle and the musrenbang).

Imported in the lesson as ``from bimtek_peserta import m02_siklus_rkpd as bantu``. The lesson's
teaching code (reading Form RW.1 usulan, the RW -> kelurahan -> kecamatan summary, the
comparison with the pagu indikatif kewilayahan, the duplicate finder, the programme table
with a pivot) stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan), computed
  straight from the data files, so a test can compare the prose with the data;
- ``nama_fakta``: names the prose quotes as results (kelurahan over the pagu, the example
  duplicate's two writings);
- ``panel_kalender``: the facilitator's calendar panel (a month slider over the KALENDER
  parameter table the lesson defines);
- ``tabel_rupiah``: a copy of a table with rupiah columns written the Indonesian way.

``KALENDER`` below is the lesson's example calendar: the national month-by-month schedule is
not confirmed (asumsi — verifikasi ke regulasi terbaru), so the lesson declares the same rows
as a parameter the facilitator edits.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .tampil import BULAN, angka, persen, rupiah, rupiah_singkat

KECAMATAN = "selatan"            # the lesson's kecamatan (the exercise uses "barat")
BACA_CSV = {"sep": ";", "thousands": "."}
TEKS = {"rw": str, "rt": str}
SINGKATAN = {"jl": "jalan", "jln": "jalan", "gg": "gang"}
KOLOM_TD4 = ["prioritas", "sasaran", "program", "kegiatan", "kelurahan", "volume", "pagu",
             "perangkat_daerah"]
INDEKS_TD4 = ["prioritas", "sasaran", "program", "kegiatan", "kelurahan", "perangkat_daerah"]
BULAN_CONTOH = 2                 # the month of the lesson's calendar exercise

KALENDER = pd.DataFrame([
    ["Persiapan penyusunan RKPD", "RKPD", 1, 1],
    ["Rancangan awal RKPD, pokok-pokok pikiran DPRD", "RKPD", 1, 2],
    ["Rembug warga (RW)", "Musrenbang", 1, 1],
    ["Musrenbang kelurahan/desa", "Musrenbang", 1, 2],
    ["Musrenbang kecamatan", "Musrenbang", 2, 2],
    ["Rancangan RKPD dan forum perangkat daerah", "RKPD", 2, 3],
    ["Musrenbang RKPD kabupaten/kota", "Musrenbang", 3, 3],
    ["Musrenbang RKPD provinsi", "Musrenbang", 4, 4],
    ["Rancangan akhir RKPD", "RKPD", 4, 5],
    ["Penetapan RKPD dengan peraturan kepala daerah", "RKPD", 6, 6],
], columns=["tahap", "jenis", "bulan_mulai", "bulan_selesai"])


# --------------------------------------------------------------------------- data and rules

def baca(folder, kecamatan: str = KECAMATAN) -> dict[str, pd.DataFrame]:
    folder = Path(folder)
    return {
        "agenda": pd.read_csv(folder / "agenda_rembug_warga.csv", sep=";"),
        "usulan": pd.read_csv(folder / f"usulan_{kecamatan}.csv", **BACA_CSV, dtype=TEKS),
        "pagu": pd.read_csv(folder / f"pagu_{kecamatan}.csv", **BACA_CSV),
        "kesepakatan": pd.read_csv(folder / f"kesepakatan_{kecamatan}.csv", **BACA_CSV,
                                   dtype={"rw": str}),
    }


def bersihkan(teks: str) -> str:
    kata = teks.lower().replace(".", " ").split()
    return " ".join(SINGKATAN.get(k, k) for k in kata)


def dengan_kunci(usulan: pd.DataFrame) -> pd.DataFrame:
    tabel = usulan.copy()
    tabel["kunci"] = tabel["jenis_kegiatan"].map(bersihkan) + " | " + tabel["lokasi"].map(bersihkan)
    return tabel


def ganda(usulan: pd.DataFrame) -> pd.DataFrame:
    tabel = dengan_kunci(usulan)
    return tabel[tabel.duplicated(["kelurahan", "kunci"], keep=False)].sort_values(
        ["kelurahan", "kunci", "rw"])


def contoh_ganda(g: pd.DataFrame) -> pd.DataFrame:
    """The lesson's example: the first duplicate pair written differently in both columns."""
    for _, kelompok in g.groupby(["kelurahan", "kunci"], sort=False):
        if kelompok["jenis_kegiatan"].nunique() > 1 and kelompok["lokasi"].nunique() > 1:
            return kelompok
    raise ValueError("no duplicate pair written differently in both columns")


def banding(usulan: pd.DataFrame, pagu: pd.DataFrame) -> pd.DataFrame:
    rekap = usulan.groupby("kelurahan")["biaya"].agg(jumlah_usulan="count",
                                                      jumlah_biaya="sum").reset_index()
    tabel = rekap.merge(pagu, on="kelurahan")
    tabel["selisih"] = tabel["jumlah_biaya"] - tabel["pagu_indikatif"]
    tabel["persen_pagu"] = tabel["jumlah_biaya"] / tabel["pagu_indikatif"] * 100
    tabel["melampaui"] = tabel["jumlah_biaya"] > tabel["pagu_indikatif"]
    return tabel


def tabel_program(kesepakatan: pd.DataFrame) -> pd.DataFrame:
    return kesepakatan.groupby(INDEKS_TD4, as_index=False)[["volume", "pagu"]].sum()[KOLOM_TD4]


def pada_bulan(kalender: pd.DataFrame, bulan: int) -> pd.DataFrame:
    return kalender[(kalender["bulan_mulai"] <= bulan) & (kalender["bulan_selesai"] >= bulan)]


def daftar(nama: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B dan C' (names in prose)."""
    nama = [str(n) for n in nama]
    return nama[0] if len(nama) == 1 else ", ".join(nama[:-1]) + " dan " + nama[-1]


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the
    figure exactly as the prose writes it).
    """
    d = baca(folder)
    usulan, pagu, kesepakatan, agenda = d["usulan"], d["pagu"], d["kesepakatan"], d["agenda"]
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    # Calendar (the parameter's example) and the rembug warga agenda
    catat("kalender_tahap", "banyaknya tahap pada kalender contoh", str(len(KALENDER)))
    catat("kalender_bulan_contoh_tahap", "banyaknya tahap yang berlangsung pada bulan contoh",
          str(len(pada_bulan(KALENDER, BULAN_CONTOH))))
    catat("agenda_acara", "banyaknya acara rembug warga", str(len(agenda)))
    bahas = agenda[agenda["acara"].str.contains("usulan")]
    catat("agenda_bahas_acara", "banyaknya acara rembug warga yang membahas usulan", str(len(bahas)))

    # The usulan and the summary
    catat("jumlah_usulan", "banyaknya usulan di kecamatan", str(len(usulan)))
    catat("jumlah_kelurahan", "banyaknya kelurahan", str(usulan["kelurahan"].nunique()))
    pasangan = usulan[["kelurahan", "rw"]].drop_duplicates()
    catat("jumlah_rw", "banyaknya RW (pasangan kelurahan dan RW)", str(len(pasangan)))
    catat("kode_rw", "banyaknya kode RW yang berbeda", str(usulan["rw"].nunique()))
    total = usulan["biaya"].sum()
    catat("total_kecamatan", "jumlah biaya usulan kecamatan", rupiah(total))
    catat("total_kecamatan_singkat", "jumlah biaya usulan, dibulatkan", rupiah_singkat(total, 2))
    per_rw = usulan.groupby(["kelurahan", "rw"])["biaya"].count()
    catat("usulan_per_rw_min", "usulan paling sedikit per RW", str(int(per_rw.min())))
    catat("usulan_per_rw_max", "usulan paling banyak per RW", str(int(per_rw.max())))

    # The pagu indikatif kewilayahan
    b = banding(usulan, pagu)
    catat("pagu_total", "jumlah pagu indikatif kewilayahan", rupiah(pagu["pagu_indikatif"].sum()))
    catat("pagu_total_singkat", "jumlah pagu indikatif, dibulatkan",
          rupiah_singkat(pagu["pagu_indikatif"].sum(), 2))
    catat("melampaui_banyak", "banyaknya kelurahan yang usulannya melampaui pagu",
          str(int(b["melampaui"].sum())))
    puncak = b.sort_values("persen_pagu", ascending=False).iloc[0]
    catat("melampaui_puncak_persen", "persen pagu tertinggi", persen(puncak["persen_pagu"], 0))
    catat("melampaui_puncak_selisih", "selisih kelurahan itu", rupiah(puncak["selisih"]))
    rendah = b.sort_values("persen_pagu").iloc[0]
    catat("terendah_persen", "persen pagu terendah", persen(rendah["persen_pagu"], 0))

    # Duplicates
    g = ganda(usulan)
    kelompok = g.groupby(["kelurahan", "kunci"])
    catat("ganda_pasang", "banyaknya kelompok usulan ganda", str(kelompok.ngroups))
    catat("ganda_usulan", "banyaknya usulan di dalam kelompok ganda", str(len(g)))
    contoh = contoh_ganda(g)
    catat("ganda_contoh_a", "nomor usulan contoh ganda (pertama)", str(int(contoh.iloc[0]["no_usulan"])))
    catat("ganda_contoh_b", "nomor usulan contoh ganda (kedua)", str(int(contoh.iloc[1]["no_usulan"])))
    kelebihan = len(g) - kelompok.ngroups
    unik = dengan_kunci(usulan).drop_duplicates(["kelurahan", "kunci"])
    catat("usulan_unik", "banyaknya usulan setelah usulan ganda digabung", str(len(unik)))
    catat("ganda_kelebihan", "banyaknya usulan yang tercatat dua kali", str(kelebihan))
    catat("ganda_biaya", "biaya usulan yang tercatat dua kali", rupiah(total - unik["biaya"].sum()))
    tanpa_kel = dengan_kunci(usulan)
    catat("ganda_tanpa_kelurahan", "usulan yang tampak ganda bila kelurahan tidak ikut dibandingkan",
          str(int(tanpa_kel.duplicated("kunci", keep=False).sum())))

    # The programme table
    t = tabel_program(kesepakatan)
    catat("kesepakatan_baris", "banyaknya baris daftar kesepakatan", str(len(kesepakatan)))
    catat("kesepakatan_pagu", "jumlah pagu daftar kesepakatan", rupiah(kesepakatan["pagu"].sum()))
    catat("tabel_program_baris", "banyaknya baris tabel program", str(len(t)))
    catat("jumlah_program", "banyaknya program", str(kesepakatan["program"].nunique()))
    catat("jumlah_prioritas", "banyaknya prioritas", str(kesepakatan["prioritas"].nunique()))
    catat("jumlah_perangkat_daerah", "banyaknya perangkat daerah",
          str(kesepakatan["perangkat_daerah"].nunique()))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


def nama_fakta(folder) -> dict[str, str]:
    """Names (not figures) the prose quotes as results."""
    d = baca(folder)
    b = banding(d["usulan"], d["pagu"])
    contoh = contoh_ganda(ganda(d["usulan"]))
    puncak = b.sort_values("persen_pagu", ascending=False).iloc[0]
    return {
        "kelurahan_melampaui": daftar(sorted(b.loc[b["melampaui"], "kelurahan"])),
        "kelurahan_dalam_pagu": daftar(sorted(b.loc[~b["melampaui"], "kelurahan"])),
        "melampaui_puncak": puncak["kelurahan"],
        "ganda_contoh_kelurahan": contoh.iloc[0]["kelurahan"],
        "ganda_contoh_jenis_a": contoh.iloc[0]["jenis_kegiatan"],
        "ganda_contoh_jenis_b": contoh.iloc[1]["jenis_kegiatan"],
        "ganda_contoh_lokasi_a": contoh.iloc[0]["lokasi"],
        "ganda_contoh_lokasi_b": contoh.iloc[1]["lokasi"],
        "ganda_contoh_rw_a": contoh.iloc[0]["rw"],
        "ganda_contoh_rw_b": contoh.iloc[1]["rw"],
        "bulan_contoh": BULAN[BULAN_CONTOH - 1],
    }


# --------------------------------------------------------------------------- display

def tabel_rupiah(tabel: pd.DataFrame, kolom=("biaya",)) -> pd.DataFrame:
    """A copy of ``tabel`` with the named columns written as rupiah (for showing only)."""
    salinan = tabel.copy()
    for nama in kolom:
        if nama in salinan.columns:
            salinan[nama] = salinan[nama].map(rupiah)
    return salinan


def gambar_png(lukis, ukuran=(10, 4)) -> bytes:
    """A chart drawn by ``lukis(ax)`` as PNG bytes (no pyplot, nothing displayed)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=ukuran)
    lukis(fig.subplots())
    fig.tight_layout()
    berkas = io.BytesIO()
    fig.savefig(berkas, format="png", dpi=90)
    return berkas.getvalue()


def gambar_kalender(ax, kalender: pd.DataFrame, bulan: int) -> None:
    """One bar per stage from its first to its last month; the chosen month shaded."""
    urut = kalender.reset_index(drop=True)
    for i, r in urut.iterrows():
        aktif = r["bulan_mulai"] <= bulan <= r["bulan_selesai"]
        warna = "tab:orange" if r["jenis"] == "Musrenbang" else "tab:blue"
        ax.barh(i, r["bulan_selesai"] - r["bulan_mulai"] + 1, left=r["bulan_mulai"] - 0.5,
                color=warna, alpha=1.0 if aktif else 0.35)
    ax.axvspan(bulan - 0.5, bulan + 0.5, color="gold", alpha=0.25)
    ax.set_yticks(range(len(urut)))
    ax.set_yticklabels(urut["tahap"], fontsize=8)
    ax.invert_yaxis()
    akhir = max(6, int(urut["bulan_selesai"].max()))
    ax.set_xticks(range(1, akhir + 1))
    ax.set_xticklabels([BULAN[m - 1][:3] for m in range(1, akhir + 1)])
    ax.set_xlim(0.5, akhir + 0.5)
    ax.set_title(f"Kalender perencanaan (oranye: musrenbang, biru: dokumen RKPD); bulan {BULAN[bulan - 1]}",
                 fontsize=10)
    ax.set_xlabel("Bulan (tahun sebelum tahun rencana)")


def panel_kalender(kalender: pd.DataFrame):
    """The facilitator's calendar panel: a month slider; the stages held that month and the
    chart follow. ``kalender`` is the lesson's KALENDER parameter table (edited by the
    facilitator). The chart is an image widget, so the panel never waits when run
    non-interactively."""
    import ipywidgets as widgets

    akhir = max(6, int(kalender["bulan_selesai"].max()))
    geser = widgets.IntSlider(value=BULAN_CONTOH, min=1, max=akhir, description="bulan",
                              style={"description_width": "60px"})
    ringkas = widgets.HTML()
    grafik = widgets.Image(format="png")

    def perbarui(_perubahan=None) -> None:
        tahap = pada_bulan(kalender, geser.value)["tahap"].tolist()
        isi = "".join(f"<li>{t}</li>" for t in tahap) or "<li>tidak ada tahap</li>"
        ringkas.value = f"<b>{BULAN[geser.value - 1]}:</b><ul>{isi}</ul>"
        grafik.value = gambar_png(lambda ax: gambar_kalender(ax, kalender, geser.value))

    geser.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([geser, ringkas, grafik])
