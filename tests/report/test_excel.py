"""Tests of the recap workbook rekap_nilai.xlsx."""
from __future__ import annotations

import warnings

import openpyxl
import pandas as pd
import pytest
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from grader import statuses
from grader.course import open_course
from grader.report import collect as c
from grader.report import excel, write_reports
from grader.roster_file import ROSTER_COLUMNS, write_roster

from .conftest import ASSIGNMENT, FORMULA_TEXT, NEGATIVE_DAYS_CHECK, ROSTER, short_label

SCORE = f"Nilai {short_label()}"
STATUS = f"Status {short_label()}"

pytestmark = pytest.mark.slow


def rekap(path) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=excel.SHEET_REKAP, dtype={c.H_ID: str, "NIP": str,
                                                                     "NIK": str})


def gradebook_totals(course) -> dict[str, float]:
    totals = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            for row in ROSTER:
                try:
                    totals[row["id"]] = gb.find_submission(ASSIGNMENT, row["id"]).score
                except MissingEntry:
                    totals[row["id"]] = 0.0
    return totals


def test_every_participant_exactly_once(reports):
    """Does the recap list every roster participant exactly once, in roster order?"""
    assert list(rekap(reports.excel)[c.H_ID]) == [row["id"] for row in ROSTER]


def test_totals_match_the_gradebook(reports, graded_event):
    """Is each participant's total the gradebook's score (0 without a submission)?"""
    table = rekap(reports.excel).set_index(c.H_ID)
    for student_id, total in gradebook_totals(graded_event).items():
        assert table.loc[student_id, c.H_TOTAL] == pytest.approx(total)
        assert table.loc[student_id, SCORE] == pytest.approx(total)


def test_totals_match_the_notebook_points(reports, points):
    """Do the totals follow from the points written in the notebook's graded cells?"""
    graded, manual = points
    automatic = sum(p for grade_id, p in graded.items() if grade_id not in manual)
    table = rekap(reports.excel).set_index(c.H_ID)
    assert table.loc["p01", c.H_TOTAL] == automatic                 # essay still pending
    assert table.loc["p02", c.H_TOTAL] == sum(graded.values())      # essay graded 5 of 5
    assert table.loc["p03", c.H_TOTAL] == 0
    assert table.loc["p05", c.H_TOTAL] == automatic - graded[NEGATIVE_DAYS_CHECK]
    assert (table[c.H_MAKS] == sum(graded.values())).all()


def test_verdict_at_the_threshold(reports, graded_event):
    """Is Lulus given exactly when the percent reaches the pass mark, with pending noted?"""
    table = rekap(reports.excel).set_index(c.H_ID)
    threshold = graded_event.settings.batas_lulus
    for student_id, row in table.iterrows():
        assert row[c.H_PERSEN] == round(row[c.H_TOTAL] / row[c.H_MAKS] * 100, 1)
        expected = c.KET_LULUS if row[c.H_PERSEN] >= threshold else c.KET_TIDAK_LULUS
        assert row[c.H_KETERANGAN] == expected, student_id
    assert table.loc["p01", c.H_CATATAN] == c.CATATAN_MENUNGGU
    assert pd.isna(table.loc["p02", c.H_CATATAN])
    assert table.loc["p04", STATUS] == statuses.LABELS[
        statuses.TIDAK_MENGUMPULKAN]
    assert table.loc["p06", STATUS] == statuses.LABELS[statuses.BERKAS_RUSAK]


def test_threshold_change_flips_the_verdict(graded_event, reports, tmp_path):
    """Does a participant pass at a mark equal to their percent and fail just above it?"""
    persen = float(rekap(reports.excel).set_index(c.H_ID).loc["p05", c.H_PERSEN])
    assert 0 < persen < 100
    verdicts = []
    for threshold in (persen, round(persen + 0.1, 1)):
        course = open_course(graded_event.root)   # settings changed in memory only
        course.settings.batas_lulus = threshold
        out = write_reports(course=course, out=tmp_path / str(threshold))
        verdicts.append(rekap(out.excel).set_index(c.H_ID).loc["p05", c.H_KETERANGAN])
        settings = pd.read_excel(out.excel, sheet_name=excel.SHEET_PENGATURAN)
        assert threshold in list(settings[excel.H_NILAI])
    assert verdicts == [c.KET_LULUS, c.KET_TIDAK_LULUS]


def test_sheets(reports):
    """Does the workbook have the recap and every breakdown, with gelombang in the roster?"""
    names = openpyxl.load_workbook(reports.excel).sheetnames
    assert names == [excel.SHEET_REKAP, excel.SHEET_TUGAS, excel.SHEET_SOAL,
                     "Per kabupaten-kota", "Per instansi", "Per kelas", "Per gelombang",
                     excel.SHEET_STATUS, excel.SHEET_PERHATIAN, excel.SHEET_PENGATURAN]


def test_group_and_status_sheets(reports):
    """Do the per-kota and status sheets count the participants?"""
    kota = pd.read_excel(reports.excel, sheet_name="Per kabupaten-kota").set_index(
        "Kabupaten/Kota")
    for name in {row["kabupaten_kota"] for row in ROSTER}:
        expected = sum(row["kabupaten_kota"] == name for row in ROSTER)
        assert kota.loc[name, c.H_PESERTA] == expected
    status = pd.read_excel(reports.excel, sheet_name=excel.SHEET_STATUS).set_index(c.H_STATUS)
    assert status[short_label()].sum() == len(ROSTER)
    assert status.loc[statuses.LABELS[statuses.BERKAS_RUSAK], short_label()] == 1


def test_no_gelombang_sheet_without_gelombang(event_copy, tmp_path):
    """Without a gelombang column in the roster, is there no gelombang sheet or column?"""
    write_roster(event_copy.roster_path, ROSTER, columns=ROSTER_COLUMNS)
    out = write_reports(course=event_copy, out=tmp_path / "laporan")
    book = openpyxl.load_workbook(out.excel)
    assert "Per gelombang" not in book.sheetnames
    assert "Gelombang" not in [cell.value for cell in book[excel.SHEET_REKAP][1]]


def test_header_bold_frozen_and_numbers_numeric(reports):
    """Is every sheet's header bold and frozen, and are scores stored as numbers?"""
    book = openpyxl.load_workbook(reports.excel)
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
    sheet = book[excel.SHEET_REKAP]
    headers = [cell.value for cell in sheet[1]]
    for header in (SCORE, c.H_TOTAL, c.H_MAKS, c.H_PERSEN):
        column = headers.index(header) + 1
        for row in range(2, sheet.max_row + 1):
            assert sheet.cell(row, column).data_type == "n", (header, row)
    persen = sheet.cell(2, headers.index(c.H_PERSEN) + 1)
    assert persen.number_format == "0.0"


def test_roster_text_is_never_a_formula(reports):
    """Does roster text starting with "=" stay text instead of becoming a formula?"""
    sheet = openpyxl.load_workbook(reports.excel)[excel.SHEET_REKAP]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA_TEXT]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_print_setup_of_every_sheet(reports, graded_event):
    """Does every sheet print as filed: A4 landscape, one page wide, header row repeated,
    event name in the header and "Halaman X dari Y" in the footer?"""
    book = openpyxl.load_workbook(reports.excel)
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)   # 9 = A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert graded_event.settings.nama_kegiatan in sheet.oddHeader.center.text
        assert sheet.oddFooter.right.text == "Halaman &P dari &N"


def test_recap_headers_are_indonesian_and_carry_every_roster_column(reports):
    """Are the recap's headers what organisers write (no "id", "kabupaten_kota" or assignment
    ids), with a running number, NIP and every extra roster column kept as text?"""
    sheet = openpyxl.load_workbook(reports.excel)[excel.SHEET_REKAP]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:9] == ["No.", "ID", "Nama", "NIP", "Jabatan", "Instansi", "Kabupaten/Kota",
                           "Kelas", "Gelombang"]
    assert "NIK" in headers and SCORE in headers and STATUS in headers
    assert not {"id", "nama", "kabupaten_kota", ASSIGNMENT} & set(headers)
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == list(
        range(1, len(ROSTER) + 1))
    nip = headers.index("NIP") + 1
    for row, person in enumerate(ROSTER, start=2):
        cell = sheet.cell(row, nip)
        assert (cell.value or "") == person["nip"]
        if person["nip"]:
            assert cell.data_type == "s" and cell.number_format == "@"


def test_attention_sheet_headers(reports):
    sheet = openpyxl.load_workbook(reports.excel)[excel.SHEET_PERHATIAN]
    assert [cell.value for cell in sheet[1]] == ["ID", "Nama", "Kabupaten/Kota", "Kelas", "Tugas",
                                                 "Status", "Alasan"]
