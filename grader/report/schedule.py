"""The printable schedule (jadwal) of a track, from the same data as the event.

Day by day, with clock times, sessions, JP and notes (modules not yet available are marked).
With an event folder, the letterhead, dates and signatories come from its settings.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from ..tracks import Slot, Track
from . import collect as c
from .html import angka
from .pdf import (MARGIN, _canvas_with_footer, _grid, _letterhead, _Markup, _register_fonts,
                  _signatures, _styles, esc, rentang, tanggal_saja)

SCHEDULE_FILE = "jadwal.pdf"


def text(track: Track, slots: list[Slot], minutes_per_jp: int) -> str:
    """The schedule as plain text for the terminal."""
    lines = [f"Jadwal jalur {track.id}: {track.title}",
             f"{track.days} hari, {angka(track.jp)} JP (1 JP = {minutes_per_jp} menit)."]
    if track.audience:
        lines.append(f"Peserta: {track.audience}.")
    for day in range(1, track.days + 1):
        part = [s for s in slots if s.day == day]
        date = f", {tanggal_saja(part[0].date)}" if part and part[0].date else ""
        lines += ["", f"Hari ke-{day}{date} ({angka(track.day_jp(day))} JP)"]
        for s in part:
            jp = f"{angka(s.jp)} JP" if s.jp else ""
            note = f"  [{s.note}]" if s.note else ""
            lines.append(f"  {s.start}–{s.end}  {s.title:<64} {jp:>6}{note}")
    lines += ["", f"Syarat lulus: {track.rule.text()}."]
    return "\n".join(lines)


def write(track: Track, slots: list[Slot], path: Path, *, minutes_per_jp: int,
          event: c.Event | None = None, generated=None) -> Path:
    """Write the schedule to ``path`` (A4 portrait)."""
    _register_fonts()
    st = _styles()
    width = A4[0] - 2 * MARGIN
    event = event or c.Event(name=f"Bimbingan Teknis {track.title}")
    story = _letterhead(event, width, st)
    story += [Paragraph("JADWAL KEGIATAN", st["judul"]), Paragraph(esc(event.name), st["subjudul"])]
    facts = [f"<b>Jalur:</b> {esc(track.title)}"]
    if track.audience:
        facts.append(f"<b>Peserta:</b> {esc(track.audience)}")
    if event.venue:
        facts.append(f"<b>Tempat:</b> {esc(event.venue)}")
    if event.first_day:
        facts.append(f"<b>Tanggal:</b> {rentang(event.first_day, event.last_day)}")
    facts.append(f"<b>Jumlah:</b> {track.days} hari, {angka(track.jp)} jam pelajaran (JP); "
                 f"1 JP = {minutes_per_jp} menit")
    facts.append(f"<b>Syarat lulus:</b> {esc(track.rule.text())}")
    story += [Paragraph("<br/>".join(facts), st["isi"]), Spacer(1, 6)]
    for day in range(1, track.days + 1):
        part = [s for s in slots if s.day == day]
        date = f", {tanggal_saja(part[0].date)}" if part and part[0].date else ""
        rows = [["Waktu", "Materi atau acara", "JP", "Keterangan"]]
        for s in part:
            title = f"<i>{esc(s.title)}</i>" if s.kind == "istirahat" else esc(s.title)
            rows.append([f"{s.start}–{s.end}", _Markup(title), angka(s.jp) if s.jp else "",
                         s.note])
        story.append(KeepTogether([
            Paragraph(f"Hari ke-{day}{esc(date)} — {angka(track.day_jp(day))} JP", st["h2"]),
            _grid(rows, [26 * mm, width - 26 * mm - 12 * mm - 48 * mm, 12 * mm, 48 * mm],
                  numeric={2}, st=st)]))
    if any("belum tersedia" in s.note for s in slots):
        story += [Spacer(1, 4), Paragraph(
            "Modul bertanda \"belum tersedia\" belum ada di silabus; JP-nya adalah rencana jalur.",
            st["kecil"])]
    if generated is not None:
        story += _signatures(event, generated, width, st)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=12 * mm, bottomMargin=16 * mm, title=f"Jadwal — {event.name}",
                            author=event.organiser or "bimtek", creator="bimtek")
    doc.build(story, canvasmaker=_canvas_with_footer(f"Jadwal — {event.name}"))
    return Path(path)
