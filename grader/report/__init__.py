"""``bimtek report``: the recap workbook, the cohort report and one feedback page per participant.

All three are written from one reading of the event's results (``collect.read_results``),
so they cannot disagree with each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..course import Course
from ..errors import BimtekError
from .collect import read_results
from .excel import write_excel
from .feedback import FEEDBACK_DIR, write_feedback
from .html import write_html

EXCEL_FILE = "rekap_nilai.xlsx"
HTML_FILE = "laporan.html"


@dataclass
class Reports:
    """Paths of the reports written by ``write_reports``."""

    excel: Path
    html: Path
    feedback_dir: Path
    feedback_pages: dict[str, Path]


def write_reports(*, course: Course, out: Path) -> Reports:
    """Write every report of ``course`` into the folder ``out``.

    Args:
        course: the opened event folder.
        out: folder for ``rekap_nilai.xlsx``, ``laporan.html`` and ``umpan_balik/``;
            created if missing. Existing reports there are replaced.

    Returns:
        The paths written, with each roster participant's feedback page by id.

    Raises:
        BimtekError: a report file could not be written (for example, the workbook is open
            in Excel).
    """
    out = Path(out)
    results = read_results(course)
    try:
        out.mkdir(parents=True, exist_ok=True)
        excel = write_excel(results, out / EXCEL_FILE)
        html = write_html(results, out / HTML_FILE)
        pages = write_feedback(results, course, out / FEEDBACK_DIR)
    except PermissionError as exc:
        raise BimtekError(
            f"Berkas {exc.filename or out} tidak dapat ditulis. Bila berkas itu sedang dibuka "
            "(misalnya di Excel), tutup dulu lalu jalankan perintah ini lagi.") from exc
    return Reports(excel=excel, html=html, feedback_dir=out / FEEDBACK_DIR,
                   feedback_pages=pages)
