"""The hostile corpus graded by an unprivileged instructor account: does every promise hold?

The room makes the instructor an ordinary account (no root), so the sandbox runs in an
unprivileged user namespace. This module creates such an account (removed at the end), gives
it the event folder, lets it run `grade()` on the project's hostile corpus
(tests/grade/test_hostile_corpus.py, built by that module's own ``build``), and then runs every
test of that module that looks at the batch against this batch instead. A few checks of its
own: the grading really ran as that account, a submission forging log lines leaves the log
clean, and formgrader's Autograde run by that account is sandboxed too.
"""
from __future__ import annotations

import inspect
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

import test_hostile_corpus as corpus
from test_hostile_corpus import *  # noqa: F401,F403  (the corpus's tests, run on this batch)
from grader.course import open_course
from grader.simulate.notebooks import fill, solution_answers, write

from hostile_support import ASSIGNMENT, NOTEBOOK, TrapServer, gradebook_scores, seed_stale_scores
from sandbox_support import instructor_account, processes_of, require_root_or_skip, run_as

pytestmark = pytest.mark.slow

# Keep only the corpus tests that look at the batch; the others do not depend on who grades.
for _name, _test in list(globals().items()):
    if _name.startswith("test_") and callable(_test) and \
            "batch" not in inspect.signature(_test).parameters:
        del globals()[_name]

FORGED = "PALSU-TANDA-LOG"
FORGE_CELL = f'''import os
baris = b"\\n2026-01-01 00:00:00 INFO {FORGED}: semua peserta lulus\\n"
for nomor in range(0, 1024):
    try:
        if os.readlink(f"/proc/self/fd/{{nomor}}").startswith(("socket:", "anon_inode:")):
            continue
        os.write(nomor, baris)
    except OSError:
        pass
'''
GRADE = r'''
import pickle, sys, time
from grader.course import open_course
from grader.grade import grade
started = time.perf_counter()
run = grade(course=open_course(sys.argv[1]), assignment=sys.argv[2], timeout=5, progress=False)
with open(sys.argv[3], "wb") as handle:
    pickle.dump((run, time.perf_counter() - started), handle)
'''


def _give(folder: Path, account) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, account.pw_uid, account.pw_gid)


@pytest.fixture(scope="module")
def account():
    require_root_or_skip()
    with instructor_account() as entry:
        yield entry


@pytest.fixture(scope="module")
def batch(event_template, account):
    """Grade the corpus (and a log-forging submission) as the unprivileged account."""
    base = Path(tempfile.mkdtemp(prefix="bimtek-pengajar-"))
    root = base / "kegiatan"
    shutil.copytree(event_template, root, symlinks=True)
    server = TrapServer()
    try:
        assert server.probe()
        made = corpus.build(root, server.port)
        source = corpus.nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4)
        release = corpus.nbformat.read(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4)
        write(fill(release, {**solution_answers(source), "jawab_soal5": FORGE_CELL}),
              root / "submitted" / "x01_log_palsu" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        made["students"] = sorted([*made["students"], "x01_log_palsu"])
        course = open_course(root)
        with Gradebook(course.db_url, course.course_id) as gb:
            for student in made["students"]:
                gb.update_or_create_student(student, first_name=student)
        for student in ("s07_os_exit", "s07b_tutup_fd", "s10_fork"):
            seed_stale_scores(course, student)
        os.chmod(base, 0o700)
        _give(base, account)
        started = time.perf_counter()
        result = run_as(account, [sys.executable, "-c", GRADE, str(root), ASSIGNMENT,
                                  str(base / "run.pickle")],
                        cwd=base, env={corpus.CANARY: corpus.CANARY_VALUE})
        seconds = time.perf_counter() - started
        assert result.returncode == 0, result.stderr[-3000:]
        with (base / "run.pickle").open("rb") as handle:
            run, inner_seconds = pickle.load(handle)
        leftovers = processes_of(account.pw_uid)
        for _ in range(20):
            if not leftovers:
                break
            time.sleep(0.5)
            leftovers = processes_of(account.pw_uid)
        scores = gradebook_scores(course, made["students"])
        print(f"\nhostile corpus as uid {account.pw_uid}: {len(run.results)} submissions in "
              f"{inner_seconds:.0f} s ({run.workers} workers; {seconds:.0f} s with start-up)")
        for r in run.results:
            print(f"  {r.student_id:<24} {r.status:<22} {r.score:>4g} {r.reason[:100]}")
        yield {"run": run, "course": course, "root": root, "seconds": inner_seconds,
               "scores": scores, "results": {r.student_id: r for r in run.results},
               "connections": list(server.connections), "leftovers": leftovers,
               "account": account, **made}
    finally:
        server.close()
        for path in corpus.REPO.glob("bocor-*.txt"):
            path.unlink()
        shutil.rmtree(base, ignore_errors=True)


def test_graded_by_the_unprivileged_account(batch):
    """Did the account itself grade (its files), with the sandbox in its user namespace?"""
    uid = batch["account"].pw_uid
    autograded = batch["root"] / "autograded" / "k_solusi" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert autograded.stat().st_uid == uid
    assert batch["run"].log_file.stat().st_uid == uid
    assert batch["run"].sandboxed


def test_forged_log_lines_do_not_reach_the_log(batch):
    """Can a submission write lines into the instructor's grading log? It must not."""
    log = batch["run"].log_file
    assert log.exists()
    assert FORGED not in log.read_text(errors="replace")
    assert batch["results"]["x01_log_palsu"].status in corpus.statuses.SCORED


def test_formgrader_autograde_as_the_account_is_sandboxed(event_template, account):
    """Does formgrader's Autograde, run by the unprivileged account, run the code sandboxed?"""
    from test_sandbox_refusal import _submission, formgrader_autograde
    from hostile_support import cell_texts
    base = Path(tempfile.mkdtemp(prefix="bimtek-pengajar-"))
    try:
        root = base / "kegiatan"
        shutil.copytree(event_template, root, symlinks=True)
        marker = base / "DIJALANKAN.txt"
        _submission(root, marker)
        _give(base, account)

        def runner(argv, cwd):
            return run_as(account, argv, cwd=cwd)

        result = formgrader_autograde(root, runner=runner)
        assert result["success"] is True, result
        assert not marker.exists()
        text = cell_texts(open_course(root), "a1")["jawab_soal1"]
        assert 70000 <= int(text.split("BUKTI uid")[1].split()[0]) < 90000, text
    finally:
        shutil.rmtree(base, ignore_errors=True)
