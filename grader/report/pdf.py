"""The official report ``laporan.pdf`` and each participant's feedback PDF, made with ReportLab.

The report is what an organiser signs and files: the letterhead (kop), title, the event's
particulars, numbered rows with name, NIP and agency, the score per assignment and the total,
the status, a summary per region, agency, class and wave with a chart, the list of
submissions to look at, the signature block, and "Halaman X dari Y" on every page; table
headers repeat on each page. Fonts are DejaVu Sans, shipped with matplotlib (every Latin
letter, embedded, so the text can be read back from the PDF).

Every text that comes from the roster or the settings is escaped before ReportLab reads it as
markup, so a name such as ``<b>`` stays text.
"""
from __future__ import annotations

import base64
import io
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from . import charts
from . import collect as c
from .html import MONTHS, angka

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
BLUE = colors.HexColor("#2b6cb0")
GREY = colors.HexColor("#edf2f7")
LINE = colors.HexColor("#a0aec0")
WARN_BG = colors.HexColor("#fffbeb")
WARN_LINE = colors.HexColor("#d69e2e")
RED = colors.HexColor("#9b2c2c")
GREEN = colors.HexColor("#276749")
MARGIN = 15 * mm
LANDSCAPE_FROM = 4        # assignments from which the report is printed landscape

_fonts_ready = False


def _register_fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"),
                       (ITALIC, "DejaVuSans-Oblique.ttf"),
                       ("DejaVuSans-BoldOblique", "DejaVuSans-BoldOblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC,
                                  boldItalic="DejaVuSans-BoldOblique")
    _fonts_ready = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("isi", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "isi": base,
        "kecil": ParagraphStyle("kecil", parent=base, fontSize=7.5, leading=9),
        "sel": ParagraphStyle("sel", parent=base, fontSize=8, leading=9.6),
        "sel_kanan": ParagraphStyle("sel_kanan", parent=base, fontSize=8, leading=9.6,
                                    alignment=TA_RIGHT),
        "kepala": ParagraphStyle("kepala", parent=base, fontName=BOLD, fontSize=8, leading=9.6),
        "kepala_kanan": ParagraphStyle("kepala_kanan", parent=base, fontName=BOLD, fontSize=8,
                                       leading=9.6, alignment=TA_RIGHT),
        "judul": ParagraphStyle("judul", parent=base, fontName=BOLD, fontSize=13, leading=16,
                                alignment=TA_CENTER, spaceAfter=2),
        "subjudul": ParagraphStyle("subjudul", parent=base, fontSize=10.5, leading=13,
                                   alignment=TA_CENTER, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11, leading=14,
                             spaceBefore=10, spaceAfter=4, textColor=BLUE),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=9.5, leading=12,
                             spaceBefore=6, spaceAfter=3),
        "kop1": ParagraphStyle("kop1", parent=base, fontName=BOLD, fontSize=13, leading=15.5,
                               alignment=TA_CENTER),
        "kop2": ParagraphStyle("kop2", parent=base, fontName=BOLD, fontSize=11, leading=13.5,
                               alignment=TA_CENTER),
        "kop3": ParagraphStyle("kop3", parent=base, fontSize=8.5, leading=10.5,
                               alignment=TA_CENTER),
        "ttd": ParagraphStyle("ttd", parent=base, fontSize=9.5, leading=12, alignment=TA_CENTER),
        "ttd_kiri": ParagraphStyle("ttd_kiri", parent=base, fontSize=9.5, leading=12,
                                   alignment=TA_LEFT),
        "peringatan": ParagraphStyle("peringatan", parent=base, fontSize=9, leading=11.5),
    }


def esc(value) -> str:
    """Roster or settings text as ReportLab markup-safe text."""
    return escape("" if value is None else str(value))


def tanggal_saja(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def rentang(first: date | None, last: date | None) -> str:
    """Event dates the Indonesian way: "10–14 Maret 2025", "28 Februari–2 Maret 2025"."""
    if first is None:
        return "–"
    if last is None or last == first:
        return tanggal_saja(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]}–{tanggal_saja(last)}"
    return f"{tanggal_saja(first)}–{tanggal_saja(last)}"


class _NumberedCanvas(rl_canvas.Canvas):
    """Draws "Halaman X dari Y" and a footer line on every page once the count is known."""

    footer_text = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _ = self._pagesize
        self.setStrokeColor(LINE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 11 * mm, width - MARGIN, 11 * mm)
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.HexColor("#4a5568"))
        text = self.footer_text
        limit = int((width - 2 * MARGIN - 35 * mm) / (7.5 * 0.55))
        self.drawString(MARGIN, 7 * mm, text if len(text) <= limit else text[:limit - 1] + "…")
        self.drawRightString(width - MARGIN, 7 * mm,
                             f"Halaman {self._pageNumber} dari {total}")


def _canvas_with_footer(text: str):
    return type("Canvas", (_NumberedCanvas,), {"footer_text": text})


def _letterhead(event: c.Event, width: float, st) -> list:
    """The kop: logo left, lines centred, a double rule under it."""
    if not event.letterhead and event.logo is None:
        return []
    lines = []
    for index, text in enumerate(event.letterhead):
        style = st["kop1"] if index == 0 else st["kop2"] if index == 1 else st["kop3"]
        lines.append(Paragraph(esc(text), style))
    logo_cell: object = ""
    logo_width = 24 * mm
    if event.logo is not None:
        image = Image(str(event.logo))
        ratio = image.imageWidth / image.imageHeight if image.imageHeight else 1
        height = 22 * mm
        image.drawHeight, image.drawWidth = height, min(height * ratio, logo_width)
        if image.drawWidth < height * ratio:
            image.drawHeight = image.drawWidth / ratio
        logo_cell = image
    table = Table([[logo_cell, lines, ""]], colWidths=[logo_width + 2 * mm,
                                                       width - 2 * (logo_width + 2 * mm),
                                                       logo_width + 2 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.6, colors.black),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
    ]))
    rule = Table([[""]], colWidths=[width], rowHeights=[1.5])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]))
    return [table, rule, Spacer(1, 6)]


def _grid(rows: list[list], widths: list[float], *, numeric: set[int] = frozenset(),
          header_rows: int = 1, st=None, zebra: bool = True) -> Table:
    """A table with a repeated grey header, thin lines, numbers right-aligned.

    A cell whose text fits on one line is drawn as a plain string in the table's font (a
    ReportLab Paragraph parses markup and breaks lines: most of the cost of a page made of
    small tables); longer text, markup (``_Markup``) and flowables are kept as they are.
    """
    st = st or _styles()
    body = []
    commands = []
    for r, row in enumerate(rows):
        cells = []
        head = r < header_rows
        for i, value in enumerate(row):
            if isinstance(value, (Paragraph, Image, Table)):
                cells.append(value)
                continue
            style = (st["kepala_kanan"] if i in numeric else st["kepala"]) if head else (
                st["sel_kanan"] if i in numeric else st["sel"])
            plain = _plain(value, style, widths[i], bold=getattr(value, "bold", False))
            if plain is None:
                cells.append(Paragraph(value if isinstance(value, _Markup) else esc(value),
                                       style))
                continue
            cells.append(plain)
            if isinstance(value, _Styled):
                commands += [("TEXTCOLOR", (i, r), (i, r), value.colour),
                             ("FONT", (i, r), (i, r), BOLD if value.bold else style.fontName,
                              style.fontSize, style.leading)]
        body.append(cells)
    # A long table (the participants, the submissions to look at) is split page by page;
    # without ReportLab's long-table layout every split measures all remaining rows again.
    table = Table(body, colWidths=widths, repeatRows=header_rows,
                  longTableOptimize=len(rows) > LONG_TABLE_ROWS)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, 0), (-1, header_rows - 1), st["kepala"].fontName, st["kepala"].fontSize,
         st["kepala"].leading),
        ("FONT", (0, header_rows), (-1, -1), st["sel"].fontName, st["sel"].fontSize,
         st["sel"].leading),
        *[("ALIGN", (i, 0), (i, -1), "RIGHT") for i in sorted(numeric)],
    ] + commands
    if zebra:
        for r in range(header_rows + 1, len(rows), 2):
            commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f7fafc")))
    table.setStyle(TableStyle(commands))
    return table


_PADDING = 6    # LEFTPADDING + RIGHTPADDING of _grid's cells
LONG_TABLE_ROWS = 40


def _plain(value, style: ParagraphStyle, width: float, bold: bool = False) -> str | None:
    """``value`` as a plain one-line cell string, or None when it needs a Paragraph."""
    if isinstance(value, _Markup) and not isinstance(value, _Styled):
        return None
    text = value.text if isinstance(value, _Styled) else "" if value is None else str(value)
    if text != " ".join(text.split()):     # a Paragraph would fold this whitespace
        return None
    font = BOLD if bold else style.fontName
    if text and pdfmetrics.stringWidth(text, font, style.fontSize) > width - _PADDING:
        return None
    return text


class _Markup(str):
    """Text already escaped, with ReportLab markup."""


class _Styled(_Markup):
    """Plain text shown in a colour, bold or not (markup only if it needs a Paragraph)."""

    def __new__(cls, text: str, colour: str, bold: bool = True):
        weight = ("<b>", "</b>") if bold else ("", "")
        self = super().__new__(cls, f'<font color="{colour}">{weight[0]}{esc(text)}'
                                    f'{weight[1]}</font>')
        self.text, self.colour, self.bold = text, colors.HexColor(colour), bold
        return self


def _chart(data_uri: str, width: float) -> Image:
    raw = base64.b64decode(data_uri.split(",", 1)[1])
    image = Image(io.BytesIO(raw))
    ratio = image.imageHeight / image.imageWidth
    image.drawWidth, image.drawHeight = width, width * ratio
    return image


def _details(results: c.Results, width: float, st) -> Table:
    event = results.event or c.Event(name=results.event_name)
    rows = [("Nama kegiatan", event.name)]
    if event.organiser:
        rows.append(("Penyelenggara", event.organiser))
    if event.venue:
        rows.append(("Tempat", event.venue))
    rows.append(("Tanggal", rentang(event.first_day, event.last_day)))
    if event.jp:
        rows.append(("Jumlah jam pelajaran", f"{angka(event.jp)} JP"))
    rows.append(("Tugas dinilai", "; ".join(a.title for a in results.assignments) or "–"))
    rows.append(("Batas lulus", f"{angka(results.threshold)}% dari nilai maksimum seluruh tugas "
                                f"({angka(results.max_total)} poin)"))
    rows.append(("Cakupan laporan", results.filter_text() or "Seluruh peserta"))
    rows.append(("Laporan dibuat", f"{tanggal_saja(results.generated.date())} pukul "
                                   f"{results.generated:%H.%M}"))
    table = Table([[Paragraph(esc(k), st["isi"]), Paragraph(esc(v), st["isi"])] for k, v in rows],
                  colWidths=[45 * mm, width - 45 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _warning(text: str, width: float, st) -> Table:
    box = Table([[Paragraph(text, st["peringatan"])]], colWidths=[width])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
                             ("LINEBEFORE", (0, 0), (0, -1), 3, WARN_LINE),
                             ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
    return box


def warnings_of(results: c.Results) -> list[str]:
    """What makes the report not final, in the words printed on its first page (plain text)."""
    out = []
    waiting = results.waiting
    if waiting:
        shorts = {a.name: a.short for a in results.assignments}
        detail = ", ".join(f"{shorts[a]}: {n}" for a, n in waiting.items())
        commands = " dan ".join(f"bimtek grade {a}" for a in waiting)
        out.append(f"LAPORAN BELUM FINAL: {sum(waiting.values())} pengumpulan sudah masuk tetapi "
                   f"belum dinilai ({detail}). Peserta itu ditandai \"Menunggu dinilai\", bukan "
                   f"\"Tidak mengumpulkan\". Jalankan {commands}, lalu buat ulang laporan ini.")
    pending = c.summary_counts(results)["menunggu"]
    if pending:
        out.append(f"Keterangan lulus belum final: {pending} peserta masih menunggu penilaian "
                   "manual oleh pengajar (formgrader); nilai dan keterangan mereka sementara.")
    return out


def _summary(results: c.Results, width: float, st) -> Table:
    counts = c.summary_counts(results)
    items = [("Peserta", counts["peserta"]), ("Mengumpulkan", counts["mengumpulkan"]),
             ("Lulus", counts["lulus"]), ("Tidak lulus", counts["tidak_lulus"])]
    if counts["belum_final"]:
        items.append(("Belum final", counts["belum_final"]))
    if counts["menunggu_dinilai"]:
        items.append(("Menunggu dinilai", counts["menunggu_dinilai"]))
    if counts["tidak_dikerjakan"]:
        items.append(("Notebook kosong", counts["tidak_dikerjakan"]))
    big = ParagraphStyle("angka_besar", parent=st["isi"], fontName=BOLD, fontSize=14,
                         leading=17)
    cells = [[Paragraph(str(n), big), Paragraph(esc(label), st["isi"])] for label, n in items]
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, LINE),
                               ("INNERGRID", (0, 0), (-1, -1), 0.5, LINE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


SHORT_STATUS = {
    c.MENUNGGU_DINILAI: "menunggu dinilai",
    "tidak_mengumpulkan": "tidak kumpul",
    "perlu_penilaian_manual": "sementara",
    "berkas_rusak": "berkas rusak",
    "waktu_habis": "waktu habis",
    "kernel_mati": "kernel mati",
    "galat": "galat",
    "tidak_dikerjakan": "kosong",
}


def _participants_table(results: c.Results, width: float, st) -> Table:
    people = results.participants
    frame = {(row[c.ID], row[c.TUGAS]): row for row in results.frame.to_dict("records")}
    has_nip = "nip" in results.identity
    show_region, score_width = _score_columns(len(results.assignments), width)
    head = ["No.", "Nama" + (" / NIP" if has_nip else ""), "Instansi"]
    if show_region:
        head.append("Kab./Kota")
    head += [a.short for a in results.assignments] + ["Total", "%", "Keterangan"]
    rows = [head]
    for number, person in enumerate(people.to_dict("records"), start=1):
        name = _Markup(f"<b>{esc(person[c.NAMA])}</b>"
                       + (f"<br/>NIP {esc(person['nip'])}" if has_nip and person.get("nip")
                          else ""))
        row = [str(number), name, person[c.INSTANSI]]
        if show_region:
            row.append(person[c.KABKOTA])
        for a in results.assignments:
            item = frame[(person[c.ID], a.name)]
            status = item[c.STATUS]
            if status in (c.MENUNGGU_DINILAI, "tidak_mengumpulkan", "berkas_rusak", "galat"):
                row.append(_Markup(f"<font size=6>{esc(SHORT_STATUS[status])}</font>"))
            elif status in SHORT_STATUS:
                row.append(_Markup(f"{esc(angka(item[c.NILAI]))}<br/><font size=6>"
                                   f"{esc(SHORT_STATUS[status])}</font>"))
            else:
                row.append(angka(item[c.NILAI]))
        verdict = person[c.KETERANGAN]
        colour = "#276749" if verdict == c.KET_LULUS else "#9b2c2c" if verdict == c.KET_TIDAK_LULUS else "#975a16"
        note = f"<br/><font size=6.5>{esc(person[c.CATATAN])}</font>" if person[c.CATATAN] else ""
        row += [angka(person[c.TOTAL]), angka(person[c.PERSEN]),
                _Markup(f'<font color="{colour}"><b>{esc(verdict)}</b></font>{note}')]
        rows.append(row)
    n = len(results.assignments)
    fixed = {"no": 9 * mm, "score": score_width, "total": 12 * mm, "pct": 11 * mm,
             "ket": 27 * mm}
    rest = width - fixed["no"] - n * fixed["score"] - fixed["total"] - fixed["pct"] - fixed["ket"]
    parts = [0.42, 0.33, 0.25] if show_region else [0.55, 0.45]
    widths = [fixed["no"]] + [rest * p for p in parts] + [fixed["score"]] * n + [
        fixed["total"], fixed["pct"], fixed["ket"]]
    first_score = 4 if show_region else 3
    numeric = {0, *range(first_score, first_score + n + 2)}
    return _grid(rows, widths, numeric=numeric, st=st)


NAME_MIN = 70 * mm       # name and agency columns together, at least
SCORE_MIN = 8.5 * mm     # a score column, at least ("100" and a status word on two lines)
_OTHER_COLUMNS = (9 + 12 + 11 + 27) * mm   # No., Total, %, Keterangan


def _score_columns(n: int, width: float) -> tuple[bool, float]:
    """Whether the participants table shows Kab./Kota, and the width of a score column.

    The usual widths while the name and agency keep ``NAME_MIN``; with many assignments
    (14 modules on landscape A4) the region column goes and the score columns narrow,
    never below ``SCORE_MIN``, so that names stay readable instead of one letter a line.
    """
    score = 17 * mm if n < LANDSCAPE_FROM else 14 * mm
    show_region = n <= 6 or width > 200 * mm
    if width - _OTHER_COLUMNS - n * score >= NAME_MIN:
        return show_region, score
    return False, max(SCORE_MIN, min(score, (width - _OTHER_COLUMNS - NAME_MIN) / max(n, 1)))


def _group_section(results: c.Results, column: str, width: float, st) -> list:
    data = c.per_group(results, column)
    label = c.ROSTER_LABELS.get(column, column)
    header = list(data.columns)
    rows = [header] + [[str(v) if i == 0 else angka(v) for i, v in enumerate(r)]
                       for r in data.itertuples(index=False)]
    widths = [width * 0.36] + [width * 0.64 / (len(header) - 1)] * (len(header) - 1)
    out = [Paragraph(f"Rekapitulasi per {esc(label.lower())}", st["h2"]),
           _grid(rows, widths, numeric=set(range(1, len(header))), st=st)]
    if 1 < len(data) <= 25:
        chart = charts.bars([str(v) for v in data.iloc[:, 0]], list(data[c.H_RATA_PERSEN]),
                            title=f"Rata-rata nilai akhir per {label.lower()}",
                            xlabel="Rata-rata nilai akhir (persen)", threshold=results.threshold)
        out += [Spacer(1, 4), _chart(chart, min(width, 150 * mm))]
    return [KeepTogether(out[:2]), *out[2:]] if len(rows) <= 30 else out


def _attention(results: c.Results, width: float, st) -> list:
    table = c.needs_attention(results)
    out = [Paragraph("Pengumpulan yang perlu perhatian", st["h2"]),
           Paragraph("Pengumpulan yang menunggu dinilai, tidak dikumpulkan, dikumpulkan kosong, "
                     "atau tidak dapat dinilai sepenuhnya (berkas rusak, waktu habis, kernel "
                     "mati, galat), dengan alasannya.", st["isi"]), Spacer(1, 3)]
    if table.empty:
        return out + [Paragraph("Tidak ada.", st["isi"])]
    header = ["No."] + list(table.columns)
    rows = [header] + [[str(i)] + [str(v) for v in r]
                       for i, r in enumerate(table.itertuples(index=False), start=1)]
    share = [0.08, 0.20, 0.15, 0.08, 0.06, 0.15, 0.28]
    widths = [9 * mm] + [(width - 9 * mm) * p for p in share]
    return out + [_grid(rows, widths, numeric={0}, st=st)]


def _signatures(event: c.Event, generated, width: float, st) -> list:
    """Place and date, then one column per signatory: role, office, space, name, NIP."""
    if not event.signatories:
        return []
    day = event.sign_date or generated.date()
    place = f"{esc(event.sign_city)}, " if event.sign_city else ""
    people = event.signatories
    column = width / max(len(people), 2)
    cells = []
    for person in people:
        parts = [esc(person.get("keterangan", "")) or "&nbsp;", esc(person["jabatan"]),
                 "<br/><br/><br/><br/>", f"<u><b>{esc(person['nama'])}</b></u>"]
        if person.get("nip"):
            parts.append(f"NIP. {esc(person['nip'])}")
        cells.append(Paragraph("<br/>".join(parts), st["ttd"]))
    date_row = [""] * (len(cells) - 1) + [Paragraph(f"{place}{tanggal_saja(day)}", st["ttd"])]
    if len(cells) == 1:
        cells = ["", cells[0]]
        date_row = ["", date_row[0]]
    table = Table([date_row, cells], colWidths=[column] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    return [Spacer(1, 14), KeepTogether([table])]


def report_pdf(results: c.Results, path: Path) -> Path:
    """Write the official cohort report to ``path`` and return it."""
    _register_fonts()
    st = _styles()
    pagesize = landscape(A4) if len(results.assignments) >= LANDSCAPE_FROM else A4
    width = pagesize[0] - 2 * MARGIN
    event = results.event or c.Event(name=results.event_name)
    story = _letterhead(event, width, st)
    story += [Paragraph("LAPORAN HASIL PENILAIAN PESERTA", st["judul"]),
              Paragraph(esc(event.name), st["subjudul"]), _details(results, width, st),
              Spacer(1, 6)]
    for text in warnings_of(results):
        story += [_warning(esc(text), width, st), Spacer(1, 4)]
    story += [Paragraph("Ringkasan", st["h2"]), _summary(results, width, st),
              Paragraph("Daftar nilai peserta", st["h2"]),
              Paragraph("Nilai per tugas dalam poin (kolom tugas: "
                        + "; ".join(esc(a.title) if a.title.startswith(a.short)
                                    else f"{esc(a.short)} = {esc(a.title)}"
                                    for a in results.assignments)
                        + f"); Total dalam poin dari {angka(results.max_total)}; % adalah persen "
                        "dari nilai maksimum.", st["kecil"]),
              Spacer(1, 3)]
    if len(results.participants):
        story.append(_participants_table(results, width, st))
    else:
        story.append(Paragraph("Belum ada peserta di daftar peserta.", st["isi"]))
    if len(results.participants):
        histogram = charts.histogram(list(results.participants[c.PERSEN]),
                                     threshold=results.threshold,
                                     title="Sebaran nilai akhir peserta")
        story.append(KeepTogether([Paragraph("Sebaran nilai", st["h2"]),
                                   _chart(histogram, min(width, 160 * mm))]))
    for column in results.groups:
        story += _group_section(results, column, width, st)
    if getattr(results, "evaluation", None) is not None:   # a track event: gain, item analysis
        from .evaluation_pdf import sections
        story += sections(results, width, st)
    story += _attention(results, width, st)
    story += _signatures(event, results.generated, width, st)
    path = Path(path)
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=12 * mm, bottomMargin=16 * mm,
                            title=f"Laporan hasil penilaian — {event.name}",
                            author=event.organiser or "bimtek", creator="bimtek")
    doc.build(story, canvasmaker=_canvas_with_footer(
        f"Laporan hasil penilaian — {event.name}"))
    return path


class _CheckTable(Flowable):
    """The checks of one question (and its heading): drawn straight on the canvas.

    It looks like a ``_grid`` table with the header Pemeriksaan / Poin / Hasil / Yang perlu
    diperbaiki, but costs a fraction of one: a feedback page of 14 assignments holds about
    80 of these, and ReportLab's Table and Paragraph machinery was most of its time. Text is
    drawn as text (never parsed as markup), wrapped within its column; the whole block is
    one flowable, so a question never splits across pages.
    """

    HEADER = ("Pemeriksaan", "Poin", "Hasil", "Yang perlu diperbaiki")
    PAD_X, PAD_Y = 3, 2

    def __init__(self, rows: list[tuple[str, str, str, str, str]], width: float, st,
                 heading: str | None = None):
        super().__init__()
        self.rows, self.st, self.heading = rows, st, heading
        self.widths = [30 * mm, 20 * mm, 30 * mm, width - 80 * mm]
        self.cell, self.head = st["sel"], st["kepala"]
        self.h3 = st["h3"]

    def _lines(self, text: str, font: str, column: int) -> list[str]:
        size = self.cell.fontSize
        return simpleSplit(" ".join(str(text).split()), font, size,
                           self.widths[column] - 2 * self.PAD_X) or [""]

    def wrap(self, available_width, available_height):
        leading = self.cell.leading
        self.layout = []
        for label, points, result, colour, message in self.rows:
            cells = [self._lines(label, self.cell.fontName, 0), [points],
                     self._lines(result, BOLD, 2), self._lines(message, self.cell.fontName, 3)]
            self.layout.append((cells, colour, max(len(x) for x in cells) * leading
                                + 2 * self.PAD_Y))
        self.header_height = self.head.leading + 2 * self.PAD_Y
        self.heading_height = (self.h3.spaceBefore + self.h3.leading + self.h3.spaceAfter
                               if self.heading else 0)
        self.table_height = self.header_height + sum(h for *_, h in self.layout)
        self.width = sum(self.widths)
        self.height = self.heading_height + self.table_height
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        top = self.table_height
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        text = canvas.beginText()
        text.setFillColor(colors.black)
        if self.heading:
            text.setFont(self.h3.fontName, self.h3.fontSize)
            text.setTextOrigin(0, top + self.h3.spaceAfter + self.h3.leading
                               - self.h3.fontSize)
            text.textOut(self.heading)
        canvas.setFillColor(GREY)
        canvas.rect(0, top - self.header_height, self.width, self.header_height, stroke=0,
                    fill=1)
        size = self.cell.fontSize
        y = top
        text.setFillColor(colors.black)
        text.setFont(self.head.fontName, size)
        for index, label in enumerate(self.HEADER):
            self._put(text, label, index, y, self.head.fontName)
        boundaries = [y - self.header_height]
        y -= self.header_height
        for cells, colour, height in self.layout:
            for index, lines in enumerate(cells):
                font = BOLD if index == 2 else self.cell.fontName
                text.setFont(font, size)
                text.setFillColor(colors.HexColor(colour) if index == 2 else colors.black)
                for number, line in enumerate(lines):
                    self._put(text, line, index, y - number * self.cell.leading, font)
            y -= height
            boundaries.append(y)
        canvas.drawText(text)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        for b in [top, *boundaries]:
            canvas.line(0, b, self.width, b)
        for x in xs:
            canvas.line(x, top, x, 0)

    def _put(self, text, line: str, column: int, y: float, font: str) -> None:
        size = self.cell.fontSize
        baseline = y - self.PAD_Y - size
        if column == 1:    # points: right-aligned
            x = sum(self.widths[:2]) - self.PAD_X - pdfmetrics.stringWidth(line, font, size)
        else:
            x = sum(self.widths[:column]) + self.PAD_X
        text.setTextOrigin(x, baseline)
        text.textOut(line)


def feedback_pdf(results: c.Results, person: dict, headers: dict[str, str],
                 assignments: list, path: Path) -> Path:
    """Write one participant's feedback to ``path``: nothing of anyone else, no link."""
    _register_fonts()
    st = _styles()
    width = A4[0] - 2 * MARGIN
    event = results.event or c.Event(name=results.event_name)
    story = _letterhead(event, width, st)
    story += [Paragraph("UMPAN BALIK HASIL PENILAIAN", st["judul"]),
              Paragraph(esc(event.name), st["subjudul"])]
    identity = [[Paragraph(esc(headers.get(col, col)), st["kepala"]),
                 Paragraph(esc(person[col]), st["sel"])]
                for col in headers if str(person.get(col, "")).strip()]
    verdict = person[c.KETERANGAN]
    if verdict == c.KET_BELUM_FINAL:
        verdict += " (masih ada tugas yang belum dinilai)"
    elif person[c.MENUNGGU]:
        verdict += (" (sementara: masih ada jawaban yang menunggu penilaian pengajar, sehingga "
                    "nilai dan keterangan ini dapat berubah)")
    identity += [
        [Paragraph("Jumlah nilai", st["kepala"]),
         Paragraph(f"{angka(person[c.TOTAL])} dari {angka(results.max_total)} poin "
                   f"({angka(person[c.PERSEN])}%)", st["sel"])],
        [Paragraph("Batas lulus", st["kepala"]),
         Paragraph(f"{angka(results.threshold)}%", st["sel"])],
        [Paragraph("Keterangan", st["kepala"]), Paragraph(esc(verdict), st["sel"])],
    ]
    table = Table(identity, colWidths=[45 * mm, width - 45 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, LINE),
                               ("BACKGROUND", (0, 0), (0, -1), GREY),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 6), _warning(
        "Untuk setiap soal, tabel di bawah menunjukkan hasil pemeriksaan otomatis, termasuk "
        "pemeriksaan tambahan yang tidak terlihat di notebook Anda. <b>Tepat</b> berarti jawaban "
        "Anda lulus pemeriksaan itu; pemeriksaan otomatis tidak menjamin bahwa seluruh jawaban "
        "benar. Untuk pemeriksaan yang <b>belum tepat</b>, kolom \"Yang perlu diperbaiki\" "
        "menjelaskan apa yang perlu diperiksa kembali.", width, st)]
    for item in assignments:
        story.append(Paragraph(esc(item.title), st["h2"]))
        score = f"{angka(item.score)} dari {angka(item.max_score)} poin"
        if item.pending:
            score += " (sementara, menunggu penilaian pengajar)"
        lines = [f"<b>Status:</b> {esc(item.status_label)}", f"<b>Nilai:</b> {esc(score)}"]
        if item.explanation:
            lines.append(esc(item.explanation))
        story.append(Paragraph("<br/>".join(lines), st["isi"]))
        for question in item.questions:
            rows = []
            for check in question.checks:
                colour = "#276749" if check.passed else "#9b2c2c" if check.passed is False else "#1a202c"
                rows.append((check.label, f"{angka(check.points)} / {angka(check.max_points)}",
                             check.result, colour, check.message))
            if question.notes:
                block = [Paragraph(esc(question.label), st["h3"])]
                block += [_warning(esc(note), width, st) for note in question.notes]
                block.append(_CheckTable(rows, width, st))
            else:
                block = [_CheckTable(rows, width, st, heading=question.label)]
            for comment in question.comments:
                block += [Spacer(1, 3), _warning(f"<b>Komentar pengajar:</b> {esc(comment)}",
                                                 width, st)]
            story.append(KeepTogether(block))
    path = Path(path)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=12 * mm, bottomMargin=16 * mm,
                            title=f"Umpan balik — {person[c.NAMA]}",
                            author=event.organiser or "bimtek", creator="bimtek")
    doc.build(story, canvasmaker=_canvas_with_footer(
        f"Umpan balik untuk {person[c.NAMA]} — {event.name}"))
    return path


__all__ = ["feedback_pdf", "rentang", "report_pdf", "warnings_of"]
