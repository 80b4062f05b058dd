"""Display and setup helpers for the M01 lesson (planning architecture and alignment).

Imported in the lesson as ``from bimtek_peserta import m01_arsitektur as bantu``. The lesson's
teaching code (the timeline, the documents in force in a year, the yearly target path, the
merge of village activities with RPJMD priorities, the DU-RKP Desa) stays in the lesson; this
module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan),
  computed straight from the data files;
- ``panel_tahun``: a year slider showing the documents in force and the timeline.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tampil import angka, rupiah, rupiah_singkat

TAHUN_AWAL, TAHUN_AKHIR = 2024, 2029      # RPJMD 2025-2029: baseline year and final year
WARNA = {"nasional": "tab:red", "kabupaten": "tab:blue", "perangkat daerah": "tab:purple",
         "desa": "tab:green"}
USULAN_KABUPATEN = "usulan ke kabupaten"

# Durations and numbers set by regulation, quoted in the lesson (UU 25/2004; UU 6/2014 as
# amended by UU 3/2024, Pasal 79; Permendagri 114/2014 as quoted by secondary sources).
JANGKA_PANJANG, JANGKA_MENENGAH = 20, 5          # years
JANGKA_RPJM_DESA, JANGKA_RPJM_DESA_LAMA = 8, 6   # years, after and before UU 3/2024
TIM_RKP_DESA_MINIMAL = 7                         # members of the RKP Desa team, at least

# Choices of the lesson's worked examples (not data).
CONTOH_INDIKATOR = "Persentase penduduk miskin"
CONTOH_TAHUN = 2026
CONTOH_TAHUN_BERLAKU = 2027
CONTOH_DESA = "Lebakmulya"


def baca(folder) -> dict[str, pd.DataFrame]:
    folder = Path(folder)
    return {nama: pd.read_csv(folder / f"{nama}.csv") for nama in
            ("dokumen", "sasaran_rpjmd", "target_rkpd", "pemetaan", "kegiatan_desa")}


def berlaku(dokumen: pd.DataFrame, tahun: int) -> list[str]:
    return sorted(dokumen.loc[(dokumen["mulai"] <= tahun) & (dokumen["selesai"] >= tahun),
                              "dokumen"])


def lintasan(awal: float, akhir: float, tahun: int) -> float:
    return awal + (akhir - awal) * (tahun - TAHUN_AWAL) / (TAHUN_AKHIR - TAHUN_AWAL)


def nilai_rkpd(data: dict) -> pd.DataFrame:
    rkpd = data["target_rkpd"].merge(data["sasaran_rpjmd"], on="indikator")
    rkpd["target_lintasan"] = [lintasan(a, z, t) for a, z, t in
                               zip(rkpd["kondisi_awal_2024"], rkpd["target_2029"], rkpd["tahun"])]
    rkpd["kurang_ambisius"] = [(r < l) if p == "positif" else (r > l) for r, l, p in
                               zip(rkpd["target_rkpd"], rkpd["target_lintasan"], rkpd["polaritas"])]
    return rkpd


def gabung(data: dict) -> pd.DataFrame:
    tabel = data["kegiatan_desa"].merge(data["pemetaan"], on="sub_bidang", how="left")
    tabel["selaras"] = tabel["prioritas_rpjmd"].notna()
    return tabel


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files."""
    data = baca(folder)
    dokumen = data["dokumen"]
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    catat("jangka_panjang", "jangka rencana panjang (tahun)", str(JANGKA_PANJANG))
    catat("jangka_menengah", "jangka rencana menengah (tahun)", str(JANGKA_MENENGAH))
    catat("jangka_rpjm_desa", "jangka RPJM Desa (tahun)", str(JANGKA_RPJM_DESA))
    catat("jangka_rpjm_desa_lama", "jangka RPJM Desa sebelum UU 3/2024 (tahun)",
          str(JANGKA_RPJM_DESA_LAMA))
    catat("tim_rkp_desa", "anggota tim penyusun RKP Desa, paling sedikit", str(TIM_RKP_DESA_MINIMAL))
    for tahun in sorted(set(dokumen["mulai"]) | set(dokumen["selesai"])):
        catat(f"tahun_{tahun}", "tahun mulai atau selesai sebuah dokumen", str(tahun))
    catat("jumlah_dokumen", "banyaknya dokumen dalam tabel", str(len(dokumen)))
    catat("tahun_awal", "tahun kondisi awal RPJMD", str(TAHUN_AWAL))
    catat("tahun_akhir", "tahun akhir RPJMD", str(TAHUN_AKHIR))
    catat("tahun_berlaku", "tahun contoh dokumen berlaku", str(CONTOH_TAHUN_BERLAKU))
    catat("jumlah_berlaku", "banyaknya dokumen berlaku pada tahun contoh",
          str(len(berlaku(dokumen, CONTOH_TAHUN_BERLAKU))))
    catat("jumlah_berlaku_2025", "banyaknya dokumen berlaku pada tahun peralihan 2025",
          str(len(berlaku(dokumen, 2025))))

    # Target path
    sasaran = data["sasaran_rpjmd"].set_index("indikator")
    s = sasaran.loc[CONTOH_INDIKATOR]
    catat("contoh_awal", "kondisi awal indikator contoh", angka(s["kondisi_awal_2024"], 2))
    catat("contoh_akhir", "target akhir indikator contoh", angka(s["target_2029"], 2))
    per_tahun = (s["target_2029"] - s["kondisi_awal_2024"]) / (TAHUN_AKHIR - TAHUN_AWAL)
    catat("contoh_per_tahun", "perubahan per tahun indikator contoh", angka(per_tahun, 3))
    catat("contoh_tahun", "tahun contoh lintasan", str(CONTOH_TAHUN))
    catat("contoh_selisih_tahun", "tahun contoh dikurangi tahun awal",
          str(CONTOH_TAHUN - TAHUN_AWAL))
    catat("contoh_lintasan", "lintasan indikator contoh pada tahun contoh",
          angka(lintasan(s["kondisi_awal_2024"], s["target_2029"], CONTOH_TAHUN), 2))
    rkpd = nilai_rkpd(data)
    r = rkpd.loc[(rkpd["indikator"] == CONTOH_INDIKATOR) & (rkpd["tahun"] == CONTOH_TAHUN)].iloc[0]
    catat("contoh_target_rkpd", "target RKPD indikator contoh pada tahun contoh",
          angka(r["target_rkpd"], 2))
    catat("jumlah_indikator", "banyaknya indikator RPJMD dalam tabel", str(len(sasaran)))
    catat("jumlah_target_rkpd", "banyaknya target RKPD (indikator x tahun)", str(len(rkpd)))
    catat("jumlah_kurang_ambisius", "banyaknya target RKPD di bawah lintasan",
          str(int(rkpd["kurang_ambisius"].sum())))

    # Village activities and RPJMD priorities
    g = gabung(data)
    catat("jumlah_kegiatan", "banyaknya kegiatan RKP Desa", str(len(g)))
    catat("jumlah_desa", "banyaknya desa", str(g["desa"].nunique()))
    catat("jumlah_sub_pemetaan", "banyaknya sub-bidang dalam tabel pemetaan", str(len(data["pemetaan"])))
    catat("jumlah_tidak_selaras", "banyaknya kegiatan yang tidak cocok dengan prioritas",
          str(int((~g["selaras"]).sum())))
    persen = g.groupby("desa")["selaras"].mean() * 100
    catat("persen_terendah", "persen selaras terendah", angka(persen.min(), 1) + "%")
    catat("persen_contoh", "persen selaras desa contoh", angka(persen[CONTOH_DESA], 1) + "%")
    catat("desa_penuh", "banyaknya desa yang semua kegiatannya selaras", str(int((persen == 100).sum())))

    # DU-RKP Desa
    du = g[g["sumber_dana"] == USULAN_KABUPATEN]
    catat("jumlah_du_rkp", "banyaknya usulan DU-RKP Desa", str(len(du)))
    catat("desa_du_rkp", "banyaknya desa yang punya DU-RKP", str(du["desa"].nunique()))
    catat("total_du_rkp", "jumlah biaya DU-RKP Desa", rupiah(du["biaya"].sum()))
    catat("total_du_rkp_singkat", "jumlah biaya DU-RKP Desa, dibulatkan", rupiah_singkat(du["biaya"].sum(), 2))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


def nama_fakta(folder) -> dict[str, str]:
    """Names (not figures) the prose quotes as results."""
    data = baca(folder)
    g = gabung(data)
    persen = g.groupby("desa")["selaras"].mean()
    return {"desa_terendah": persen.idxmin(), "contoh_desa": CONTOH_DESA}


# --------------------------------------------------------------------------- panel

def gambar_lini_masa(ax, dokumen: pd.DataFrame, tahun: int | None = None) -> None:
    """The documents as horizontal bars from their first to their last year."""
    warna = [WARNA.get(t, "gray") for t in dokumen["tingkat"]]
    ax.barh(dokumen["dokumen"], dokumen["selesai"] - dokumen["mulai"] + 1,
            left=dokumen["mulai"], color=warna)
    if tahun is not None:
        ax.axvline(tahun + 0.5, color="black", linestyle="--")
    ax.invert_yaxis()
    ax.set_xlim(2004, 2046)
    ax.set_xlabel("Tahun")
    ax.set_title("Lini masa dokumen perencanaan (merah nasional, biru kabupaten, ungu perangkat "
                 "daerah, hijau desa)", fontsize=9)
    ax.tick_params(axis="y", labelsize=8)


def gambar_png(lukis, ukuran=(10, 5)) -> bytes:
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=ukuran)
    lukis(fig.subplots())
    fig.tight_layout()
    berkas = io.BytesIO()
    fig.savefig(berkas, format="png", dpi=85)
    return berkas.getvalue()


def panel_tahun(dokumen: pd.DataFrame, dokumen_berlaku):
    """A year slider: the documents in force that year (from the participant's own
    ``dokumen_berlaku``) and the timeline with the year marked. No Output widget."""
    import ipywidgets as widgets

    geser = widgets.IntSlider(value=2025, min=2018, max=2033, description="Tahun")
    geser.add_class("tahun-m01")
    daftar = widgets.HTML()
    grafik = widgets.Image(format="png")

    def perbarui(_perubahan=None) -> None:
        nama = dokumen_berlaku(geser.value)
        isi = "".join(f"<li>{n}</li>" for n in nama) or "<li>(tidak ada)</li>"
        daftar.value = f"<b>Berlaku pada {geser.value}: {len(nama)} dokumen</b><ul>{isi}</ul>"
        grafik.value = gambar_png(lambda ax: gambar_lini_masa(ax, dokumen, geser.value))

    geser.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([geser, widgets.HBox([daftar, grafik])])
