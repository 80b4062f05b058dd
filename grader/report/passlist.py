"""The pass list (daftar kelulusan): who passed under the track's rule, signed like the report.

One row per participant with the exercise score, the pre-test and post-test, the gain, the
verdict and, for those who passed, the certificate number. Attendance is not recorded by
bimtek, so the rule uses scores only (stated on the page).
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ..tracks import POST, PRE
from . import collect as c
from . import gain as g
from .certificates import Certificate
from .html import angka
from .pdf import (MARGIN, _canvas_with_footer, _details, _grid, _letterhead, _Markup,
                  _register_fonts, _signatures, _styles, _warning, esc, warnings_of)

PASSLIST_FILE = "daftar_kelulusan.pdf"
H_NILAI_TUGAS = "Nilai tugas (%)"
H_NOMOR = "Nomor sertifikat"
SEMENTARA = " (sementara)"


def table(results: c.Results, certs: list[Certificate]) -> pd.DataFrame:
    """One row per participant, Indonesian headers (also the workbook's sheet)."""
    people = results.participants
    gains = (results.evaluation.gains.set_index(c.ID) if results.evaluation is not None
             else pd.DataFrame())
    numbers = {cert.student_id: cert.number for cert in certs}
    out = pd.DataFrame({c.H_NO: range(1, len(people) + 1)})
    for column in (c.NAMA, "nip", c.INSTANSI, c.KABKOTA):
        if column in people.columns:
            out[c.ROSTER_LABELS.get(column, column)] = people[column].to_numpy()
    out[H_NILAI_TUGAS] = people[c.PERSEN].to_numpy()
    for header in (g.H_AWAL, g.H_AKHIR, g.H_GAIN):
        out[header] = (people[c.ID].map(gains[header]).to_numpy() if header in gains
                       else math.nan)
    verdict = people[c.KETERANGAN].where(~people[c.MENUNGGU], people[c.KETERANGAN] + SEMENTARA)
    out[c.H_KETERANGAN] = verdict.to_numpy()
    out[c.H_CATATAN] = people[c.CATATAN].to_numpy()
    out[H_NOMOR] = people[c.ID].map(numbers).fillna("").to_numpy()
    return out


def rule_text(results: c.Results) -> str:
    parts = [f"nilai tugas paling sedikit {angka(results.threshold)}% dari nilai maksimum "
             f"seluruh tugas ({angka(results.max_total)} poin)"]
    if POST in results.minimums:
        parts.append(f"nilai tes akhir paling sedikit {angka(results.minimums[POST])}%")
    return (" dan ".join(parts) + ". Tes awal tidak ikut menentukan kelulusan. Kehadiran tidak "
            "dicatat oleh bimtek, sehingga kelulusan ditentukan dari nilai saja.")


def _cell(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return angka(round(float(value), digits))


def write(results: c.Results, certs: list[Certificate], path: Path) -> Path:
    """Write ``daftar_kelulusan.pdf`` to ``path``."""
    _register_fonts()
    st = _styles()
    pagesize = landscape(A4)
    width = pagesize[0] - 2 * MARGIN
    event = results.event or c.Event(name=results.event_name)
    rows_table = table(results, certs)
    passed = int((results.participants[c.KETERANGAN] == c.KET_LULUS).sum())
    story = _letterhead(event, width, st)
    story += [Paragraph("DAFTAR KELULUSAN PESERTA", st["judul"]),
              Paragraph(esc(event.name), st["subjudul"]), _details(results, width, st),
              Spacer(1, 4)]
    if results.evaluation is not None:
        track = results.evaluation.track
        story.append(Paragraph(f"<b>Jalur:</b> {esc(track.title)} ({track.days} hari). "
                               f"<b>Syarat lulus:</b> {esc(rule_text(results))}", st["isi"]))
    for text in warnings_of(results):
        story += [Spacer(1, 3), _warning(esc(text), width, st)]
    story += [Spacer(1, 4), Paragraph(
        f"Jumlah peserta {len(rows_table)}; lulus {passed}; sertifikat diterbitkan "
        f"{len(certs)}.", st["isi"]), Spacer(1, 4)]
    has_nip = "nip" in results.identity
    head = ["No.", "Nama" + (" / NIP" if has_nip else ""), "Instansi / Kab./Kota",
            "Tugas %", "Tes awal", "Tes akhir", "g", "Keterangan", "Nomor sertifikat"]
    rows = [head]
    for record in rows_table.to_dict("records"):
        name = f"<b>{esc(record[c.ROSTER_LABELS[c.NAMA]])}</b>"
        nip = record.get(c.ROSTER_LABELS.get("nip", "nip"), "")
        if has_nip and nip:
            name += f"<br/>NIP {esc(nip)}"
        where = esc(record.get(c.ROSTER_LABELS[c.INSTANSI], ""))
        if record.get(c.ROSTER_LABELS[c.KABKOTA]):
            where += f"<br/>{esc(record[c.ROSTER_LABELS[c.KABKOTA]])}"
        verdict = record[c.H_KETERANGAN]
        colour = "#276749" if verdict.startswith(c.KET_LULUS) else "#9b2c2c"
        note = f"<br/><font size=6.5>{esc(record[c.H_CATATAN])}</font>" if record[c.H_CATATAN] else ""
        rows.append([str(record[c.H_NO]), _Markup(name), _Markup(where),
                     _cell(record[H_NILAI_TUGAS]), _cell(record[g.H_AWAL]),
                     _cell(record[g.H_AKHIR]), _cell(record[g.H_GAIN], 2),
                     _Markup(f'<font color="{colour}"><b>{esc(verdict)}</b></font>{note}'),
                     record[H_NOMOR]])
    widths = [10 * mm, 58 * mm, 52 * mm, 16 * mm, 16 * mm, 16 * mm, 12 * mm, 32 * mm]
    widths.append(width - sum(widths))
    story.append(_grid(rows, widths, numeric={0, 3, 4, 5, 6}, st=st))
    story += _signatures(event, results.generated, width, st)
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=12 * mm, bottomMargin=16 * mm,
                            title=f"Daftar kelulusan — {event.name}",
                            author=event.organiser or "bimtek", creator="bimtek")
    doc.build(story, canvasmaker=_canvas_with_footer(f"Daftar kelulusan — {event.name}"))
    return Path(path)
