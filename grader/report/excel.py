"""The workbook ``rekap_nilai.xlsx``: the recap and its breakdowns, one sheet per view.

Every sheet is set up to print as filed: A4 landscape, fitted to the page width, the header
row repeated on every page, the event's name in the page header and "Halaman X dari Y" in the
footer. Headers are Indonesian; scores are numbers with a number format; roster text (NIP,
ids) stays text, never a number or a formula.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from . import collect as c

SHEET_REKAP = "Rekap"
SHEET_TUGAS = "Per tugas"
SHEET_SOAL = "Per soal"
SHEET_STATUS = "Status"
SHEET_PERHATIAN = "Perlu perhatian"
SHEET_PENGATURAN = "Keterangan kegiatan"
H_PENGATURAN = "Keterangan"
H_NILAI = "Isi"

PERCENT_HEADERS = {c.H_PERSEN, c.H_PERSEN_LULUS, c.H_RATA_PERSEN}
SCORE_FORMAT = "0.##"
PERCENT_FORMAT = "0.0"
INTEGER_FORMAT = "0"
DATE_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"
MIN_WIDTH, MAX_WIDTH = 6, 45
HEADER_FILL = PatternFill("solid", fgColor="EDF2F7")
# Sheet names may not hold / \ ? * [ ] : and are at most 31 characters.
GROUP_SHEETS = {c.KABKOTA: "Per kabupaten-kota", c.INSTANSI: "Per instansi",
                c.KELAS: "Per kelas", c.GELOMBANG: "Per gelombang"}


def group_sheet(column: str) -> str:
    return GROUP_SHEETS.get(column, f"Per {column}"[:31])


def settings_table(results: c.Results) -> pd.DataFrame:
    from .pdf import rentang
    event = results.event or c.Event(name=results.event_name)
    rows = [("Nama kegiatan", event.name), ("Penyelenggara", event.organiser),
            ("Tempat", event.venue), ("Tanggal", rentang(event.first_day, event.last_day)),
            ("Jumlah jam pelajaran (JP)", event.jp), ("Kode kegiatan", results.course_id),
            ("Cakupan laporan", results.filter_text() or "Seluruh peserta"),
            ("Batas lulus (persen)", results.threshold),
            ("Nilai maksimum seluruh tugas", results.max_total),
            ("Jumlah tugas", len(results.assignments)),
            ("Tanggal dibuat", results.generated.replace(microsecond=0))]
    for text in _warnings(results):
        rows.append(("Perhatian", text))
    return pd.DataFrame(rows, columns=[H_PENGATURAN, H_NILAI])


def _warnings(results: c.Results) -> list[str]:
    from .pdf import warnings_of
    return warnings_of(results)


def sheets(results: c.Results) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: name -> table."""
    tables = {SHEET_REKAP: c.rekap(results), SHEET_TUGAS: c.per_assignment(results),
              SHEET_SOAL: c.per_question(results)}
    for column in results.groups:
        tables[group_sheet(column)] = c.per_group(results, column)
    if getattr(results, "evaluation", None) is not None:   # a track event
        from .evaluation import sheets as track_sheets
        tables.update(track_sheets(results))
    tables[SHEET_STATUS] = c.status_counts(results)
    tables[SHEET_PERHATIAN] = c.needs_attention(results)
    tables[SHEET_PENGATURAN] = settings_table(results)
    return tables


def _page_setup(sheet, title: str) -> None:
    """A4 landscape, fit to one page wide, header row on every page, page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3,
                                     footer=0.3)
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.size = 10
    sheet.oddHeader.center.font = "Arial,Bold"
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "Halaman &P dari &N"


def _format(sheet, text_headers: set[str]) -> None:
    """Bold frozen header, number formats, text kept as text, widths from the content."""
    sheet.freeze_panes = "A2"
    headers = [cell.value for cell in sheet[1]]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(sheet.iter_cols(), start=1):
        header = headers[index - 1]
        width = min(max(len(str(header or "")) // 2 + 2, MIN_WIDTH), 18)
        for cell in column[1:]:
            if cell.data_type == "f":      # roster text such as "=1+1" stays text
                cell.data_type = "s"
            if header in text_headers:
                cell.number_format = TEXT_FORMAT
            elif isinstance(cell.value, float):
                cell.number_format = (PERCENT_FORMAT if header in PERCENT_HEADERS
                                      else SCORE_FORMAT)
            elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = INTEGER_FORMAT
            if cell.is_date:
                cell.number_format = DATE_FORMAT
            text = cell.value.strftime("%d/%m/%Y %H:%M") if cell.is_date else str(
                "" if cell.value is None else cell.value)
            width = max(width, len(text) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)


def write_excel(results: c.Results, path: Path) -> Path:
    """Write the workbook to ``path`` and return it."""
    event_name = results.event.name if results.event else results.event_name
    scope = results.filter_text()
    text_headers = set(c.identity_headers(results).values()) | {c.H_ID}
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets(results).items():
            table.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            _format(sheet, text_headers if name in (SHEET_REKAP, SHEET_PERHATIAN) else set())
            _page_setup(sheet, f"{name} — {event_name}" + (f" ({scope})" if scope else ""))
    return path
