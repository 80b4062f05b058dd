"""``bimtek demo --jalur NAMA``: a whole event of a track on synthetic participants.

An event of the track is made in a temporary folder (with a letterhead, signatories and dates,
all fictional), a synthetic roster with NIPs is imported, and every participant gets a
pre-test, each exercise of the track that exists, and a post-test. Participants differ: each has
an ability and a learning gain drawn from a seeded generator, which decide how likely each test
answer is right and how complete each exercise is (partly wrong ones carry the module's
declared mistakes). A few hand in nothing, an empty notebook, or a broken file. Everything is
graded with the real grader and the reports are written: the official report with gain and
item analysis, the workbook, feedback, the pass list and the certificates.
"""
from __future__ import annotations

import csv
import math
import random
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import tracks
from .demo import _simulate
from .grade import GradeRun, grade
from .report import Reports, write_reports
from .roster import import_roster
from .simulate.mistakes import ENDLESS_LOOP, SYNTAX_ERROR
from .simulate.notebooks import fill, write
from .simulate.roster import make_roster
from .tests_prepost import read_manifest
from .tracks_event import TrackEvent, init_track_event

DEMO_EVENT = {
    "nama_kegiatan": "Bimbingan Teknis {judul} (DEMO, data sintetis)",
    "penyelenggara": "Badan Perencanaan Pembangunan Daerah Kota Tirtamarta (fiktif)",
    "tempat": "Aula Bappeda Kota Tirtamarta", "tanggal_mulai": "2025-03-10",
    "kop_baris": ["PEMERINTAH KOTA TIRTAMARTA (FIKTIF)",
                  "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
                  "Jl. Merdeka No. 1, Tirtamarta 12345"],
    "penandatangan": [
        {"keterangan": "Mengetahui,", "jabatan": "Kepala Bappeda Kota Tirtamarta",
         "nama": "Dr. Hendra Wijaya, M.Si.", "nip": "197001011995031001"},
        {"keterangan": "", "jabatan": "Ketua Panitia", "nama": "Ratna Sari, S.T.",
         "nip": "198203152006042003"}],
    "kota_ttd": "Tirtamarta",
}
JABATAN = ["Perencana Ahli Pertama", "Perencana Ahli Muda", "Analis Anggaran",
           "Pengelola Data", "Penata Kelola Pengadaan", "Kepala Seksi", "Staf Teknis"]


@dataclass
class TrackDemo:
    event: TrackEvent
    runs: dict[str, GradeRun]
    reports: Reports
    seconds: dict[str, float] = field(default_factory=dict)   # step -> wall seconds
    ability: dict[str, float] = field(default_factory=dict)

    @property
    def course(self):
        return self.event.course


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _nip(rng: random.Random, number: int) -> str:
    """A fictional 18-digit NIP: birth date, appointment month, sex, sequence."""
    born = f"{rng.randint(1968, 1997)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    appointed = f"{int(born[:4]) + rng.randint(22, 30)}{rng.randint(1, 12):02d}"
    return f"{born}{appointed}{rng.randint(1, 2)}{number % 1000:03d}"


def _roster(course, peserta: int, seed: int) -> list[str]:
    rng = random.Random(f"{seed}-nip")
    rows = make_roster(peserta, seed=seed)
    for number, row in enumerate(rows, start=1):
        row["nip"] = _nip(rng, number)
        row["jabatan"] = rng.choice(JABATAN)
    path = course.root.parent / "daftar_peserta_demo.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    import_roster(course=course, file=path)
    return [row["id"] for row in rows]


def _wrong_short_answer(key: str, rng: random.Random) -> str:
    """A plausible wrong short answer: the key's first number off by a factor or a slip."""
    match = re.search(r"\d[\d.,]*", key)
    if not match:
        return rng.choice(["tidak tahu", "-"])
    factor = rng.choice(["0", "00"])
    return key[:match.end()] + factor + key[match.end():]


def _answer_tests(course, assignment: str, ability: dict[str, float], rng: random.Random,
                  *, present: float) -> None:
    """Write each participant's answers to one test, right with a probability that grows
    with the participant's ability and falls with the item's difficulty."""
    manifest = read_manifest(course.root, assignment)
    release = nbformat.read(course.path("release", ".", assignment) / f"{assignment}.ipynb", 4)
    hardness = {q["butir"]: random.Random(f"butir-{q['butir']}").gauss(0.0, 0.9)
                for q in manifest["soal"]}
    for student_id, theta in ability.items():
        if rng.random() > present:
            continue                                    # absent from this test
        answers = {}
        for q in manifest["soal"]:
            right = rng.random() < _logistic(1.3 * (theta - hardness[q["butir"]]))
            if q["jenis"] == "pilihan_ganda":
                wrong = [letter for letter, _ in q["pilihan"] if letter != q["kunci_huruf"]]
                letter = q["kunci_huruf"] if right else rng.choices(
                    wrong, weights=[3, 2, 1, 1, 1][:len(wrong)])[0]
                value = letter if rng.random() > 0.03 else ""      # now and then left blank
            else:
                value = q["kunci"] if right else _wrong_short_answer(q["kunci"], rng)
            answers[f"jawab_soal{q['nomor']}"] = (f"# Jawaban saya\n{q['jawaban']} = {value!r}")
        target = course.path("submitted", student_id, assignment) / f"{assignment}.ipynb"
        write(fill(release, answers), target)


def _exercise_kinds(ids: list[str], skill: dict[str, float], rng: random.Random,
                    breakages: bool) -> dict[str, str]:
    """Kind of each participant's submission of one exercise, from their skill; the first
    exercise also gets one syntax error, one endless loop and one broken file."""
    kinds = {}
    for student_id in ids:
        roll = rng.random()
        if roll < 0.03:
            kinds[student_id] = "tidak_mengumpulkan"
        elif roll < 0.05:
            kinds[student_id] = "kosong"
        else:
            full = _logistic(1.6 * skill[student_id] + 0.2)
            kinds[student_id] = "lengkap" if rng.random() < full else "sebagian_salah"
    if breakages:
        for student_id, kind in zip(rng.sample(ids, min(3, len(ids))),
                                    (SYNTAX_ERROR, ENDLESS_LOOP, "berkas_rusak")):
            kinds[student_id] = kind
    return kinds


def _grade_reflections(course, assignment: str, skill: dict[str, float],
                       rng: random.Random) -> int:
    """Play the instructor: give every answer waiting for manual grading (the reflection) a
    score that follows the participant's skill, as formgrader would record it."""
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning
    graded = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            for submission in gb.assignment_submissions(assignment):
                for notebook in submission.notebooks:
                    for item in notebook.grades:
                        if not item.needs_manual_grade:
                            continue
                        share = min(1.0, max(0.0, 0.55 + 0.2 * skill.get(
                            submission.student.id, 0.0) + rng.gauss(0, 0.15)))
                        item.manual_score = round(share * float(item.max_score or 0))
                        item.needs_manual_grade = False
                        graded += 1
            gb.db.commit()
    return graded


def run_track_demo(jalur: str, *, peserta: int = 40, out: Path = Path("hasil-demo"),
                   workers: int | None = None, seed: int = 2026, progress: bool = True,
                   say=print) -> TrackDemo:
    """Simulate and grade a whole event of track ``jalur``; reports go to ``out``."""
    track = tracks.get(jalur)
    tracks.require_modules(track)
    out = Path(out).resolve()
    seconds: dict[str, float] = {}
    start = time.monotonic()
    event_dir = Path(tempfile.mkdtemp(prefix="bimtek-demo-jalur-")) / "kegiatan"
    say(f"1/5 Membuat kegiatan jalur {track.id} ({track.title}) di {event_dir} ...")
    settings = {**DEMO_EVENT, "nama_kegiatan": DEMO_EVENT["nama_kegiatan"].format(
        judul=track.title)}
    first = tracks.dt.date.fromisoformat(settings["tanggal_mulai"])
    settings["tanggal_selesai"] = (first + tracks.dt.timedelta(days=track.days - 1)).isoformat()
    settings["tanggal_ttd"] = settings["tanggal_selesai"]
    made = init_track_event(event_dir, track.id, event=settings)
    course = made.course
    for note in made.notes:
        say(f"    Catatan: {note}.")
    seconds["persiapan"] = time.monotonic() - start

    say(f"2/5 Mengimpor {peserta} peserta sintetis dan menulis jawaban tes awal, tugas "
        f"({', '.join(m.assignment for m in track.modules)}) dan tes akhir ...")
    step = time.monotonic()
    ids = _roster(course, peserta, seed)
    rng = random.Random(f"{seed}-{track.id}")
    ability = {i: rng.gauss(0.0, 1.0) for i in ids}
    learned = {i: max(0.0, rng.gauss(1.1, 0.6)) for i in ids}
    _answer_tests(course, tracks.PRE, ability, rng, present=0.97)
    skill_of = {i: ability[i] + 0.7 * learned[i] for i in ids}
    for index, module in enumerate(track.modules):
        skill = skill_of
        kinds = _exercise_kinds(ids, skill, rng, breakages=index == 0)
        _simulate(course, module, kinds, random.Random(f"{seed}-{module.assignment}"))
    _answer_tests(course, tracks.POST, {i: ability[i] + learned[i] for i in ids}, rng,
                  present=0.95)
    seconds["simulasi"] = time.monotonic() - step

    runs = {}
    for number, assignment in enumerate(track.assignments, start=1):
        say(f"3/5 Menilai {assignment} ({number}/{len(track.assignments)}) ...")
        step = time.monotonic()
        runs[assignment] = grade(course=course, assignment=assignment, workers=workers,
                                 progress=progress, results_file=out / f"hasil_{assignment}.csv",
                                 kotak_pasir="bila_tersedia")
        seconds[f"nilai {assignment}"] = time.monotonic() - step
        if assignment not in (tracks.PRE, tracks.POST):
            done = _grade_reflections(course, assignment, skill_of, rng)
            if done:
                say(f"    Pengajar (simulasi) menilai {done} jawaban refleksi {assignment}.")

    say(f"4/5 Menulis laporan, daftar kelulusan dan sertifikat ke {out} ...")
    step = time.monotonic()
    reports = write_reports(course=course, out=out, overwrite=True)
    seconds["laporan"] = time.monotonic() - step
    seconds["total"] = time.monotonic() - start
    say("5/5 Selesai.")
    return TrackDemo(event=made, runs=runs, reports=reports, seconds=seconds, ability=ability)
