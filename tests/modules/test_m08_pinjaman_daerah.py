"""M08: every answer the exercise computes, checked against an independent computation written
differently: the annuity found by bisection on a year-by-year balance, the schedule simulated
again, the DSCR and 75% figures summed row by row with the csv module, and the largest feasible
loan found by a fine brute-force scan over loan amounts."""
from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path

import pytest

from bimtek_peserta import m08_pinjaman_daerah as helper
from bimtek_peserta.tampil import angka
from grader import catalogue

import kota_support

MODULE = catalogue.load().module("m08_pinjaman_daerah")
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / MODULE.dataset


def balance_after(principal: float, rate: float, years: int, payment: float) -> float:
    for _ in range(years):
        principal = principal * (1 + rate / 100) - payment
    return principal


def annuity_by_bisection(principal: float, rate: float, years: int) -> float:
    """The yearly payment that leaves exactly nothing after the last year (no formula)."""
    low, high = 0.0, principal * (1 + rate / 100) ** years
    for _ in range(200):
        mid = (low + high) / 2
        if balance_after(principal, rate, years, mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def rows() -> list[dict]:
    with open(DATA / "realisasi_2025.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def loans() -> dict:
    return json.loads((DATA / "pinjaman.json").read_text(encoding="utf-8"))


def city_by_loop() -> dict:
    value = {r["akun"]: float(r["realisasi"]) for r in rows()}
    free = sum(float(r["realisasi"]) for r in rows()
               if r["jenis"] == "pendapatan" and r["ditentukan_penggunaannya"] == "tidak")
    p = loans()
    u, b = p["usulan"], p["pinjaman_berjalan"]
    earmarked = value["dau_ditentukan"] + value["dbh_dr"] + value["dbh_cht"]
    old = sum(value[k] for k in ("pad", "dau_umum", "dau_ditentukan", "dbh_umum", "dbh_dr", "dbh_cht")) - value["belanja_pegawai"]
    other = b["pokok_per_tahun"] + b["sisa_pokok"] * b["bunga_persen"] / 100 + u["biaya_lain_per_tahun"]
    first = annuity_by_bisection(u["pokok"], u["bunga_persen"], u["tenor_tahun"]) + other
    return {"pembilang_lama": old, "pembilang_baru": old - earmarked, "kewajiban_lain": other,
            "kewajiban_tahun_pertama": first, "dscr_lama": old / first,
            "dscr_baru": (old - earmarked) / first, "pendapatan_bebas": free,
            "batas_75": 0.75 * free}


def largest_by_scan(numerator, other, free, remaining, rate, years, step=1e7) -> float:
    """Scan loan amounts upward in steps of ``step`` until one of the two tests fails."""
    factor = annuity_by_bisection(1.0, rate, years)
    loan = 0.0
    if other > numerator / helper.BATAS_DSCR or remaining > 0.75 * free:
        return 0.0
    coarse = 1e10
    while True:   # coarse then fine, so the scan stays fast
        nxt = loan + coarse
        if nxt * factor + other <= numerator / helper.BATAS_DSCR and remaining + nxt <= 0.75 * free:
            loan = nxt
        elif coarse > step:
            coarse /= 10
        else:
            return loan


CASES = [(600e9, 40e9, 1_000e9, 50e9, 9, 3), (600e9, 40e9, 1_000e9, 50e9, 6, 10),
         (80e9, 40e9, 100e9, 90e9, 7, 5), (635.7e9, 36.1e9, 5_000e9, 90e9, 12, 2),
         (1_000e9, 0, 400e9, 0, 8, 15)]
SYNTAX_CASES = [(3.0, 500, 1000, 0), (2.5, 500, 1000, 0), (2.4999, 500, 1000, 0),
                (3.0, 750, 1000, 0), (3.0, 750.01, 1000, 0), (3.0, 500, 1000, 1)]
DUMP = f"""
import json as _json
print({kota_support.MARK!r} + _json.dumps({{
    "angsuran": [float(angsuran_tahunan(p, b, n)) for p, b, n in [(250e9, 7, 8), (1000, 10, 2), (5e9, 12.5, 15)]],
    "jadwal": jadwal_angsuran(1_000_000, 9, 6)[["bunga", "pokok", "sisa_akhir"]].values.tolist(),
    "total_bunga": float(total_bunga_usulan),
    "nilai": {{k: float(globals()[k]) for k in ["pembilang_lama", "pembilang_baru", "kewajiban_lain",
        "kewajiban_tahun_pertama", "dscr_lama", "dscr_baru", "pendapatan_bebas", "batas_75"]}},
    "lolos_75": bool(lolos_75),
    "syarat": [lolos_syarat(*c) for c in {SYNTAX_CASES!r}],
    "maksimum": [float(pinjaman_maksimum(*c)) for c in {CASES!r}],
    "maksimum_usulan": float(pinjaman_maksimum_usulan),
}}))
"""


@pytest.fixture(scope="module")
def solution():
    return kota_support.run_solution(MODULE.assignment, DUMP)


@pytest.mark.slow
def test_annuity_equals_the_payment_found_by_bisection(solution):
    """Does the solution's closed-form annuity equal the payment that clears the balance?"""
    for (p, b, n), got in zip([(250e9, 7, 8), (1000, 10, 2), (5e9, 12.5, 15)], solution["angsuran"]):
        assert abs(got - annuity_by_bisection(p, b, n)) <= 1e-9 * p


@pytest.mark.slow
def test_schedule_equals_a_second_simulation(solution):
    """Does every row of the solution's schedule equal a balance simulated again?"""
    payment = annuity_by_bisection(1_000_000, 9, 6)
    balance = 1_000_000.0
    for interest, principal, rest in solution["jadwal"]:
        assert abs(interest - balance * 0.09) < 1e-6
        assert abs(principal - (payment - balance * 0.09)) < 1e-6
        balance -= payment - balance * 0.09
        assert abs(rest - balance) < 1e-6
    assert abs(balance) < 1e-6
    usulan = loans()["usulan"]
    total = annuity_by_bisection(usulan["pokok"], usulan["bunga_persen"], usulan["tenor_tahun"]) * usulan["tenor_tahun"]
    assert abs(solution["total_bunga"] - (total - usulan["pokok"])) < 1


@pytest.mark.slow
def test_dscr_and_75_percent_figures_equal_a_row_by_row_loop(solution):
    """Do the numerators, obligations, DSCRs and the 75% base equal sums over the CSV rows?"""
    expected = city_by_loop()
    for name, want in expected.items():
        assert abs(solution["nilai"][name] - want) <= 1e-6 * abs(want) + 1e-9, name
    p = loans()
    assert solution["lolos_75"] == (p["pinjaman_berjalan"]["sisa_pokok"] + p["usulan"]["pokok"] <= expected["batas_75"])


@pytest.mark.slow
def test_conditions_follow_the_words_of_the_regulation(solution):
    """'Paling sedikit 2,5' keeps 2,5; 'tidak melampaui 75%' keeps exactly 75%; arrears fail."""
    expected = ["memenuhi" if d >= 2.5 and s <= 0.75 * b and t == 0 else "tidak memenuhi"
                for d, s, b, t in SYNTAX_CASES]
    assert solution["syarat"] == expected


@pytest.mark.slow
def test_largest_loan_equals_a_fine_brute_force_scan(solution):
    """Is the solution's largest feasible loan what a scan in steps of Rp 10 juta finds, for
    parameter sets where the DSCR bound, the 75% bound, or nothing (zero) decides?"""
    for case, got in zip(CASES, solution["maksimum"]):
        assert abs(got - largest_by_scan(*case)) <= 1e7, case
    k = city_by_loop()
    p = loans()
    want = largest_by_scan(k["pembilang_baru"], k["kewajiban_lain"], k["pendapatan_bebas"],
                           p["pinjaman_berjalan"]["sisa_pokok"], p["usulan"]["bunga_persen"], p["usulan"]["tenor_tahun"])
    assert abs(solution["maksimum_usulan"] - want) <= 1e7


def test_the_cases_exercise_both_bounds_and_zero():
    """Do the scanned cases include one decided by DSCR, one by 75%, and one with no room
    (so the brute-force test can fail in each way)?"""
    deciders = set()
    for case in CASES:
        best, by_dscr, by_75 = helper.maksimum(*case)
        deciders.add("nol" if best == 0 else ("dscr" if by_dscr < by_75 else "75"))
    assert deciders == {"nol", "dscr", "75"}


def test_the_lessons_figures_equal_the_loop():
    """Does the helper behind FAKTA agree with the row-by-row loop?"""
    realisasi, pinjaman, _ = helper.baca_data(DATA)
    mine = helper.angka_kota(realisasi, pinjaman)
    for name, want in city_by_loop().items():
        assert abs(mine[name] - want) <= 1e-6 * abs(want) + 1e-9, name


def test_kabupaten_example_reproduces_its_source():
    """Does the kabupaten example give the source's 299, 43,46 and 6,88?"""
    kab = json.loads((DATA / "kabupaten_contoh.json").read_text(encoding="utf-8"))
    numerator = (kab["pad"] + kab["dau"] - kab["dau_ditentukan"] + kab["dbh"] - kab["dbh_dr"]
                 - kab["dbh_cht"] - kab["belanja_pegawai"])
    due = kab["pokok_jatuh_tempo"] + kab["bunga_jatuh_tempo"] + kab["biaya_lain"]
    assert numerator == 299 and abs(due - 43.46) < 1e-9 and angka(numerator / due, 2) == "6,88"


def test_hidden_checks_use_the_exercise_parameters():
    """Do the literals 2.5 and 0.75 in the hidden checks equal BATAS_DSCR and
    BATAS_PINJAMAN_PERSEN in the setup cell and the helper?"""
    setup = kota_support.provided_code(MODULE.solution)
    assert re.search(rf"^BATAS_DSCR = {helper.BATAS_DSCR}\b", setup, re.M)
    assert re.search(rf"^BATAS_PINJAMAN_PERSEN = {helper.BATAS_PINJAMAN_PERSEN}\b", setup, re.M)
    for gid in ("uji_soal4_dscr", "uji_soal4_persen", "uji_soal4_usulan"):
        hidden = kota_support.hidden_code(MODULE.solution, gid)
        assert f"/ {helper.BATAS_DSCR}" in hidden and f"{helper.BATAS_PINJAMAN_PERSEN / 100}" in hidden, gid


def test_the_data_continues_m07():
    """Is the 2025 realisation the M07 city's (PAD and personnel spending identical)?"""
    with open(REPO / "datasets" / "m07_keuangan_daerah" / "apbd.csv", encoding="utf-8") as handle:
        m07 = [r for r in csv.DictReader(handle) if r["tahun"] == "2025"]
    pad = sum(int(r["realisasi"]) for r in m07 if r["kelompok"] == "pad")
    pegawai = next(int(r["realisasi"]) for r in m07 if r["akun"] == "belanja_pegawai")
    value = {r["akun"]: int(r["realisasi"]) for r in rows()}
    assert abs(value["pad"] - pad) <= 1000 and abs(value["belanja_pegawai"] - pegawai) <= 1000
    assert loans()["sintetis"] is True


ITEMS = tomllib.loads(MODULE.test_items.read_text(encoding="utf-8"))["butir"]


def _key(data: dict) -> str:
    keys = set(data)
    if keys == {"pokok", "bunga", "tenor"}:
        return f"Rp {angka(annuity_by_bisection(data['pokok'], data['bunga'], data['tenor']), 2)} miliar"
    if keys == {"pembilang", "kewajiban"}:
        ratio = data["pembilang"] / data["kewajiban"]
        return angka(ratio, 2) + (": memenuhi" if ratio >= helper.BATAS_DSCR else ": tidak memenuhi")
    if keys == {"bebas", "sisa"}:
        return f"Rp {angka(helper.BATAS_PINJAMAN_PERSEN / 100 * data['bebas'] - data['sisa'])} miliar"
    raise AssertionError(sorted(keys))


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i["id"])
def test_answer_key_is_what_the_lessons_rules_give(item):
    """Is each computed key what the lesson's formulas give, and is every item paired?"""
    if "data" in item:
        assert item["kunci"].startswith(_key(item["data"])), (item["kunci"], _key(item["data"]))
    pair = next(i for i in ITEMS if i["id"] == item["setara"])
    assert pair["setara"] == item["id"] and pair["bentuk"] != item["bentuk"] and pair["tujuan"] == item["tujuan"]
    if item["jenis"] == "pilihan_ganda":
        assert item["kunci"] in item["pilihan"] and len(set(item["pilihan"])) == len(item["pilihan"]) >= 3
