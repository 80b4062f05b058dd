"""M03 (scoring and prioritising usulan): answers recomputed independently, the lesson's
figures, its frame.

The independent computation is written differently from the lesson and the solution: the
CSV is parsed with the csv module, normalisation and scores in plain Python, the tie rule
as a pairwise comparison (functools.cmp_to_key), and the funding rule checked by a scan
that, for every usulan in rank order, recomputes the pagu left from the ones before it.
"""
from __future__ import annotations

import csv
import functools
import json

import pytest

import modul_support as ms
from bimtek_peserta.tampil import angka, rupiah

M = ms.Modul("m03_skoring")
LESSON_BOBOT = {"urgensi": 35, "penerima_manfaat": 30, "swadaya": 10, "kesesuaian_rkpd": 25}
EXERCISE_BOBOT = {"urgensi": 40, "penerima_manfaat": 25, "swadaya": 15, "kesesuaian_rkpd": 20}
ASAL = {"urgensi": "urgensi", "penerima_manfaat": "penerima_manfaat",
        "swadaya": "swadaya_persen"}


def rows() -> list[dict]:
    with open(M.data / "usulan.csv", encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle, delimiter=";"))
    return [{**r, "no_usulan": int(r["no_usulan"]), "biaya": int(r["biaya"].replace(".", "")),
             "urgensi": int(r["urgensi"]),
             "penerima_manfaat": int(r["penerima_manfaat"].replace(".", "")),
             "swadaya_persen": int(r["swadaya_persen"])} for r in raw]


def pagu() -> int:
    return json.loads((M.data / "musrenbang.json").read_text(encoding="utf-8"))["pagu_indikatif"]


def skor(data: list[dict], bobot: dict) -> dict[int, float]:
    normal = {}
    for kriteria, kolom in ASAL.items():
        values = [r[kolom] for r in data]
        lo, hi = min(values), max(values)
        normal[kriteria] = {r["no_usulan"]: 0.0 if hi == lo else (r[kolom] - lo) / (hi - lo)
                            for r in data}
    normal["kesesuaian_rkpd"] = {r["no_usulan"]: 1.0 if r["sesuai_rkpd"] == "ya" else 0.0
                                 for r in data}
    total = sum(bobot.values())
    return {r["no_usulan"]: sum(bobot[k] * normal[k][r["no_usulan"]] for k in bobot) / total * 100
            for r in data}


def ranking(data: list[dict], scores: dict[int, float]) -> list[dict]:
    def before(a, b):
        if abs(scores[a["no_usulan"]] - scores[b["no_usulan"]]) > 1e-9:
            return -1 if scores[a["no_usulan"]] > scores[b["no_usulan"]] else 1
        if a["biaya"] != b["biaya"]:
            return -1 if a["biaya"] < b["biaya"] else 1
        return -1 if a["no_usulan"] < b["no_usulan"] else 1
    return sorted(data, key=functools.cmp_to_key(before))


def funded_by_scan(ranked: list[dict], limit: int) -> dict[int, bool]:
    """Usulan i is funded iff its cost fits in the pagu minus what the funded ones above it
    cost (recomputed from scratch for every i)."""
    funded: dict[int, bool] = {}
    for i, r in enumerate(ranked):
        spent = sum(x["biaya"] for x in ranked[:i] if funded[x["no_usulan"]])
        funded[r["no_usulan"]] = r["biaya"] <= limit - spent
    return funded


def status(bobot: dict, limit: int) -> dict[int, str]:
    data = rows()
    ranked = ranking(data, skor(data, bobot))
    return {n: "didanai" if f else "tidak didanai" for n, f in funded_by_scan(ranked, limit).items()}


# --------------------------------------------------------------------------- the data

def test_the_dataset_makes_the_rules_matter():
    """Do the data make every rule of the lesson matter: ties broken by cost and by number,
    a skipped usulan followed by a funded one, and a weight move that changes a status?"""
    data = rows()
    assert len(data) == 40 and len({r["rw"] for r in data}) == 12
    assert sum(r["biaya"] for r in data) > pagu()
    for bobot in (LESSON_BOBOT, EXERCISE_BOBOT):
        scores = skor(data, bobot)
        values = sorted(scores.values())
        gaps = [b - a for a, b in zip(values, values[1:]) if b - a > 1e-9]
        assert min(gaps) > 1e-6, "distinct scores must not be near-ties (float order)"
        ranked = ranking(data, scores)
        funded = funded_by_scan(ranked, pagu())
        order = [funded[r["no_usulan"]] for r in ranked]
        first_miss = order.index(False)
        assert any(order[first_miss:]), "the skip rule must fund something after a miss"
        ties = [(a, b) for a, b in zip(ranked, ranked[1:])
                if abs(scores[a["no_usulan"]] - scores[b["no_usulan"]]) <= 1e-9]
        assert any(a["biaya"] < b["biaya"] for a, b in ties)
        assert any(a["biaya"] == b["biaya"] for a, b in ties)
    base = status(EXERCISE_BOBOT, pagu())
    moved = status(dict(EXERCISE_BOBOT, urgensi=EXERCISE_BOBOT["urgensi"] + 10), pagu())
    assert base != moved


# --------------------------------------------------------------------------- the solution

DUMP_SOLUSI = """
import json as _json
_t = prioritas({"urgensi": 10, "penerima_manfaat": 40, "swadaya": 0, "kesesuaian_rkpd": 25}, 900000000)
print("@@FAKTA@@" + _json.dumps({
    "normal": [normalisasi(3, 1, 5), normalisasi(7, 7, 7)],
    "skor": {int(n): float(s) for n, s in zip(usulan["no_usulan"], usulan["skor"])},
    "urutan": [int(n) for n in urut["no_usulan"]],
    "peringkat": [int(p) for p in urut["peringkat"]],
    "status": {int(n): s for n, s in zip(urut["no_usulan"], urut["status"])},
    "total_didanai": float(total_didanai),
    "berubah": [int(n) for n in berubah],
    "lain": {int(n): s for n, s in zip(_t["no_usulan"], _t["status"])},
}))
"""


@pytest.fixture(scope="module")
def solusi(tmp_path_factory) -> dict:
    return ms.execute_solution(M, DUMP_SOLUSI, tmp_path_factory.mktemp("m03"))


@pytest.mark.slow
def test_solution_answers_equal_the_independent_computation(solusi):
    """Does the solution give the scores, the order, the funding and the sensitivity that the
    independent computation gives, for the exercise's weights and for other weights and pagu?"""
    data = rows()
    scores = skor(data, EXERCISE_BOBOT)
    assert solusi["normal"] == [0.5, 0]
    assert all(abs(solusi["skor"][str(n)] - s) < 1e-9 for n, s in scores.items())
    assert solusi["urutan"] == [r["no_usulan"] for r in ranking(data, scores)]
    assert solusi["peringkat"] == list(range(1, len(data) + 1))
    expected = status(EXERCISE_BOBOT, pagu())
    assert solusi["status"] == {str(n): s for n, s in expected.items()}
    assert solusi["total_didanai"] == sum(r["biaya"] for r in data
                                          if expected[r["no_usulan"]] == "didanai")
    moved = status(dict(EXERCISE_BOBOT, urgensi=EXERCISE_BOBOT["urgensi"] + 10), pagu())
    assert solusi["berubah"] == sorted(n for n in expected if expected[n] != moved[n])
    other = status({"urgensi": 10, "penerima_manfaat": 40, "swadaya": 0, "kesesuaian_rkpd": 25},
                   900_000_000)
    assert solusi["lain"] == {str(n): s for n, s in other.items()}


def test_the_scan_would_catch_the_stop_at_the_first_miss_rule():
    """Does the independent scan differ from "stop at the first usulan that does not fit"
    (so that the comparison with the solution can fail)?"""
    data = rows()
    ranked = ranking(data, skor(data, EXERCISE_BOBOT))
    spent, stopped = 0, {}
    for r in ranked:
        stopped[r["no_usulan"]] = spent + r["biaya"] <= pagu() and all(stopped.values())
        spent += r["biaya"] if stopped[r["no_usulan"]] else 0
    assert stopped != funded_by_scan(ranked, pagu())


# --------------------------------------------------------------------------- FAKTA and prose

def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    unknown = ms.unknown_prose_figures(M)
    assert not unknown, "angka di teks yang tidak ada di FAKTA:\n" + "\n".join(unknown)


def test_every_fakta_figure_is_quoted_somewhere():
    assert not ms.unused_fakta(M)


def test_a_stale_figure_is_caught():
    """Would a figure that no longer matches the data (Rp 1.245.200.000 written wrongly) fail?"""
    assert ms.stale_figure_is_caught(M, "total_didanai", "Rp 1.245.300.000")


def test_fakta_agree_with_the_independent_computation():
    """Are the lesson's funding, tie and sensitivity figures what the independent computation
    gives for the lesson's weights?"""
    f = M.fakta()
    data = rows()
    scores = skor(data, LESSON_BOBOT)
    ranked = ranking(data, scores)
    funded = funded_by_scan(ranked, pagu())
    chosen = [r for r in ranked if funded[r["no_usulan"]]]
    assert f["jumlah_didanai"] == str(len(chosen))
    assert f["total_didanai"] == rupiah(sum(r["biaya"] for r in chosen))
    assert f["sisa_pagu"] == rupiah(pagu() - sum(r["biaya"] for r in chosen))
    assert f["skor_tertinggi"] == angka(scores[ranked[0]["no_usulan"]], 2)
    assert f["contoh_skor"] == angka(scores[M.helper.CONTOH_USULAN], 2)
    base = status(LESSON_BOBOT, pagu())
    for name, kriteria in (("peka", "kesesuaian_rkpd"), ("stabil", "urgensi")):
        for arah, step in (("naik", 10), ("turun", -10)):
            moved = status(dict(LESSON_BOBOT, **{kriteria: LESSON_BOBOT[kriteria] + step}), pagu())
            assert f[f"{name}_{arah}_banyak"] == str(sum(base[n] != moved[n] for n in base))
    assert M.helper.BOBOT == LESSON_BOBOT


# --------------------------------------------------------------------------- frame and practice

def test_time_plan_sections_and_exercises():
    assert not ms.section_problems(M)


def test_templates_agree_with_worked_answers_and_practise_the_graded_steps():
    """Are the graded exercise's hard steps (the function with if, the loop with the skip
    rule, comparing statuses after a weight move) practised with templates?"""
    assert not ms.template_problems(M, minimum=6)
    joined = "\n".join(ms.templates(M))
    for step in ("def normalisasi(nilai, terkecil, terbesar):", "def danai(daftar_biaya, pagu):",
                 "for biaya in daftar_biaya:", "BOBOT.copy()", ".sort_index()", "groupby("):
        assert step in joined, step


def test_only_teaching_code_is_shown_and_no_generator_is_mentioned():
    assert not ms.display_code_in_lesson(M)
    assert not ms.generator_mentioned(M)
    assert not ms.copyable_cells_using_helpers(M), "sel yang disalin ke tugas memakai bantu."


def test_interface_names_are_those_of_the_indonesian_jupyterlab():
    assert not ms.interface_problems(M)


def test_materials_items_notes_and_rubric():
    assert not ms.material_problems(M)


@pytest.mark.parametrize("item", [i for i in M.items() if "data" in i], ids=lambda i: i["id"])
def test_answer_keys_follow_from_their_data(item):
    """Is each test item's key what the lesson's rules give for its inputs?"""
    data = item["data"]
    if "nilai_normal" in data:
        value = sum(w * n for w, n in zip(data["bobot"], data["nilai_normal"])) / sum(data["bobot"]) * 100
        assert item["kunci"] == angka(value)
    elif "skor" in data:
        order = sorted(range(3), key=lambda i: (-data["skor"][i], data["biaya"][i]))
        assert item["kunci"] == ", ".join(data["nama"][i] for i in order)
    else:
        ranked = [{"no_usulan": i + 1, "biaya": c} for i, c in enumerate(data["biaya"])]
        funded = funded_by_scan(ranked, data["pagu"])
        picked = [str(n) for n, f in funded.items() if f]
        expected = "peringkat " + (picked[0] if len(picked) == 1 else
                                   ", ".join(picked[:-1]) + " dan " + picked[-1])
        assert item["kunci"] == expected


# --------------------------------------------------------------------------- execution

DUMP_PELAJARAN = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "didanai": int((urut["status"] == "didanai").sum()), "total_didanai": float(total_didanai),
    "berubah": [int(n) for n in berubah], "skor_12": float(usulan.loc[usulan["no_usulan"] == 12, "skor"].iloc[0]),
    "urutan": [int(n) for n in urut["no_usulan"]], "fakta_rows": len(FAKTA),
}))
"""


@pytest.fixture(scope="module")
def executed():
    return ms.execute_lesson(M, DUMP_PELAJARAN)


@pytest.mark.slow
def test_lesson_runs_top_to_bottom_with_its_worked_answers(executed):
    nb, placed, _ = executed
    assert placed >= 7
    assert not ms.execution_problems(nb)


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta_and_the_independent_computation(executed):
    _, _, v = executed
    f = M.fakta()
    data = rows()
    scores = skor(data, LESSON_BOBOT)
    assert v["didanai"] == int(f["jumlah_didanai"])
    assert rupiah(v["total_didanai"]) == f["total_didanai"]
    assert angka(v["skor_12"], 2) == f["contoh_skor"]
    assert v["urutan"] == [r["no_usulan"] for r in ranking(data, scores)]
    base = status(LESSON_BOBOT, pagu())
    moved = status(dict(LESSON_BOBOT, kesesuaian_rkpd=35), pagu())
    assert v["berubah"] == sorted(n for n in base if base[n] != moved[n])
    assert [str(n) for n in v["berubah"]] == [f[f"peka_naik_{i}"] for i in range(1, len(v["berubah"]) + 1)]
    assert v["fakta_rows"] == len(f)
