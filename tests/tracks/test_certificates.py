"""Certificates: one per participant who passed, a code that verifies, and a code or register
that was tampered with that does not; the QR code holds the code; numbers are kept."""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest
import pypdfium2 as pdfium
from pypdf import PdfReader

from grader import statuses
from grader.cli import main
from grader.course import open_course
from grader.report import certificates as cert
from grader.report import collect as c

PEOPLE = [  # id, name, NIP, exercise score of 10, post-test of 4
    ("p01", "Andi Saputra", "198001012005011001", 9.0, 4.0),
    ("p02", "Budi Santoso", "198502022010012002", 8.0, 1.0),   # post-test below 60 %
    ("p03", "Citra Lestari", "199003032015032003", 5.0, 4.0),  # exercises below 70 %
    ("p04", "Dewi Anggraini", "", 7.0, 3.0),
]


def _results(people=PEOPLE) -> c.Results:
    roster = pd.DataFrame({c.ID: [p[0] for p in people], c.NAMA: [p[1] for p in people],
                           "nip": [p[2] for p in people], c.INSTANSI: ["Bappeda"] * len(people),
                           c.KABKOTA: ["Kota Tirtamarta"] * len(people),
                           c.KELAS: ["A"] * len(people)})
    rows = []
    for sid, _, _, exercise, post in people:
        for name, score, maximum in (("m11_kurva_s", exercise, 10.0), ("tes_akhir", post, 4.0)):
            rows.append({c.ID: sid, c.TUGAS: name, c.STATUS: statuses.DINILAI, c.ALASAN: "",
                         c.NILAI: score, c.NILAI_MAKS: maximum, c.ADA_NILAI: True,
                         c.MENUNGGU: False})
    return c.Results(
        event_name="Bimtek Uji", course_id="kegiatan", threshold=70.0,
        generated=datetime(2025, 3, 14, 10, 0),
        assignments=[c.Assignment("m11_kurva_s", 10.0, ["m11_kurva_s"], "M11", "M11"),
                     c.Assignment("tes_akhir", 4.0, ["tes_akhir"], "Tes akhir", "Tes akhir")],
        groups=[], roster=roster, frame=pd.DataFrame(rows), cells=pd.DataFrame(),
        event=c.Event(name="Bimtek Uji", organiser="Bappeda Kota Tirtamarta", venue="Aula",
                      first_day=datetime(2025, 3, 10).date(), last_day=datetime(2025, 3, 12).date(),
                      jp=26.0, signatories=[{"jabatan": "Kepala Bappeda", "nama": "Dr. Hendra",
                                             "nip": "197001011995031001", "keterangan": ""}]),
        not_counted=("tes_akhir",), minimums={"tes_akhir": 60.0})


@pytest.fixture
def course(make_event):
    return open_course(make_event())


def _expected_passing(people=PEOPLE):
    return [p[0] for p in people if p[3] / 10 * 100 >= 70 and p[4] / 4 * 100 >= 60]


def test_passing_participants_get_a_certificate_whose_code_verifies(course):
    issued, register = cert.issue(_results(), course)
    assert [x.student_id for x in issued] == _expected_passing()
    assert [x.number for x in issued] == [f"{n:03d}/SERT/KEGIATAN/2025"
                                          for n in range(1, len(issued) + 1)]
    cert.save_register(course.root, register)
    for x in issued:
        verdict = cert.verify(course.root, x.code)
        assert verdict.valid and x.name in verdict.message and x.number in verdict.message
        typed = x.code.replace("-", " ").lower()
        assert cert.verify(course.root, typed).valid
    assert (course.root / cert.SECRET).stat().st_mode & 0o077 == 0


def test_a_tampered_code_does_not_verify(course):
    issued, register = cert.issue(_results(), course)
    cert.save_register(course.root, register)
    code = issued[0].code
    for position in (0, 6, 10):
        swapped = "A" if code[position] != "A" else "B"
        tampered = code[:position] + swapped + code[position + 1:]
        verdict = cert.verify(course.root, tampered)
        assert not verdict.valid and "TIDAK SAH" in verdict.message


def test_an_edited_register_does_not_verify(course):
    issued, register = cert.issue(_results(), course)
    cert.save_register(course.root, register)
    path = course.root / cert.REGISTER
    data = json.loads(path.read_text(encoding="utf-8"))
    data[0]["name"] = "Nama Lain"
    path.write_text(json.dumps(data), encoding="utf-8")
    verdict = cert.verify(course.root, issued[0].code)
    assert not verdict.valid and "diubah" in verdict.message


def test_numbers_are_kept_and_changes_replace_or_withdraw(course):
    issued, register = cert.issue(_results(), course)
    cert.save_register(course.root, register)
    again, register = cert.issue(_results(), course)
    assert [(x.number, x.code) for x in again] == [(x.number, x.code) for x in issued]
    renamed = [(p[0], p[1] + " S.E." if p[0] == "p01" else p[1], *p[2:]) for p in PEOPLE]
    renamed = [p if p[0] != "p04" else (p[0], p[1], p[2], 2.0, p[4]) for p in renamed]
    third, register = cert.issue(_results(renamed), course)
    cert.save_register(course.root, register)
    old = {x.student_id: x for x in issued}
    new = {x.student_id: x for x in third}
    assert new["p01"].number == old["p01"].number and new["p01"].code != old["p01"].code
    assert "diganti" in cert.verify(course.root, old["p01"].code).message
    assert cert.verify(course.root, new["p01"].code).valid
    assert "p04" not in new and "ditarik" in cert.verify(course.root, old["p04"].code).message


def test_certificate_pdf_holds_the_particulars_and_a_qr_code_of_the_code(course, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    results = _results()
    issued, _ = cert.issue(results, course)
    files = cert.write_all(issued, results, tmp_path)
    assert set(files) == set(_expected_passing())
    combined = PdfReader(tmp_path / cert.CERT_ALL)
    assert len(combined.pages) == len(issued)
    for page, x in zip(combined.pages, issued):
        text = " ".join(page.extract_text().split())
        for part in (x.name, x.number, x.code, "26 jam pelajaran", "LULUS"):
            assert part in text, part
        if x.nip:
            assert x.nip in text
    for x in issued:
        document = pdfium.PdfDocument(files[x.student_id])
        image = document[0].render(scale=3).to_pil()
        document.close()
        decoded = [r.text for r in zxingcpp.read_barcodes(image)]
        assert decoded == [cert.qr_text(x)] and x.code in decoded[0]


def test_cli_verifikasi_says_valid_or_not(course, capsys):
    issued, register = cert.issue(_results(), course)
    cert.save_register(course.root, register)
    assert main(["verifikasi", issued[0].code, "--course", str(course.root)]) == 0
    assert capsys.readouterr().out.startswith("SAH")
    assert main(["verifikasi", "ZZZZZ-22222", "--course", str(course.root)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("TIDAK SAH") and "Traceback" not in out.err


def test_numbers_follow_the_pattern_and_continue(course):
    course.settings.nomor_sertifikat = "{tahun}/BIMTEK/{jalur}{urut:02d}"
    issued, register = cert.issue(_results(), course)
    cert.save_register(course.root, register)
    assert [x.number for x in issued] == [f"2025/BIMTEK/{n:02d}" for n in range(1, len(issued) + 1)]
    better = [p if p[0] != "p03" else (*p[:3], 9.0, p[4]) for p in PEOPLE]   # p03 passes now
    again, _ = cert.issue(_results(better), course)
    numbers = {x.student_id: x.number for x in again}
    assert numbers["p03"] == f"2025/BIMTEK/{len(issued) + 1:02d}"
    assert all(numbers[x.student_id] == x.number for x in issued)
