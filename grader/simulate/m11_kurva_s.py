"""Typical mistakes in the M11 exercise, each a change to the solution's answer text.

The tests state the score each mistake is meant to get; the demo mixes them into
simulated submissions.
"""
from .notebooks import Mistake

ASSIGNMENT = "m11_kurva_s"

MISTAKES = {
    "soal1_pecahan": Mistake(
        "jawab_soal1", '/ total_rab * 100', '/ total_rab',
        "bobot ditulis sebagai pecahan, lupa dikali 100"),
    "soal1_dibulatkan": Mistake(
        "jawab_soal1", '/ total_rab * 100', '/ total_rab * 100\nrab["bobot"] = rab["bobot"].round(0)',
        "bobot dibulatkan ke bilangan bulat"),
    "soal1_total_harga_satuan": Mistake(
        "jawab_soal1", 'total_rab = rab["jumlah_harga"].sum()', 'total_rab = rab["harga_satuan"].sum()',
        "total RAB dihitung dari harga satuan"),
    "soal2_tanda_terbalik": Mistake(
        "jawab_soal2", 'progres["realisasi_kumulatif"] - progres["rencana_kumulatif"]',
        'progres["rencana_kumulatif"] - progres["realisasi_kumulatif"]',
        "deviasi dihitung rencana dikurangi realisasi"),
    "soal2_realisasi_tidak_kumulatif": Mistake(
        "jawab_soal2", 'progres["realisasi_persen"].cumsum()', 'progres["realisasi_persen"]',
        "realisasi tidak dijumlahkan kumulatif"),
    "soal3_mingguan": Mistake(
        "jawab_soal3", 'progres["rencana_kumulatif"], marker', 'progres["rencana_persen"], marker',
        "garis rencana memakai progres mingguan, bukan kumulatif"),
    "soal3_tanpa_label": Mistake(
        "jawab_soal3", 'ax_kurva_s.set_xlabel("Minggu ke-")\nax_kurva_s.set_ylabel("Progres kumulatif (%)")\nax_kurva_s.legend()',
        'pass',
        "grafik tanpa label sumbu dan legenda"),
    "soal4_satu_batas": Mistake(
        "jawab_soal4", 'batas = BATAS_AKHIR', 'batas = BATAS_AWAL',
        "batas 10% dipakai untuk semua rentang rencana"),
    "soal4_lebih_sama_dengan": Mistake(
        "jawab_soal4", 'if keterlambatan > batas:', 'if keterlambatan >= batas:',
        "kritis juga saat keterlambatan tepat sama dengan batas"),
    "soal5_persen": Mistake(
        "jawab_soal5", 'return TARIF_DENDA * nilai_kontrak * hari_terlambat',
        'return 1 / 100 * nilai_kontrak * hari_terlambat',
        "denda 1 persen, bukan 1 permil"),
    "soal5_hari_negatif": Mistake(
        "jawab_soal5", '    if hari_terlambat <= 0:\n        return 0\n', '',
        "hari negatif menghasilkan denda negatif"),
    "soal6_indeks_terbalik": Mistake(
        "jawab_soal6", 'SPI = EV / PV\nCPI = EV / AC', 'SPI = PV / EV\nCPI = AC / EV',
        "SPI dan CPI dibalik"),
    "soal6_pv_mingguan": Mistake(
        "jawab_soal6",
        'PV = rencana.loc[rencana["minggu"] <= MINGGU_LAPORAN, "rencana_persen"].sum() / 100 * BAC',
        'PV = rencana.loc[rencana["minggu"] == MINGGU_LAPORAN, "rencana_persen"].sum() / 100 * BAC',
        "PV memakai rencana minggu itu saja, bukan kumulatif"),
}

# Answer cells whose code, replaced, breaks the notebook in the classic ways.
SYNTAX_ERROR = ("jawab_soal2", 'progres["rencana_kumulatif"] = progres["rencana_persen"].cumsum(\n')
ENDLESS_LOOP = ("jawab_soal5", "hari = 0\nwhile True:\n    hari = hari + 1\n")
