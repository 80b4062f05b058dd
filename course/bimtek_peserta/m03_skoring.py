"""Display and setup helpers for the M03 lesson (scoring and prioritising usulan).

Imported in the lesson as ``from bimtek_peserta import m03_skoring as bantu``. The lesson's
teaching code (normalising, weighting, ranking with a tie rule, funding until the pagu is
spent, sensitivity) stays in the lesson; this module holds what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose (and in the ringkasan),
  computed straight from the data files, so a test can compare the prose with the data;
- ``panel_bobot``: the facilitator's panel (a slider per weight and for the pagu), which
  calls the participant's own ``prioritas`` function;
- ``tabel_rupiah``: a copy of a table with rupiah columns written the Indonesian way.

The weights below are the lesson's example (the forum's agreement in the story); the lesson
declares the same names and values in its own code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, rupiah_singkat

BACA_CSV = {"sep": ";", "thousands": ".", "decimal": ",", "dtype": {"rw": str}}
BOBOT = {"urgensi": 35, "penerima_manfaat": 30, "swadaya": 10, "kesesuaian_rkpd": 25}
KRITERIA = {"urgensi": ("urgensi", "n_urgensi"),
            "penerima_manfaat": ("penerima_manfaat", "n_penerima"),
            "swadaya": ("swadaya_persen", "n_swadaya"),
            "kesesuaian_rkpd": ("sesuai_rkpd", "n_rkpd")}
URUTAN = (["skor", "biaya", "no_usulan"], [False, True, True])   # the tie rule
DIDANAI, TIDAK = "didanai", "tidak didanai"

# Choices of the lesson's worked examples (not data).
CONTOH_USULAN = 12          # the usulan whose score is computed by hand
CONTOH_DANAI = ([120, 90, 60, 30], 200)   # the manual funding example (juta rupiah)
LANGKAH = 10                # the sensitivity step (points of weight)
KRITERIA_PEKA = "kesesuaian_rkpd"          # the weight moved in the lesson's example
KRITERIA_STABIL = "urgensi"                # ... and the one whose move changes nothing


# --------------------------------------------------------------------------- data and rules

def baca(folder) -> tuple[pd.DataFrame, dict]:
    folder = Path(folder)
    usulan = pd.read_csv(folder / "usulan.csv", **BACA_CSV)
    forum = json.loads((folder / "musrenbang.json").read_text(encoding="utf-8"))
    return usulan, forum


def normal(kolom: pd.Series) -> pd.Series:
    terkecil, terbesar = kolom.min(), kolom.max()
    if terbesar == terkecil:
        return kolom * 0.0
    return (kolom - terkecil) / (terbesar - terkecil)


def dinormalkan(usulan: pd.DataFrame) -> pd.DataFrame:
    tabel = usulan.copy()
    tabel["n_urgensi"] = normal(tabel["urgensi"])
    tabel["n_penerima"] = normal(tabel["penerima_manfaat"])
    tabel["n_swadaya"] = normal(tabel["swadaya_persen"])
    tabel["n_rkpd"] = (tabel["sesuai_rkpd"] == "ya").astype(int)
    return tabel


def hasil(usulan: pd.DataFrame, bobot: dict, pagu: float) -> pd.DataFrame:
    """The lesson's whole procedure: score, rank with the tie rule, fund until the pagu is spent
    (an usulan that no longer fits is skipped and the next one tried)."""
    tabel = dinormalkan(usulan)
    jumlah = sum(bobot.values())
    tabel["skor"] = sum(bobot[k] * tabel[n] for k, (_, n) in KRITERIA.items()) / jumlah * 100
    tabel = tabel.sort_values(URUTAN[0], ascending=URUTAN[1])
    tabel["peringkat"] = range(1, len(tabel) + 1)
    sisa, status = pagu, []
    for biaya in tabel["biaya"]:
        if biaya <= sisa:
            status.append(DIDANAI)
            sisa -= biaya
        else:
            status.append(TIDAK)
    tabel["status"] = status
    return tabel


def berhenti_di_batas(tabel: pd.DataFrame, pagu: float) -> pd.Series:
    """The rule the lesson warns against: stop at the first usulan that does not fit."""
    return tabel["biaya"].cumsum() <= pagu


def berubah(awal: pd.DataFrame, baru: pd.DataFrame) -> list[int]:
    a = awal.set_index("no_usulan")["status"]
    b = baru.set_index("no_usulan")["status"].reindex(a.index)
    return sorted(int(n) for n in a.index[a != b])


def bobot_geser(bobot: dict, kriteria: str, langkah: int) -> dict:
    hasil_bobot = dict(bobot)
    hasil_bobot[kriteria] = hasil_bobot[kriteria] + langkah
    return hasil_bobot


def daftar(nomor: list[int]) -> str:
    """[2, 11, 17] -> '2, 11 dan 17' (nomor usulan in prose)."""
    teks = [str(n) for n in nomor]
    return teks[0] if len(teks) == 1 else ", ".join(teks[:-1]) + " dan " + teks[-1]


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns: ``nama`` (key), ``keterangan`` (what it is, in Indonesian), ``teks`` (the
    figure exactly as the prose writes it).
    """
    usulan, forum = baca(folder)
    pagu = forum["pagu_indikatif"]
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    # The forum and the usulan
    catat("jumlah_usulan", "banyaknya usulan", str(len(usulan)))
    catat("jumlah_rw", "banyaknya RW", str(forum["jumlah_rw"]))
    catat("tahun_rencana", "tahun rencana (RKPD)", str(forum["tahun_rencana"]))
    catat("pagu", "pagu indikatif kelurahan", rupiah(pagu))
    catat("pagu_singkat", "pagu indikatif, dibulatkan", rupiah_singkat(pagu, 2))
    total = usulan["biaya"].sum()
    catat("total_usulan", "jumlah biaya semua usulan", rupiah(total))
    catat("total_usulan_singkat", "jumlah biaya semua usulan, dibulatkan", rupiah_singkat(total, 2))
    catat("persen_pagu", "pagu sebagai persen jumlah biaya usulan", persen(pagu / total * 100, 0))
    rata = pagu / forum["jumlah_rw"]
    catat("bagi_rata_singkat", "pagu dibagi rata per RW, dibulatkan", rupiah_singkat(rata))
    termahal = usulan.sort_values("biaya", ascending=False).iloc[0]
    catat("biaya_termahal", "biaya usulan termahal", rupiah_singkat(termahal["biaya"]))
    per_bidang = usulan.groupby("bidang")["biaya"].agg(["count", "sum"])
    infra = per_bidang.loc["Infrastruktur"]
    catat("usulan_infrastruktur", "banyaknya usulan infrastruktur", str(int(infra["count"])))
    catat("biaya_infrastruktur_persen", "bagian biaya usulan infrastruktur",
          persen(infra["sum"] / total * 100, 0))

    # Normalisation
    t = dinormalkan(usulan)
    contoh = t.loc[t["no_usulan"] == CONTOH_USULAN].iloc[0]
    catat("contoh_no", "nomor usulan contoh hitungan", str(CONTOH_USULAN))
    catat("urgensi_min", "urgensi terkecil", str(int(usulan["urgensi"].min())))
    catat("urgensi_max", "urgensi terbesar", str(int(usulan["urgensi"].max())))
    catat("contoh_urgensi", "urgensi usulan contoh", str(int(contoh["urgensi"])))
    catat("contoh_n_urgensi", "nilai normal urgensi usulan contoh", angka(contoh["n_urgensi"], 2))
    catat("penerima_min", "penerima manfaat terkecil", angka(usulan["penerima_manfaat"].min()))
    catat("penerima_max", "penerima manfaat terbesar", angka(usulan["penerima_manfaat"].max()))
    catat("contoh_penerima", "penerima manfaat usulan contoh", angka(contoh["penerima_manfaat"]))
    catat("contoh_n_penerima", "nilai normal penerima usulan contoh", angka(contoh["n_penerima"], 2))
    catat("swadaya_max", "swadaya terbesar (persen)", persen(usulan["swadaya_persen"].max(), 0))
    catat("contoh_swadaya", "swadaya usulan contoh (persen)", persen(contoh["swadaya_persen"], 0))
    catat("contoh_n_swadaya", "nilai normal swadaya usulan contoh", angka(contoh["n_swadaya"], 2))
    catat("contoh_n_rkpd", "nilai kesesuaian RKPD usulan contoh", str(int(contoh["n_rkpd"])))
    catat("sesuai_rkpd", "banyaknya usulan yang sesuai prioritas RKPD",
          str(int((usulan["sesuai_rkpd"] == "ya").sum())))

    # Weights and the score
    for k, v in BOBOT.items():
        catat(f"bobot_{k}", f"bobot {k} (contoh pelajaran)", str(v))
    jumlah = sum(BOBOT.values())
    catat("jumlah_bobot", "jumlah bobot contoh", str(jumlah))
    skor_contoh = sum(BOBOT[k] * contoh[n] for k, (_, n) in KRITERIA.items()) / jumlah * 100
    catat("contoh_skor", "skor usulan contoh", angka(skor_contoh, 2))

    # Ranking and ties
    h = hasil(usulan, BOBOT, pagu)
    puncak = h.iloc[0]
    catat("skor_tertinggi", "skor tertinggi", angka(puncak["skor"], 2))
    catat("no_tertinggi", "nomor usulan berskor tertinggi", str(int(puncak["no_usulan"])))
    kembar = h[h.duplicated("skor", keep=False)]
    kelompok = [g for _, g in kembar.groupby("skor", sort=False)]
    catat("banyak_seri", "banyaknya pasangan usulan berskor sama", str(len(kelompok)))
    for i, g in enumerate(kelompok, start=1):
        a, b = g.iloc[0], g.iloc[1]
        catat(f"seri{i}_skor", f"skor pasangan seri ke-{i}", angka(a["skor"], 2))
        catat(f"seri{i}_depan", f"nomor usulan yang didahulukan pada pasangan ke-{i}",
              str(int(a["no_usulan"])))
        catat(f"seri{i}_belakang", f"nomor usulan yang menyusul pada pasangan ke-{i}",
              str(int(b["no_usulan"])))
        if a["biaya"] != b["biaya"]:
            catat(f"seri{i}_biaya_depan", f"biaya usulan yang didahulukan, pasangan ke-{i}",
                  rupiah(a["biaya"]))
            catat(f"seri{i}_biaya_belakang", f"biaya usulan yang menyusul, pasangan ke-{i}",
                  rupiah(b["biaya"]))

    # Funding: the manual example, then the data
    daftar_biaya, pagu_contoh = CONTOH_DANAI
    for i, biaya in enumerate(daftar_biaya, start=1):
        catat(f"contoh_biaya_{i}", f"biaya contoh ke-{i} (juta)", str(biaya))
    catat("contoh_pagu", "pagu contoh (juta)", str(pagu_contoh))
    sisa, tercatat = pagu_contoh, []
    for biaya in daftar_biaya:
        if biaya <= sisa:
            sisa -= biaya
            tercatat.append(biaya)
        catat(f"contoh_sisa_{len(tercatat)}_{biaya}", "sisa pagu contoh setelah langkah ini", str(sisa))
    catat("contoh_sisa_akhir", "sisa pagu contoh pada akhirnya", str(sisa))
    didanai = h[h["status"] == DIDANAI]
    catat("jumlah_didanai", "banyaknya usulan didanai", str(len(didanai)))
    catat("total_didanai", "jumlah biaya usulan didanai", rupiah(didanai["biaya"].sum()))
    catat("sisa_pagu", "sisa pagu", rupiah(pagu - didanai["biaya"].sum()))
    berhenti = berhenti_di_batas(h, pagu)
    catat("jumlah_berhenti", "banyaknya usulan didanai bila berhenti di batas", str(int(berhenti.sum())))
    pertama_lewat = h.loc[~berhenti.to_numpy()].iloc[0]
    catat("lewat_no", "nomor usulan pertama yang tidak muat", str(int(pertama_lewat["no_usulan"])))
    catat("lewat_peringkat", "peringkat usulan itu", str(int(pertama_lewat["peringkat"])))
    catat("lewat_biaya", "biaya usulan itu", rupiah(pertama_lewat["biaya"]))
    sisa_saat_itu = pagu - h.loc[h["peringkat"] < pertama_lewat["peringkat"], "biaya"].sum()
    catat("lewat_sisa", "sisa pagu saat usulan itu dicoba", rupiah(sisa_saat_itu))
    rw_tanpa = sorted(set(usulan["rw"]) - set(didanai["rw"]))
    catat("rw_tanpa_dana", "banyaknya RW yang tidak satu pun usulannya didanai", str(len(rw_tanpa)))

    # Sensitivity
    for kriteria, nama in ((KRITERIA_PEKA, "peka"), (KRITERIA_STABIL, "stabil")):
        for arah, langkah in (("naik", LANGKAH), ("turun", -LANGKAH)):
            baru = hasil(usulan, bobot_geser(BOBOT, kriteria, langkah), pagu)
            nomor = berubah(h, baru)
            catat(f"{nama}_{arah}_banyak", f"banyaknya usulan berubah status ({kriteria} {langkah:+d})",
                  str(len(nomor)))
            for urutan, n in enumerate(nomor, start=1):
                catat(f"{nama}_{arah}_{urutan}", f"usulan ke-{urutan} yang berubah status "
                      f"({kriteria} {langkah:+d})", str(n))
    catat("langkah", "besar pergeseran bobot", str(LANGKAH))
    catat("bobot_peka_naik", "bobot kesesuaian RKPD setelah dinaikkan",
          str(BOBOT[KRITERIA_PEKA] + LANGKAH))
    catat("jumlah_bobot_naik", "jumlah bobot setelah satu bobot dinaikkan", str(jumlah + LANGKAH))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- display

def tabel_rupiah(tabel: pd.DataFrame, kolom=("biaya",)) -> pd.DataFrame:
    """A copy of ``tabel`` with the named columns written as rupiah (for showing only)."""
    salinan = tabel.copy()
    for nama in kolom:
        if nama in salinan.columns:
            salinan[nama] = salinan[nama].map(rupiah)
    return salinan


def gambar_png(lukis, ukuran=(10, 3.8)) -> bytes:
    """A chart drawn by ``lukis(ax)`` as PNG bytes (no pyplot, nothing displayed)."""
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=ukuran)
    lukis(fig.subplots())
    fig.tight_layout()
    berkas = io.BytesIO()
    fig.savefig(berkas, format="png", dpi=90)
    return berkas.getvalue()


def gambar_skor(ax, tabel: pd.DataFrame, nomor_berubah: list[int]) -> None:
    """Scores in rank order, green when funded, outlined when the status changed."""
    warna = ["tab:green" if s == DIDANAI else "lightgray" for s in tabel["status"]]
    tepi = ["black" if n in nomor_berubah else "none" for n in tabel["no_usulan"]]
    ax.bar([str(n) for n in tabel["no_usulan"]], tabel["skor"], color=warna, edgecolor=tepi)
    ax.set_title("Skor usulan menurut peringkat (hijau: didanai; bergaris: berubah status)",
                 fontsize=10)
    ax.set_xlabel("Nomor usulan, dari peringkat 1")
    ax.set_ylabel("Skor (0-100)")
    ax.tick_params(axis="x", labelsize=7, labelrotation=90)


def panel_bobot(prioritas, bobot: dict, pagu: float):
    """The facilitator's panel: one slider per weight and one for the pagu; the number funded,
    the usulan whose status differs from ``bobot``, and the scores follow. ``prioritas`` is
    the participant's function prioritas(bobot, pagu).

    The chart is an image widget (no Output widget, no pyplot), so the panel never waits on
    captured output when the notebook is run non-interactively.
    """
    import ipywidgets as widgets

    awal = prioritas(dict(bobot), pagu)
    penggeser = {k: widgets.IntSlider(value=v, min=0, max=60, step=5, description=k,
                                      style={"description_width": "130px"})
                 for k, v in bobot.items()}
    geser_pagu = widgets.IntSlider(value=int(pagu // 1_000_000), min=500, max=2_500, step=50,
                                   description="pagu (juta Rp)",
                                   style={"description_width": "130px"})
    for w in [*penggeser.values(), geser_pagu]:
        w.add_class("penggeser-m03")
    ringkas = widgets.HTML()
    grafik = widgets.Image(format="png")

    def perbarui(_perubahan=None) -> None:
        pilihan = {k: w.value for k, w in penggeser.items()}
        if sum(pilihan.values()) == 0:
            ringkas.value = "<b>Semua bobot nol:</b> naikkan paling sedikit satu bobot."
            return
        dana = geser_pagu.value * 1_000_000
        baru = prioritas(pilihan, dana)
        nomor = berubah(awal, baru)
        didanai = baru[baru["status"] == DIDANAI]
        teks_berubah = (f"berubah status dibanding bobot dan pagu awal: <b>{daftar(nomor)}</b>"
                        if nomor else "tidak ada usulan yang berubah status dibanding bobot dan pagu awal")
        ringkas.value = (f"Didanai <b>{len(didanai)}</b> usulan, {rupiah(didanai['biaya'].sum())} "
                         f"dari pagu {rupiah(dana)}; {teks_berubah}.")
        grafik.value = gambar_png(lambda ax: gambar_skor(ax, baru, nomor))

    for w in [*penggeser.values(), geser_pagu]:
        w.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([widgets.HBox([widgets.VBox(list(penggeser.values())), geser_pagu]),
                         ringkas, grafik])
