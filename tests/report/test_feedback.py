"""Tests of the feedback pages umpan_balik/<id>.html."""
from __future__ import annotations

import html

import pytest

from grader.report import feedback, write_reports

from .conftest import BROKEN_REASON, ROSTER, SCRIPT_NAME, escaped


def text_of(reports, student_id: str) -> str:
    return reports.feedback_pages[student_id].read_text(encoding="utf-8")


def all_pages(reports) -> dict[str, str]:
    pages = {p.name: p.read_text(encoding="utf-8") for p in reports.feedback_dir.glob("*.html")}
    assert len(pages) == len(ROSTER) + 1
    return pages


@pytest.mark.parametrize("error, message", [
    ({"ename": "AssertionError", "evalue": "Variabel EAC belum ada."}, "Variabel EAC belum ada."),
    ({"ename": "AssertionError", "evalue": ""}, feedback.PESAN_TANPA_KETERANGAN),
    ({"ename": "NameError", "evalue": "name '_rab_asli' is not defined"},
     "Sel jawaban belum dikerjakan atau menghasilkan galat: NameError"),
    ({"ename": "CellTimeoutError", "evalue": "Cell execution timed out"},
     "Sel melebihi batas waktu dan dihentikan."),
    (None, feedback.PESAN_TANPA_KETERANGAN),
])
def test_check_message(error, message):
    """Is a failed check explained by its assertion message, or only by the error's name?"""
    assert feedback.check_message(error) == message


@pytest.mark.parametrize("student_id, name", [
    ("p01", "p01"), ("../rahasia", "_rahasia"), ("index", "peserta_index"), ("a b/c", "a_b_c"),
])
def test_output_name(student_id, name):
    """Is every participant's page name a plain file name inside the feedback folder?"""
    assert feedback.output_name(student_id) == name


@pytest.mark.slow
def test_a_page_per_participant_with_their_name(reports):
    """Does every roster participant have a page with their name, linked from the index?"""
    index = (reports.feedback_dir / "index.html").read_text(encoding="utf-8")
    for row in ROSTER:
        path = reports.feedback_pages[row["id"]]
        assert path.parent == reports.feedback_dir and path.is_file()
        assert escaped(row["nama"]) in text_of(reports, row["id"])
        assert f'href="{path.name}"' in index


@pytest.mark.slow
def test_zero_submission_shows_visible_messages(reports, points):
    """Does an unanswered notebook get the checks' own messages and the error names?"""
    text = text_of(reports, "p03")
    graded, manual = points
    assert text.count('class="belum"') == len(graded) - len(manual)
    assert 'class="lulus"' not in text
    assert "Variabel total_rab belum ada. Jalankan dulu sel jawaban soal 1." in text
    assert "Sel jawaban belum dikerjakan atau menghasilkan galat: NameError" in text
    assert escaped(feedback.CATATAN_BELUM_DIKERJAKAN) in text


@pytest.mark.slow
def test_hidden_assertion_message_is_shown(reports):
    """Is a failed hidden check explained by its message, written for participants?"""
    assert "Denda untuk hari negatif harus 0." in text_of(reports, "p05")


@pytest.mark.slow
def test_no_test_code_or_traceback_on_any_page(reports, source_cells):
    """Does no page contain any line of test cell code, hidden or visible, nor a traceback?"""
    lines = set()
    for cell in source_cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            lines |= {line.strip() for line in cell.source.splitlines() if len(line.strip()) > 12}
    assert any("_rab_asli" in line for line in lines)    # the hidden tests are in the source
    for name, text in all_pages(reports).items():
        for forbidden in ("_rab_asli", 'pd.read_csv("data/rab.csv")', "BEGIN HIDDEN TESTS",
                          "Traceback", "\x1b["):
            for form in {forbidden, html.escape(forbidden), escaped(forbidden)}:
                assert form not in text, (name, forbidden)
        for line in lines:
            for form in {line, html.escape(line), escaped(line)}:
                assert form not in text, (name, line)


@pytest.mark.slow
def test_manual_grading_wording(reports):
    """Are essays shown as waiting for the instructor, or as graded by the instructor?"""
    pending = text_of(reports, "p01")
    assert feedback.HASIL_MENUNGGU in pending
    assert "sementara" in pending
    assert "lulus pemeriksaan otomatis" in pending
    assert feedback.HASIL_DINILAI_PENGAJAR in text_of(reports, "p02")
    assert feedback.HASIL_MENUNGGU not in text_of(reports, "p02")


@pytest.mark.slow
def test_failure_statuses_show_their_reason(reports):
    """Does a participant whose file was corrupt, or who did not submit, read why?"""
    assert escaped(BROKEN_REASON[0].upper() + BROKEN_REASON[1:]) in text_of(reports, "p06")
    assert "Anda belum mengumpulkan tugas ini" in text_of(reports, "p04")


@pytest.mark.slow
def test_roster_text_is_escaped(reports):
    """Is a name containing markup escaped on the participant's page and the index?"""
    for text in (text_of(reports, "p04"), (reports.feedback_dir / "index.html").read_text()):
        assert "<script>" not in text
        assert escaped(SCRIPT_NAME) in text


@pytest.mark.slow
def test_pages_of_removed_participants_are_deleted(graded_event, tmp_path):
    """When the reports are written again, does a page left from an old roster disappear?"""
    folder = tmp_path / feedback.FEEDBACK_DIR
    folder.mkdir()
    (folder / "lama.html").write_text("halaman lama", encoding="utf-8")
    out = write_reports(course=graded_event, out=tmp_path)
    assert not (folder / "lama.html").exists()
    assert set(out.feedback_pages) == {row["id"] for row in ROSTER}
