"""Indexes of the gradebook that nbgrader does not create.

nbgrader's tables carry only their primary keys and unique constraints. Those constraints
index ``(cell_id, notebook_id)`` of ``grade`` and ``comment``, ``(notebook_id, assignment_id)``
of ``submitted_notebook``, ``(assignment_id, student_id)`` of ``submitted_assignment`` and
``(name, notebook_id, type)`` of ``base_cell``, so every lookup by the *second* column (the
grades of one submitted notebook, the notebooks of one submission, the submissions of one
participant, the cells of one notebook) scans the whole table. The report reads every grade
of the event joined along exactly those columns, and nbgrader's own score sums
(``SubmittedAssignment.score``, ``needs_manual_grade``) filter on them too: at 400
participants x 14 assignments that is the difference between milliseconds and minutes.

``ensure`` creates them with ``CREATE INDEX IF NOT EXISTS`` (SQLite and PostgreSQL), so it
is safe to run on every opening: ``bimtek init`` runs it on the new gradebook, and reading the
status table (grading and reporting) runs it on events made before these indexes existed.
"""
from __future__ import annotations

import logging

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

# index name -> (table, columns)
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ix_bimtek_grade_notebook_id": ("grade", ("notebook_id",)),
    "ix_bimtek_comment_notebook_id": ("comment", ("notebook_id",)),
    "ix_bimtek_submitted_notebook_assignment_id": ("submitted_notebook", ("assignment_id",)),
    "ix_bimtek_submitted_assignment_student_id": ("submitted_assignment", ("student_id",)),
    "ix_bimtek_base_cell_notebook_id": ("base_cell", ("notebook_id",)),
    "ix_bimtek_notebook_assignment_id": ("notebook", ("assignment_id",)),
    "ix_bimtek_source_cell_notebook_id": ("source_cell", ("notebook_id",)),
}

log = logging.getLogger(__name__)


def ensure(db: str | Engine) -> list[str]:
    """Create the indexes of ``INDEXES`` that are missing; return the names created.

    Tables not there yet (a database without a gradebook) are skipped. An index that cannot
    be created (for example, the database user may not create indexes) is logged and left
    out: it only makes reading slower, never different.
    """
    engine = create_engine(db) if isinstance(db, str) else db
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names())
        present = {index["name"] for table in tables & {t for t, _ in INDEXES.values()}
                   for index in inspector.get_indexes(table)}
        created = []
        for name, (table, columns) in INDEXES.items():
            if table not in tables or name in present:
                continue
            try:
                with engine.begin() as conn:
                    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                                      f"({', '.join(columns)})"))
                created.append(name)
            except SQLAlchemyError as exc:   # a concurrent creation, or no right to create
                log.warning("Indeks %s pada tabel %s tidak dapat dibuat: %s", name, table,
                            str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
        return created
    finally:
        if isinstance(db, str):
            engine.dispose()


def missing(db: str | Engine) -> list[str]:
    """The names of ``INDEXES`` not present on tables that exist (for checks and tests)."""
    engine = create_engine(db) if isinstance(db, str) else db
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names())
        out = []
        for name, (table, _) in INDEXES.items():
            if table in tables and name not in {i["name"] for i in inspector.get_indexes(table)}:
                out.append(name)
        return out
    finally:
        if isinstance(db, str):
            engine.dispose()
