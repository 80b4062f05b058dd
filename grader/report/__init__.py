"""``bimtek report``: the official PDF report, the recap workbook, the cohort page and the
feedback of each participant (PDF and HTML).

All are written from one reading of the event's results (``collect.read_results``), so they
cannot disagree with each other. They are written into a temporary folder and moved into
place only once all are done: a failure half-way leaves the previous reports as they were,
never a mix. Reports already in the output folder are kept unless ``overwrite`` is given.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..course import Course
from ..errors import BimtekError
from .collect import Results, read_results
from .excel import write_excel
from .feedback import FEEDBACK_DIR, write_feedback
from .html import write_html
from .pdf import report_pdf

EXCEL_FILE = "rekap_nilai.xlsx"
PDF_FILE = "laporan.pdf"
HTML_FILE = "laporan.html"
# An event with a track also gets the pass list and the certificates (grader/report/evaluation).
TRACK_OUTPUTS = ("daftar_kelulusan.pdf", "sertifikat", "sertifikat_semua.pdf")
OUTPUTS = (PDF_FILE, EXCEL_FILE, HTML_FILE, FEEDBACK_DIR)
ALL_OUTPUTS = (*OUTPUTS, *TRACK_OUTPUTS)
STAGING_PREFIX = ".bimtek-laporan-"


@dataclass
class Reports:
    """Paths of the reports written by ``write_reports``."""

    excel: Path
    pdf: Path
    html: Path
    feedback_dir: Path
    feedback_pages: dict[str, Path]      # participant id -> feedback PDF
    feedback_html: dict[str, Path]       # participant id -> feedback HTML
    results: Results
    replaced: list[str]                  # outputs that existed and were replaced
    passlist: Path | None = None         # daftar_kelulusan.pdf (track events)
    certificates: dict[str, Path] | None = None   # participant id -> certificate PDF


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_out(out: Path, overwrite: bool) -> list[str]:
    """The outputs already in ``out``; refuse a file, or existing reports without overwrite."""
    if out.exists() and not out.is_dir():
        raise BimtekError(f"--out {out} adalah berkas, bukan folder. Sebutkan folder untuk "
                          "laporan, misalnya --out laporan (dibuat bila belum ada).")
    if not out.exists() and out.parent.exists() and not out.parent.is_dir():
        raise BimtekError(f"--out {out}: {out.parent} adalah berkas, bukan folder. Pilih folder "
                          "lain untuk laporan.")
    existing = [name for name in ALL_OUTPUTS if os.path.lexists(out / name)]
    if existing and not overwrite:
        raise BimtekError(
            f"Folder {out} sudah berisi laporan ({', '.join(existing)}); tidak ada yang ditimpa. "
            "Tambahkan --timpa untuk menggantinya, atau pilih folder --out lain.")
    return existing


def _write_all(results: Results, course: Course, folder: Path) -> dict[str, Path]:
    from . import evaluation   # a track event: gain, item analysis, pass list, certificates
    evaluation.prepare(results, course)
    write_excel(results, folder / EXCEL_FILE)
    report_pdf(results, folder / PDF_FILE)
    write_html(results, folder / HTML_FILE)
    evaluation.write_outputs(results, folder)
    return write_feedback(results, course, folder / FEEDBACK_DIR)


def _move_into_place(staging: Path, out: Path) -> None:
    """Replace each output in ``out`` by the staged one; on failure put the old ones back."""
    backup = staging / ".lama"
    backup.mkdir()
    moved_old, moved_new = [], []
    try:
        for name in ALL_OUTPUTS:
            if os.path.lexists(out / name):
                os.replace(out / name, backup / name)
                moved_old.append(name)
            if os.path.lexists(staging / name):    # track outputs exist for track events only
                os.replace(staging / name, out / name)
                moved_new.append(name)
    except OSError:
        for name in moved_new:
            if os.path.lexists(out / name):
                os.replace(out / name, staging / name)
        for name in moved_old:
            os.replace(backup / name, out / name)
        raise


def write_reports(*, course: Course, out: Path, overwrite: bool = False,
                  filters: dict[str, list[str]] | None = None,
                  now: datetime | None = None) -> Reports:
    """Write every report of ``course`` into the folder ``out``.

    Args:
        course: the opened event folder.
        out: folder for ``laporan.pdf``, ``rekap_nilai.xlsx``, ``laporan.html`` and
            ``umpan_balik/``; created if missing. Other files in it are never touched.
        overwrite: replace reports already in ``out`` (otherwise they are kept and nothing
            is written).
        filters: option -> values (gelombang, kelas, wilayah): only those participants.
        now: the time printed as the reports' date (default: now).

    Returns:
        The paths written, with each roster participant's feedback files by id.

    Raises:
        BimtekError: ``out`` is a file, holds reports and ``overwrite`` is not given, a filter
            names nobody, or a report could not be written (for example, the workbook is open
            in Excel); in every case the reports already there are left as they were.
    """
    out = Path(out).expanduser().absolute()
    replaced = _check_out(out, overwrite)
    results = read_results(course, filters=filters, now=now)
    target_parent = out if out.exists() else out.parent
    try:
        target_parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target_parent))
    except OSError as exc:
        raise BimtekError(f"Folder {target_parent} tidak dapat dibuat atau ditulisi "
                          f"({exc.strerror or exc}). Pilih folder --out yang boleh Anda "
                          "tulisi.") from exc
    try:
        os.chmod(staging, 0o777 & ~_umask())
        pages = _write_all(results, course, staging)
        if out.exists():
            _move_into_place(staging, out)
        else:
            os.replace(staging, out)
    except OSError as exc:
        raise BimtekError(
            f"Laporan tidak dapat ditulis ke {out} ({exc.strerror or exc}"
            f"{': ' + str(exc.filename) if getattr(exc, 'filename', None) else ''}); laporan "
            "yang sudah ada tidak berubah. Bila sebuah berkas laporan sedang dibuka (misalnya "
            "di Excel), tutup dulu lalu jalankan perintah ini lagi.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    from . import evaluation
    evaluation.commit(results, course)    # the certificates now in place are registered
    folder = out / FEEDBACK_DIR
    return Reports(
        excel=out / EXCEL_FILE, pdf=out / PDF_FILE, html=out / HTML_FILE, feedback_dir=folder,
        feedback_pages={sid: folder / p.name for sid, p in pages.items()},
        feedback_html={sid: folder / p.with_suffix(".html").name for sid, p in pages.items()},
        results=results, replaced=replaced,
        passlist=out / TRACK_OUTPUTS[0] if results.evaluation is not None else None,
        certificates=({cert.student_id: out / TRACK_OUTPUTS[1] / _certificate_name(cert)
                       for cert in results.evaluation.certificates}
                      if results.evaluation is not None else None))


def _certificate_name(cert) -> str:
    from .certificates import _file_name
    return _file_name(cert)
