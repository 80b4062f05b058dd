"""``bimtek grade ASSIGNMENT``: auto-grade every submission of one assignment, in parallel.

Policy (after nbgrader's converters/base.py): every participant on the roster gets a status;
one broken submission is recorded and the batch goes on; a summary comes at the end.
"""
from __future__ import annotations

import asyncio
import csv
import multiprocessing
import os
import subprocess
import sys
import threading
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from .. import status_store, statuses
from ..course import Course
from ..errors import AssignmentNotFound, BimtekError
from . import gradebook_ops, sandbox, tamper
from .classify import classify
from . import precheck
from .duplicate_ids import duplicate_grade_ids
from .precheck import plan
from .progress import Progress
from .worker import Outcome, autograde_one

LOG_DIR = "log"


@dataclass
class GradeResult:
    student_id: str
    status: str
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    execute_seconds: float = 0.0


@dataclass
class GradeRun:
    assignment_id: str
    results: list[GradeResult] = field(default_factory=list)
    unknown_folders: list[str] = field(default_factory=list)
    workers: int = 1
    seconds: float = 0.0
    log_file: Path | None = None
    unchanged: int = 0        # participants kept from an earlier run (same files)
    sandboxed: bool = False
    sandbox_note: str = ""   # why grading ran without the sandbox, if it did (also in the results)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def needs_attention(self) -> list[GradeResult]:
        return [r for r in self.results if r.status in statuses.NEEDS_ATTENTION]


def _pool_context():
    """How grading workers start.

    A fork of this process when that is known to be safe: it has already imported nbgrader,
    nbconvert and pandas (seconds per worker when a fresh interpreter imports them again, a
    quarter of a 40-submission run on two cores); it runs no other thread (a lock held by one
    would stay locked in the copy); and it holds no asyncio event loop (a copy would share the
    loop's epoll instance with its siblings). Otherwise a fork server, which imports the
    grading code once and forks each worker from a clean process.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        try:
            from jupyter_core.utils import _loop as jupyter_loop
        except ImportError:
            jupyter_loop = None
        if jupyter_loop is not None and jupyter_loop.get() is None and not _has_event_loop():
            return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["grader.grade.worker"])
    return context


def _has_event_loop() -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            policy_loop = asyncio.get_event_loop_policy()._local._loop  # noqa: SLF001
        except AttributeError:  # another policy: its state is unknown
            return True
    return policy_loop is not None


def _quiet_worker(log_file: str) -> None:
    """Send the worker's (and its kernels') stderr to the run's log file."""
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    warnings.simplefilter("ignore", SAWarning)


def _assignment_facts(course: Course, assignment_id: str) -> tuple[list[str], float, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            try:
                assignment = gb.find_assignment(assignment_id)
            except MissingEntry:
                known = ", ".join(a.name for a in gb.assignments) or "(belum ada)"
                raise AssignmentNotFound(
                    f"Tugas '{assignment_id}' tidak ada di buku nilai. Tugas yang ada: {known}."
                ) from None
            notebooks = [nb.name for nb in assignment.notebooks]
            max_score = float(assignment.max_score)
            roster = sorted(s.id for s in gb.students)
    return notebooks, max_score, roster


def _scores(course: Course, assignment_id: str) -> dict[str, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url, course.course_id) as gb:
            return {s.student.id: float(s.score) for s in gb.assignment_submissions(assignment_id)}


# How grade() treats the sandbox (its ``kotak_pasir`` argument).
WAJIB = "wajib"                  # default: without a working sandbox, refuse to grade
TANPA = "tanpa"                  # bimtek grade --tanpa-kotak-pasir-berisiko: run unsandboxed
BILA_TERSEDIA = "bila_tersedia"  # bimtek demo (its own synthetic submissions only)
UNSANDBOXED_FLAG = "--tanpa-kotak-pasir-berisiko"


def _sandbox_settings(course: Course, policy: str = WAJIB) -> tuple[dict | None, str]:
    """Settings for the sandboxed kernel manager, or (None, why the code runs without it).

    Raises BimtekError (one sentence: what is missing, the fixing command) when the sandbox
    cannot run and ``policy`` is WAJIB: nothing has been run or written at that point.
    """
    settings = course.settings
    if settings.kotak_pasir != "wajib":  # an event made before the sandbox became mandatory
        print(f"Catatan: c.Bimtek.kotak_pasir = {settings.kotak_pasir!r} di nbgrader_config.py "
              "tidak berlaku lagi; kode peserta selalu dijalankan di dalam kotak pasir.",
              file=sys.stderr)
    if policy == TANPA:
        return None, f"atas permintaan pengajar ({UNSANDBOXED_FLAG})"
    problem = sandbox.probe(settings.kotak_pasir_bwrap)
    if problem:
        if policy == BILA_TERSEDIA:
            return None, f"demo dengan data sintetis; kotak pasir belum siap: {problem}"
        raise BimtekError(
            f"Penilaian ditolak karena kotak pasir tidak dapat dijalankan: {problem} "
            "(tidak ada kode peserta yang dijalankan dan tidak ada nilai yang ditulis; "
            "periksa kesiapan mesin dengan: bimtek periksa).")
    seed = prepare_mpl_seed(course.root)
    return {"memori_mb": settings.batas_memori_mb, "cpu_detik": settings.batas_cpu_detik,
            "proses": settings.batas_proses, "bwrap": settings.kotak_pasir_bwrap,
            "mpl_seed": str(seed), "hangat": settings.kernel_hangat}, ""


def prepare_mpl_seed(root: Path) -> Path:
    """The event's matplotlib font cache, shown read-only to every kernel (built once per
    event, at ``bimtek init``; an event made before that gets it at its first grading)."""
    seed = Path(root) / ".bimtek" / "matplotlib"
    if not (seed / "fontlist.done").exists():
        seed.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], check=False,
                       env={**os.environ, "MPLCONFIGDIR": str(seed)}, capture_output=True)
        (seed / "fontlist.done").write_text("ok")
    return seed


def _inspect(course: Course, assignment: str, notebooks: list[str],
             students: list[str]) -> tuple[dict[str, list[str]], set[str], dict[str, list[str]]]:
    """Before grading: tamper-scan findings per participant (only those with findings), and
    the participants whose notebooks are untouched (the release as handed out), and notes
    for the status reason (cells copied with their grade id).

    Never raises for one submission: what cannot be read or scanned is itself a finding.
    """
    found, untouched, notes = {}, set(students), {}
    for notebook in notebooks:
        release = nbformat.read(course.path("release", ".", assignment) / f"{notebook}.ipynb", 4)
        for student_id in students:
            path = course.path("submitted", student_id, assignment) / f"{notebook}.ipynb"
            try:
                submitted = nbformat.read(path, 4)
                repeated = duplicate_grade_ids(submitted)
                if repeated:
                    notes.setdefault(student_id, []).append(
                        "sel " + ", ".join(repeated[:5]) + " ada lebih dari satu (disalin); "
                        "hanya salinan terakhir yang dinilai")
                findings = tamper.scan(submitted, release) if course.settings.tahan_kode_mencurigakan else []
                if not precheck.untouched(submitted, release):
                    untouched.discard(student_id)
            except Exception as exc:
                findings = [f"notebook tidak dapat dipindai ({exc.__class__.__name__})"]
                untouched.discard(student_id)
            if findings:
                found.setdefault(student_id, []).extend(findings)
    return found, untouched, notes


def write_results(path: Path, run: GradeRun) -> None:
    """The machine-readable results: one row per participant on the roster."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(statuses.RESULT_COLUMNS + ["kotak_pasir"])
        sandboxed = "ya" if run.sandboxed else "TIDAK"  # an unsandboxed run shows on every row
        for r in run.results:
            writer.writerow([r.student_id, run.assignment_id, r.status, f"{r.score:g}",
                             f"{r.max_score:g}", r.reason, sandboxed])
    os.replace(tmp, path)


def grade(*, course: Course, assignment: str, workers: int | None = None,
          timeout: int | None = None, progress: bool = True,
          results_file: Path | None = None, regrade: bool = False,
          kotak_pasir: str = WAJIB) -> GradeRun:
    """Auto-grade every submission of ``assignment`` in event ``course``.

    Args:
        workers: submissions graded at once (default: the event's setting, else the cores).
        timeout: per-cell time limit in seconds (default: the event's ``batas_waktu_sel``).
        progress: show a progress bar on stderr.
        results_file: also write the per-participant results CSV there.
        regrade: grade every submission again, even those an earlier run graded on the same
            files (by default a rerun, e.g. after an interruption, only grades what is left).
        kotak_pasir: WAJIB (default): refuse when the sandbox cannot run; TANPA: run the
            participants' code unsandboxed (the explicit, risk-named CLI flag), recorded in
            the run and the results file; BILA_TERSEDIA: the demo's own submissions only.
    Returns:
        GradeRun with one GradeResult per participant on the roster.
    Raises:
        AssignmentNotFound, BimtekError (no participants on the roster; no working sandbox).
    """
    started = time.perf_counter()
    notebooks, max_score, roster = _assignment_facts(course, assignment)
    if not roster:
        raise BimtekError(
            "Belum ada peserta di buku nilai. Impor dulu daftar peserta: "
            f"bimtek roster import peserta.xlsx --course {course.root}")
    workers = workers or course.settings.workers()
    timeout = timeout or course.settings.batas_waktu_sel
    sandbox_settings, sandbox_note = _sandbox_settings(course, kotak_pasir)
    recorded = status_store.load(course.db_url, assignment)
    previous = {} if regrade else {  # a failed grading (galat) is always tried again
        row.student_id: row.fingerprint for row in recorded.itertuples()
        if row.status != statuses.GALAT}
    todo = plan(submitted_dir=course.path("submitted"), assignment_id=assignment,
                notebooks=notebooks, roster=roster, previous=previous)

    log_dir = course.root / LOG_DIR
    log_dir.mkdir(exist_ok=True)
    log_file = log_dir / f"penilaian-{assignment}.log"
    run = GradeRun(assignment_id=assignment, unknown_folders=todo.unknown_folders,
                   workers=workers, log_file=log_file, sandboxed=sandbox_settings is not None,
                   sandbox_note=sandbox_note)
    by_id: dict[str, GradeResult] = {}
    for row in recorded.itertuples():
        if row.student_id in todo.unchanged:
            by_id[row.student_id] = GradeResult(row.student_id, row.status, row.reason,
                                                max_score=max_score)
    run.unchanged = len(todo.unchanged)
    for student_id, (status, reason) in todo.decided.items():
        status_store.record(course.db_url, assignment, student_id, status, reason,
                            todo.fingerprints[student_id])
        by_id[student_id] = GradeResult(student_id, status, reason, 0.0, max_score)

    suspicious: dict[str, list[str]] = {}
    untouched: set[str] = set()
    notes: dict[str, list[str]] = {}
    inspected = False
    bar = Progress(len(todo.to_grade), enabled=progress)
    retry: list[str] = []

    def finish(outcome: Outcome, last_try: bool) -> None:
        verdict = classify(
            outcome, autograded_dir=course.path("autograded", outcome.student_id, assignment),
            notebooks=notebooks, db_url=course.db_url, course_id=course.course_id,
            assignment_id=assignment, timeout=outcome.timeout)
        if verdict.retry and not last_try:
            retry.append(outcome.student_id)
            return
        findings = suspicious.get(outcome.student_id)
        if findings:
            gradebook_ops.zero_scores(course, assignment, outcome.student_id, needs_manual=True)
            note = ("nilai otomatis ditahan karena kode dapat memengaruhi penilaian ("
                    + "; ".join(findings[:5]) + (f"; dan {len(findings) - 5} lagi" if len(findings) > 5 else "")
                    + "); periksa dan nilai secara manual di Formgrader")
            if verdict.status in (statuses.KERNEL_MATI, statuses.GALAT, statuses.WAKTU_HABIS):
                verdict.reason = f"{verdict.reason}; {note}"
            else:
                verdict.status, verdict.reason = statuses.PERLU_PENILAIAN_MANUAL, note
        elif outcome.student_id in untouched and verdict.status in (
                statuses.DINILAI, statuses.PERLU_PENILAIAN_MANUAL):
            verdict.status, verdict.reason = statuses.TIDAK_DIKERJAKAN, (
                "notebook dikumpulkan tanpa jawaban (sama dengan versi yang dibagikan)")
        elif verdict.status in (statuses.KERNEL_MATI, statuses.GALAT):
            # nbgrader keeps the scores of an earlier run when a run fails: clear them, so
            # the report never shows scores this submission did not earn now.
            gradebook_ops.zero_scores(course, assignment, outcome.student_id)
        if notes.get(outcome.student_id):
            verdict.reason = "; ".join(x for x in (verdict.reason, *notes[outcome.student_id]) if x)
        status_store.record(course.db_url, assignment, outcome.student_id, verdict.status,
                            verdict.reason, todo.fingerprints[outcome.student_id])
        by_id[outcome.student_id] = GradeResult(outcome.student_id, verdict.status, verdict.reason,
                                                 max_score=max_score, seconds=outcome.seconds,
                                                 execute_seconds=outcome.execute_seconds)
        bar.step(f"{outcome.student_id}: {statuses.LABELS[verdict.status]}")

    # First pass with the configured limit; then one more pass, with three times the limit,
    # for what failed in a way that points at the machine (overload, a crashed worker pool).
    pending, limit = list(todo.to_grade), timeout
    for last_try in (False, True):
        if not pending:
            break
        retry.clear()
        broken = []
        context = _pool_context()
        with ProcessPoolExecutor(max_workers=min(workers, len(pending)), mp_context=context,
                                 initializer=_quiet_worker, initargs=(str(log_file),)) as pool:
            futures = {pool.submit(autograde_one, str(course.root), assignment, sid, limit,
                                   sandbox_settings): sid
                       for sid in pending}
            if not inspected:  # while the workers start: finish() needs it, grading does not
                suspicious, untouched, notes = _inspect(course, assignment, notebooks,
                                                        todo.to_grade)
                inspected = True
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
                    continue
                except Exception as exc:  # a bug in the worker must not stop the batch
                    outcome = Outcome(student_id=futures[future], ok=False, seconds=0.0,
                                      timeout=limit, errors=[f"{exc.__class__.__name__}: {exc}"])
                finish(outcome, last_try)
        pending, limit = broken + retry, timeout * 3
    for sid in pending:  # the worker pool broke on the last pass too
        reason = "proses penilai berhenti mendadak dua kali; nilai tidak dapat dihitung"
        status_store.record(course.db_url, assignment, sid, statuses.GALAT, reason)
        by_id[sid] = GradeResult(sid, statuses.GALAT, reason, 0.0, max_score)
        bar.step(f"{sid}: {statuses.LABELS[statuses.GALAT]}")

    scores = _scores(course, assignment)
    for student_id in roster:
        result = by_id[student_id]
        if result.status in statuses.SCORED:
            result.score = scores.get(student_id, 0.0)
        run.results.append(result)
    run.seconds = time.perf_counter() - started
    if results_file is not None:
        write_results(results_file, run)
    return run
