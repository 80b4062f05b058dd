"""Tests of the feedback files umpan_balik/<Nama>_<id>.pdf and .html."""
from __future__ import annotations

import html
import re

import pytest
from pypdf import PdfReader

from grader.report import feedback, write_reports

from .conftest import BROKEN_REASON, ESSAY_COMMENT, ROSTER, SCRIPT_NAME, escaped

# Words of Python a participant must never read.
PYTHON_WORDS = ["Traceback", "NameError", "KeyboardInterrupt", "NotImplementedError",
                "AssertionError", "BelumTepat", "CellTimeoutError", "SyntaxError", "Exception",
                "grade_id", "nbgrader"]


def text_of(reports, student_id: str) -> str:
    return reports.feedback_html[student_id].read_text(encoding="utf-8")


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def everything(reports):
    """Participant id -> (HTML text, PDF text) of their own feedback files."""
    return {sid: (text_of(reports, sid), pdf_text(reports.feedback_pages[sid]))
            for sid in reports.feedback_pages}


@pytest.mark.parametrize("error, message", [
    ({"ename": "AssertionError", "evalue": "Variabel EAC belum ada."}, "Variabel EAC belum ada."),
    ({"ename": "BelumTepat", "evalue": "Kolom bobot belum ada."}, "Kolom bobot belum ada."),
    ({"ename": "AssertionError", "evalue": ""}, feedback.PESAN_TANPA_KETERANGAN),
    ({"ename": "AssertionError", "evalue": "assert x == 3, NameError"},
     feedback.PESAN_TANPA_KETERANGAN),
    ({"ename": "AssertionError", "evalue": "cek uji_soal1_total gagal"},
     feedback.PESAN_TANPA_KETERANGAN),
    ({"ename": "NameError", "evalue": "name '_rab_asli' is not defined"}, feedback.PESAN_BELUM_ADA),
    ({"ename": "NotImplementedError", "evalue": ""}, feedback.PESAN_BELUM_DIKERJAKAN),
    ({"ename": "KeyboardInterrupt", "evalue": ""}, feedback.PESAN_TIMEOUT),
    ({"ename": "CellTimeoutError", "evalue": "Cell execution timed out"}, feedback.PESAN_TIMEOUT),
    ({"ename": "ZeroDivisionError", "evalue": "division by zero"}, feedback.PESAN_GALAT),
    (None, feedback.PESAN_TANPA_KETERANGAN),
])
def test_check_message(error, message):
    """Is a failed check explained in plain Indonesian, never by a Python word?"""
    assert feedback.check_message(error) == message


@pytest.mark.parametrize("student_id, name, stem", [
    ("p01", "Andi Saputra", "Andi_Saputra_p01"),
    ("102", "Siti Rahma, S.E., M.Si.", "Siti_Rahma_SE_MSi_102"),
    ("../rahasia", "Budi", "Budi_rahasia"),
    ("p09", "André Siregar", "Andre_Siregar_p09"),
    ("p10", "", "peserta_p10"),
    ("p11", 'Dewi <script>', "Dewi_script_p11"),
])
def test_output_name(student_id, name, stem):
    """Is every file named after the participant, plain and inside the feedback folder?"""
    assert feedback.output_name(student_id, name) == stem


def test_same_name_twice_gets_two_files():
    people = [{"id": "a.1", "nama": "Budi"}, {"id": "a_1", "nama": "Budi"}]
    names = feedback.feedback_names(people)
    assert len(set(names.values())) == 2


@pytest.mark.slow
def test_a_pdf_and_html_per_participant_named_after_them(reports):
    """Does every participant get a PDF and an HTML file named by their name, and nothing
    else (no index of everyone's scores) sit in the feedback folder?"""
    files = sorted(p.name for p in reports.feedback_dir.iterdir())
    expected = sorted(f"{feedback.output_name(r['id'], r['nama'])}.{ext}"
                      for r in ROSTER for ext in ("pdf", "html"))
    assert files == expected
    for row in ROSTER:
        assert escaped(row["nama"]) in text_of(reports, row["id"])
        assert reports.feedback_pages[row["id"]].read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_nothing_of_other_participants_and_no_link(everything):
    """Does each participant's feedback hold nothing of anyone else (name, id, NIP, NIK) and
    link nowhere?"""
    for student_id, (page, pdf) in everything.items():
        assert "<a " not in page and "href" not in page
        for other in ROSTER:
            if other["id"] == student_id:
                continue
            for value in (other["nama"], other["nip"], other["NIK"]):
                if value:
                    assert escaped(value) not in page and value not in pdf, (student_id, value)
            assert not re.search(rf"\b{other['id']}\b", pdf), (student_id, other["id"])
            assert f">{other['id']}<" not in page


@pytest.mark.slow
def test_no_test_code_python_word_or_id_anywhere(everything, source_cells):
    """Does no feedback file (HTML or PDF) contain a line of test code, a Python word, a
    grade id or a cell id?"""
    lines, ids = set(), set()
    for cell in source_cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id"):
            ids.add(meta["grade_id"])
        if cell.get("id"):
            ids.add(cell["id"])
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            lines |= {line.strip() for line in cell.source.splitlines() if len(line.strip()) > 12}
    assert lines and ids
    for student_id, (page, pdf) in everything.items():
        for text in (page, pdf):
            for forbidden in [*PYTHON_WORDS, *ids, "\x1b["]:
                assert forbidden not in text, (student_id, forbidden)
            for line in lines:
                for form in {line, html.escape(line), escaped(line)}:
                    assert form not in text, (student_id, line)


@pytest.mark.slow
def test_zero_submission_is_explained_per_check(everything, points):
    """Does an unanswered notebook get every automatic check "Belum tepat", each with a
    message, and say the answer cells are not done yet?"""
    page, pdf = everything["p03"]
    graded, manual = points
    assert page.count('class="belum"') == len(graded) - len(manual)
    assert 'class="lulus"' not in page
    assert feedback.CATATAN_BELUM_DIKERJAKAN in page and feedback.CATATAN_BELUM_DIKERJAKAN in pdf
    messages = re.findall(r'class="belum">[^<]*</td>\s*<td class="pesan">([^<]*)</td>', page)
    assert len(messages) == len(graded) - len(manual) and all(m.strip() for m in messages)


@pytest.mark.slow
def test_hidden_check_message_is_shown(everything):
    """Is the failed hidden check of p05 explained by a message written for participants?"""
    page, _ = everything["p05"]
    assert page.count('class="belum"') == 1
    message = re.search(r'class="belum">[^<]*</td>\s*<td class="pesan">([^<]*)</td>', page)
    assert message and message.group(1).strip() not in (feedback.PESAN_TANPA_KETERANGAN, "")


@pytest.mark.slow
def test_manual_grading_and_the_instructors_comment(everything):
    """Are essays shown as waiting, or as graded with the instructor's comment, in both files?"""
    pending, _ = everything["p01"]
    assert feedback.HASIL_MENUNGGU in pending and "sementara" in pending
    page, pdf = everything["p02"]
    assert feedback.HASIL_DINILAI_PENGAJAR in page and feedback.HASIL_MENUNGGU not in page
    assert escaped(ESSAY_COMMENT) in page and ESSAY_COMMENT in pdf
    assert ESSAY_COMMENT not in pending


@pytest.mark.slow
def test_failure_statuses_are_explained(everything):
    """Does a participant whose file was corrupt, or who did not submit, read why?"""
    page, pdf = everything["p06"]
    assert escaped(BROKEN_REASON[0].upper() + BROKEN_REASON[1:]) in page
    assert "tidak dapat dibuka sebagai notebook" in pdf
    assert "Anda belum mengumpulkan tugas ini" in everything["p04"][0]


@pytest.mark.slow
def test_roster_text_is_escaped(everything):
    """Is a name containing markup escaped on the page and printed as text in the PDF?"""
    page, pdf = everything["p04"]
    assert "<script>" not in page and escaped(SCRIPT_NAME) in page
    assert " ".join(SCRIPT_NAME.split()) in pdf


@pytest.mark.slow
def test_files_of_removed_participants_are_deleted(graded_event, tmp_path):
    """When the reports are written again with --timpa, does a file of an old roster go?"""
    first = write_reports(course=graded_event, out=tmp_path)
    (first.feedback_dir / "Orang_Lama_p99.pdf").write_bytes(b"%PDF lama")
    out = write_reports(course=graded_event, out=tmp_path, overwrite=True)
    assert not (out.feedback_dir / "Orang_Lama_p99.pdf").exists()
    assert set(out.feedback_pages) == {row["id"] for row in ROSTER}
