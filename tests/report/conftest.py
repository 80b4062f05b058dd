"""A graded event shared by the report tests: six participants, graded once by stock nbgrader.

| id  | submission                                   | expected                          |
|-----|----------------------------------------------|-----------------------------------|
| p01 | source notebook (every answer right)         | all automatic points, essay pending |
| p02 | source notebook, essay graded 5 by hand      | full marks; stale status refreshed  |
| p03 | release notebook (nothing answered)          | 0                                  |
| p04 | none                                         | tidak mengumpulkan, 0              |
| p05 | source notebook, penalty wrong for late < 0  | one hidden check fails             |
| p06 | none, recorded as a corrupt file             | berkas rusak with its reason       |
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import markupsafe
import nbformat
import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from grader import status_store, statuses
from grader.course import open_course
from grader.event import init_event
from grader.report import write_reports
from grader.roster_file import ROSTER_COLUMNS, write_roster

ASSIGNMENT = "m11_kurva_s"
NOTEBOOK = "m11_kurva_s"
ESSAY = "refleksi"
ESSAY_SCORE = 5.0
ESSAY_COMMENT = "Analisis deviasi sudah tepat; tambahkan usulan tindak lanjut untuk penyedia."
BROKEN_REASON = "berkas notebook tidak dapat dibaca (bukan JSON yang sah)"
NEGATIVE_DAYS_CHECK = "uji_soal5_nol"
FORMULA_TEXT = '=HYPERLINK("http://contoh.invalid","klik")'
SCRIPT_NAME = 'Dewi <script>alert("bimtek")</script> Anggraini'

ROSTER = [
    dict(id="p01", nama="Andi Saputra", instansi="Dinas PUPR Kota Tirtamarta",
         kabupaten_kota="Kota Tirtamarta", kelas="Kelas A", gelombang="1",
         nip="198001012005011001", jabatan="Perencana Ahli Muda", NIK="3201010101800001"),
    dict(id="p02", nama="Budi Santoso", instansi="Bappeda Kabupaten Sungai Rimba",
         kabupaten_kota="Kabupaten Sungai Rimba", kelas="Kelas B", gelombang="1",
         nip="198502022010012002", jabatan="Analis Anggaran", NIK="3201010202850002"),
    dict(id="p03", nama="Citra Lestari", instansi=FORMULA_TEXT,
         kabupaten_kota="Kota Tirtamarta", kelas="Kelas B", gelombang="2",
         nip="199003032015032003", jabatan="Penyusun Program", NIK=""),
    dict(id="p04", nama=SCRIPT_NAME, instansi="Dinas Perhubungan",
         kabupaten_kota="Kabupaten Sungai Rimba", kelas="Kelas A", gelombang="2",
         nip="", jabatan="Tenaga Ahli", NIK="3201010404900004"),
    dict(id="p05", nama="Eko Prasetyo", instansi="Inspektorat Kota Tirtamarta",
         kabupaten_kota="Kota Tirtamarta", kelas="Kelas A", gelombang="2",
         nip="198805052012051005", jabatan="Auditor Ahli Pertama", NIK=""),
    dict(id="p06", nama="Fajar Nugroho", instansi="Dinas Kesehatan",
         kabupaten_kota="Kabupaten Sungai Rimba", kelas="Kelas B", gelombang="1",
         nip="197706062003061006", jabatan="Kepala Seksi", NIK=""),
]
COLUMNS = [*ROSTER_COLUMNS, "nip", "jabatan", "gelombang", "NIK"]

# The event's particulars, as `bimtek init` writes them.
SIGNATORIES = [
    {"keterangan": "Mengetahui,", "jabatan": "Kepala Bappeda Kota Tirtamarta",
     "nama": "Dr. Hendra Wijaya, M.Si.", "nip": "197001011995031001"},
    {"keterangan": "", "jabatan": "Ketua Panitia", "nama": "Ratna Sari, S.T.", "nip": ""},
]
EVENT = {
    "nama_kegiatan": "Bimbingan Teknis Pengendalian Proyek Daerah Angkatan III",
    "penyelenggara": "Badan Perencanaan Pembangunan Daerah Kota Tirtamarta",
    "tempat": "Aula Bappeda Kota Tirtamarta", "tanggal_mulai": "2025-03-10",
    "tanggal_selesai": "2025-03-14", "jp": 32.0,
    "kop_baris": ["PEMERINTAH KOTA TIRTAMARTA", "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
                  "Jl. Merdeka No. 1, Tirtamarta 12345"],
    "penandatangan": SIGNATORIES, "kota_ttd": "Tirtamarta", "tanggal_ttd": "2025-03-14",
}


def short_label(assignment: str = ASSIGNMENT) -> str:
    """The assignment's short label in the reports ("M11"), from the curriculum catalogue."""
    from grader import catalogue
    module = catalogue.load().module(assignment)
    return f"M{module.number:02d}"


def _late_penalty_bug(source: Path, target: Path) -> None:
    """The source notebook with a penalty that is not zero for negative days late."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "jawab_soal5":
            assert "if hari_terlambat <= 0:" in cell.source
            cell.source = cell.source.replace("if hari_terlambat <= 0:", "if hari_terlambat == 0:")
    nbformat.write(nb, target)


def _submit(root: Path, student_id: str, notebook: Path | None = None, *, writer=None) -> None:
    folder = root / "submitted" / student_id / ASSIGNMENT
    folder.mkdir(parents=True)
    if writer is not None:
        writer(folder / f"{NOTEBOOK}.ipynb")
    else:
        shutil.copy(notebook, folder / f"{NOTEBOOK}.ipynb")


def _autograde(root: Path) -> None:
    command = [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--Execute.timeout=30"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="session")
def graded_event(tmp_path_factory):
    """The graded event folder (do not modify it; copy it with ``event_copy`` instead)."""
    folder = tmp_path_factory.mktemp("report")
    from PIL import Image
    Image.new("RGB", (240, 240), (30, 90, 160)).save(folder / "logo.png")
    course = init_event(folder / "kegiatan", assignments=["m11_kurva_s"],
                        event={**EVENT, "kop_logo": str(folder / "logo.png")})
    root = course.root
    write_roster(course.roster_path, ROSTER, columns=COLUMNS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            for row in ROSTER:
                gb.update_or_create_student(row["id"], first_name=row["nama"])
    source = course.path("source", ".", ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    release = course.path("release", ".", ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    _submit(root, "p01", source)
    _submit(root, "p02", source)
    _submit(root, "p03", release)
    _submit(root, "p05", writer=lambda target: _late_penalty_bug(source, target))
    _autograde(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            grade = gb.find_grade(ESSAY, NOTEBOOK, ASSIGNMENT, "p02")
            grade.manual_score = ESSAY_SCORE
            grade.needs_manual_grade = False
            gb.find_comment(ESSAY, NOTEBOOK, ASSIGNMENT, "p02").manual_comment = ESSAY_COMMENT
            gb.db.commit()
    # Recorded before the essay was graded by hand: the report must refresh it.
    status_store.record(course.db_url, ASSIGNMENT, "p02", statuses.PERLU_PENILAIAN_MANUAL,
                        "jawaban uraian menunggu penilaian pengajar")
    status_store.record(course.db_url, ASSIGNMENT, "p06", statuses.BERKAS_RUSAK, BROKEN_REASON)
    return open_course(root)


@pytest.fixture(scope="session")
def reports(graded_event, tmp_path_factory):
    """The reports of the graded event, written once."""
    return write_reports(course=graded_event, out=tmp_path_factory.mktemp("laporan"))


@pytest.fixture
def event_copy(graded_event, tmp_path):
    """A private copy of the graded event that a test may change."""
    target = tmp_path / "salinan"
    shutil.copytree(graded_event.root, target)
    return open_course(target)


@pytest.fixture(scope="session")
def source_cells(graded_event):
    """The cells of the assignment's source notebook (with hidden tests)."""
    path = graded_event.path("source", ".", ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    return nbformat.read(path, as_version=4).cells


@pytest.fixture(scope="session")
def points(source_cells):
    """Points of every graded cell by grade id, and the ids of the cells graded by hand."""
    graded = {}
    manual = set()
    for cell in source_cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            graded[meta["grade_id"]] = float(meta["points"])
            if meta.get("solution"):
                manual.add(meta["grade_id"])
    return graded, manual


def escaped(text: str) -> str:
    """``text`` as the report templates write it (jinja2 autoescape)."""
    return str(markupsafe.escape(text))
