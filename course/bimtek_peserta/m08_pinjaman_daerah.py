"""Display and setup helpers for the M08 lesson (pinjaman daerah: annuity, DSCR, 75% test,
largest feasible loan).

Imported in the lesson as ``from bimtek_peserta import m08_pinjaman_daerah as bantu``. It holds
what is not teaching material:

- ``tabel_fakta``: every figure quoted in the lesson's prose and ringkasan, computed from the
  data files, so a test can compare the prose with the data;
- ``miliar``: a copy of a table with rupiah columns in Rp miliar, Indonesian style;
- ``panel_usulan``: the interactive loan panel (amount, rate, tenor, numerator formula).

The parameters below are the lesson's assumptions (asumsi — verifikasi ke regulasi terbaru);
the lesson and the exercise declare the same names and values in their own code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .tampil import angka, persen, rupiah, rupiah_singkat

# --- the lesson's parameters (same names as in the lesson and the exercise) ----------------
BATAS_DSCR = 2.5               # PMK 101/2025 Pasal 7 ayat (3) huruf c: paling sedikit 2,5
BATAS_PINJAMAN_PERSEN = 75     # huruf d: sisa + usulan <= 75% pendapatan tidak ditentukan penggunaannya
BATAS_DEFISIT_PERSEN = 2.5     # PMK 101/2025 Pasal 3 (TA 2026): defisit <= 2,5% perkiraan pendapatan

# Choices of the lesson's worked examples (not data).
CONTOH_POKOK, CONTOH_BUNGA, CONTOH_TENOR = 100_000_000_000, 7, 3
LATIHAN_TENOR_PENDEK, LATIHAN_BUNGA_TINGGI = 3, 9
LATIHAN_TENOR_PANJANG = 10


# --------------------------------------------------------------------------- data

def baca_data(folder) -> tuple[pd.DataFrame, dict, dict]:
    """(realisasi, pinjaman, kabupaten) read from the dataset folder."""
    folder = Path(folder)
    realisasi = pd.read_csv(folder / "realisasi_2025.csv")
    pinjaman = json.loads((folder / "pinjaman.json").read_text(encoding="utf-8"))
    kabupaten = json.loads((folder / "kabupaten_contoh.json").read_text(encoding="utf-8"))
    return realisasi, pinjaman, kabupaten


def faktor_anuitas(bunga_persen: float, tenor_tahun: int) -> float:
    """Yearly instalment of a loan of 1 (closed form)."""
    r = bunga_persen / 100
    return r / (1 - (1 + r) ** -tenor_tahun)


def jadwal(pokok: float, bunga_persen: float, tenor_tahun: int) -> pd.DataFrame:
    """The annuity schedule, year by year."""
    angsuran = pokok * faktor_anuitas(bunga_persen, tenor_tahun)
    baris, sisa = [], pokok
    for tahun_ke in range(1, tenor_tahun + 1):
        bunga = sisa * bunga_persen / 100
        baris.append({"tahun_ke": tahun_ke, "sisa_awal": sisa, "bunga": bunga,
                      "pokok": angsuran - bunga, "angsuran": angsuran,
                      "sisa_akhir": sisa - (angsuran - bunga)})
        sisa -= angsuran - bunga
    return pd.DataFrame(baris)


def angka_kota(realisasi: pd.DataFrame, pinjaman: dict) -> dict:
    """Every figure of the city's loan tests."""
    n = realisasi.set_index("akun")["realisasi"]
    berjalan, usulan = pinjaman["pinjaman_berjalan"], pinjaman["usulan"]
    dau = n["dau_umum"] + n["dau_ditentukan"]
    dbh = n["dbh_umum"] + n["dbh_dr"] + n["dbh_cht"]
    hasil = {"pad": n["pad"], "dau": dau, "dbh": dbh, "dau_ditentukan": n["dau_ditentukan"],
             "dbh_dr": n["dbh_dr"], "dbh_cht": n["dbh_cht"], "belanja_pegawai": n["belanja_pegawai"]}
    hasil["pembilang_lama"] = n["pad"] + dbh + dau - n["belanja_pegawai"]
    hasil["pembilang_baru"] = (n["pad"] + dau - n["dau_ditentukan"] + dbh - n["dbh_dr"]
                               - n["dbh_cht"] - n["belanja_pegawai"])
    hasil["angsuran_usulan"] = usulan["pokok"] * faktor_anuitas(usulan["bunga_persen"], usulan["tenor_tahun"])
    hasil["bunga_lama"] = berjalan["sisa_pokok"] * berjalan["bunga_persen"] / 100
    hasil["kewajiban_lain"] = berjalan["pokok_per_tahun"] + hasil["bunga_lama"] + usulan["biaya_lain_per_tahun"]
    hasil["kewajiban_tahun_pertama"] = hasil["angsuran_usulan"] + hasil["kewajiban_lain"]
    hasil["dscr_lama"] = hasil["pembilang_lama"] / hasil["kewajiban_tahun_pertama"]
    hasil["dscr_baru"] = hasil["pembilang_baru"] / hasil["kewajiban_tahun_pertama"]
    pendapatan = realisasi[realisasi["jenis"] == "pendapatan"]
    hasil["pendapatan_total"] = pendapatan["realisasi"].sum()
    hasil["pendapatan_bebas"] = pendapatan.loc[pendapatan["ditentukan_penggunaannya"] == "tidak", "realisasi"].sum()
    hasil["batas_75"] = BATAS_PINJAMAN_PERSEN / 100 * hasil["pendapatan_bebas"]
    hasil["sisa_dan_usulan"] = berjalan["sisa_pokok"] + usulan["pokok"]
    hasil["batas_defisit"] = BATAS_DEFISIT_PERSEN / 100 * pinjaman["perkiraan_pendapatan_2026"]
    return hasil


def maksimum(pembilang: float, kewajiban_lain: float, pendapatan_bebas: float, sisa_pokok: float,
             bunga_persen: float, tenor_tahun: int) -> tuple[float, float, float]:
    """(largest loan, DSCR bound, 75% bound)."""
    batas_dscr = (pembilang / BATAS_DSCR - kewajiban_lain) / faktor_anuitas(bunga_persen, tenor_tahun)
    batas_75 = BATAS_PINJAMAN_PERSEN / 100 * pendapatan_bebas - sisa_pokok
    return max(0.0, min(batas_dscr, batas_75)), batas_dscr, batas_75


# --------------------------------------------------------------------------- FAKTA

def tabel_fakta(folder) -> pd.DataFrame:
    """Every figure the lesson's prose quotes, computed from the data files (nama,
    keterangan, teks as the prose writes it)."""
    realisasi, pinjaman, kab = baca_data(folder)
    k = angka_kota(realisasi, pinjaman)
    berjalan, usulan = pinjaman["pinjaman_berjalan"], pinjaman["usulan"]
    baris: list[tuple[str, str, str]] = []

    def catat(nama: str, keterangan: str, teks: str) -> None:
        baris.append((nama, keterangan, teks))

    # Limits and dates
    catat("batas_dscr", "BATAS_DSCR", angka(BATAS_DSCR, 1))
    catat("batas_pinjaman", "BATAS_PINJAMAN_PERSEN", persen(BATAS_PINJAMAN_PERSEN, 0))
    catat("batas_defisit", "BATAS_DEFISIT_PERSEN", persen(BATAS_DEFISIT_PERSEN, 1))
    catat("batas_pdb", "batas kumulatif nasional (persen PDB)", persen(0.11))
    catat("batas_pdb_2025", "batas kumulatif nasional TA 2025 (persen PDB)", persen(0.20))
    catat("batas_pdb_2024", "batas kumulatif nasional TA 2024 (persen PDB)", persen(0.24))
    catat("tahun_realisasi", "tahun realisasi (tahun sebelumnya)", str(pinjaman["tahun_realisasi"]))
    catat("tahun_usulan", "tahun usulan pinjaman", str(pinjaman["tahun_usulan"]))
    catat("tanggal_pp38", "tanggal PP 38/2025 diundangkan", "10 September 2025")
    catat("tanggal_pmk101", "tanggal PMK 101/2025 diundangkan", "31 Desember 2025")
    catat("lampiran_pp38", "banyaknya lampiran permohonan (PP 38/2025)", "5")
    catat("tahun_laporan_keuangan", "laporan keuangan teraudit (tahun)", "3")
    catat("tahun_anggaran_pmk83", "tahun anggaran PMK 83/2023", "2024")

    # Annuity: manual example
    contoh = jadwal(CONTOH_POKOK, CONTOH_BUNGA, CONTOH_TENOR)
    catat("contoh_pokok", "pokok contoh", rupiah_singkat(CONTOH_POKOK))
    catat("contoh_bunga", "bunga contoh", persen(CONTOH_BUNGA, 0))
    catat("contoh_tenor", "tenor contoh (tahun)", str(CONTOH_TENOR))
    catat("contoh_angsuran", "angsuran tahunan contoh", rupiah(contoh["angsuran"].iloc[0]))
    catat("contoh_bunga_1", "bunga tahun pertama contoh", rupiah(contoh["bunga"].iloc[0]))
    catat("contoh_pokok_1", "cicilan pokok tahun pertama contoh", rupiah(contoh["pokok"].iloc[0]))
    catat("contoh_total_bunga", "total bunga contoh", rupiah(contoh["bunga"].sum()))
    catat("contoh_faktor", "faktor anuitas contoh", angka(faktor_anuitas(CONTOH_BUNGA, CONTOH_TENOR), 6))

    # The proposal
    ju = jadwal(usulan["pokok"], usulan["bunga_persen"], usulan["tenor_tahun"])
    catat("usulan_pokok", "pokok usulan", rupiah_singkat(usulan["pokok"]))
    catat("usulan_bunga", "bunga usulan", persen(usulan["bunga_persen"], 0))
    catat("usulan_tenor", "tenor usulan (tahun)", str(usulan["tenor_tahun"]))
    catat("usulan_angsuran", "angsuran tahunan usulan", rupiah(k["angsuran_usulan"]))
    catat("usulan_angsuran_singkat", "angsuran tahunan usulan, dibulatkan", rupiah_singkat(k["angsuran_usulan"]))
    catat("usulan_total_bunga", "total bunga usulan", rupiah_singkat(ju["bunga"].sum()))
    catat("usulan_biaya_lain", "biaya lain per tahun", rupiah_singkat(usulan["biaya_lain_per_tahun"], 0))
    akhir = pinjaman["tahun_usulan"] + usulan["tenor_tahun"] - 1
    catat("usulan_tahun_lunas", "tahun angsuran terakhir usulan", str(akhir))
    catat("akhir_masa_jabatan", "akhir masa jabatan kepala daerah", str(pinjaman["akhir_masa_jabatan_kepala_daerah"]))
    catat("tenor_dalam_masa_jabatan", "tenor terpanjang yang lunas dalam masa jabatan",
          str(pinjaman["akhir_masa_jabatan_kepala_daerah"] - pinjaman["tahun_usulan"] + 1))
    catat("perkiraan_pendapatan", "perkiraan pendapatan tahun usulan", rupiah_singkat(pinjaman["perkiraan_pendapatan_2026"]))
    catat("batas_defisit_rp", "batas defisit dalam rupiah", rupiah_singkat(k["batas_defisit"]))

    # Existing loan
    catat("sisa_pokok", "sisa pokok pinjaman berjalan", rupiah_singkat(berjalan["sisa_pokok"]))
    catat("pokok_lama_per_tahun", "cicilan pokok pinjaman berjalan", rupiah_singkat(berjalan["pokok_per_tahun"]))
    catat("bunga_lama_persen", "bunga pinjaman berjalan", persen(berjalan["bunga_persen"], 1))
    catat("bunga_lama", "bunga pinjaman berjalan tahun usulan", rupiah_singkat(k["bunga_lama"], 2))
    catat("tahun_lama_lunas", "tahun terakhir pinjaman berjalan", str(berjalan["tahun_terakhir"]))
    catat("kewajiban_lain", "kewajiban selain angsuran usulan", rupiah_singkat(k["kewajiban_lain"], 2))

    # DSCR
    catat("kab_pad", "PAD kabupaten contoh", angka(kab["pad"]))
    for kunci in ("dau", "dau_ditentukan", "dbh", "dbh_dr", "dbh_cht", "belanja_pegawai", "pokok_jatuh_tempo"):
        catat(f"kab_{kunci}", f"{kunci} kabupaten contoh", angka(kab[kunci]))
    catat("kab_bunga", "bunga jatuh tempo kabupaten contoh", angka(kab["bunga_jatuh_tempo"], 1))
    catat("kab_biaya", "biaya lain kabupaten contoh", angka(kab["biaya_lain"], 2))
    kab_pembilang = (kab["pad"] + kab["dau"] - kab["dau_ditentukan"] + kab["dbh"] - kab["dbh_dr"]
                     - kab["dbh_cht"] - kab["belanja_pegawai"])
    kab_kewajiban = kab["pokok_jatuh_tempo"] + kab["bunga_jatuh_tempo"] + kab["biaya_lain"]
    catat("kab_pembilang", "pembilang kabupaten contoh", angka(kab_pembilang))
    catat("kab_kewajiban", "kewajiban kabupaten contoh", angka(kab_kewajiban, 2))
    catat("kab_dscr", "DSCR kabupaten contoh", angka(kab_pembilang / kab_kewajiban, 2))
    catat("kab_maks_layanan", "kewajiban tahunan terbesar pada DSCR 2,5", angka(kab_pembilang / BATAS_DSCR, 1))
    catat("kab_ruang", "tambahan kewajiban yang masih mungkin", angka(kab_pembilang / BATAS_DSCR - kab_kewajiban, 1))
    catat("pembilang_lama", "pembilang rumus lama", rupiah_singkat(k["pembilang_lama"]))
    catat("pembilang_baru", "pembilang rumus baru", rupiah_singkat(k["pembilang_baru"]))
    catat("selisih_pembilang", "selisih kedua pembilang", rupiah_singkat(k["pembilang_lama"] - k["pembilang_baru"]))
    catat("kewajiban_tahun_pertama", "kewajiban tahun pertama", rupiah_singkat(k["kewajiban_tahun_pertama"], 2))
    catat("dscr_lama", "DSCR rumus lama", angka(k["dscr_lama"], 2))
    catat("dscr_baru", "DSCR rumus baru", angka(k["dscr_baru"], 2))
    catat("dau_ditentukan", "DAU yang ditentukan penggunaannya", rupiah_singkat(k["dau_ditentukan"]))
    catat("dbh_cht", "DBH-CHT", rupiah_singkat(k["dbh_cht"]))

    # 75%
    catat("pendapatan_total", "pendapatan tahun sebelumnya", rupiah_singkat(k["pendapatan_total"]))
    catat("pendapatan_bebas", "pendapatan tidak ditentukan penggunaannya", rupiah_singkat(k["pendapatan_bebas"]))
    catat("batas_75_rp", "75% pendapatan bebas", rupiah_singkat(k["batas_75"]))
    catat("sisa_dan_usulan", "sisa pokok ditambah usulan", rupiah_singkat(k["sisa_dan_usulan"]))
    catat("batas_75_total", "75% seluruh pendapatan (keliru)", rupiah_singkat(BATAS_PINJAMAN_PERSEN / 100 * k["pendapatan_total"]))

    # Largest loan
    besar, b_dscr, b_75 = maksimum(k["pembilang_baru"], k["kewajiban_lain"], k["pendapatan_bebas"],
                                   berjalan["sisa_pokok"], usulan["bunga_persen"], usulan["tenor_tahun"])
    catat("maks_usulan", "pinjaman terbesar untuk tenor dan bunga usulan", rupiah_singkat(besar))
    catat("maks_dscr", "batas menurut DSCR", rupiah_singkat(b_dscr))
    catat("maks_75", "batas menurut 75%", rupiah_singkat(b_75))
    catat("angsuran_maks_usulan", "angsuran pinjaman terbesar",
          rupiah_singkat(besar * faktor_anuitas(usulan["bunga_persen"], usulan["tenor_tahun"])))
    pendek, p_dscr, _ = maksimum(k["pembilang_baru"], k["kewajiban_lain"], k["pendapatan_bebas"],
                                 berjalan["sisa_pokok"], LATIHAN_BUNGA_TINGGI, LATIHAN_TENOR_PENDEK)
    catat("latihan_tenor_pendek", "tenor latihan pendek", str(LATIHAN_TENOR_PENDEK))
    catat("latihan_bunga_tinggi", "bunga latihan tinggi", persen(LATIHAN_BUNGA_TINGGI, 0))
    catat("maks_pendek", "pinjaman terbesar, tenor pendek bunga tinggi", rupiah_singkat(pendek))
    lama_besar, _, _ = maksimum(k["pembilang_lama"], k["kewajiban_lain"], k["pendapatan_bebas"],
                                berjalan["sisa_pokok"], LATIHAN_BUNGA_TINGGI, LATIHAN_TENOR_PENDEK)
    catat("maks_pendek_lama", "pinjaman terbesar, tenor pendek, rumus lama", rupiah_singkat(lama_besar))
    return pd.DataFrame(baris, columns=["nama", "keterangan", "teks"])


def fakta(folder) -> dict[str, str]:
    """``tabel_fakta`` as a dict: nama -> teks."""
    tabel = tabel_fakta(folder)
    return dict(zip(tabel["nama"], tabel["teks"]))


# --------------------------------------------------------------------------- display

def miliar(tabel: pd.DataFrame, kolom=None, desimal: int = 2) -> pd.DataFrame:
    """A copy of ``tabel`` (or of its ``kolom``) with every non-integer-count number in Rp
    miliar, Indonesian style. Only for showing: the copy holds text."""
    hasil = tabel[list(kolom)].copy() if kolom is not None else tabel.copy()
    for nama in hasil.columns:
        if nama != "tahun_ke" and pd.api.types.is_numeric_dtype(hasil[nama]):
            hasil[nama] = hasil[nama].map(lambda x: angka(x / 1e9, desimal))
    return hasil


def panel_usulan(realisasi: pd.DataFrame, pinjaman: dict, angsuran_tahunan, pinjaman_maksimum):
    """The loan panel: sliders for amount, rate and tenor, a choice of DSCR numerator; shows
    each test and the largest feasible loan. The two functions are the lesson's own."""
    import ipywidgets as widgets

    k = angka_kota(realisasi, pinjaman)
    berjalan, usulan = pinjaman["pinjaman_berjalan"], pinjaman["usulan"]
    gaya = {"description_width": "initial"}
    pokok = widgets.FloatSlider(value=usulan["pokok"] / 1e9, min=10, max=1500, step=10,
                                description="Pokok (Rp miliar)", style=gaya,
                                layout=widgets.Layout(width="560px"))
    bunga = widgets.FloatSlider(value=usulan["bunga_persen"], min=3, max=12, step=0.25,
                                description="Bunga (% per tahun)", style=gaya,
                                layout=widgets.Layout(width="560px"))
    tenor = widgets.IntSlider(value=usulan["tenor_tahun"], min=1, max=15, step=1,
                              description="Tenor (tahun)", style=gaya,
                              layout=widgets.Layout(width="560px"))
    rumus = widgets.ToggleButtons(options=[("Pembilang lama", "lama"), ("Pembilang baru", "baru")],
                                  value="baru", description="Rumus DSCR", style=gaya)
    for w, nama in ((pokok, "pokok"), (bunga, "bunga"), (tenor, "tenor"), (rumus, "rumus")):
        w.add_class(f"m08-{nama}")
    hasil = widgets.HTML()
    hasil.add_class("m08-hasil")

    def tanda(ok: bool) -> str:
        return ("<b style='color:#1e8449'>memenuhi</b>" if ok
                else "<b style='color:#c0392b'>tidak memenuhi</b>")

    def perbarui(_perubahan=None) -> None:
        p = pokok.value * 1e9
        pembilang = k["pembilang_lama"] if rumus.value == "lama" else k["pembilang_baru"]
        kewajiban = angsuran_tahunan(p, bunga.value, tenor.value) + k["kewajiban_lain"]
        nilai_dscr = pembilang / kewajiban
        total = berjalan["sisa_pokok"] + p
        lunas = pinjaman["tahun_usulan"] + tenor.value - 1
        besar = pinjaman_maksimum(pembilang, k["kewajiban_lain"], k["pendapatan_bebas"],
                                  berjalan["sisa_pokok"], bunga.value, tenor.value)
        isi = [
            ("Angsuran tahunan usulan", rupiah_singkat(angsuran_tahunan(p, bunga.value, tenor.value), 2)),
            ("Kewajiban tahun pertama", rupiah_singkat(kewajiban, 2)),
            (f"DSCR (paling sedikit {angka(BATAS_DSCR, 1)})",
             f"{angka(nilai_dscr, 2)} — {tanda(nilai_dscr >= BATAS_DSCR)}"),
            (f"Sisa + usulan (paling banyak {rupiah_singkat(k['batas_75'])})",
             f"{rupiah_singkat(total)} — {tanda(total <= k['batas_75'])}"),
            (f"Defisit yang dibiayai (batas {rupiah_singkat(k['batas_defisit'])})",
             "perlu persetujuan Menteri Keuangan" if p > k["batas_defisit"] else "di bawah batas"),
            ("Angsuran terakhir", f"{lunas} — " + ("melewati masa jabatan: perlu pertimbangan "
                                                    "Menkeu, Mendagri, Bappenas"
                                                    if lunas > pinjaman["akhir_masa_jabatan_kepala_daerah"]
                                                    else "dalam masa jabatan")),
            ("Pinjaman terbesar yang layak", rupiah_singkat(besar)),
        ]
        hasil.value = "<table>" + "".join(
            f"<tr><td>{a}</td><td style='padding-left:1em'>{b}</td></tr>" for a, b in isi) + "</table>"

    for w in (pokok, bunga, tenor, rumus):
        w.observe(perbarui, names="value")
    perbarui()
    return widgets.VBox([pokok, bunga, tenor, rumus, hasil])
