"""M09: every answer the exercise computes, checked against an independent computation written
differently: NPV discounted term by term, IRR by bisection (and NPV at the IRR near zero), BCR
and the multi-criteria scores from plain loops over the CSV rows, and the capital plan rebuilt
with numpy arrays of remaining ceilings."""
from __future__ import annotations

import csv
import tomllib
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from bimtek_peserta import m09_pima_investasi as helper
from bimtek_peserta.tampil import angka
from grader import catalogue

import kota_support

MODULE = catalogue.load().module("m09_pima_investasi")
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / MODULE.dataset
RATE = helper.TINGKAT_DISKONTO


def read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pv(values, rate) -> float:
    total = 0.0
    for year in range(len(values)):
        total += values[year] / (1 + rate / 100) ** year
    return total


def irr_by_bisection(values) -> float:
    low, high = 0.0, 100.0
    for _ in range(200):
        mid = (low + high) / 2
        if pv(values, mid) > 0:
            low = mid
        else:
            high = mid
    return low


def flows() -> dict[str, dict[str, list[float]]]:
    by = defaultdict(lambda: defaultdict(list))
    for row in sorted(read("arus_kas.csv"), key=lambda r: (r["proyek"], int(r["tahun_ke"]))):
        inv, om, ben = float(row["investasi"]), float(row["operasi_pemeliharaan"]), float(row["manfaat"])
        by[row["proyek"]]["bersih"].append(ben - inv - om)
        by[row["proyek"]]["biaya"].append(inv + om)
        by[row["proyek"]]["manfaat"].append(ben)
        if inv > 0:
            by[row["proyek"]]["profil"].append(inv)
    return by


def independent() -> dict:
    f = flows()
    appraisal = {p: {"npv": pv(v["bersih"], RATE), "bcr": pv(v["manfaat"], RATE) / pv(v["biaya"], RATE),
                     "irr": irr_by_bisection(v["bersih"])} for p, v in f.items()}
    bcrs = [a["bcr"] for a in appraisal.values()]
    low, high = min(bcrs), max(bcrs)
    total = {}
    for row in read("proyek.csv"):
        p = row["proyek"]
        score = (appraisal[p]["bcr"] - low) / (high - low) * 100 * helper.BOBOT["ekonomi"]
        for k in helper.KRITERIA_SKOR:
            score += (int(row[f"skor_{k}"]) - 1) * 25 * helper.BOBOT[k]
        total[p] = score / 100
    ranking = [p for p, _ in sorted(total.items(), key=lambda kv: -kv[1])]
    years = [int(r["tahun"]) for r in read("pagu.csv")]
    left = np.array([float(r["pagu"]) for r in read("pagu.csv")])
    start, deferred = {}, []
    for p in [q for q in ranking if appraisal[q]["npv"] > 0]:
        need = np.array(f[p]["profil"])
        for offset in range(len(years) - len(need) + 1):     # starts that end within the period
            window = left[offset:offset + len(need)]
            if np.all(need <= window):
                left[offset:offset + len(need)] -= need
                start[p] = years[offset]
                break
        else:
            deferred.append(p)
    pima = read("pima.csv")
    gaps = sorted(((float(r["desain"]) - float(r["efektivitas"]), -int(r["no"]), r["lembaga"]) for r in pima), reverse=True)
    by_stage = defaultdict(list)
    for r in pima:
        by_stage[r["tahap"]].append((float(r["desain"]), float(r["efektivitas"])))
    return {"appraisal": appraisal, "total": total, "ranking": ranking, "start": start,
            "deferred": deferred, "left": dict(zip(years, left.tolist())),
            "top3": [g[2] for g in gaps[:3]],
            "stage": {s: (sum(d for d, _ in v) / len(v), sum(e for _, e in v) / len(v)) for s, v in by_stage.items()}}


TESTS_NPV = [([-500, 120, 130, 140, 150, 160], 8), ([-1e9, 0, 0, 2e9], 12.5), ([3, -1, -1], 0)]
DUMP = f"""
import json as _json
print({kota_support.MARK!r} + _json.dumps({{
    "npv": [npv(a, t) for a, t in {TESTS_NPV!r}],
    "irr": [irr(list(g["bersih"])) for _, g in arus_kas.groupby("proyek")],
    "kelayakan": {{p: [float(r["npv"]), float(r["bcr"]), float(r["irr"]), bool(r["layak"])] for p, r in kelayakan.iterrows()}},
    "skor_total": {{p: float(v) for p, v in skor["skor_total"].items()}},
    "peringkat": peringkat, "tiga": tiga_kesenjangan_terbesar,
    "rata_tahap": {{t: [float(r["desain"]), float(r["efektivitas"])] for t, r in rata_tahap.iterrows()}},
    "tahun_mulai": {{p: int(t) for p, t in tahun_mulai.items()}}, "ditunda": proyek_ditunda,
    "sisa": {{int(t): float(v) for t, v in sisa_pagu.items()}},
}}))
"""


@pytest.fixture(scope="module")
def solution():
    return kota_support.run_solution(MODULE.assignment, DUMP)


@pytest.fixture(scope="module")
def expected():
    return independent()


@pytest.mark.slow
def test_npv_equals_discounting_term_by_term(solution):
    """Does the solution's numpy NPV equal the flows discounted one by one?"""
    for (values, rate), got in zip(TESTS_NPV, solution["npv"]):
        assert abs(got - pv(values, rate)) <= 1e-9 * max(1, abs(pv(values, rate)))


@pytest.mark.slow
def test_irr_is_where_npv_crosses_zero(solution, expected):
    """Is every project's IRR within one search step of the bisection root, and is the NPV at
    the IRR small against the investment?"""
    f = flows()
    for (p, v), got in zip(sorted(f.items()), solution["irr"]):
        assert abs(got - expected["appraisal"][p]["irr"]) <= helper.LANGKAH_IRR + 1e-9, p
        assert abs(pv(v["bersih"], got)) <= 1e-3 * sum(v["profil"]), p


@pytest.mark.slow
def test_appraisal_table_equals_loops_over_the_csv(solution, expected):
    """Do NPV, BCR, IRR and the feasibility flag equal the loops over arus_kas.csv?"""
    for p, (n, b, i, ok) in solution["kelayakan"].items():
        want = expected["appraisal"][p]
        assert abs(n - want["npv"]) <= 1e-6 * abs(want["npv"]) + 1, p
        assert abs(b - want["bcr"]) < 1e-9, p
        assert ok == (want["npv"] > 0), p


@pytest.mark.slow
def test_scores_ranking_and_pima_equal_the_independent_ones(solution, expected):
    """Do the weighted scores, the ranking, the three largest gaps and the stage means equal
    the independent computation?"""
    for p, v in solution["skor_total"].items():
        assert abs(v - expected["total"][p]) < 1e-9, p
    assert solution["peringkat"] == expected["ranking"]
    assert solution["tiga"] == expected["top3"]
    for stage, (d, e) in expected["stage"].items():
        assert np.allclose(solution["rata_tahap"][stage], [d, e])


@pytest.mark.slow
def test_capital_plan_equals_the_numpy_rebuild(solution, expected):
    """Does the plan (start years, deferred projects, remaining ceilings) equal a rebuild with
    numpy windows over the remaining ceilings, and does it stay within every ceiling?"""
    assert solution["tahun_mulai"] == expected["start"]
    assert solution["ditunda"] == expected["deferred"]
    for year, value in expected["left"].items():
        assert abs(solution["sisa"][str(year)] - value) < 1e3, year
        assert value >= -1e-6


def test_plan_defers_a_feasible_project_and_uses_most_of_the_ceiling():
    """Is the teaching point still in the data: at least one feasible project deferred, most of
    the ceiling used, and the M11 road first in the ranking?"""
    e = independent()
    assert e["deferred"] and all(e["appraisal"][p]["npv"] > 0 for p in e["deferred"])
    total = sum(float(r["pagu"]) for r in read("pagu.csv"))
    assert 0.6 < 1 - sum(e["left"].values()) / total < 0.95
    assert e["ranking"][0] == "P1"
    m11 = sum(int(r["jumlah_harga"]) for r in csv.DictReader(open(REPO / "datasets" / "m11_kurva_s" / "rab.csv", encoding="utf-8")))
    assert abs(sum(flows()["P1"]["profil"]) - m11) <= 1e6


def test_the_lessons_figures_equal_the_independent_ones():
    """Does the helper behind FAKTA agree with the independent computation?"""
    pima, proyek, arus, pagu = helper.baca_data(DATA)
    k = helper.kelayakan(arus)
    e = independent()
    for p, row in k.iterrows():
        assert abs(row["npv"] - e["appraisal"][p]["npv"]) <= 1e-6 * abs(row["npv"]) + 1
    s = helper.skor(proyek, k).sort_values("skor_total", ascending=False)
    assert list(s.index) == e["ranking"]
    start, deferred, _ = helper.rencana([p for p in s.index if k.loc[p, "layak"]], helper.profil(arus), pagu)
    assert start == e["start"] and deferred == e["deferred"]


ITEMS = tomllib.loads(MODULE.test_items.read_text(encoding="utf-8"))["butir"]


def _key(data: dict) -> str:
    keys = set(data)
    if keys == {"arus", "tingkat"}:
        return f"Rp {angka(pv(data['arus'], data['tingkat']))} miliar"
    if keys == {"skor", "bobot"}:
        return angka(sum(s * b for s, b in zip(data["skor"], data["bobot"])) / 100)
    if keys == {"sisa", "tahun_awal", "profil"}:
        for offset in range(len(data["sisa"]) - len(data["profil"]) + 1):
            if all(n <= data["sisa"][offset + i] for i, n in enumerate(data["profil"])):
                return str(data["tahun_awal"] + offset)
        return "ditunda"
    raise AssertionError(sorted(keys))


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i["id"])
def test_answer_key_is_what_the_lessons_rules_give(item):
    """Is each computed key what the lesson's formulas give, and is every item paired?"""
    if "data" in item:
        assert item["kunci"] == _key(item["data"]), (item["kunci"], _key(item["data"]))
    pair = next(i for i in ITEMS if i["id"] == item["setara"])
    assert pair["setara"] == item["id"] and pair["bentuk"] != item["bentuk"] and pair["tujuan"] == item["tujuan"]
    if item["jenis"] == "pilihan_ganda":
        assert item["kunci"] in item["pilihan"] and len(set(item["pilihan"])) == len(item["pilihan"]) >= 3
