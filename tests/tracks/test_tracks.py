"""The tracks in the catalogue: the modules the real events need, schedules that add up, and
modules still being written reported instead of dropped."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from grader import catalogue, tracks
from grader.errors import BimtekError

REPO = Path(__file__).resolve().parents[2]
# The events behind the tracks (issue "Tracks, pre-test and post-test..."): module numbers.
WANTED = {"kota": {7, 8, 9, 10, 11, 13}, "musrenbang": {0, 2, 3, 5}, "desa": {0, 1, 2, 5, 6}}
DAYS = {"kota": 3, "musrenbang": 2, "desa": 3}


def _number(module_id: str) -> int:
    return int(re.match(r"m(\d{2})_", module_id).group(1))


def test_three_tracks_with_the_modules_of_their_events():
    found = tracks.load()
    assert set(found) == set(WANTED)
    for track_id, numbers in WANTED.items():
        track = found[track_id]
        assert numbers <= {_number(m) for m in track.module_ids}, track_id
        assert track.days == DAYS[track_id]
        assert 0 < track.rule.exercises <= 100 and 0 <= track.rule.post_test <= 100


def test_present_and_missing_modules_follow_the_catalogue():
    cat = catalogue.load()
    by_number = {m.number: m for m in cat.modules}
    for track in tracks.load().values():
        for module_id in track.module_ids:
            module, note = track.resolve(module_id)
            present = by_number.get(_number(module_id))
            assert module == present, module_id
            assert (module_id in track.missing) == (present is None)
            if present is not None and present.id != module_id:
                assert present.id in note           # renamed: used, with a note
        assert track.assignments[0] == tracks.PRE and track.assignments[-1] == tracks.POST
        assert track.assignments[1:-1] == [m.assignment for m in track.modules]


def test_schedule_adds_up_and_uses_the_catalogue_jp():
    cat = catalogue.load()
    for track in tracks.load().values():
        assert track.jp == pytest.approx(sum(track.day_jp(d) for d in range(1, track.days + 1)))
        for session in track.sessions:
            module, _ = track.resolve(session.module_id) if session.module_id else (None, "")
            expected = module.jp if module is not None else session.jp
            assert track.session_jp(session) == expected
        slots = tracks.timetable(track, minutes_per_jp=cat.minutes_per_jp)
        for day in range(1, track.days + 1):
            part = [s for s in slots if s.day == day]
            for before, after in zip(part, part[1:]):
                assert before.end == after.start                  # no gap, no overlap
            teaching = sum(s.jp for s in part) * cat.minutes_per_jp
            breaks = sum(tracks._minutes(s.end) - tracks._minutes(s.start)
                         for s in part if s.kind == "istirahat")
            span = tracks._minutes(part[-1].end) - tracks._minutes(part[0].start)
            assert span == teaching + breaks
            assert not any(a.kind == b.kind == "istirahat" for a, b in zip(part, part[1:]))
        missing = [s for s in slots if s.note.startswith("belum tersedia")]
        assert len(missing) == len(track.missing)


@pytest.fixture
def scratch_catalogue(tmp_path):
    """A copy of the catalogue to edit."""
    path = tmp_path / "course" / "silabus.toml"
    path.parent.mkdir()
    shutil.copy(REPO / "course" / "silabus.toml", path)
    return path


def test_a_renamed_module_is_used_with_a_note(scratch_catalogue):
    text = scratch_catalogue.read_text(encoding="utf-8")
    text = text.replace('"m11_kurva_s", "m12_risiko"', '"m11_kurva_s_lama", "m12_risiko"')
    text = text.replace('modul = "m11_kurva_s"', 'modul = "m11_kurva_s_lama"')
    scratch_catalogue.write_text(text, encoding="utf-8")
    track = tracks.load(catalogue.load(scratch_catalogue, root=REPO))["kota"]
    module, note = track.resolve("m11_kurva_s_lama")
    assert module.id == "m11_kurva_s" and "m11_kurva_s" in note
    assert any("m11_kurva_s_lama" in n for n in track.notes())


@pytest.mark.parametrize("old, new, words", [
    ('id = "desa"', 'id = "Desa Baru"', "huruf kecil"),
    ('lulus = { tugas = 60, tes_akhir = 50 }', 'lulus = { tugas = 160 }', "lulus"),
    ('{ hari = 3, tes = "akhir", jp = 1 },', '', 'tes "awal" lalu satu tes "akhir"'),
    ('{ hari = 3, modul = "m06_spm_sdgs", jp = 3 },', '', "modul tanpa sesi"),
    ('{ hari = 2, modul = "m05_indikator", jp = 3 },\n    { hari = 2, acara = "Praktik',
     '{ hari = 2, modul = "m05_indikator", jp = 0 },\n    { hari = 2, acara = "Praktik', "jp"),
])
def test_a_broken_track_is_refused_naming_the_fix(scratch_catalogue, old, new, words):
    text = scratch_catalogue.read_text(encoding="utf-8")
    tail = text[text.index('id = "desa"'):]
    assert old in tail, old
    scratch_catalogue.write_text(text.replace(tail, tail.replace(old, new, 1)), encoding="utf-8")
    with pytest.raises(BimtekError) as caught:
        tracks.load(catalogue.load(scratch_catalogue, root=REPO))
    message = str(caught.value)
    assert "desa" in message.lower() and words in message and "\n" not in message


def test_unknown_track_names_the_known_ones():
    with pytest.raises(BimtekError, match="kota, musrenbang, desa"):
        tracks.get("provinsi")
