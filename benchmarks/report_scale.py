"""Benchmark: ``bimtek report`` (write_reports) at 400 participants x 1 and x 14 assignments.

Builds synthetic graded events WITHOUT executing any notebook: ``bimtek init`` with the real
assignments of course/silabus.toml (more than the catalogue has are replicas of real ones
under suffixed names, with the same notebooks and grade cells), a synthetic roster, and the
gradebook rows autograding and hand grading would leave (submissions, a grade per grade
cell, a comment per answer cell) inserted directly with SQLAlchemy, bimtek's status table,
and the submitted and autograded notebooks (hard links to a few variants per assignment,
each grade cell carrying the verdict bimtek's grading writes).

Then times one ``write_reports`` per event and prints, per event: seconds for reading the
results and for each writer (Excel, PDF report, HTML report, feedback pages of every
participant), the total, the number of SQL statements sent (a ``before_cursor_execute``
listener), and the ratio of the totals (issue 12: 400 x 14 at most 5 x 400 x 1).

Usage: python benchmarks/report_scale.py [--peserta 400] [--tugas 1,14] [--folder DIR]
       [--profil N]

``--folder`` keeps the built events there and reuses them on the next run (building a
400 x 14 event takes about a minute: ``bimtek init`` generates the real assignments).
``--profil N`` prints the N most expensive functions (cProfile, cumulative) of each run.
``--sampel-umpan-balik N`` writes the feedback pages of the first N participants only and
scales their time to all (how the figures before issue 12 were taken: the old writer needed
most of an hour at 400 x 14).
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import sys
import tempfile
import time
import uuid
import warnings
from datetime import datetime
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nbgrader.api import (Comment, Grade, Gradebook, Student, SubmittedAssignment,  # noqa: E402
                          SubmittedNotebook)
from sqlalchemy import create_engine, event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.exc import SAWarning  # noqa: E402

from grader import catalogue, statuses, status_store  # noqa: E402
from grader.course import open_course  # noqa: E402
from grader.event import init_event  # noqa: E402
from grader.grade.precheck import fingerprint  # noqa: E402
from grader.roster_file import write_roster  # noqa: E402

SEED = 12
FIRST = ["Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Intan", "Joko",
         "Kartika", "Lukman", "Maya", "Nur", "Oki", "Putri", "Rahmat", "Sari", "Taufik", "Wulan"]
LAST = ["Saputra", "Santoso", "Lestari", "Anggraini", "Prasetyo", "Nugroho", "Wijaya",
        "Rahayu", "Hidayat", "Kusuma", "Siregar", "Harahap", "Pratama", "Utami"]
REGIONS = ["Kota Tirtamarta", "Kabupaten Sungai Rimba", "Kabupaten Bukit Hijau",
           "Kota Pelabuhan Jaya", "Kabupaten Lembah Sari", "Kabupaten Tanjung Mas",
           "Kota Batu Permata", "Kabupaten Padang Luas"]
AGENCIES = ["Bappeda", "Dinas PUPR", "Dinas Kesehatan", "Dinas Pendidikan", "Inspektorat",
            "BPKAD", "Dinas Perhubungan", "Dinas Sosial"]
COMMENT = "Analisis sudah runtut; tambahkan usulan tindak lanjut yang terukur."
MESSAGE = "Nilai {name} belum sesuai. Periksa kembali langkah perhitungannya."
VARIANTS = 4          # autograded notebook variants per assignment (which checks fail)
# Outcome of one participant's assignment: (status, probability).
OUTCOMES = [(statuses.DINILAI, 0.80), (statuses.PERLU_PENILAIAN_MANUAL, 0.09),
            (statuses.TIDAK_MENGUMPULKAN, 0.05), (statuses.BERKAS_RUSAK, 0.02),
            (statuses.WAKTU_HABIS, 0.02), (statuses.TIDAK_DIKERJAKAN, 0.02)]


def _uuid() -> str:
    return uuid.uuid4().hex


def _roster(count: int) -> list[dict]:
    rng = random.Random(SEED)
    rows = []
    for number in range(1, count + 1):
        region = rng.choice(REGIONS)
        rows.append(dict(
            id=f"p{number:03d}", nama=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            instansi=f"{rng.choice(AGENCIES)} {region}", kabupaten_kota=region,
            kelas=f"Kelas {'ABCD'[number % 4]}", gelombang=str(1 + number % 2),
            nip=f"19{rng.randint(70, 99)}0{rng.randint(1, 9)}{rng.randint(10, 28)}"
                f"20{rng.randint(10, 20)}0{rng.randint(1, 9)}1{number:03d}"))
    return rows


def _assignment_names(count: int) -> list[tuple[str, str]]:
    """(assignment name, real assignment it copies) for ``count`` assignments."""
    real = [m.assignment for m in catalogue.load().modules]
    if "m11_kurva_s" in real:    # the exemplar first: 400 x 1 is the M11 event
        real.remove("m11_kurva_s")
        real.insert(0, "m11_kurva_s")
    names = [(name, name) for name in real[:count]]
    copy = 2
    while len(names) < count:
        for name in real:
            if len(names) < count:
                names.append((f"{name}_{copy}", name))
        copy += 1
    return names


def _copy_assignment(gb: Gradebook, course, name: str, real: str) -> None:
    """A replica of the real assignment ``real``: same notebooks and cells, source folder."""
    record = gb.find_assignment(real)
    gb.update_or_create_assignment(name)
    for nb in record.notebooks:
        gb.update_or_create_notebook(nb.name, name)
        for cell in nb.grade_cells:
            gb.update_or_create_grade_cell(cell.name, nb.name, name, max_score=cell.max_score,
                                           cell_type=cell.cell_type)
        for cell in nb.solution_cells:
            gb.update_or_create_solution_cell(cell.name, nb.name, name)
    shutil.copytree(course.path("source", ".", real), course.path("source", ".", name))


def _variant(source: Path, failing: set[str], target: Path) -> None:
    """The source notebook as bimtek's grading leaves it: a verdict on each check cell."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or meta.get("solution"):
            continue
        grade_id = meta["grade_id"]
        passed = grade_id not in failing
        cell.metadata["bimtek"] = {"lulus": passed,
                                   "pesan": "" if passed else MESSAGE.format(name=grade_id)}
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Tepat.\n")] \
            if passed else [nbformat.v4.new_output("error", ename="BelumTepat",
                                                   evalue=MESSAGE.format(name=grade_id),
                                                   traceback=[])]
    nbformat.write(nb, target)


def build_event(root: Path, participants: int, count: int) -> None:
    """A graded event at ``root``: ``participants`` x ``count`` assignments."""
    started = time.perf_counter()
    names = _assignment_names(count)
    real = sorted({r for _, r in names})
    course = init_event(root, assignments=real,
                        event={"nama_kegiatan": f"Bimtek uji skala {participants} x {count}"})
    people = _roster(participants)
    write_roster(course.roster_path, people, columns=[
        "id", "nama", "nip", "instansi", "kabupaten_kota", "kelas", "gelombang"])
    rng = random.Random(SEED + count)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            for name, copied in names:
                if name != copied:
                    _copy_assignment(gb, course, name, copied)
            cells = {}       # assignment -> notebook -> (grade cells, solution names)
            ids = {}         # (assignment, notebook) -> (assignment id, notebook id)
            for record in gb.assignments:
                for nb in record.notebooks:
                    cells.setdefault(record.name, {})[nb.name] = (
                        [(g.id, g.name, g.max_score, g.cell_type) for g in nb.grade_cells],
                        {s.name: s.id for s in nb.solution_cells})
                    ids[record.name, nb.name] = (record.id, nb.id)
    pool = root / ".varian"
    variants = {}   # (assignment, variant) -> (failing checks, folder with the notebooks)
    for name, copied in names:
        for k in range(VARIANTS):
            folder = pool / name / str(k)
            folder.mkdir(parents=True)
            failing = set()
            for nb, (grade_cells, solution) in cells[name].items():
                checks = [g[1] for g in grade_cells if g[1] not in solution]
                failing |= set(random.Random(k * 7 + len(nb)).sample(checks, k)) if k else set()
                _variant(course.path("source", ".", name) / f"{nb}.ipynb", failing,
                         folder / f"{nb}.ipynb")
            variants[name, k] = (failing, folder, fingerprint(folder))
        empty = pool / name / "kosong"
        empty.mkdir()
        everything = set()
        for nb, (grade_cells, solution) in cells[name].items():
            everything |= {g[1] for g in grade_cells if g[1] not in solution}
            _variant(course.path("source", ".", name) / f"{nb}.ipynb", everything,
                     empty / f"{nb}.ipynb")
        variants[name, "kosong"] = (everything, empty, fingerprint(empty))
        broken = pool / name / "rusak"
        broken.mkdir()
        for nb in cells[name]:
            (broken / f"{nb}.ipynb").write_text("{ bukan notebook", encoding="utf-8")
        variants[name, "rusak"] = (set(), broken, fingerprint(broken))
    rows = {table: [] for table in ("student", "sa", "sn", "grade", "comment", "status")}
    now = datetime(2026, 12, 7, 9, 0)
    for person in people:
        rows["student"].append({"id": person["id"], "first_name": person["nama"]})
    for name, _ in names:
        for person in people:
            sid = person["id"]
            status = rng.choices([o for o, _ in OUTCOMES], [p for _, p in OUTCOMES])[0]
            status_row = {"student_id": sid, "assignment_id": name, "status": status,
                          "reason": "", "updated_at": now, "fingerprint": ""}
            rows["status"].append(status_row)
            if status == statuses.TIDAK_MENGUMPULKAN:
                continue
            key = (name, "rusak" if status == statuses.BERKAS_RUSAK else
                   "kosong" if status == statuses.TIDAK_DIKERJAKAN else rng.randrange(VARIANTS))
            failing, folder, print_ = variants[key]
            submitted = course.path("submitted", sid, name)
            submitted.mkdir(parents=True)
            for file in folder.iterdir():
                os.link(file, submitted / file.name)
            status_row["fingerprint"] = print_
            if status == statuses.BERKAS_RUSAK:
                status_row["reason"] = "berkas notebook tidak dapat dibaca (bukan JSON yang sah)"
                continue
            autograded = course.path("autograded", sid, name)
            autograded.mkdir(parents=True)
            for file in folder.iterdir():
                os.link(file, autograded / file.name)
            sa_id = _uuid()
            rows["sa"].append({"id": sa_id, "assignment_id": ids[name, next(iter(cells[name]))][0],
                               "student_id": sid, "timestamp": now})
            for nb, (grade_cells, solution) in cells[name].items():
                sn_id = _uuid()
                rows["sn"].append({"id": sn_id, "assignment_id": sa_id,
                                   "notebook_id": ids[name, nb][1], "flagged": False,
                                   "late_submission_penalty": None})
                empty = status == statuses.TIDAK_DIKERJAKAN
                timed_out = status == statuses.WAKTU_HABIS
                for position, (cell_id, cell, maximum, kind) in enumerate(grade_cells):
                    grade = {"id": _uuid(), "notebook_id": sn_id, "cell_id": cell_id,
                             "auto_score": None, "manual_score": None, "extra_credit": None,
                             "needs_manual_grade": False}
                    if cell in solution:   # an answer graded by hand
                        if empty:
                            grade["auto_score"] = 0.0
                        elif status == statuses.PERLU_PENILAIAN_MANUAL:
                            grade["needs_manual_grade"] = True
                        else:
                            grade["manual_score"] = float(rng.randint(0, int(maximum)))
                    else:
                        lost = empty or cell in failing or (timed_out and
                                                            position > len(grade_cells) // 2)
                        grade["auto_score"] = 0.0 if lost else float(maximum)
                    rows["grade"].append(grade)
                for cell, cell_id in solution.items():
                    manual = (COMMENT if cell == "refleksi" and not empty and rng.random() < 0.5
                              and status != statuses.PERLU_PENILAIAN_MANUAL else None)
                    rows["comment"].append({"id": _uuid(), "notebook_id": sn_id,
                                            "cell_id": cell_id,
                                            "auto_comment": "No response." if empty else None,
                                            "manual_comment": manual})
    engine = create_engine(course.db_url)
    status_store._engine(course.db_url).dispose()     # creates bimtek_status
    with engine.begin() as conn:
        for table, model in (("student", Student), ("sa", SubmittedAssignment),
                             ("sn", SubmittedNotebook), ("grade", Grade),
                             ("comment", Comment), ("status", status_store.status_table)):
            target = getattr(model, "__table__", model)
            if rows[table]:
                conn.execute(target.insert(), rows[table])
    engine.dispose()
    print(f"  dibangun {participants} x {count} ({len(rows['grade'])} nilai sel) dalam "
          f"{time.perf_counter() - started:.0f} s: {root}", flush=True)


class Timer:
    """Wall-clock seconds of named report steps, and the SQL statements sent."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.queries = 0

    def count(self, *_args, **_kwargs):
        self.queries += 1

    def wrap(self, module, attribute: str, label: str):
        original = getattr(module, attribute)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + (
                    time.perf_counter() - started)
        setattr(module, attribute, timed)
        return original


STEPS = [("read_results", "baca"), ("write_excel", "excel"), ("report_pdf", "pdf"),
         ("write_html", "html"), ("write_feedback", "umpan_balik")]


def _sampled_feedback(write_feedback, sample: int, timer: Timer):
    """write_feedback for the first ``sample`` participants, its time scaled to everyone."""
    import dataclasses

    def sampled(results, course, folder):
        people = len(results.roster)
        part = dataclasses.replace(results, roster=results.roster.head(sample))
        started = time.perf_counter()
        written = write_feedback(part, course, folder)
        timer.seconds["umpan_balik"] = (time.perf_counter() - started) * people / len(
            part.roster)
        timer.extrapolated = timer.seconds["umpan_balik"] - (time.perf_counter() - started)
        return written
    return sampled


def measure(root: Path, profile: int = 0, sample: int = 0) -> dict:
    """Time one write_reports of the event at ``root``."""
    import grader.report as report
    timer = Timer()
    timer.extrapolated = 0.0
    originals = {attr: timer.wrap(report, attr, label) for attr, label in STEPS
                 if not (sample and attr == "write_feedback")}
    if sample:
        originals["write_feedback"] = report.write_feedback
        report.write_feedback = _sampled_feedback(report.write_feedback, sample, timer)
    event.listen(Engine, "before_cursor_execute", timer.count)
    out = Path(tempfile.mkdtemp(prefix="laporan-", dir=root.parent))
    profiler = cProfile.Profile() if profile else None
    try:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        report.write_reports(course=open_course(root), out=out)
        if profiler:
            profiler.disable()
        total = time.perf_counter() - started + timer.extrapolated
    finally:
        event.remove(Engine, "before_cursor_execute", timer.count)
        for attr, original in originals.items():
            setattr(report, attr, original)
        shutil.rmtree(out, ignore_errors=True)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in timer.seconds.items())
          + f", {timer.queries} kueri" + (" (umpan balik diperkirakan dari sampel)"
                                          if sample else ""), flush=True)
    return {**timer.seconds, "total": total, "queries": timer.queries}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peserta", type=int, default=400)
    parser.add_argument("--tugas", default="1,14", help="assignment counts, comma-separated")
    parser.add_argument("--folder", type=Path, default=None,
                        help="keep (and reuse) the built events in this folder")
    parser.add_argument("--profil", type=int, default=0,
                        help="print the N most expensive functions of each run")
    parser.add_argument("--sampel-umpan-balik", type=int, default=0,
                        help="write the feedback pages of only the first N participants and "
                             "scale their time to everyone (for slow code: marked in the table)")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.tugas.split(",")]
    base = args.folder or Path(tempfile.mkdtemp(prefix="bimtek-report-scale-"))
    base = base.resolve()
    results = {}
    try:
        for count in counts:
            root = base / f"kegiatan_{args.peserta}x{count}"
            if not (root / "nbgrader_config.py").exists():
                shutil.rmtree(root, ignore_errors=True)
                build_event(root, args.peserta, count)
            results[count] = measure(root, args.profil, args.sampel_umpan_balik)
            print(f"  {args.peserta} x {count}: {results[count]['total']:.1f} s", flush=True)
    finally:
        if args.folder is None:
            shutil.rmtree(base, ignore_errors=True)
    labels = ["baca", "excel", "pdf", "html", "umpan_balik", "total", "queries"]
    print()
    print("| peserta x tugas | " + " | ".join(
        f"{label} (s)" if label != "queries" else "kueri SQL" for label in labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    for count, row in results.items():
        print(f"| {args.peserta} x {count} | " + " | ".join(
            str(row.get(label, 0)) if label == "queries" else f"{row.get(label, 0.0):.1f}"
            for label in labels) + " |")
    if len(counts) >= 2 and results[counts[0]]["total"]:
        ratio = results[counts[-1]]["total"] / results[counts[0]]["total"]
        print(f"\nrasio {args.peserta} x {counts[-1]} / {args.peserta} x {counts[0]}: "
              f"{ratio:.2f} (sasaran: <= 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
