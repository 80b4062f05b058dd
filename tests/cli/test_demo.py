"""Does `bimtek demo` run end to end, and do its reports contain every participant?"""
from __future__ import annotations

import csv

import openpyxl
import pytest

from grader import statuses
from grader.cli import main

pytestmark = pytest.mark.slow

PESERTA = 12


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "hasil"
    code = main(["demo", "--peserta", str(PESERTA), "--out", str(out)])
    return code, out


def test_demo_finishes(demo, capsys):
    """Does the demo exit 0 and leave the three kinds of report?"""
    code, out = demo
    assert code == 0
    assert (out / "rekap_nilai.xlsx").exists()
    assert (out / "laporan.html").exists()
    assert (out / "laporan.pdf").read_bytes().startswith(b"%PDF")
    assert any((out / "umpan_balik").glob("*.pdf"))


def test_every_participant_is_in_every_report(demo):
    """Is every synthetic participant in the Excel recap, the results file and the feedback pages?"""
    _code, out = demo
    ids = {f"p{n:03d}" for n in range(1, PESERTA + 1)}
    sheet = openpyxl.load_workbook(out / "rekap_nilai.xlsx")["Rekap"]
    header = [c.value for c in sheet[1]]
    column = header.index("ID")
    in_excel = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    assert sorted(in_excel) == sorted(ids)
    with (out / "hasil_m11_kurva_s.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows} == ids
    files = {p.name for p in (out / "umpan_balik").iterdir()}
    for participant in ids:   # one PDF and one HTML named "<Nama>_<id>" per participant
        assert sum(f.endswith((f"_{participant}.pdf", f"_{participant}.html")) for f in files) == 2


def test_demo_mixes_the_kinds_of_submission(demo):
    """Does the simulated cohort include corrupt, timed-out and unsubmitted work, each reported?"""
    _code, out = demo
    with (out / "hasil_m11_kurva_s.csv").open(encoding="utf-8") as handle:
        found = {r["status"] for r in csv.DictReader(handle)}
    assert {statuses.BERKAS_RUSAK, statuses.WAKTU_HABIS, statuses.TIDAK_MENGUMPULKAN,
            statuses.PERLU_PENILAIAN_MANUAL} <= found


def test_demo_default_is_the_catalogue_exemplar(demo):
    """Without --tugas, does the demo simulate and grade exactly the catalogue's exemplar?"""
    from grader import catalogue
    _code, out = demo
    exemplar = catalogue.load().exemplar_module.assignment
    assert sorted(p.name for p in out.glob("hasil_*.csv")) == [f"hasil_{exemplar}.csv"]


@pytest.mark.parametrize("tugas, message", [
    ("m99_tidak_ada", "tidak ada di silabus"),
    ("semua,m11_kurva_s", "tidak dapat digabung"),
])
def test_demo_refuses_unknown_assignments(tmp_path, capsys, tugas, message):
    """Is an unknown --tugas (or 'semua' mixed with ids) refused in one line naming the known
    modules, before anything is made?"""
    code = main(["demo", "--tugas", tugas, "--peserta", "3", "--out", str(tmp_path / "hasil")])
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1
    assert "Traceback" not in err
    assert not (tmp_path / "hasil").exists()
