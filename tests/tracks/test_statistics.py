"""Gain, difficulty, discrimination, point-biserial and KR-20, each recomputed here in another
way on small hand-made tables and compared with grader/report/gain.py and items.py."""
from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest

from grader import statuses
from grader.report import collect as c
from grader.report import gain as g
from grader.report import items as it

# 10 participants x 5 items, answers right (1) or wrong (0); written by hand.
IDS = [f"p{n:02d}" for n in range(1, 11)]
ANSWERS = [
    [1, 1, 1, 0, 1],
    [1, 1, 0, 1, 1],
    [1, 0, 1, 0, 1],
    [1, 1, 1, 1, 1],
    [0, 1, 0, 0, 1],
    [1, 0, 0, 0, 0],
    [0, 0, 1, 0, 1],
    [1, 1, 1, 1, 0],
    [0, 0, 0, 0, 1],
    [1, 0, 0, 1, 0],
]


def _column(j):
    return [row[j] for row in ANSWERS]


def _totals():
    return [sum(row) for row in ANSWERS]


def test_difficulty_is_the_share_right():
    for j in range(5):
        right = 0
        for row in ANSWERS:
            if row[j] == 1:
                right += 1
        assert it.difficulty(np.array(_column(j))) == pytest.approx(right / len(ANSWERS))


def test_discrimination_upper_minus_lower_27_percent():
    """27 % of 10 is 2.7, so three in each group; ties broken by id."""
    totals = _totals()
    ranked = sorted(zip(totals, IDS, range(10)), key=lambda t: (-t[0], t[1]))
    size = round(0.27 * 10)
    upper = [index for _, _, index in ranked[:size]]
    lower = [index for _, _, index in ranked[-size:]]
    for j in range(5):
        expected = (sum(ANSWERS[i][j] for i in upper) - sum(ANSWERS[i][j] for i in lower)) / size
        got = it.discrimination(np.array(_column(j)), np.array(totals), IDS)
        assert got == pytest.approx(expected), j
    assert any(it.discrimination(np.array(_column(j)), np.array(totals), IDS) != 0
               for j in range(5))


def test_point_biserial_with_the_rest_score():
    """r_pb = (M1 - M0) / s * sqrt(p q), s the population SD of the rest score."""
    totals = _totals()
    for j in range(5):
        item = _column(j)
        rest = [t - x for t, x in zip(totals, item)]
        ones = [r for r, x in zip(rest, item) if x == 1]
        zeros = [r for r, x in zip(rest, item) if x == 0]
        p = len(ones) / len(item)
        expected = ((statistics.mean(ones) - statistics.mean(zeros)) / statistics.pstdev(rest)
                    * math.sqrt(p * (1 - p)))
        assert it.point_biserial(np.array(item), np.array(rest)) == pytest.approx(expected)
        assert expected == pytest.approx(np.corrcoef(item, rest)[0, 1])


def test_kr20_written_out():
    k = 5
    sum_pq = 0.0
    for j in range(k):
        p = sum(_column(j)) / len(ANSWERS)
        sum_pq += p * (1 - p)
    expected = k / (k - 1) * (1 - sum_pq / statistics.pvariance(_totals()))
    assert it.kr20(np.array(ANSWERS)) == pytest.approx(expected)
    assert 0 < expected < 1


def test_constant_items_and_totals_are_not_computed():
    assert math.isnan(it.point_biserial(np.ones(5), np.arange(5)))
    assert math.isnan(it.kr20(np.ones((4, 3))))
    assert it.flags(0.0, math.nan, math.nan) == [it.FLAG_NONE]
    assert it.flags(1.0, 0.0, math.nan) == [it.FLAG_ALL]
    assert it.flags(0.5, -0.2, 0.1) == [it.FLAG_NEGATIVE]
    assert it.flags(0.5, 0.3, -0.05) == [] and it.flags(0.5, math.nan, -0.3) == []


PRE_POST = [  # (pre %, post %) by hand
    (40.0, 70.0), (80.0, 90.0), (20.0, 20.0), (50.0, 40.0), (100.0, 100.0), (0.0, 100.0),
]


def test_normalised_gain_and_bands():
    limits = [0.3, 0.7]
    for pre, post in PRE_POST:
        got = g.normalised_gain(pre, post)
        if pre == 100:
            assert math.isnan(got) and g.band(got, limits) == g.BAND_NONE
            continue
        # the gain as the share of the possible gain that was made, written differently
        expected = 1 - (100 - post) / (100 - pre)
        assert got == pytest.approx(expected)
        band = ("Rendah" if expected < 0.3 else "Sedang" if expected < 0.7 else "Tinggi")
        assert g.band(got, limits) == band


def _results(rows: list[dict], cells: list[dict]) -> c.Results:
    roster = pd.DataFrame({c.ID: IDS[:4], c.NAMA: ["A", "B", "C", "D"],
                           c.INSTANSI: ["x"] * 4, c.KABKOTA: ["K1", "K1", "K2", "K2"],
                           c.KELAS: ["A", "A", "B", "B"]})
    frame = pd.DataFrame(rows)
    for column, default in ((c.ALASAN, ""), (c.MENUNGGU, False)):
        frame[column] = default
    cells = pd.DataFrame(cells)
    return c.Results(event_name="uji", course_id="uji", threshold=70.0, generated=pd.Timestamp(
        "2025-03-10").to_pydatetime(), assignments=[
        c.Assignment("tes_awal", 4.0, ["tes_awal"], "Tes awal", "Tes awal"),
        c.Assignment("tes_akhir", 4.0, ["tes_akhir"], "Tes akhir", "Tes akhir")],
        groups=[], roster=roster, frame=frame, cells=cells,
        not_counted=("tes_awal", "tes_akhir"))


def _row(sid, test, status, score, graded=True):
    return {c.ID: sid, c.TUGAS: test, c.STATUS: status, c.NILAI: score, c.NILAI_MAKS: 4.0,
            c.ADA_NILAI: graded}


def test_gain_per_participant_and_group_from_results():
    """Participants with both tests attempted get a gain; an absent or empty test gives none;
    a group's mean g and g of the means are recomputed here."""
    rows = [_row("p01", "tes_awal", statuses.DINILAI, 1), _row("p01", "tes_akhir", statuses.DINILAI, 3),
            _row("p02", "tes_awal", statuses.DINILAI, 2), _row("p02", "tes_akhir", statuses.DINILAI, 4),
            _row("p03", "tes_awal", statuses.TIDAK_DIKERJAKAN, 0),
            _row("p03", "tes_akhir", statuses.DINILAI, 3),
            _row("p04", "tes_awal", statuses.DINILAI, 3),
            _row("p04", "tes_akhir", statuses.TIDAK_MENGUMPULKAN, 0, graded=False)]
    results = _results(rows, [])
    table = g.per_participant(results, [0.3, 0.7]).set_index(c.ID)
    assert table.loc["p01", g.H_GAIN] == pytest.approx((75 - 25) / (100 - 25), abs=0.005)
    assert table.loc["p02", g.H_GAIN] == pytest.approx(1.0)
    assert math.isnan(table.loc["p03", g.H_GAIN]) and math.isnan(table.loc["p04", g.H_GAIN])
    groups = g.per_group(table.reset_index(), c.KELAS, [0.3, 0.7]).set_index("Kelas")
    assert groups.loc["A", g.H_N] == 2 and groups.loc["B", g.H_N] == 0
    assert groups.loc["A", g.H_RATA_G] == pytest.approx((2 / 3 + 1) / 2, abs=0.005)
    mean_pre, mean_post = (25 + 50) / 2, (75 + 100) / 2
    assert groups.loc["A", g.H_G_RATA] == pytest.approx(
        (mean_post - mean_pre) / (100 - mean_pre), abs=0.005)


def test_item_matrix_from_results_cells():
    """The 0/1 matrix of a test comes from the graded cells of attempted submissions only."""
    rows, cells = [], []
    for n, sid in enumerate(IDS[:4]):
        status = statuses.DINILAI if sid != "p04" else statuses.TIDAK_DIKERJAKAN
        answers = ANSWERS[n][:4]
        rows.append(_row(sid, "tes_awal", status, sum(answers)))
        for j, right in enumerate(answers):
            cells.append({c.ID: sid, c.TUGAS: "tes_awal", c.NOTEBOOK: "tes_awal",
                          c.SEL: f"uji_soal{j + 1}", c.SOAL: f"Soal {j + 1}", c.JENIS: c.OTOMATIS,
                          c.URUTAN: j, c.POIN: float(right), c.POIN_MAKS: 1.0,
                          c.POIN_MANUAL: None, c.MENUNGGU: False, c.KOMENTAR: ""})
    matrix = it.matrices(_results(rows, cells))["tes_awal"]
    assert matrix.ids == IDS[:3]                      # the empty notebook is left out
    assert matrix.checks == [f"uji_soal{j}" for j in range(1, 5)]
    assert matrix.right.tolist() == [row[:4] for row in ANSWERS[:3]]
    stats = it.analyse(matrix)
    assert [s["p"] for s in stats] == pytest.approx(
        [sum(row[j] for row in ANSWERS[:3]) / 3 for j in range(4)])
