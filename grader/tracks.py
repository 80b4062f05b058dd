"""Tracks (jalur): the events the curriculum is taught as, read from ``course/silabus.toml``.

A track lists its modules by id, a day-by-day schedule in JP and its pass rule. Modules are
resolved against the catalogue at the time of use, so a track may name modules that are still
being written: they are reported as missing ("belum tersedia") and left out of the event,
the tests and the schedule's totals of what can be taught today. A module present under another
slug with the same number is used, with a note, so that a renamed module does not silently drop
out of its track.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogue as cat
from .catalogue import Catalogue, Module
from .errors import BimtekError

PRE, POST = "tes_awal", "tes_akhir"           # assignment ids of the pre-test and post-test
TEST_KINDS = {"awal": PRE, "akhir": POST}
TEST_TITLES = {PRE: "Tes awal", POST: "Tes akhir"}
DAY_START = "08.00"
BREAKS = (("10.00", 15, "Rehat kopi"), ("12.00", 60, "Istirahat, salat dan makan (ISHOMA)"),
          ("15.00", 15, "Rehat kopi"))


@dataclass(frozen=True)
class Session:
    """One entry of a track's schedule."""
    day: int
    jp: float
    title: str = ""
    module_id: str = ""        # as written in the track
    test: str = ""             # PRE or POST


@dataclass(frozen=True)
class PassRule:
    exercises: float           # minimum percent of the track's exercise points
    post_test: float           # minimum percent of the post-test (0: not a condition)

    def text(self) -> str:
        parts = [f"nilai tugas paling sedikit {_num(self.exercises)}% dari nilai maksimum"]
        if self.post_test:
            parts.append(f"nilai tes akhir paling sedikit {_num(self.post_test)}%")
        return " dan ".join(parts)


@dataclass
class Track:
    id: str
    title: str
    audience: str
    module_ids: tuple[str, ...]
    rule: PassRule
    items_per_objective: int
    sessions: tuple[Session, ...]
    catalogue: Catalogue = field(repr=False, compare=False, default=None)

    # --- modules as the catalogue has them today ----------------------------------------
    def resolve(self, module_id: str) -> tuple[Module | None, str]:
        """(module, note): the catalogue's module for ``module_id`` — exact id, else the same
        number under another slug (with a note) — or (None, "belum tersedia" note)."""
        for module in self.catalogue.modules:
            if module.id == module_id:
                return module, ""
        match = cat.ID_PATTERN.match(module_id)
        if match:
            for module in self.catalogue.modules:
                if module.number == int(match.group(1)):
                    return module, (f"jalur {self.id} menyebut {module_id}; silabus memuat "
                                    f"{module.id} (nomor sama), yang dipakai")
        return None, f"modul {module_id} belum tersedia"

    @property
    def modules(self) -> list[Module]:
        """The track's modules present in the catalogue, in the track's order."""
        found = []
        for module_id in self.module_ids:
            module, _ = self.resolve(module_id)
            if module is not None and module not in found:
                found.append(module)
        return found

    @property
    def missing(self) -> list[str]:
        """Ids of the track's modules not in the catalogue yet."""
        return [m for m in self.module_ids if self.resolve(m)[0] is None]

    def notes(self) -> list[str]:
        """Every module not available as written: missing, or present under another id."""
        return [note for m in self.module_ids if (note := self.resolve(m)[1])]

    @property
    def assignments(self) -> list[str]:
        """What an event of this track releases: the pre-test, the exercises, the post-test."""
        return [PRE, *(m.assignment for m in self.modules), POST]

    # --- schedule ----------------------------------------------------------------------
    def session_jp(self, session: Session) -> float:
        if session.module_id:
            module, _ = self.resolve(session.module_id)
            if module is not None:
                return float(module.jp)
        return float(session.jp)

    def session_title(self, session: Session) -> str:
        if session.test:
            return f"{TEST_TITLES[session.test]} (pilihan ganda dan isian singkat)"
        if session.module_id:
            module, _ = self.resolve(session.module_id)
            if module is not None:
                return module.label
            match = cat.ID_PATTERN.match(session.module_id)
            return f"M{match.group(1)} ({session.module_id})" if match else session.module_id
        return session.title

    @property
    def days(self) -> int:
        return max((s.day for s in self.sessions), default=0)

    @property
    def jp(self) -> float:
        """The track's JP as scheduled (catalogue JP for present modules, planned for others)."""
        return float(sum(self.session_jp(s) for s in self.sessions))

    def day_jp(self, day: int) -> float:
        return float(sum(self.session_jp(s) for s in self.sessions if s.day == day))


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _fail(path: Path, where: str, what: str) -> BimtekError:
    return BimtekError(f"Silabus {path}: {where}: {what}")


def _number(value, *, positive: bool = True) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and (value > 0 if positive else value >= 0))


def _sessions(path: Path, where: str, raw, module_ids: tuple[str, ...]) -> tuple[Session, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(path, where, 'jadwal harus daftar sesi, misalnya jadwal = [{ hari = 1, '
                                 'modul = "m11_kurva_s", jp = 4 }].')
    sessions = []
    for index, item in enumerate(raw, start=1):
        spot = f"{where}, jadwal ke-{index}"
        if not isinstance(item, dict) or not isinstance(item.get("hari"), int) or item["hari"] < 1:
            raise _fail(path, spot, "tulis hari (bilangan bulat mulai 1).")
        kinds = [k for k in ("modul", "tes", "acara") if k in item]
        if len(kinds) != 1:
            raise _fail(path, spot, "tulis tepat satu dari modul, tes, atau acara.")
        if not _number(item.get("jp")):
            raise _fail(path, spot, "jp harus angka positif (JP yang direncanakan).")
        kind = kinds[0]
        if kind == "modul" and item["modul"] not in module_ids:
            raise _fail(path, spot, f"modul {item['modul']!r} tidak ada di daftar modul jalur ini.")
        if kind == "tes" and item["tes"] not in TEST_KINDS:
            raise _fail(path, spot, 'tes harus "awal" atau "akhir".')
        if kind == "acara" and not str(item["acara"]).strip():
            raise _fail(path, spot, "acara tidak boleh kosong.")
        sessions.append(Session(day=item["hari"], jp=float(item["jp"]),
                                title=str(item.get("acara", "")),
                                module_id=item.get("modul", ""),
                                test=TEST_KINDS.get(item.get("tes", ""), "")))
    days = sorted({s.day for s in sessions})
    if days != list(range(1, len(days) + 1)) or [s.day for s in sessions] != sorted(
            s.day for s in sessions):
        raise _fail(path, where, "hari harus berurutan mulai 1 tanpa loncatan.")
    tests = [s.test for s in sessions if s.test]
    if sorted(tests) != sorted([PRE, POST]) or tests.index(PRE) > tests.index(POST):
        raise _fail(path, where, 'jadwal harus memuat tepat satu tes "awal" lalu satu tes "akhir".')
    scheduled = [s.module_id for s in sessions if s.module_id]
    unscheduled = [m for m in module_ids if m not in scheduled]
    if unscheduled:
        raise _fail(path, where, f"modul tanpa sesi di jadwal: {', '.join(unscheduled)}.")
    return tuple(sessions)


def _track(path: Path, index: int, entry: dict, catalogue: Catalogue) -> Track:
    where = f"jalur ke-{index} ({entry.get('id', '?')})"
    for key in ("id", "judul", "modul", "lulus", "jadwal"):
        if key not in entry:
            raise _fail(path, where, f"tidak punya {key}.")
    if not isinstance(entry["id"], str) or not re.fullmatch(r"[a-z][a-z0-9_]*", entry["id"]):
        raise _fail(path, where, "id harus huruf kecil tanpa spasi, misalnya \"kota\".")
    modules = entry["modul"]
    if (not isinstance(modules, list) or not modules
            or not all(isinstance(m, str) and cat.ID_PATTERN.match(m) for m in modules)
            or len(set(modules)) != len(modules)):
        raise _fail(path, where, 'modul harus daftar id modul yang berbeda, misalnya '
                                 'modul = ["m00_orientasi", "m11_kurva_s"].')
    rule = entry["lulus"]
    if (not isinstance(rule, dict) or set(rule) - {"tugas", "tes_akhir"}
            or not all(_number(rule.get(k, 0), positive=False) and rule.get(k, 0) <= 100
                       for k in ("tugas", "tes_akhir")) or "tugas" not in rule):
        raise _fail(path, where, "lulus harus { tugas = 70, tes_akhir = 60 } (persen, 0-100).")
    per_objective = entry.get("butir_per_tujuan", 0)
    if not isinstance(per_objective, int) or isinstance(per_objective, bool) or per_objective < 0:
        raise _fail(path, where, "butir_per_tujuan harus bilangan bulat 0 atau lebih.")
    return Track(
        id=entry["id"], title=str(entry["judul"]), audience=str(entry.get("peserta", "")),
        module_ids=tuple(modules),
        rule=PassRule(float(rule["tugas"]), float(rule.get("tes_akhir", 0))),
        items_per_objective=per_objective,
        sessions=_sessions(path, where, entry["jadwal"], tuple(modules)), catalogue=catalogue)


def load(catalogue: Catalogue | None = None) -> dict[str, Track]:
    """Every track of the catalogue by id, in the catalogue's order."""
    catalogue = catalogue or cat.load()
    path = Path(catalogue.path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BimtekError(f"Silabus {path} tidak dapat dibaca: {exc}.") from None
    entries = raw.get("jalur", [])
    if not isinstance(entries, list):
        raise BimtekError(f"Silabus {path}: tulis setiap jalur sebagai [[jalur]].")
    tracks: dict[str, Track] = {}
    for index, entry in enumerate(entries, start=1):
        track = _track(path, index, entry, catalogue)
        if track.id in tracks:
            raise _fail(path, f"jalur ke-{index}", f"id {track.id!r} dipakai lebih dari sekali.")
        tracks[track.id] = track
    return tracks


def get(track_id: str, catalogue: Catalogue | None = None) -> Track:
    """The track ``track_id``; BimtekError naming the known ones."""
    tracks = load(catalogue)
    if track_id not in tracks:
        known = ", ".join(tracks) or "(belum ada)"
        raise BimtekError(f"Jalur '{track_id}' tidak ada di silabus. Jalur yang ada: {known}.")
    return tracks[track_id]


def require_modules(track: Track) -> None:
    """Refuse a track none of whose modules is in the catalogue yet (nothing to teach)."""
    if not track.modules:
        raise BimtekError(
            f"Jalur {track.id} belum dapat dipakai: belum ada satu pun modulnya di silabus "
            f"({', '.join(track.module_ids)} belum tersedia). Pilih jalur lain (lihat: "
            "bimtek jadwal --jalur NAMA) atau tunggu modulnya selesai.")


# --- the printable schedule ----------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    day: int
    date: dt.date | None
    start: str                 # "08.00"
    end: str
    title: str
    jp: float                  # 0 for breaks
    note: str = ""             # "belum tersedia", module id, ...
    kind: str = "sesi"         # "sesi", "istirahat"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _minutes(text: str) -> int:
    hours, _, mins = text.replace(":", ".").partition(".")
    return int(hours) * 60 + int(mins or 0)


def timetable(track: Track, *, minutes_per_jp: int, first_day: dt.date | None = None,
              day_start: str = DAY_START) -> list[Slot]:
    """The schedule with clock times: sessions in order, with breaks near 10.00 (rehat kopi),
    12.00 (ISHOMA) and 15.00 (rehat kopi) placed between sessions; JP of present modules from
    the catalogue, planned JP for the others."""
    slots = []
    for day in range(1, track.days + 1):
        date = first_day + dt.timedelta(days=day - 1) if first_day else None
        now = _minutes(day_start)
        pending = [(_minutes(at), length, title) for at, length, title in BREAKS]
        for session in [s for s in track.sessions if s.day == day]:
            jp = track.session_jp(session)
            length = round(jp * minutes_per_jp)
            # a break comes before a session that starts near its time or would run well past it
            while pending and (now >= pending[0][0] - 30 or (
                    now + length > pending[0][0] + 60 and now >= pending[0][0] - 90)):
                _, pause, title = pending.pop(0)
                slots.append(Slot(day, date, _clock(now), _clock(now + pause), title, 0.0,
                                  kind="istirahat"))
                now += pause
                pending = [b for b in pending if b[0] >= now + 90]   # no two breaks in a row
            note = ""
            if session.module_id:
                module, text = track.resolve(session.module_id)
                note = ("tugas bernilai" if module else "belum tersedia") + (
                    f"; {text}" if module and text else "")
            elif session.test:
                note = "dinilai otomatis"
            slots.append(Slot(day, date, _clock(now), _clock(now + length),
                              track.session_title(session), jp, note))
            now += length
    return slots
