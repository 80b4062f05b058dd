"""Certificates of the participants who passed, and their verification codes.

Each certificate carries a number (c.Bimtek.nomor_sertifikat) and a verification code: a short
keyed hash (HMAC-SHA256 with a secret kept in the event folder) of the event, the number and
the participant's name, NIP and agency, shown as text and as a QR code. The register
(``sertifikat.json`` in the event folder) keeps every certificate issued; ``bimtek verifikasi
KODE`` looks the code up and recomputes it, so a mistyped or altered code, and a register line
edited by hand, are both refused. A participant keeps their number when the reports are made
again; a certificate whose particulars changed is replaced (the old code is reported as
replaced), and one whose holder no longer passes is withdrawn.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from ..course import Course
from ..errors import BimtekError
from . import collect as c
from .html import angka
from .pdf import (BLUE, BOLD, FONT, ITALIC, LINE, _register_fonts, _styles, esc, rentang,
                  tanggal_saja)

REGISTER = "sertifikat.json"
SECRET = ".kunci_sertifikat"
CERT_DIR = "sertifikat"
CERT_ALL = "sertifikat_semua.pdf"
BERLAKU, DIGANTI, DITARIK = "berlaku", "diganti", "ditarik"
CODE_CHARS = 10


@dataclass
class Certificate:
    student_id: str
    number: str
    code: str
    name: str
    nip: str
    agency: str
    event: str
    course_id: str
    track: str
    dates: str
    jp: float
    issued: str
    status: str = BERLAKU
    replaced_by: str = ""
    sequence: int = 0          # the {urut} of the number, whatever the number's pattern

    def payload(self) -> str:
        return "|".join([self.course_id, self.number, self.student_id, self.name, self.nip,
                         self.agency, self.event, self.track, self.dates, f"{self.jp:g}"])


# --- codes ---------------------------------------------------------------------------------

def _secret(root: Path, *, create: bool) -> bytes:
    path = Path(root) / SECRET
    if not path.is_file():
        if not create:
            raise BimtekError(f"Kunci sertifikat kegiatan ini ({path}) tidak ada; tidak ada "
                              "sertifikat yang dapat diperiksa. Buat laporan dulu dengan "
                              "bimtek report.")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def make_code(secret: bytes, payload: str) -> str:
    """A short code from the keyed hash of ``payload``: ten base-32 characters, XXXXX-XXXXX."""
    digest = hmac.new(secret, payload.encode("utf-8"), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode("ascii")[:CODE_CHARS]
    return f"{text[:5]}-{text[5:]}"


def normalise(code: str) -> str:
    """A code as typed ("k7q2m x4p9r", "K7Q2M-X4P9R") in its printed form."""
    text = re.sub(r"[^A-Za-z2-7]", "", code or "").upper()
    return f"{text[:5]}-{text[5:]}" if len(text) == CODE_CHARS else (code or "").strip().upper()


# --- the register --------------------------------------------------------------------------

def read_register(root: Path) -> list[Certificate]:
    path = Path(root) / REGISTER
    if not path.is_file():
        return []
    try:
        return [Certificate(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, TypeError) as exc:
        raise BimtekError(f"Daftar sertifikat {path} rusak ({exc.__class__.__name__}); "
                          "pulihkan dari cadangan.") from None


def save_register(root: Path, entries: list[Certificate]) -> Path:
    path = Path(root) / REGISTER
    staging = path.with_suffix(".baru")
    staging.write_text(json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1),
                       encoding="utf-8")
    os.chmod(staging, 0o600)
    os.replace(staging, path)
    return path


def _number(pattern: str, sequence: int, course: Course, track: str, year: int) -> str:
    return pattern.format(urut=sequence, kegiatan=course.course_id.upper(), jalur=track,
                          tahun=year)


def issue(results: c.Results, course: Course) -> tuple[list[Certificate], list[Certificate]]:
    """(certificates of the participants who pass now, the whole register as it will be).

    Participants who pass and hold nothing pending get one; a participant keeps the number
    already issued; changed particulars replace the code; no longer passing withdraws it.
    Nothing is written here (see ``save_register``)."""
    event = results.event or c.Event(name=results.event_name)
    track = results.evaluation.track if results.evaluation is not None else None
    secret = _secret(course.root, create=True)
    register = read_register(course.root)
    by_student = {}
    for entry in register:
        if entry.status == BERLAKU:
            by_student[entry.student_id] = entry
    people = results.participants
    passing = people[(people[c.KETERANGAN] == c.KET_LULUS) & ~people[c.MENUNGGU]]
    year = (event.first_day or results.generated.date()).year
    sequence = max((e.sequence for e in register), default=0)
    dates = rentang(event.first_day, event.last_day)
    issued_now, current = [], []
    stamp = results.generated.replace(microsecond=0).isoformat(sep=" ")
    for person in passing.to_dict("records"):
        old = by_student.get(person[c.ID])
        if old is not None:
            number, own = old.number, old.sequence
        else:
            sequence += 1
            number, own = _number(course.settings.nomor_sertifikat, sequence, course,
                                  track.id if track else "", year), sequence
        cert = Certificate(student_id=person[c.ID], number=number, code="",
                           name=person[c.NAMA], nip=str(person.get("nip", "") or ""),
                           agency=person[c.INSTANSI], event=event.name,
                           course_id=course.course_id, track=track.title if track else "",
                           dates=dates, jp=float(event.jp or (track.jp if track else 0)),
                           issued=stamp, sequence=own)
        cert.code = make_code(secret, cert.payload())
        if old is not None and old.code == cert.code:
            cert = old
        elif old is not None:
            old.status, old.replaced_by = DIGANTI, cert.code
        issued_now.append(cert)
        current.append(cert)
    passing_ids = {cert.student_id for cert in issued_now}
    in_scope = set(people[c.ID])
    for entry in register:
        if entry.status == BERLAKU and entry.student_id in in_scope and (
                entry.student_id not in passing_ids):
            entry.status = DITARIK
    kept = [e for e in register if e not in current]
    return issued_now, kept + [cert for cert in current if cert not in kept]


@dataclass
class Verdict:
    valid: bool
    message: str
    certificate: Certificate | None = None


def verify(root: Path, code: str) -> Verdict:
    """Check ``code`` against the event in ``root``: in the register, unchanged, in force."""
    wanted = normalise(code)
    secret = _secret(root, create=False)
    for entry in read_register(root):
        if entry.code != wanted:
            continue
        if not hmac.compare_digest(make_code(secret, entry.payload()), entry.code):
            return Verdict(False, f"TIDAK SAH: kode {wanted} ada di daftar sertifikat, tetapi isi "
                                  "daftarnya telah diubah sejak diterbitkan.", entry)
        if entry.status == DIGANTI:
            return Verdict(False, f"TIDAK BERLAKU: sertifikat {entry.number} dengan kode {wanted} "
                                  f"sudah diganti oleh sertifikat berkode {entry.replaced_by}.",
                           entry)
        if entry.status == DITARIK:
            return Verdict(False, f"TIDAK BERLAKU: sertifikat {entry.number} dengan kode {wanted} "
                                  "sudah ditarik (pemegangnya tidak lagi memenuhi syarat lulus).",
                           entry)
        nip = f", NIP {entry.nip}" if entry.nip else ""
        return Verdict(True, f"SAH: sertifikat nomor {entry.number} atas nama {entry.name}{nip}, "
                             f"{entry.agency}; {entry.event}, {entry.dates}, {angka(entry.jp)} JP.",
                       entry)
    return Verdict(False, f"TIDAK SAH: kode {wanted} tidak terdaftar pada kegiatan ini. Periksa "
                          "ketikannya (10 huruf dan angka, misalnya ABCDE-23456).")


# --- the PDF -------------------------------------------------------------------------------

def _qr(text: str, size: float) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def qr_text(cert: Certificate) -> str:
    """What the QR code holds: the code and how to check it."""
    return f"BIMTEK {cert.course_id} {cert.code} | periksa: bimtek verifikasi {cert.code}"


def _page(cert: Certificate, results: c.Results, modules: list[tuple[str, float]], st,
          width: float) -> list:
    event = results.event or c.Event(name=results.event_name)
    title = ParagraphStyle("sert_judul", parent=st["judul"], fontSize=36, leading=44,
                           textColor=BLUE, spaceAfter=0)
    center = ParagraphStyle("sert_isi", parent=st["isi"], fontSize=12, leading=17,
                            alignment=TA_CENTER)
    name = ParagraphStyle("sert_nama", parent=center, fontName=BOLD, fontSize=24, leading=30)
    small = ParagraphStyle("sert_kecil", parent=center, fontSize=8, leading=10)
    story = []
    heading = [Paragraph(esc(text), st["kop1" if i == 0 else "kop2" if i == 1 else "kop3"])
               for i, text in enumerate(event.letterhead[:2])]
    if event.logo is not None:
        logo = Image(str(event.logo))
        ratio = logo.imageWidth / logo.imageHeight if logo.imageHeight else 1
        logo.drawHeight, logo.drawWidth = 18 * mm, 18 * mm * ratio
        story.append(logo)
    story += heading + [Spacer(1, 12), Paragraph("SERTIFIKAT", title),
                        Paragraph(f"Nomor: {esc(cert.number)}", center), Spacer(1, 14),
                        Paragraph("diberikan kepada", center), Spacer(1, 6),
                        Paragraph(esc(cert.name), name)]
    who = " — ".join(x for x in (f"NIP {esc(cert.nip)}" if cert.nip else "", esc(cert.agency)) if x)
    story += [Paragraph(who, center), Spacer(1, 14)]
    place = f" di {esc(event.venue)}" if event.venue else ""
    organiser = f" yang diselenggarakan oleh {esc(event.organiser)}" if event.organiser else ""
    track = f" jalur <b>{esc(cert.track)}</b>" if cert.track else ""
    story.append(Paragraph(
        f"telah mengikuti <b>{esc(cert.event)}</b>{track}{organiser}{place} pada tanggal "
        f"{esc(cert.dates)} selama <b>{angka(cert.jp)} jam pelajaran (JP)</b> dan dinyatakan "
        "<b>LULUS</b>.", center))
    if modules:
        story += [Spacer(1, 6), Paragraph(
            "<b>Materi:</b> " + "; ".join(f"{esc(label)} ({angka(jp)} JP)"
                                          for label, jp in modules), small)]
    story.append(Spacer(1, 16))
    day = event.sign_date or results.generated.date()
    place = f"{esc(event.sign_city) + ', ' if event.sign_city else ''}{tanggal_saja(day)}"
    signers = event.signatories[:2]
    columns = []
    for index, signer in enumerate(signers):
        top = place if index == len(signers) - 1 else "&nbsp;"
        block = [Paragraph(top, center), Paragraph(esc(signer.get("keterangan", "")) or "&nbsp;",
                                                   center),
                 Paragraph(esc(signer["jabatan"]), center), Spacer(1, 40),
                 Paragraph(f"<u><b>{esc(signer['nama'])}</b></u>", center)]
        if signer.get("nip"):
            block.append(Paragraph(f"NIP. {esc(signer['nip'])}", center))
        columns.append(block)
    if not columns:
        columns = [[Paragraph(place, center)]]
    qr = [_qr(qr_text(cert), 32 * mm), Paragraph(f"Kode verifikasi<br/><b>{esc(cert.code)}</b>",
                                                 small)]
    rest = (width - 45 * mm) / max(len(columns), 2)
    row = [qr] + ([""] if len(columns) == 1 else []) + columns
    bottom = Table([row], colWidths=[45 * mm] + [rest] * (len(row) - 1))
    bottom.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("ALIGN", (0, 0), (0, 0), "CENTER")]))
    story.append(bottom)
    return story


def _frame(canvas, doc):
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(3)
    canvas.rect(8 * mm, 8 * mm, width - 16 * mm, height - 16 * mm)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.8)
    canvas.rect(11 * mm, 11 * mm, width - 22 * mm, height - 22 * mm)
    canvas.setFont(ITALIC, 6.5)
    canvas.setFillColor(colors.HexColor("#4a5568"))
    canvas.drawRightString(width - 14 * mm, 13 * mm,
                           "Keaslian sertifikat dapat diperiksa dengan kode verifikasi.")
    canvas.restoreState()


def _modules(results: c.Results) -> list[tuple[str, float]]:
    ev = results.evaluation
    if ev is None:
        return []
    track = ev.track
    given = {a.name for a in results.assignments}     # the event's exercises, not today's list
    modules = [(s, track.resolve(s.module_id)[0]) for s in track.sessions if s.module_id]
    return [(track.session_title(s), track.session_jp(s)) for s, m in modules
            if m is not None and m.assignment in given]


def _file_name(cert: Certificate) -> str:
    from .feedback import output_name   # the same naming as the feedback files
    return f"sertifikat_{output_name(cert.student_id, cert.name)}.pdf"


def write_pdf(certs: list[Certificate], results: c.Results, path: Path) -> Path:
    """One PDF with a page per certificate."""
    _register_fonts()
    st = _styles()
    pagesize = landscape(A4)
    width = pagesize[0] - 40 * mm
    story = []
    modules = _modules(results)
    for index, cert in enumerate(certs):
        if index:
            story.append(PageBreak())
        story += _page(cert, results, modules, st, width)
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=20 * mm,
                            rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=14 * mm,
                            title="Sertifikat", author="bimtek", creator="bimtek")
    doc.build(story or [Paragraph("Belum ada peserta yang lulus.", st["isi"])],
              onFirstPage=_frame, onLaterPages=_frame)
    return Path(path)


def write_all(certs: list[Certificate], results: c.Results, folder: Path) -> dict[str, Path]:
    """One PDF per certificate in ``folder/sertifikat/`` and all of them in one file for
    printing; returns participant id -> file."""
    target = Path(folder) / CERT_DIR
    target.mkdir(parents=True, exist_ok=True)
    files = {}
    for cert in certs:
        files[cert.student_id] = write_pdf([cert], results, target / _file_name(cert))
    write_pdf(certs, results, Path(folder) / CERT_ALL)
    return files


__all__ = ["CERT_ALL", "CERT_DIR", "Certificate", "issue", "make_code", "normalise",
           "read_register", "save_register", "verify", "write_all", "write_pdf"]
