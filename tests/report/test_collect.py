"""Tests of grader.report.collect: statuses, question labels and the tidy results."""
from __future__ import annotations

import pandas as pd
import pytest

from grader import statuses
from grader.report import collect as c

from .conftest import ASSIGNMENT, BROKEN_REASON, ROSTER


@pytest.mark.parametrize("grade_id, label", [
    ("uji_soal1_total", "Soal 1"),
    ("uji_soal12_bobot", "Soal 12"),
    ("jawab_soal3", "Soal 3"),
    ("refleksi", "Refleksi"),
    ("uji_tambahan", "uji_tambahan"),
])
def test_question_of(grade_id, label):
    """Are graded cells grouped into questions by their grade id?"""
    assert c.question_of(grade_id) == label


@pytest.mark.parametrize("recorded, graded, needs_manual, expected", [
    # recorded graded/needs-manual statuses follow the gradebook (formgrader may have graded)
    (statuses.PERLU_PENILAIAN_MANUAL, True, False, statuses.DINILAI),
    (statuses.DINILAI, True, True, statuses.PERLU_PENILAIAN_MANUAL),
    # nothing recorded: the gradebook decides
    (None, False, False, statuses.TIDAK_MENGUMPULKAN),
    (None, True, True, statuses.PERLU_PENILAIAN_MANUAL),
    (None, True, False, statuses.DINILAI),
    # failures are kept
    (statuses.BERKAS_RUSAK, False, False, statuses.BERKAS_RUSAK),
    (statuses.WAKTU_HABIS, True, True, statuses.WAKTU_HABIS),
    (statuses.KERNEL_MATI, False, False, statuses.KERNEL_MATI),
    (statuses.GALAT, False, False, statuses.GALAT),
    # a graded status whose scores vanished from the gradebook is a failure, not a pass
    (statuses.DINILAI, False, False, statuses.GALAT),
])
def test_resolve_status(recorded, graded, needs_manual, expected):
    """Does each combination of recorded status and gradebook entry give the right status?"""
    status, _ = c.resolve_status(recorded, "alasan", graded=graded, needs_manual=needs_manual)
    assert status == expected


def test_resolve_status_keeps_reason_of_failures():
    """Is the reason of a failure status kept for the reports?"""
    assert c.resolve_status(statuses.BERKAS_RUSAK, BROKEN_REASON, graded=False,
                            needs_manual=False) == (statuses.BERKAS_RUSAK, BROKEN_REASON)


def test_resolve_status_drops_stale_manual_note():
    """Once graded by hand, is "waiting for the instructor" dropped but other notes kept?"""
    _, reason = c.resolve_status(
        statuses.PERLU_PENILAIAN_MANUAL,
        "jawaban uraian menunggu penilaian pengajar; sel jawab_soal2 berisi SyntaxError",
        graded=True, needs_manual=False)
    assert reason == "sel jawab_soal2 berisi SyntaxError"


def test_percent_rounds_to_one_decimal():
    """Is the percent rounded to one decimal, and zero when nothing can be scored?"""
    values = pd.Series([19.0, 2.0])
    assert list(c.percent(values, 30.0)) == [63.3, 6.7]
    assert list(c.percent(values, 0.0)) == [0.0, 0.0]


@pytest.mark.slow
def test_one_row_per_participant_and_assignment(graded_event):
    """Does every roster participant get a row for every assignment, submitted or not?"""
    results = c.read_results(graded_event)
    assert sorted(results.frame[c.ID]) == sorted(row["id"] for row in ROSTER)
    assert set(results.frame[c.TUGAS]) == {ASSIGNMENT}
    assert list(results.participants[c.ID]) == [row["id"] for row in ROSTER]


@pytest.mark.slow
def test_statuses_of_the_fixture_event(graded_event):
    """Are the statuses derived as the rules say for each kind of participant?"""
    frame = c.read_results(graded_event).frame.set_index(c.ID)
    assert frame.loc["p01", c.STATUS] == statuses.PERLU_PENILAIAN_MANUAL   # stock nbgrader
    assert frame.loc["p02", c.STATUS] == statuses.DINILAI                  # refreshed
    assert frame.loc["p03", c.STATUS] == statuses.DINILAI
    assert frame.loc["p04", c.STATUS] == statuses.TIDAK_MENGUMPULKAN
    assert frame.loc["p06", c.STATUS] == statuses.BERKAS_RUSAK
    assert frame.loc["p06", c.ALASAN] == BROKEN_REASON
    assert frame.loc["p04", c.NILAI] == 0 and frame.loc["p06", c.NILAI] == 0


@pytest.mark.slow
def test_per_question_leaves_out_pending_essays(graded_event, points):
    """Does the mean per question skip essays still waiting for the instructor?"""
    table = c.per_question(c.read_results(graded_event)).set_index(c.H_SOAL)
    essay = table.loc["Refleksi"]
    # p01 and p05 wrote an essay not graded yet; p02's was graded, p03's is the untouched stub
    assert essay[c.H_MENUNGGU] == 2
    assert essay[c.H_DINILAI] == 2
    graded, _ = points
    assert essay[c.H_POIN_MAKS] == graded["refleksi"]
    assert essay[c.H_RATA_POIN] == pytest.approx((5.0 + 0.0) / 2)
    soal1 = table.loc["Soal 1"]
    assert soal1[c.H_POIN_MAKS] == graded["uji_soal1_total"] + graded["uji_soal1_bobot"]
    assert soal1[c.H_DINILAI] == 4    # p01, p02, p05 full marks, p03 none
    assert soal1[c.H_RATA_POIN] == pytest.approx(soal1[c.H_POIN_MAKS] * 3 / 4, abs=0.01)
