"""Are the gradebook indexes nbgrader does not create made on PostgreSQL too, at init and
when an event made without them is read, and does the batched reader work there?"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from grader import gradebook_indexes
from grader.event import init_event, with_driver
from grader.report.collect import read_results

pytestmark = pytest.mark.slow

ASSIGNMENT = "m11_kurva_s"


def test_indexes_on_postgresql(tmp_path, pg_url):
    """Does init create every index, does reading put back dropped ones, and is a second
    ensure a no-op?"""
    course = init_event(tmp_path / "kegiatan", db_url=pg_url, assignments=[ASSIGNMENT])
    assert gradebook_indexes.missing(course.db_url) == []
    engine = create_engine(with_driver(pg_url))
    try:
        with engine.begin() as conn:
            for name in gradebook_indexes.INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    finally:
        engine.dispose()
    assert gradebook_indexes.missing(course.db_url) == list(gradebook_indexes.INDEXES)
    results = read_results(course)
    assert [a.name for a in results.assignments] == [ASSIGNMENT]
    assert gradebook_indexes.missing(course.db_url) == []
    assert gradebook_indexes.ensure(course.db_url) == []
