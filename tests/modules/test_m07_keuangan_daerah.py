"""M07: every answer the exercise computes, checked against an independent computation written
differently (a row-by-row loop over the CSV with the standard library, a closed-form projection,
a table-driven classification), plus the data's own consistency and the pre/post test keys."""
from __future__ import annotations

import csv
import json
import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from bimtek_peserta import m07_keuangan_daerah as helper
from bimtek_peserta.tampil import angka
from grader import catalogue

import kota_support

MODULE = catalogue.load().module("m07_keuangan_daerah")
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / MODULE.dataset
YEARS = [2021, 2022, 2023, 2024, 2025]


# --------------------------------------------------------------------------- independent side

def by_loop() -> dict[int, dict[str, float]]:
    """Every yearly figure, from the CSV files read row by row (no pandas)."""
    total = defaultdict(lambda: defaultdict(float))
    with open(DATA / "apbd.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year, code, real, plan = int(row["tahun"]), row["kode"], float(row["realisasi"]), float(row["anggaran"])
            t = total[year]
            head = code.split(".")[0]
            if head == "4":
                t["pendapatan"] += real
            elif head == "5":
                t["belanja"] += real
            elif code.startswith("6.1"):
                t["netto"] += real
            elif code.startswith("6.2"):
                t["netto"] -= real
            if code.startswith("4.1"):
                t["pad"] += real
                t["target_pad"] += plan
            if code.startswith("4.2"):
                t["transfer"] += real
            if code.startswith("5.1"):
                t["operasi"] += real
            if code.startswith("5.4"):
                t["belanja_transfer"] += real
            t[row["akun"]] += real
    with open(DATA / "data_pendukung.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for key, value in row.items():
                if key != "tahun":
                    total[int(row["tahun"])][key] = float(value)
    result = {}
    for year, t in total.items():
        result[year] = {
            "pendapatan": t["pendapatan"], "belanja": t["belanja"],
            "surplus_defisit": t["pendapatan"] - t["belanja"], "pembiayaan_netto": t["netto"],
            "kemandirian": 100 * t["pad"] / (t["transfer"] + t["pinjaman_daerah"]),
            "derajat_desentralisasi": 100 * t["pad"] / t["pendapatan"],
            "efektivitas_pad": 100 * t["pad"] / t["target_pad"],
            "porsi_pegawai": 100 * (t["belanja_pegawai"] - t["tunjangan_guru_tkd"]) / t["belanja"],
            "porsi_infrastruktur": 100 * t["infrastruktur_pelayanan_publik"] / (t["belanja"] - t["belanja_transfer"]),
            "porsi_pendidikan": 100 * t["belanja_fungsi_pendidikan"] / t["belanja"],
            "surplus_operasional": t["pendapatan"] - t["dak_fisik"] - t["operasi"],
            "belanja_operasi": t["operasi"],
            "pendapatan_operasional": t["pendapatan"] - t["dak_fisik"],
        }
    return result


def band(value: float) -> str:
    """Kepmendagri efektivitas band from a table of (lower, upper, inclusive-lower, label)."""
    table = [(100, float("inf"), False, "sangat efektif"), (90, 100, True, "efektif"),
             (80, 90, True, "cukup efektif"), (60, 80, True, "kurang efektif"),
             (float("-inf"), 60, True, "tidak efektif")]
    for low, high, closed, label in table:
        above = value >= low if closed else value > low
        if above and (value <= high if label == "efektif" else value < high or high == float("inf")):
            return label
    raise AssertionError(value)


GRID = [round(x * 0.05, 2) for x in range(0, 3001)]   # 0 % to 150 % in steps of 0.05
COLUMNS = ["pendapatan", "belanja", "surplus_defisit", "pembiayaan_netto", "kemandirian",
           "derajat_desentralisasi", "efektivitas_pad", "porsi_pegawai", "porsi_infrastruktur",
           "porsi_pendidikan", "surplus_operasional"]
DUMP = f"""
import json as _json
print({kota_support.MARK!r} + _json.dumps({{
    "kolom": {{k: {{int(y): float(v) for y, v in ringkasan[k].items()}} for k in {COLUMNS!r}}},
    "kategori": [kategori_efektivitas(x) for x in {GRID!r}],
    "proyeksi": [[float(x) for x in proyeksi(a, g, n)] for a, g, n in [(100, 10, 2), (2_003e9, 4, 5), (7, -3.5, 6)]],
    "ruang": [float(x) for x in proyeksi_kota["ruang_investasi"]],
    "ruang_lima": float(ruang_investasi_lima_tahun),
}}))
"""


@pytest.fixture(scope="module")
def solution():
    return kota_support.run_solution(MODULE.assignment, DUMP)


def close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


# --------------------------------------------------------------------------- the comparisons

@pytest.mark.slow
def test_every_column_of_the_solution_equals_a_row_by_row_loop(solution):
    """Does each column the exercise asks for equal the same figure summed row by row?"""
    expected = by_loop()
    for column in COLUMNS:
        for year in YEARS:
            got = solution["kolom"][column][str(year)]
            want = expected[year][column]
            tol = 1 if abs(want) > 1000 else 1e-9
            assert close(got, want, tol), (column, year, got, want)


def test_the_lessons_figures_equal_the_row_by_row_loop():
    """Does the helper behind FAKTA (the lesson's prose) agree with the row-by-row loop?"""
    apbd, pendukung, _ = helper.baca_data(DATA)
    t = helper.indikator(apbd, pendukung)
    expected = by_loop()
    for column in ("pendapatan", "belanja", "surplus_defisit", "kemandirian", "derajat_desentralisasi",
                   "efektivitas_pad", "porsi_pegawai", "porsi_infrastruktur", "porsi_pendidikan",
                   "surplus_operasional"):
        for year in YEARS:
            assert close(t.loc[year, column], expected[year][column], 1e-6 * abs(expected[year][column]) + 1e-9)


@pytest.mark.slow
def test_kategori_efektivitas_equals_a_band_table_on_a_fine_grid(solution):
    """Does the solution's if/elif chain give the band table's label for every value from 0 to
    150 in steps of 0.05 (boundaries 60, 80, 90, 100 included)?"""
    assert solution["kategori"] == [band(x) for x in GRID]
    assert helper.kategori_kepmendagri(100) == band(100) == "efektif"


@pytest.mark.slow
def test_projection_equals_the_closed_form(solution):
    """Does the solution's year-by-year loop equal a x (1 + g/100) ** t, and the five-year room
    the closed form applied to the last data year?"""
    for (a, g, n), got in zip([(100, 10, 2), (2_003e9, 4, 5), (7, -3.5, 6)], solution["proyeksi"]):
        assert len(got) == n
        for t, value in enumerate(got, start=1):
            assert close(value, a * (1 + g / 100) ** t, 1e-9 * abs(a) + 1e-12)
    last = by_loop()[YEARS[-1]]
    city = json.loads((DATA / "kota.json").read_text(encoding="utf-8"))
    room = [last["pendapatan_operasional"] * 1.04 ** t - last["belanja_operasi"] * 1.05 ** t - debt
            for t, debt in enumerate(city["pokok_utang_proyeksi"], start=1)]
    assert all(close(a, b, 1) for a, b in zip(solution["ruang"], room))
    assert close(solution["ruang_lima"], sum(room), 1)


def test_hidden_check_uses_the_exercise_parameters():
    """Do the growth rates written in the hidden check of 4c equal the setup cell's parameters
    (and the lesson helper's)?"""
    setup = kota_support.provided_code(MODULE.solution)
    hidden = kota_support.hidden_code(MODULE.solution, "uji_soal4_proyeksi")
    rates = re.search(r"pertumbuhan_pendapatan, pertumbuhan_belanja = (\S+), (\S+)", hidden)
    assert f"PERTUMBUHAN_PENDAPATAN = {rates.group(1)}" in setup
    assert f"PERTUMBUHAN_BELANJA_OPERASI = {rates.group(2)}" in setup
    assert (float(rates.group(1)), float(rates.group(2))) == (helper.PERTUMBUHAN_PENDAPATAN,
                                                              helper.PERTUMBUHAN_BELANJA_OPERASI)
    for name in ("BATAS_PEGAWAI", "BATAS_INFRASTRUKTUR", "BATAS_PENDIDIKAN", "BATAS_SANGAT_EFEKTIF",
                 "BATAS_EFEKTIF", "BATAS_CUKUP_EFEKTIF", "BATAS_KURANG_EFEKTIF"):
        assert re.search(rf"^{name} = {getattr(helper, name)}\b", setup, re.M), name


# --------------------------------------------------------------------------- the data

def test_the_budget_identity_holds_every_year():
    """Does SiLPA at the start of each year equal last year's SiLPA + surplus/defisit +
    pembiayaan netto (the chain a BPKAD checks first), and is the loan repaid as declared?"""
    rows = by_loop()
    with open(DATA / "apbd.csv", encoding="utf-8") as handle:
        silpa = {int(r["tahun"]): float(r["realisasi"]) for r in csv.DictReader(handle) if r["akun"] == "silpa"}
    for year in YEARS[1:]:
        end_of_last = rows[year - 1]["surplus_defisit"] + rows[year - 1]["pembiayaan_netto"]
        assert close(silpa[year], end_of_last, 1000), year
    city = json.loads((DATA / "kota.json").read_text(encoding="utf-8"))
    loan = city["pinjaman"]
    instalments = (loan["tahun_angsuran_terakhir"] - loan["tahun_penarikan"])
    assert loan["angsuran_pokok_per_tahun"] * instalments == loan["pokok"]
    assert city["sisa_pokok_akhir_2025"] == loan["pokok"] - loan["angsuran_pokok_per_tahun"] * 2
    assert city["sintetis"] is True and "fiktif" in city["nama"]


def test_the_data_tells_the_story_the_lesson_tells():
    """Are the teaching points still in the data: personnel above 30% without the teachers'
    allowance every year but within it from 2023; infrastructure below 40%; education below
    20% only in 2021; the loan year lowering kemandirian?"""
    rows = by_loop()
    with open(DATA / "apbd.csv", encoding="utf-8") as handle:
        gross = {int(r["tahun"]): float(r["realisasi"]) for r in csv.DictReader(handle) if r["akun"] == "belanja_pegawai"}
    assert all(100 * gross[y] / rows[y]["belanja"] > helper.BATAS_PEGAWAI for y in YEARS)
    assert [y for y in YEARS if rows[y]["porsi_pegawai"] <= helper.BATAS_PEGAWAI] == [2023, 2024, 2025]
    assert all(rows[y]["porsi_infrastruktur"] < helper.BATAS_INFRASTRUKTUR for y in YEARS)
    assert [y for y in YEARS if rows[y]["porsi_pendidikan"] < helper.BATAS_PENDIDIKAN] == [2021]
    assert rows[2023]["kemandirian"] < rows[2022]["kemandirian"]


# --------------------------------------------------------------------------- pre/post test items

def _key(data: dict) -> str:
    keys = set(data)
    if {"pendapatan", "belanja"} <= keys and "pad" not in keys:
        value = data["pendapatan"] - data["belanja"]
        return f"{'surplus' if value >= 0 else 'defisit'} Rp {angka(abs(value))} miliar"
    if keys == {"pad", "transfer", "pinjaman", "pendapatan"}:
        value = 100 * data["pad"] / (data["transfer"] + data["pinjaman"])
        label = helper._label(value, helper.SKALA_KEMANDIRIAN)
        return f"{angka(value)}%: {label}"
    if keys == {"belanja", "pegawai", "guru_tkd"}:
        value = 100 * (data["pegawai"] - data["guru_tkd"]) / data["belanja"]
        verdict = "memenuhi" if value <= helper.BATAS_PEGAWAI else "melampaui"
        return f"{angka(value)}%, {verdict} batas paling tinggi {helper.BATAS_PEGAWAI}%"
    if keys == {"nilai_awal", "pertumbuhan", "tahun"}:
        value = data["nilai_awal"] * (1 + data["pertumbuhan"] / 100) ** data["tahun"]
        return f"Rp {angka(value, 1)} miliar"
    raise AssertionError(sorted(keys))


ITEMS = tomllib.loads(MODULE.test_items.read_text(encoding="utf-8"))["butir"]


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i["id"])
def test_answer_key_is_what_the_lessons_rules_give(item):
    """Is each item's key what the lesson's formulas and parameters give for its inputs, and a
    parallel item of the other form tied to the same objective?"""
    assert item["kunci"] == _key(item["data"]), (item["kunci"], _key(item["data"]))
    pair = next(i for i in ITEMS if i["id"] == item["setara"])
    assert pair["setara"] == item["id"] and pair["bentuk"] != item["bentuk"]
    assert pair["tujuan"] == item["tujuan"] and 1 <= item["tujuan"] <= len(MODULE.objectives)
    if item["jenis"] == "pilihan_ganda":
        assert item["kunci"] in item["pilihan"] and len(set(item["pilihan"])) == len(item["pilihan"]) >= 3
