"""The workbook ``rekap_nilai.xlsx``: the recap and its breakdowns, one sheet each."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import collect as c

SHEET_REKAP = "Rekap"
SHEET_SOAL = "Per soal"
SHEET_STATUS = "Status"
SHEET_PERHATIAN = "Perlu perhatian"
SHEET_PENGATURAN = "Pengaturan"
H_PENGATURAN = "Pengaturan"
H_NILAI = "Nilai"

PERCENT_HEADERS = {c.H_PERSEN, c.H_PERSEN_LULUS, c.H_RATA_PERSEN}
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 50


def group_sheet(column: str) -> str:
    return f"Per {column}"


def settings_table(results: c.Results) -> pd.DataFrame:
    return pd.DataFrame({
        H_PENGATURAN: ["Nama kegiatan", "Kode kegiatan", "Batas lulus (persen)",
                       "Nilai maksimum seluruh tugas", "Jumlah tugas", "Tanggal dibuat"],
        H_NILAI: [results.event_name, results.course_id, results.threshold, results.max_total,
                  len(results.assignments), results.generated.replace(microsecond=0)],
    })


def sheets(results: c.Results) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: name -> table."""
    tables = {SHEET_REKAP: c.rekap(results), SHEET_SOAL: c.per_question(results)}
    for column in results.groups:
        tables[group_sheet(column)] = c.per_group(results, column)
    tables[SHEET_STATUS] = c.status_counts(results)
    tables[SHEET_PERHATIAN] = c.needs_attention(results)
    tables[SHEET_PENGATURAN] = settings_table(results)
    return tables


def _format(sheet) -> None:
    """Bold frozen header, percent and date formats, widths from the content."""
    sheet.freeze_panes = "A2"
    headers = [cell.value for cell in sheet[1]]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(sheet.iter_cols(), start=1):
        width = MIN_WIDTH
        for cell in column:
            if cell.data_type == "f":      # roster text such as "=1+1" stays text
                cell.data_type = "s"
            if isinstance(cell.value, float) and headers[index - 1] in PERCENT_HEADERS:
                cell.number_format = PERCENT_FORMAT
            if cell.is_date:
                cell.number_format = DATE_FORMAT
            text = cell.value.strftime("%d/%m/%Y %H:%M") if cell.is_date else str(
                "" if cell.value is None else cell.value)
            width = max(width, len(text) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)


def write_excel(results: c.Results, path: Path) -> Path:
    """Write the workbook to ``path`` and return it."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets(results).items():
            table.to_excel(writer, sheet_name=name, index=False)
            _format(writer.sheets[name])
    return path
