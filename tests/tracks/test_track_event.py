"""An event that follows a track, end to end: `bimtek init --jalur`, and `bimtek demo --jalur`
(pre-test, every exercise of the track that exists, post-test, graded for real) with its
reports: gain, item analysis, pass list and certificates."""
from __future__ import annotations

import dataclasses
import math

import openpyxl
import pytest
from pypdf import PdfReader

from grader import tracks
from grader.cli import main
from grader.report import certificates as cert
from grader.report import collect as c
from grader.report import gain as g
from grader.tests_prepost.items import read

TRACKS = list(tracks.load().values())
USABLE = [t for t in TRACKS if any(read(m) for m in t.modules)]
PARTICIPANTS = 8


@pytest.fixture
def empty_track(monkeypatch):
    """A track "kosong" whose only module is not in the catalogue (as every track's was once)."""
    real = tracks.load

    def load(catalogue=None):
        found = real(catalogue)
        fake = dataclasses.replace(
            found[TRACKS[0].id], id="kosong", module_ids=("m98_belum_ada",), sessions=(
                tracks.Session(1, 1.0, test=tracks.PRE),
                tracks.Session(1, 2.0, module_id="m98_belum_ada"),
                tracks.Session(1, 1.0, test=tracks.POST)))
        return {**found, "kosong": fake}
    monkeypatch.setattr(tracks, "load", load)
    return "kosong"


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.mark.parametrize("track", USABLE, ids=[t.id for t in USABLE])
def test_init_with_a_track(track, tmp_path, capsys):
    folder = tmp_path / "kegiatan"
    assert main(["init", str(folder), "--jalur", track.id, "--tanpa-tanya"]) == 0
    out = capsys.readouterr().out
    assert f"Jalur {track.id}" in out
    for module_id in track.missing:
        assert f"modul {module_id} belum tersedia" in out
    for assignment in track.assignments:
        assert (folder / "release" / assignment / f"{assignment}.ipynb").is_file(), assignment
    config = (folder / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f"c.Bimtek.jalur = {track.id!r}" in config
    assert f"c.Bimtek.batas_tes_akhir = {track.rule.post_test!r}" in config
    assert f"c.Bimtek.jp = {track.jp!r}" in config


@pytest.mark.parametrize("args, words", [
    (["--jalur", "provinsi"], "Jalur yang ada"),
    (["--jalur", "kosong"], "m98_belum_ada belum tersedia"),
])
def test_init_refuses_an_unusable_track_and_makes_nothing(args, words, tmp_path, capsys,
                                                           empty_track):
    folder = tmp_path / "kegiatan"
    assert main(["init", str(folder), "--tanpa-tanya", *args]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not folder.exists()


@pytest.mark.parametrize("args, words", [
    (["--jalur", "kosong"], "m98_belum_ada belum tersedia"),
    (["--jalur", "kota", "--tugas", "m11_kurva_s"], "bersamaan"),
])
def test_demo_refuses_what_it_cannot_simulate(args, words, tmp_path, capsys, empty_track):
    assert main(["demo", "--out", str(tmp_path / "hasil"), *args]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if not USABLE:
        pytest.skip("no track has a module in the catalogue yet")
    from grader.demo_jalur import run_track_demo
    out = tmp_path_factory.mktemp("demo-jalur") / "hasil"
    return run_track_demo(USABLE[0].id, peserta=PARTICIPANTS, out=out, progress=False,
                          say=lambda *_: None)


@pytest.mark.slow
def test_demo_grades_every_assignment_of_the_track(demo):
    track = demo.event.track
    assert list(demo.runs) == track.assignments
    for run in demo.runs.values():
        assert len(run.results) == PARTICIPANTS
    frame = demo.reports.results.frame
    graded = frame[frame[c.ADA_NILAI]]
    assert set(graded[c.TUGAS]) == set(track.assignments)


@pytest.mark.slow
def test_demo_report_has_gain_and_item_analysis(demo):
    text = _text(demo.reports.pdf)
    for words in ("Tes awal, tes akhir dan gain pembelajaran", "Gain per peserta",
                  "Analisis butir", "Reliabilitas tes (KR-20)", "Butir yang perlu ditelaah"):
        assert words in text, words
    ev = demo.reports.results.evaluation
    both = ev.gains.dropna(subset=[g.H_AWAL, g.H_AKHIR])
    assert len(both) >= PARTICIPANTS // 2
    assert both[g.H_AKHIR].mean() > both[g.H_AWAL].mean()      # the simulated learning shows
    for row in both.itertuples(index=False):
        pre, post, gain = row[-4], row[-3], row[-2]
        if pre < 100:
            assert gain == pytest.approx((post - pre) / (100 - pre), abs=0.006)
    manifest_items = sum(len(f.items) for f in demo.event.forms.values())
    tests = ev.items[ev.items["_tugas"].isin([tracks.PRE, tracks.POST])]
    assert len(tests) == manifest_items


@pytest.mark.slow
def test_demo_workbook_has_the_track_sheets(demo):
    book = openpyxl.load_workbook(demo.reports.excel, read_only=True)
    for name in ("Kelulusan", "Gain per peserta", "Analisis butir", "Reliabilitas tes",
                 "Pilihan jawaban tes", "Kesalahan umum"):
        assert name in book.sheetnames, name
    rows = list(book["Kelulusan"].iter_rows(values_only=True))
    assert len(rows) == PARTICIPANTS + 1


@pytest.mark.slow
def test_demo_pass_list_and_certificates_follow_the_rule(demo, capsys):
    results = demo.reports.results
    people = results.participants
    passing = people[(people[c.KETERANGAN] == c.KET_LULUS) & ~people[c.MENUNGGU]]
    post = results.frame[results.frame[c.TUGAS] == tracks.POST].set_index(c.ID)
    for row in people.to_dict("records"):
        post_pct = post.loc[row[c.ID], c.NILAI] / post.loc[row[c.ID], c.NILAI_MAKS] * 100
        expected = (row[c.PERSEN] >= results.threshold
                    and post_pct >= results.minimums.get(tracks.POST, 0))
        assert (row[c.KETERANGAN] == c.KET_LULUS) == expected, row[c.ID]
    listing = _text(demo.reports.passlist)
    for name in people[c.NAMA]:
        assert name in listing
    certs = results.evaluation.certificates
    assert sorted(x.student_id for x in certs) == sorted(passing[c.ID])
    assert set(demo.reports.certificates) == set(passing[c.ID])
    assert len(PdfReader(demo.reports.pdf.parent / cert.CERT_ALL).pages) == max(len(certs), 1)
    root = str(demo.course.root)
    for x in certs:
        assert main(["verifikasi", x.code, "--course", root]) == 0
        assert x.number in listing
    if certs:
        code = certs[0].code
        tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
        assert main(["verifikasi", tampered, "--course", root]) == 1
    capsys.readouterr()


@pytest.mark.slow
def test_schedule_of_the_demo_event(demo, tmp_path, capsys):
    out = tmp_path / "jadwal.pdf"
    assert main(["jadwal", "--course", str(demo.course.root), "--out", str(out)]) == 0
    text = _text(out)
    track = demo.event.track
    for day in range(1, track.days + 1):
        assert f"Hari ke-{day}" in text
    for module in track.modules:
        assert module.label.split(" ", 1)[0] in text
    assert main(["jadwal", "--course", str(demo.course.root), "--out", str(out)]) == 1
    assert "--timpa" in capsys.readouterr().err
    assert not math.isnan(track.jp)
