"""Does the gradebook work on PostgreSQL as it does on SQLite?

Runs against a real PostgreSQL server started by ``conftest.py`` on 127.0.0.1.
"""
from __future__ import annotations

import socket
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, inspect, text

from grader import statuses, status_store
from grader.course import CONFIG_FILE, open_course
from grader.demo import make_cohort
from grader.errors import BimtekError
from grader.event import init_event, with_driver
from grader.grade import grade
from grader.report import write_reports
from grader.report.collect import H_ID, ID, NILAI, POIN, SEL, STATUS, read_results

pytestmark = pytest.mark.slow

ASSIGNMENT = "m11_kurva_s"
PESERTA = 6
NBGRADER_TABLES = {"assignment", "notebook", "grade_cells", "solution_cells", "source_cell",
                   "student", "submitted_assignment", "submitted_notebook", "grade", "comment",
                   "course"}


def _tables(db_url: str) -> set[str]:
    engine = create_engine(with_driver(db_url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_init_puts_the_gradebook_in_postgresql(tmp_path, pg_url):
    """Does init with db_url write the URL into nbgrader_config.py and create the gradebook
    tables in PostgreSQL, with no gradebook.db file in the event folder?"""
    root = tmp_path / "kegiatan"
    course = init_event(root, db_url=pg_url, assignments=[ASSIGNMENT])

    config = (root / CONFIG_FILE).read_text(encoding="utf-8")
    assert f"c.CourseDirectory.db_url = {with_driver(pg_url)!r}" in config
    assert open_course(root).db_url == with_driver(pg_url) == course.db_url
    assert not (root / "gradebook.db").exists()
    assert not list(root.rglob("*.db"))
    assert NBGRADER_TABLES <= _tables(pg_url)
    engine = create_engine(with_driver(pg_url))
    try:
        with engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM assignment")).scalars().all()
            course_ids = conn.execute(text("SELECT id FROM course")).scalars().all()
    finally:
        engine.dispose()
    assert names == [ASSIGNMENT]
    assert course.course_id in course_ids


def _graded(course, kinds_seed: int = 2026):
    kinds = make_cohort(course, peserta=PESERTA, seed=kinds_seed)
    started = time.perf_counter()
    run = grade(course=course, assignment=ASSIGNMENT, workers=2, progress=False)
    return kinds, run, time.perf_counter() - started


def test_grading_on_postgresql_matches_sqlite(tmp_path, pg_url, capsys):
    """Does a cohort graded by two parallel workers on one PostgreSQL gradebook get a status
    for everyone, the same scores and statuses as the identical cohort on SQLite, and reports?"""
    pg_course = init_event(tmp_path / "pg" / "kegiatan", db_url=pg_url, assignments=[ASSIGNMENT])
    sqlite_course = init_event(tmp_path / "sqlite" / "kegiatan", assignments=[ASSIGNMENT])
    assert sqlite_course.db_url.startswith("sqlite:")

    pg_kinds, pg_run, pg_seconds = _graded(pg_course)
    sqlite_kinds, sqlite_run, sqlite_seconds = _graded(sqlite_course)
    with capsys.disabled():
        print(f"\n[postgres] penilaian {PESERTA} peserta, 2 pekerja: PostgreSQL "
              f"{pg_seconds:.1f} s, SQLite {sqlite_seconds:.1f} s")

    assert pg_kinds == sqlite_kinds  # the same simulated submissions on both sides
    ids = {f"p{n:03d}" for n in range(1, PESERTA + 1)}
    assert {r.student_id for r in pg_run.results} == ids
    assert all(r.status in statuses.LABELS for r in pg_run.results)
    recorded = status_store.load(pg_course.db_url, ASSIGNMENT)
    assert set(recorded["student_id"]) == ids
    assert "bimtek_status" in _tables(pg_url)
    # Some participants were really graded (not only decided before grading).
    assert sum(r.status in statuses.SCORED for r in pg_run.results) >= 2
    assert any(r.score > 0 for r in pg_run.results)

    on_pg = {r.student_id: (r.status, r.score, r.max_score) for r in pg_run.results}
    on_sqlite = {r.student_id: (r.status, r.score, r.max_score) for r in sqlite_run.results}
    assert on_pg == on_sqlite

    # The reports read the PostgreSQL gradebook: same per-cell points as on SQLite.
    pg_results, sqlite_results = read_results(pg_course), read_results(sqlite_course)
    columns = [ID, STATUS, NILAI]
    assert pg_results.frame[columns].equals(sqlite_results.frame[columns])
    cell_columns = [ID, SEL, POIN]
    assert pg_results.cells[cell_columns].reset_index(drop=True).equals(
        sqlite_results.cells[cell_columns].reset_index(drop=True))

    reports = write_reports(course=pg_course, out=tmp_path / "laporan")
    sheet = openpyxl.load_workbook(reports.excel)["Rekap"]
    header = [c.value for c in sheet[1]]
    column = header.index(H_ID)
    in_excel = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]}
    assert in_excel == ids
    assert set(reports.feedback_pages) == ids
    assert reports.html.exists()


def test_unreachable_database_is_refused_without_a_folder(tmp_path):
    """Does an unreachable db_url give a one-line Indonesian error and leave no event folder?"""
    url = f"postgresql://postgres:rahasia@127.0.0.1:{_closed_port()}/bimtek"
    root = tmp_path / "baru" / "kegiatan"
    with pytest.raises(BimtekError) as caught:
        init_event(root, db_url=url)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert "tidak dapat dihubungi" in message and "--db-url" in message
    assert "rahasia" not in message  # the password is never shown
    assert not (tmp_path / "baru").exists()

    empty = tmp_path / "kosong"
    empty.mkdir()
    with pytest.raises(BimtekError):
        init_event(empty, db_url=url)
    assert empty.is_dir() and not any(empty.iterdir())


def test_database_of_another_event_is_refused_and_cleaned_up(tmp_path, pg_url):
    """Is a database that already holds an event refused (nbgrader's assignment names are
    unique per database), with the half-made folder removed?"""
    init_event(tmp_path / "pertama", db_url=pg_url)
    second = tmp_path / "kedua" / "kegiatan"
    with pytest.raises(BimtekError) as caught:
        init_event(second, db_url=pg_url)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert "sudah dipakai kegiatan lain" in message and ASSIGNMENT in message
    assert not (tmp_path / "kedua").exists()
    assert (tmp_path / "pertama" / CONFIG_FILE).exists()  # the first event is untouched
