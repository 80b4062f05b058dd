"""Display and setup helpers for the M10 lesson (WBS, jalur kritis, Gantt, kurva S rencana).

Imported in the lesson as ``from bimtek_peserta import m10_jadwal as bantu`` (and in the
exercise for ``laporkan_pendahulu`` only). The teaching code (forward and backward pass,
float, Gantt, the slip rule, the cost-loaded S-curve) stays in the lesson; this module holds
what is not teaching material:

- ``periksa_pendahulu`` / ``laporkan_pendahulu``: one Indonesian sentence per fault of a
  predecessor table (unknown activity, cycle, wrong order, bad duration), never a traceback;
- ``jadwal``: the same critical-path computation as the lesson, for the panel and the facts;
- ``tabel_fakta``: every figure the lesson's prose quotes, computed from the data files;
- ``gambar_jaringan``, ``panel_keterlambatan``: the network drawing and the slip panel.
"""
from __future__ import annotations

import json
import numbers
from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, tanggal

# Choices of the lesson's worked examples and short exercises (not data).
PROYEK_PELAJARAN = "pasar"
CONTOH_KODE_FF = "E"          # roof: free float smaller than total float
CONTOH_KODE_SLIP = "I"        # ceramic floor: slip within / at / beyond its float
CONTOH_LEBIH_HARI = 2         # slip beyond the float by this many days
CONTOH_KODE_KRITIS = "G"      # electrical: a critical activity that slips
CONTOH_HARI_KRITIS = 7
CONTOH_FF_HARI = 8            # roof slips this many days (beyond FF, within TF)
LATIHAN_PERSEN_KURVA = 50     # "first week the planned S-curve passes this %"
HARI_PER_MINGGU = 7


# --------------------------------------------------------------------------- data

def baca_proyek(folder, nama: str = PROYEK_PELAJARAN) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """(proyek, elemen_wbs, kegiatan) of project ``nama`` ("pasar" or "pompa")."""
    folder = Path(folder)
    proyek = json.loads((folder / f"{nama}_proyek.json").read_text(encoding="utf-8"))
    elemen = pd.read_csv(folder / f"{nama}_wbs.csv", dtype={"wbs": str})
    kegiatan = pd.read_csv(folder / f"{nama}_kegiatan.csv", dtype={"wbs": str}, index_col="kode")
    return proyek, elemen, kegiatan


def daftar_pendahulu(teks) -> list[str]:
    """'C,D' -> ['C', 'D']; '-' (or empty) -> []."""
    if not isinstance(teks, str) or teks.strip() in ("", "-"):
        return []
    return [kode.strip() for kode in teks.split(",") if kode.strip()]


# --------------------------------------------------------------------------- checking a table

def _daftar(kata: list[str]) -> str:
    if len(kata) == 1:
        return kata[0]
    return ", ".join(kata[:-1]) + " dan " + kata[-1]


def _lingkaran(pendahulu: dict[str, list[str]]) -> list[list[str]]:
    """Cycles of the 'must finish before' graph, each once, in the table's order."""
    penerus = {k: [s for s in pendahulu if k in pendahulu[s]] for k in pendahulu}
    keadaan: dict[str, int] = {}     # 1 = on the current path, 2 = done
    jalur: list[str] = []
    temuan: list[list[str]] = []
    sudah: set[frozenset] = set()

    def kunjungi(kode: str) -> None:
        keadaan[kode] = 1
        jalur.append(kode)
        for lanjut in penerus[kode]:
            if keadaan.get(lanjut) == 1:
                putaran = jalur[jalur.index(lanjut):]
                kunci = frozenset(putaran)
                if kunci not in sudah:
                    sudah.add(kunci)
                    temuan.append(putaran)
            elif lanjut not in keadaan:
                kunjungi(lanjut)
        jalur.pop()
        keadaan[kode] = 2

    for kode in pendahulu:
        if kode not in keadaan:
            kunjungi(kode)
    return temuan


def periksa_pendahulu(tabel) -> list[str]:
    """One Indonesian sentence per fault of a predecessor table; [] when it can be scheduled.

    ``tabel``: one row per activity, the activity code as index, columns ``durasi`` and
    ``pendahulu``. Faults: a missing column, a duplicate code, a duration that is not a
    positive number, an unknown predecessor, an activity waiting for itself, a cycle, and a
    predecessor written below the activity that waits for it (the forward pass reads the
    table from top to bottom).
    """
    if not isinstance(tabel, pd.DataFrame):
        return ["Yang diperiksa harus tabel kegiatan (DataFrame), bukan jenis data lain."]
    kurang = [k for k in ("durasi", "pendahulu") if k not in tabel.columns]
    if kurang:
        return [f"Tabel kegiatan belum punya kolom {_daftar(kurang)}; baca berkasnya dengan "
                'index_col="kode" agar kode kegiatan menjadi nomor baris.']
    masalah: list[str] = []
    kode_semua = [str(k) for k in tabel.index]
    ganda = sorted({k for k in kode_semua if kode_semua.count(k) > 1})
    for kode in ganda:
        masalah.append(f"Kode kegiatan {kode} tertulis lebih dari sekali; setiap kegiatan harus "
                       "punya kode sendiri.")
    for kode, durasi in zip(kode_semua, tabel["durasi"]):
        if isinstance(durasi, bool) or not isinstance(durasi, numbers.Number) \
                or pd.isna(durasi) or durasi <= 0:
            masalah.append(f"Kegiatan {kode}: durasi harus angka hari yang lebih dari nol, "
                           f"bukan {durasi!r}.")
    pendahulu = {}
    for kode, teks in zip(kode_semua, tabel["pendahulu"]):
        pendahulu[kode] = daftar_pendahulu(teks)
    dikenal = set(kode_semua)
    for kode, daftar in pendahulu.items():
        for p in daftar:
            if p == kode:
                masalah.append(f"Kegiatan {kode} menunggu dirinya sendiri; hapus {kode} dari "
                               "kolom pendahulunya.")
            elif p not in dikenal:
                masalah.append(f"Kegiatan {kode} menunggu kegiatan {p}, padahal tidak ada "
                               f"kegiatan berkode {p} di tabel. Periksa ejaan kodenya atau "
                               "tambahkan kegiatan itu.")
    sisi = {k: [p for p in d if p in dikenal and p != k] for k, d in pendahulu.items()}
    putaran = _lingkaran(sisi)
    dalam_putaran = set()
    for lingkar in putaran:
        urutan = " sebelum ".join(lingkar + [lingkar[0]])
        masalah.append(f"Kegiatan {_daftar(lingkar)} saling menunggu ({urutan}): jadwal tidak "
                       "mungkin disusun. Hapus salah satu hubungan pendahulu di lingkaran itu.")
        dalam_putaran |= set(lingkar)
    posisi = {k: i for i, k in enumerate(kode_semua)}
    for kode, daftar in sisi.items():
        for p in daftar:
            if posisi[p] > posisi[kode] and not {p, kode} <= dalam_putaran:
                masalah.append(f"Kegiatan {kode} menunggu {p}, tetapi {p} tertulis di bawahnya. "
                               "Urutkan tabel agar setiap pendahulu tertulis lebih dulu.")
    return masalah


def laporkan_pendahulu(tabel) -> None:
    """Print the result of ``periksa_pendahulu``: each fault on its own line, or that the
    table is fine."""
    masalah = periksa_pendahulu(tabel)
    if not masalah:
        print(f"Tabel pendahulu baik: {len(tabel)} kegiatan, semua pendahulu dikenal, tanpa "
              "lingkaran, dan setiap pendahulu tertulis lebih dulu.")
        return
    print(f"Ada {len(masalah)} masalah pada tabel pendahulu; perbaiki dulu sebelum menghitung:")
    for kalimat in masalah:
        print("-", kalimat)


# --------------------------------------------------------------------------- the schedule

def jadwal(kegiatan: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``kegiatan`` with mulai_awal, selesai_awal, mulai_lambat, selesai_lambat,
    total_float, free_float and kritis (the lesson's computation, for the panel and FAKTA)."""
    t = kegiatan.copy()
    pred = {k: daftar_pendahulu(t.loc[k, "pendahulu"]) for k in t.index}
    succ = {k: [s for s in t.index if k in pred[s]] for k in t.index}
    es, ef = {}, {}
    for k in t.index:
        es[k] = max((ef[p] for p in pred[k]), default=0)
        ef[k] = es[k] + int(t.loc[k, "durasi"])
    akhir = max(ef.values())
    ls, lf = {}, {}
    for k in reversed(list(t.index)):
        lf[k] = min((ls[s] for s in succ[k]), default=akhir)
        ls[k] = lf[k] - int(t.loc[k, "durasi"])
    t["mulai_awal"] = pd.Series(es)
    t["selesai_awal"] = pd.Series(ef)
    t["mulai_lambat"] = pd.Series(ls)
    t["selesai_lambat"] = pd.Series(lf)
    t["total_float"] = t["mulai_lambat"] - t["mulai_awal"]
    t["free_float"] = pd.Series({k: min((es[s] for s in succ[k]), default=akhir) - ef[k]
                                 for k in t.index})
    t["kritis"] = t["total_float"] == 0
    return t


def dengan_durasi(kegiatan: pd.DataFrame, kode: str, tambah_hari: int) -> pd.DataFrame:
    """``kegiatan`` with activity ``kode`` lasting ``tambah_hari`` days longer."""
    t = kegiatan.copy()
    t.loc[kode, "durasi"] = t.loc[kode, "durasi"] + tambah_hari
    return t


def kurva_s_rencana(j: pd.DataFrame) -> pd.DataFrame:
    """Weekly planned progress (% of total cost) at the early-start schedule ``j``."""
    total = j["biaya"].sum()
    baris = []
    for kode in j.index:
        b = j.loc[kode]
        for hari in range(int(b["mulai_awal"]) + 1, int(b["selesai_awal"]) + 1):
            baris.append((hari, b["biaya"] / b["durasi"]))
    harian = pd.DataFrame(baris, columns=["hari", "biaya"])
    harian["minggu"] = (harian["hari"] - 1) // HARI_PER_MINGGU + 1
    rencana = harian.groupby("minggu", as_index=False)["biaya"].sum()
    rencana["rencana_persen"] = rencana["biaya"] / total * 100
    rencana["rencana_kumulatif"] = rencana["rencana_persen"].cumsum()
    return rencana


def _tanggal_hari(mulai: pd.Timestamp, hari_ke: int) -> pd.Timestamp:
    """The date of day ``hari_ke`` (day 1 = the start date)."""
    return mulai + pd.Timedelta(days=int(hari_ke) - 1)


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files.

    Columns ``nama``, ``keterangan``, ``teks`` (the figure exactly as the prose writes it).
    A test compares every figure in the lesson's Markdown and the handout with ``teks``.
    """
    proyek, elemen, kegiatan = baca_proyek(folder)
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks) -> None:
        baris.append((nama, keterangan, str(teks)))

    j = jadwal(kegiatan)
    mulai = pd.Timestamp(proyek["tanggal_mulai"])
    laporan = pd.Timestamp(proyek["tanggal_laporan"])
    durasi = int(j["selesai_awal"].max())
    masa = proyek["masa_pelaksanaan_hari"]

    # Project and WBS
    catat("jumlah_kegiatan", "banyaknya kegiatan", len(kegiatan))
    catat("jumlah_elemen", "banyaknya elemen WBS tingkat 1", len(elemen))
    total = kegiatan["biaya"].sum()
    catat("total_biaya", "jumlah biaya seluruh kegiatan", rupiah(total))
    per_elemen = kegiatan.groupby(kegiatan["wbs"].str.split(".").str[0])["biaya"].sum()
    terbesar = per_elemen.idxmax()
    catat("elemen_terbesar_kode", "kode elemen WBS termahal", terbesar)
    catat("elemen_terbesar_biaya", "biaya elemen WBS termahal", rupiah(per_elemen.max()))
    catat("elemen_terbesar_persen", "bagian elemen termahal dari total",
          persen(per_elemen.max() / total * 100, 1))
    catat("masa_pelaksanaan", "masa pelaksanaan menurut kontrak (hari kalender)", masa)
    catat("tanggal_mulai", "tanggal mulai (SPMK)", tanggal(mulai))
    catat("tanggal_laporan", "tanggal laporan (hari ini)", tanggal(laporan))
    catat("hari_ini", "hari sejak SPMK sampai tanggal laporan", (laporan - mulai).days)
    catat("tanggal_akhir_kontrak", "tanggal akhir masa pelaksanaan",
          tanggal(_tanggal_hari(mulai, masa)))

    # Forward pass (worked example) and project duration
    for kode in ("A", "B", "C", "D", "E"):
        catat(f"durasi_{kode}", f"durasi kegiatan {kode}", int(kegiatan.loc[kode, "durasi"]))
        catat(f"mulai_awal_{kode}", f"mulai paling awal kegiatan {kode}", int(j.loc[kode, "mulai_awal"]))
        catat(f"selesai_awal_{kode}", f"selesai paling awal kegiatan {kode}", int(j.loc[kode, "selesai_awal"]))
    catat("hari_kalender_mulai_B", "hari kalender mulainya B (hari SPMK = hari ke-1)",
          int(j.loc["B", "mulai_awal"]) + 1)
    catat("durasi_proyek", "durasi proyek (hari)", durasi)
    catat("tanggal_selesai", "tanggal selesai rencana", tanggal(_tanggal_hari(mulai, durasi)))
    catat("cadangan_hari", "masa pelaksanaan dikurangi durasi proyek", masa - durasi)
    catat("jumlah_jalan", "jumlah durasi semua kegiatan (kesalahan umum)", int(kegiatan["durasi"].sum()))

    # Backward pass, float, critical path
    kritis = [k for k in j.index if j.loc[k, "kritis"]]
    catat("jumlah_kritis", "banyaknya kegiatan kritis", len(kritis))
    catat("jalur_kritis", "jalur kritis", " – ".join(kritis))
    for kode in ("M", "K", CONTOH_KODE_SLIP, CONTOH_KODE_FF):
        if kode not in ("A", "B", "C", "D", "E"):
            catat(f"durasi_{kode}", f"durasi kegiatan {kode}", int(kegiatan.loc[kode, "durasi"]))
        catat(f"mulai_lambat_{kode}", f"mulai paling lambat {kode}", int(j.loc[kode, "mulai_lambat"]))
        catat(f"selesai_lambat_{kode}", f"selesai paling lambat {kode}", int(j.loc[kode, "selesai_lambat"]))
    e = j.loc[CONTOH_KODE_FF]
    catat("tf_E", f"total float {CONTOH_KODE_FF}", int(e["total_float"]))
    catat("ff_E", f"free float {CONTOH_KODE_FF}", int(e["free_float"]))
    penerus_e = [s for s in j.index if CONTOH_KODE_FF in daftar_pendahulu(j.loc[s, "pendahulu"])]
    catat("penerus_E", f"penerus {CONTOH_KODE_FF}", _daftar(penerus_e))
    catat("mulai_awal_penerus_E", "mulai paling awal penerus itu",
          int(j.loc[penerus_e, "mulai_awal"].min()))
    i = j.loc[CONTOH_KODE_SLIP]
    catat("tf_I", f"total float {CONTOH_KODE_SLIP}", int(i["total_float"]))
    h = j.loc["H"]
    catat("tf_H", "total float H", int(h["total_float"]))
    terbesar_tf = j["total_float"].idxmax()
    catat("float_terbesar_kode", "kegiatan dengan total float terbesar", terbesar_tf)
    catat("float_terbesar", "total float terbesar", int(j["total_float"].max()))

    # Slips
    hari_i = int(i["total_float"])
    pas = jadwal(dengan_durasi(kegiatan, CONTOH_KODE_SLIP, hari_i))
    kritis_pas = [k for k in pas.index if pas.loc[k, "kritis"]]
    catat("jumlah_kritis_pas", "kegiatan kritis bila I mundur sebesar floatnya", len(kritis_pas))
    lewat = hari_i + CONTOH_LEBIH_HARI
    catat("slip_lewat_hari", "mundur melewati float", lewat)
    dur_lewat = int(jadwal(dengan_durasi(kegiatan, CONTOH_KODE_SLIP, lewat))["selesai_awal"].max())
    catat("durasi_slip_lewat", "durasi proyek bila I mundur melewati float", dur_lewat)
    catat("tambah_slip_lewat", "tambahan hari proyek", dur_lewat - durasi)
    catat("tanggal_slip_lewat", "tanggal selesai bila I mundur melewati float",
          tanggal(_tanggal_hari(mulai, dur_lewat)))
    catat("slip_ff_hari", "mundur atap", CONTOH_FF_HARI)
    geser = max(0, CONTOH_FF_HARI - int(e["free_float"]))
    catat("geser_penerus_E", "pergeseran penerus atap", geser)
    catat("slip_kritis_hari", "mundur kegiatan kritis", CONTOH_HARI_KRITIS)
    dur_kritis = int(jadwal(dengan_durasi(kegiatan, CONTOH_KODE_KRITIS, CONTOH_HARI_KRITIS))["selesai_awal"].max())
    catat("durasi_slip_kritis", "durasi proyek bila G mundur", dur_kritis)
    catat("tanggal_slip_kritis", "tanggal selesai bila G mundur", tanggal(_tanggal_hari(mulai, dur_kritis)))
    catat("lewat_kontrak", "hari melewati masa pelaksanaan", dur_kritis - masa)
    nilai = proyek["nilai_kontrak"]
    catat("nilai_kontrak", "nilai kontrak", rupiah(nilai))
    catat("denda_slip_kritis", "denda keterlambatan (1 per seribu per hari)",
          rupiah(round(nilai / 1000 * (dur_kritis - masa))))

    # Today
    hari_ini = (laporan - mulai).days
    berjalan = [k for k in j.index if j.loc[k, "mulai_awal"] < hari_ini < j.loc[k, "selesai_awal"]]
    catat("berjalan_hari_ini", "kegiatan yang sedang berjalan pada hari ini", _daftar(berjalan))

    # Cost-loaded S-curve
    rencana = kurva_s_rencana(j)
    catat("jumlah_minggu", "banyaknya minggu kurva S rencana", len(rencana))
    lewat50 = rencana.loc[rencana["rencana_kumulatif"] > LATIHAN_PERSEN_KURVA].iloc[0]
    catat("latihan_persen_kurva", "ambang latihan kurva S", persen(LATIHAN_PERSEN_KURVA, 0))
    catat("minggu_lewat_50", "minggu pertama rencana kumulatif melewati ambang", int(lewat50["minggu"]))
    catat("kumulatif_lewat_50", "rencana kumulatif pada minggu itu", persen(lewat50["rencana_kumulatif"]))
    terbesar = rencana.loc[rencana["rencana_persen"].idxmax()]
    catat("minggu_tersibuk", "minggu dengan rencana terbesar", int(terbesar["minggu"]))
    catat("persen_tersibuk", "rencana pada minggu itu", persen(terbesar["rencana_persen"]))
    catat("hari_per_minggu", "hari per minggu", HARI_PER_MINGGU)
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- drawings

def tampilkan_wbs(elemen_wbs: pd.DataFrame, biaya_elemen) -> pd.DataFrame:
    """The cost per WBS element with its name and share, and a total row (for showing only)."""
    nama = dict(zip(elemen_wbs["wbs"], elemen_wbs["elemen"]))
    total = float(sum(biaya_elemen))
    baris = [(str(k), nama.get(str(k), "(kode tidak ada di daftar elemen)"), rupiah(v),
              persen(v / total * 100, 1)) for k, v in biaya_elemen.items()]
    baris.append(("", "Jumlah", rupiah(total), persen(100, 1)))
    tabel = pd.DataFrame(baris, columns=["Kode", "Elemen WBS", "Biaya", "Persen"])
    return tabel.style.hide(axis="index")


def gambar_jaringan(kegiatan: pd.DataFrame, judul: str = "Jaringan kegiatan",
                    tandai_kritis: bool = False):
    """Draw the activity network: one box per activity (code and duration), an arrow from
    each predecessor, laid out left to right by earliest start; critical ones in red when
    ``tandai_kritis``."""
    import matplotlib.pyplot as plt

    masalah = periksa_pendahulu(kegiatan)
    if masalah:
        print("Jaringan tidak dapat digambar:", masalah[0])
        return
    j = jadwal(kegiatan)
    kolom: dict[int, list[str]] = {}
    for kode in j.index:
        kolom.setdefault(int(j.loc[kode, "mulai_awal"]), []).append(kode)
    posisi = {}
    for x, (mulai, daftar) in enumerate(sorted(kolom.items())):
        for y, kode in enumerate(daftar):
            posisi[kode] = (x, -(y - (len(daftar) - 1) / 2))
    fig, ax = plt.subplots(figsize=(10, 3.8))
    for kode in j.index:
        for p in daftar_pendahulu(j.loc[kode, "pendahulu"]):
            merah = bool(tandai_kritis and j.loc[kode, "kritis"] and j.loc[p, "kritis"]
                         and j.loc[p, "selesai_awal"] == j.loc[kode, "mulai_awal"])
            ax.annotate("", xy=posisi[kode], xytext=posisi[p],
                        arrowprops=dict(arrowstyle="-|>", color="#c0392b" if merah else "gray",
                                        lw=2 if merah else 1, shrinkA=16, shrinkB=16))
    for kode, (x, y) in posisi.items():
        kritis = tandai_kritis and bool(j.loc[kode, "kritis"])
        ax.text(x, y, f"{kode}\n{int(j.loc[kode, 'durasi'])} hari", ha="center", va="center",
                fontsize=9, bbox=dict(boxstyle="round", fc="#fadbd8" if kritis else "#eaf2f8",
                                      ec="#c0392b" if kritis else "#2e86c1"))
    ax.set_xlim(-0.6, max(x for x, _ in posisi.values()) + 0.6)
    ax.set_ylim(min(y for _, y in posisi.values()) - 0.7, max(y for _, y in posisi.values()) + 0.7)
    ax.axis("off")
    keterangan = "merah = kritis; " if tandai_kritis else ""
    ax.set_title(f"{judul} ({keterangan}panah = harus selesai lebih dulu)", fontsize=10)
    plt.show()


def gambar_gantt(ax, j: pd.DataFrame, hari_ini: int, judul: str) -> None:
    """Gantt bars (red = critical) at the early-start schedule ``j``, and today's line."""
    for kode in j.index:
        b = j.loc[kode]
        warna = "red" if b["kritis"] else "steelblue"
        nama = kode + " " + b["uraian"]
        ax.plot([b["mulai_awal"], b["selesai_awal"]], [nama, nama], color=warna, linewidth=9,
                solid_capstyle="butt")
    ax.invert_yaxis()
    ax.axvline(hari_ini, color="black", linestyle="--")
    ax.set_title(judul, fontsize=10)
    ax.set_xlabel("Hari ke- sejak SPMK")
    ax.grid(axis="x", alpha=0.3)


def panel_keterlambatan(kegiatan: pd.DataFrame, proyek: dict):
    """The slip panel: choose an activity and a number of days late; the Gantt chart, the
    project's end date and the critical activities are recomputed."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    awal = jadwal(kegiatan)
    mulai = pd.Timestamp(proyek["tanggal_mulai"])
    hari_ini = (pd.Timestamp(proyek["tanggal_laporan"]) - mulai).days
    masa = proyek["masa_pelaksanaan_hari"]
    pilihan_kode = widgets.Dropdown(
        options=[(f"{k} {kegiatan.loc[k, 'uraian']}", k) for k in kegiatan.index],
        value=CONTOH_KODE_SLIP, description="Kegiatan")
    pilihan_kode.add_class("pilih-kegiatan-m10")
    penggeser = widgets.IntSlider(value=0, min=0, max=30, step=1, description="Mundur (hari)")
    penggeser.add_class("slider-mundur-m10")
    ringkasan = widgets.HTML()
    ringkasan.add_class("ringkasan-m10")
    grafik = widgets.Output()

    def perbarui(_perubahan=None) -> None:
        kode, hari = pilihan_kode.value, penggeser.value
        j = jadwal(dengan_durasi(kegiatan, kode, hari))
        durasi = int(j["selesai_awal"].max())
        tambah = durasi - int(awal["selesai_awal"].max())
        lewat = durasi - masa
        kritis = ", ".join(k for k in j.index if j.loc[k, "kritis"])
        warna = "#c0392b" if lewat > 0 else "#1e8449"
        status = (f"melewati masa pelaksanaan {lewat} hari (denda keterlambatan, lihat M11)"
                  if lewat > 0 else "masih dalam masa pelaksanaan")
        ringkasan.value = (
            f"<table><tr><td>Total float {kode} sebelum mundur</td><td><b>"
            f"{int(awal.loc[kode, 'total_float'])} hari</b></td></tr>"
            f"<tr><td>Durasi proyek</td><td><b>{durasi} hari</b> (bertambah {tambah} hari)</td></tr>"
            f"<tr><td>Tanggal selesai</td><td><b>{tanggal(_tanggal_hari(mulai, durasi))}</b></td></tr>"
            f"<tr><td>Masa pelaksanaan {masa} hari</td><td><b style='color:{warna}'>{status}</b>"
            f"</td></tr><tr><td>Kegiatan kritis</td><td>{kritis}</td></tr></table>")
        with grafik:
            grafik.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(10, 4.8))
            gambar_gantt(ax, j, hari_ini, f"Kegiatan {kode} mundur {hari} hari (merah = kritis)")
            ax.axvline(masa, color="#c0392b", linestyle=":")
            plt.show()

    pilihan_kode.observe(perbarui, names="value")
    penggeser.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([widgets.HBox([pilihan_kode, penggeser]), ringkasan, grafik])


__all__ = ["baca_proyek", "daftar_pendahulu", "periksa_pendahulu", "laporkan_pendahulu",
           "jadwal", "dengan_durasi", "kurva_s_rencana", "tabel_fakta", "fakta",
           "tampilkan_wbs", "gambar_jaringan", "gambar_gantt", "panel_keterlambatan", "angka"]
