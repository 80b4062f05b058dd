"""Tests of the cohort report laporan.html."""
from __future__ import annotations

import base64
import re

import pytest

from datetime import datetime

from grader import statuses
from grader.report import write_reports
from grader.report.html import angka, tanggal
from grader.roster_file import write_roster

from .conftest import BROKEN_REASON, ROSTER, SCRIPT_NAME, escaped

IMAGE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


@pytest.mark.parametrize("value, text", [
    (20.0, "20"), (2.25, "2,25"), (66.7, "66,7"), (0, "0"), (float("nan"), "–")])
def test_numbers_use_a_decimal_comma(value, text):
    """Are numbers written the Indonesian way, without needless decimals?"""
    assert angka(value) == text


def test_dates_in_indonesian():
    """Is the generation date written with an Indonesian month name?"""
    assert tanggal(datetime(2025, 3, 5, 14, 7)) == "5 Maret 2025 pukul 14.07"


def page(reports) -> str:
    return reports.html.read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_kota_and_kelas_is_listed(reports):
    """Does the report name every kabupaten/kota and every kelas of the roster?"""
    text = page(reports)
    for row in ROSTER:
        assert escaped(row["kabupaten_kota"]) in text
        assert escaped(row["kelas"]) in text


@pytest.mark.slow
def test_each_chart_is_an_embedded_png(reports):
    """Are the histogram, the per-question chart and one chart per group embedded as PNGs?"""
    images = IMAGE.findall(page(reports))
    assert len(images) == 2 + 4        # kabupaten/kota, instansi, kelas, gelombang
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    for alt in ("Histogram sebaran nilai", "rata-rata capaian per soal",
                "per kabupaten/kota", "per instansi", "per kelas", "per gelombang"):
        assert alt.lower() in page(reports).lower()


@pytest.mark.slow
def test_self_contained_and_printable(reports):
    """Does the page load nothing from elsewhere, and set an A4 print layout?"""
    text = page(reports)
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "<link" not in text and "<script" not in text
    assert "size: A4" in text and "@media print" in text


@pytest.mark.slow
def test_counts_and_attention_list(reports):
    """Does the summary count participants, and list the ones needing attention with reason?"""
    text = page(reports)
    assert f"<b>{len(ROSTER)}</b>peserta" in text
    section = text.split("Peserta yang perlu perhatian", 1)[1]
    assert "p04" in section and statuses.LABELS[statuses.TIDAK_MENGUMPULKAN] in section
    assert "p06" in section and escaped(BROKEN_REASON) in section
    assert "p01" not in section and "p02" not in section


@pytest.mark.slow
def test_provisional_verdict_is_announced(reports):
    """While essays wait for the instructor, does the report say the verdict is provisional?"""
    assert "Keterangan lulus belum final" in page(reports)


@pytest.mark.slow
def test_roster_text_is_escaped(reports):
    """Is roster text shown as text, never as markup?"""
    text = page(reports)
    assert "<script>" not in text
    assert escaped(SCRIPT_NAME) in text


@pytest.mark.slow
def test_empty_roster(event_copy, tmp_path):
    """Does an event without participants still produce every report?"""
    write_roster(event_copy.roster_path, [])
    out = write_reports(course=event_copy, out=tmp_path / "laporan")
    assert out.excel.is_file() and out.html.is_file()
    assert out.feedback_pages == {}
    assert out.feedback_dir.is_dir() and out.pdf.read_bytes().startswith(b"%PDF")
    assert "<b>0</b>peserta" in out.html.read_text(encoding="utf-8")
