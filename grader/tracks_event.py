"""``bimtek init --jalur``: an event that follows a track.

The event gets the track's exercises that exist today, the pre-test and the post-test built
from their butir tes, and settings from the track (jalur, JP, pass rule), written into its
``nbgrader_config.py`` where the organiser may change them. Modules of the track not yet in
the catalogue are named in the notes; nothing is left half-made when a step fails.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogue, tests_prepost, tracks
from .course import CONFIG_FILE, Course, open_course
from .errors import BimtekError
from .event import init_event
from .tests_prepost import Form


@dataclass
class TrackEvent:
    course: Course
    track: tracks.Track
    forms: dict[str, Form]
    notes: list[str] = field(default_factory=list)


def minutes_per_jp(course: Course | None) -> int:
    """Minutes per JP: the event's setting, else the catalogue's."""
    if course is not None and course.settings.menit_per_jp > 0:
        return course.settings.menit_per_jp
    return catalogue.load().minutes_per_jp


def _settings_lines(track: tracks.Track) -> list[str]:
    return [
        "",
        f"# Jalur kegiatan (course/silabus.toml): {track.title}. Tugas, tes awal/akhir, jadwal,",
        "# daftar kelulusan dan sertifikat mengikuti jalur ini.",
        f"c.Bimtek.jalur = {track.id!r}",
        "# Syarat lulus jalur ini: nilai tugas paling sedikit batas_lulus persen dan nilai tes",
        "# akhir paling sedikit batas_tes_akhir persen (0: tes akhir bukan syarat).",
        f"c.Bimtek.batas_tes_akhir = {track.rule.post_test!r}",
        "# Menit per JP pada jadwal (0: menurut silabus).",
        "c.Bimtek.menit_per_jp = 0",
        "# Batas kategori gain ternormalisasi (rendah < pertama <= sedang < kedua <= tinggi).",
        "c.Bimtek.pita_gain = [0.3, 0.7]",
        "# Pola nomor sertifikat ({urut}, {kegiatan}, {jalur}, {tahun}).",
        "c.Bimtek.nomor_sertifikat = '{urut:03d}/SERT/{kegiatan}/{tahun}'",
    ]


def _write_settings(root: Path, track: tracks.Track) -> None:
    path = root / CONFIG_FILE
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"^c\.Bimtek\.batas_lulus = .*$",
                          f"c.Bimtek.batas_lulus = {track.rule.exercises!r}  # dari jalur "
                          f"{track.id}: nilai tugas minimum (persen)", text, flags=re.M)
    if not count:
        text += f"\nc.Bimtek.batas_lulus = {track.rule.exercises!r}\n"
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(_settings_lines(track)) + "\n",
                    encoding="utf-8")


def init_track_event(directory: str | Path, track_id: str, *, db_url: str | None = None,
                     event: dict | None = None) -> TrackEvent:
    """Create the event folder ``directory`` for the track ``track_id`` (see module doc)."""
    track = tracks.get(track_id)
    tracks.require_modules(track)
    tests_prepost.assemble(track)            # a broken butir_tes.toml is refused before init
    event = dict(event or {})
    if not event.get("jp"):
        event["jp"] = track.jp
    root = Path(directory).resolve()
    existed = root.exists()
    course = init_event(root, db_url=db_url, event=event,
                        assignments=[m.assignment for m in track.modules])
    try:
        _write_settings(course.root, track)
        course = open_course(course.root)
        forms = tests_prepost.install(course, track, minutes_per_jp=minutes_per_jp(course))
    except BaseException:
        if existed:
            for child in root.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        else:
            shutil.rmtree(root, ignore_errors=True)
        raise
    notes = track.notes()
    for form in forms.values():
        notes += [n for n in form.notes if n not in notes]
    return TrackEvent(course=course, track=track, forms=forms, notes=notes)


def course_track(course: Course) -> tracks.Track | None:
    """The event's track (c.Bimtek.jalur), or None for an event without one."""
    if not course.settings.jalur:
        return None
    try:
        return tracks.get(course.settings.jalur)
    except BimtekError as exc:
        raise BimtekError(f"{exc} Periksa c.Bimtek.jalur di {course.root / CONFIG_FILE}.") from None
