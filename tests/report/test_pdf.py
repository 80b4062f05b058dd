"""The official report laporan.pdf read back as text, and the states that never mislead:
submissions waiting to be graded, untouched notebooks, filters, and safe re-runs."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import openpyxl
import pytest
from pypdf import PdfReader

import grader.report as report_module
from grader import status_store, statuses
from grader.errors import BimtekError
from grader.grade.precheck import fingerprint
from grader.report import collect as c
from grader.report import excel, write_reports
from grader.roster_file import write_roster

from .conftest import (ASSIGNMENT, COLUMNS, EVENT, NOTEBOOK, ROSTER, SIGNATORIES, SCRIPT_NAME,
                       short_label)

pytestmark = pytest.mark.slow
STATUS = f"Status {short_label()}"


def pages(path) -> list[str]:
    """Text of each page, whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def recap_status(path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)[excel.SHEET_REKAP]
    headers = [cell.value for cell in sheet[1]]
    ids, states = headers.index("ID"), headers.index(STATUS)
    return {row[ids]: row[states] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_page_numbers_on_every_page(reports):
    text = pages(reports.pdf)
    assert len(text) >= 2
    for number, page in enumerate(text, start=1):
        assert f"Halaman {number} dari {len(text)}" in page


def test_first_page_has_kop_title_and_event_details(reports):
    first = pages(reports.pdf)[0]
    for line in EVENT["kop_baris"]:
        assert line in first
    for text in ("LAPORAN HASIL PENILAIAN PESERTA", EVENT["nama_kegiatan"],
                 EVENT["penyelenggara"], EVENT["tempat"], "10–14 Maret 2025", "32 JP"):
        assert text in first, text


def test_signature_block_on_the_last_page(reports):
    last = pages(reports.pdf)[-1]
    assert "Tirtamarta, 14 Maret 2025" in last
    for person in SIGNATORIES:
        for key in ("jabatan", "nama", "keterangan", "nip"):
            if person[key]:
                assert person[key] in last, person[key]


def test_every_participant_once_with_nip_and_agency(reports):
    """In the list of scores, is every participant there exactly once, numbered, with NIP?"""
    text = " ".join(pages(reports.pdf))
    table = text.split("Daftar nilai peserta", 1)[1].split("Sebaran nilai", 1)[0]
    packed = re.sub(r"\s", "", table)      # a long name may wrap inside a word
    for number, person in enumerate(ROSTER, start=1):
        name = re.sub(r"\s", "", person["nama"])
        assert packed.count(name) == 1, name
        if person["nip"]:
            assert f"NIP {person['nip']}" in table
        assert f"{number}{name}" in packed, name
    assert "<script>" in SCRIPT_NAME and "Rekapitulasi per kabupaten/kota" in text
    assert "Rekapitulasi per gelombang" in text and "Rekapitulasi per instansi" in text


def test_table_header_repeats_on_every_page(event_copy, tmp_path):
    """With 70 participants the list spans pages: does each page of it start with the header?"""
    people = [dict(ROSTER[0], id=f"q{n:03d}", nama=f"Peserta Nomor {n:03d}", nip="", NIK="")
              for n in range(70)]
    write_roster(event_copy.roster_path, people, columns=COLUMNS)
    out = write_reports(course=event_copy, out=tmp_path / "laporan")
    text = pages(out.pdf)
    end = next(i for i, page in enumerate(text) if "Sebaran nilai" in page)
    spanned = [p.split("Sebaran nilai")[0] for p in text[:end + 1]]
    spanned = [p for p in spanned if "Peserta Nomor" in p]
    assert len(spanned) >= 2
    for page in spanned:
        assert "No. Nama" in page
    listed = " ".join(spanned)
    for person in people:
        assert listed.count(person["nama"]) == 1


def _submit_late(course, student_id: str) -> None:
    source = course.path("release", ".", ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    folder = course.path("submitted", student_id, ASSIGNMENT)
    folder.mkdir(parents=True)
    shutil.copy(source, folder / f"{NOTEBOOK}.ipynb")


def test_waiting_submissions_are_never_not_submitted(event_copy, tmp_path):
    """A submission not graded yet (p04 submitted after grading) or changed since its status
    was recorded (p05) shows as "Menunggu dinilai", said on page 1 and in the terminal;
    one whose recorded fingerprint matches (p01) keeps its grade."""
    _submit_late(event_copy, "p04")
    for student_id in ("p01", "p05"):
        folder = event_copy.path("submitted", student_id, ASSIGNMENT)
        status_store.record(event_copy.db_url, ASSIGNMENT, student_id, statuses.DINILAI, "",
                            fingerprint(folder))
    notebook = event_copy.path("submitted", "p05", ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8") + " ", encoding="utf-8")

    out = write_reports(course=event_copy, out=tmp_path / "laporan")
    states = recap_status(out.excel)
    assert states["p04"] == states["p05"] == "Menunggu dinilai"
    assert states["p01"] != "Menunggu dinilai"
    first = pages(out.pdf)[0]
    assert "LAPORAN BELUM FINAL: 2 pengumpulan" in first
    assert f"bimtek grade {ASSIGNMENT}" in first
    attention = openpyxl.load_workbook(out.excel)[excel.SHEET_PERHATIAN]
    listed = {(r[0], r[5]) for r in attention.iter_rows(min_row=2, values_only=True)}
    assert ("p04", "Menunggu dinilai") in listed and ("p05", "Menunggu dinilai") in listed
    people = out.results.participants.set_index(c.ID)
    assert people.loc["p04", c.KETERANGAN] == c.KET_BELUM_FINAL
    feedback = out.feedback_html["p04"].read_text(encoding="utf-8")
    assert "belum dinilai" in feedback and "belum mengumpulkan" not in feedback

    proc = subprocess.run([sys.executable, "-m", "grader.cli", "report", "--out",
                           tmp_path / "lagi", "--course", event_copy.root],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "PERHATIAN: LAPORAN BELUM FINAL: 2 pengumpulan" in proc.stdout


def test_untouched_notebook_has_its_own_status_and_is_listed(event_copy, tmp_path):
    """A submission handed in untouched (status recorded by the grader) is shown as such,
    listed among things to look at, and explained to the participant."""
    folder = event_copy.path("submitted", "p03", ASSIGNMENT)
    status_store.record(event_copy.db_url, ASSIGNMENT, "p03", statuses.TIDAK_DIKERJAKAN,
                        "tidak ada sel jawaban yang diubah", fingerprint(folder))
    out = write_reports(course=event_copy, out=tmp_path / "laporan")
    label = statuses.LABELS[statuses.TIDAK_DIKERJAKAN]
    assert recap_status(out.excel)["p03"] == label
    attention = openpyxl.load_workbook(out.excel)[excel.SHEET_PERHATIAN]
    assert ("p03", label) in {(r[0], r[5]) for r in attention.iter_rows(min_row=2,
                                                                          values_only=True)}
    assert label in " ".join(pages(out.pdf))
    assert "masih kosong" in out.feedback_html["p03"].read_text(encoding="utf-8")


def test_filter_by_wave_class_and_region(graded_event, tmp_path):
    """Does --gelombang 1 list wave 1 only (wave 2 is not "not submitted"), and do kelas and
    wilayah filters keep the right people, with the scope printed?"""
    cases = [({"gelombang": ["1"]}, lambda r: r["gelombang"] == "1", "Gelombang: 1"),
             ({"kelas": ["kelas a"]}, lambda r: r["kelas"] == "Kelas A", "Kelas: Kelas A"),
             ({"wilayah": ["Tirtamarta"]}, lambda r: r["kabupaten_kota"] == "Kota Tirtamarta",
              "Wilayah: Kota Tirtamarta")]
    for index, (filters, keep, scope) in enumerate(cases):
        out = write_reports(course=graded_event, out=tmp_path / str(index), filters=filters)
        expected = [r["id"] for r in ROSTER if keep(r)]
        assert list(recap_status(out.excel)) == expected
        assert sorted(p.stem.rsplit("_", 1)[1] for p in out.feedback_dir.glob("*.pdf")) == expected
        assert scope in pages(out.pdf)[0]


def test_filter_naming_nobody_lists_what_exists(graded_event, tmp_path):
    with pytest.raises(BimtekError, match=r"Yang ada: 1, 2"):
        write_reports(course=graded_event, out=tmp_path / "x", filters={"gelombang": ["3"]})
    assert not (tmp_path / "x").exists()


def test_existing_reports_are_kept_unless_overwrite(graded_event, tmp_path):
    out = tmp_path / "laporan"
    (out).mkdir()
    (out / "catatan_panitia.txt").write_text("milik panitia", encoding="utf-8")
    write_reports(course=graded_event, out=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(BimtekError, match="--timpa"):
        write_reports(course=graded_event, out=out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    again = write_reports(course=graded_event, out=out, overwrite=True)
    assert sorted(again.replaced) == sorted(report_module.OUTPUTS)
    assert (out / "catatan_panitia.txt").read_text(encoding="utf-8") == "milik panitia"


def test_failure_half_way_leaves_the_old_reports(graded_event, tmp_path, monkeypatch):
    """If writing fails after some files were made, are the earlier reports untouched and no
    temporary folder left behind?"""
    out = tmp_path / "laporan"
    write_reports(course=graded_event, out=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "umpan_balik")
    monkeypatch.setattr(report_module, "write_feedback", broken)
    with pytest.raises(BimtekError, match="tidak berubah"):
        write_reports(course=graded_event, out=out, overwrite=True)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in os.listdir(out) if p.startswith(report_module.STAGING_PREFIX)]
    with pytest.raises(BimtekError):
        write_reports(course=graded_event, out=tmp_path / "baru")
    assert not (tmp_path / "baru").exists()
    assert not [p for p in os.listdir(tmp_path) if p.startswith(report_module.STAGING_PREFIX)]


def test_out_pointing_at_a_file_is_refused(graded_event, tmp_path):
    file = tmp_path / "laporan.pdf"
    file.write_bytes(b"bukan folder")
    with pytest.raises(BimtekError, match="bukan folder"):
        write_reports(course=graded_event, out=file)
    assert file.read_bytes() == b"bukan folder"
