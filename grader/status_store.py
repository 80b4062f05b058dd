"""Per-participant grading status, kept in the gradebook's own database.

nbgrader's gradebook holds scores but cannot tell "not submitted" from "corrupt file" from
"timed out". bimtek keeps that in one extra table, ``bimtek_status``, in the same database
(SQLite or PostgreSQL), so scores and statuses never live in two places that can disagree.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import (Column, DateTime, MetaData, String, Table, Text, create_engine,
                        inspect, select, text)

from . import gradebook_indexes

metadata = MetaData()
status_table = Table(
    "bimtek_status", metadata,
    Column("student_id", String(128), primary_key=True),
    Column("assignment_id", String(128), primary_key=True),
    Column("status", String(32), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("updated_at", DateTime, nullable=False),
    # Fingerprint of the submitted files this status was decided on ("" if none): a rerun
    # skips participants whose fingerprint is unchanged.
    Column("fingerprint", String(64), nullable=False, default=""),
)


def _engine(db_url: str):
    engine = create_engine(db_url, connect_args={"timeout": 30} if db_url.startswith("sqlite") else {})
    metadata.create_all(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("bimtek_status")}
    if "fingerprint" not in columns:  # table made by an earlier bimtek version
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE bimtek_status ADD COLUMN fingerprint "
                              "VARCHAR(64) NOT NULL DEFAULT ''"))
    return engine


def record(db_url: str, assignment_id: str, student_id: str, status: str, reason: str = "",
           fingerprint: str = "") -> None:
    """Insert or replace one participant's status for one assignment."""
    engine = _engine(db_url)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(status_table.delete().where(
            (status_table.c.student_id == student_id)
            & (status_table.c.assignment_id == assignment_id)))
        conn.execute(status_table.insert().values(
            student_id=student_id, assignment_id=assignment_id, status=status,
            reason=reason or "", updated_at=now, fingerprint=fingerprint))
    engine.dispose()


def load(db_url: str, assignment_id: str | None = None) -> pd.DataFrame:
    """All recorded statuses (student_id, assignment_id, status, reason, updated_at, fingerprint).

    Grading and reporting both start here, so this is also where a gradebook made before
    bimtek created its indexes gets them (``gradebook_indexes.ensure``; a no-op once done).
    """
    engine = _engine(db_url)
    gradebook_indexes.ensure(engine)
    query = select(status_table)
    if assignment_id is not None:
        query = query.where(status_table.c.assignment_id == assignment_id)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(query).mappings().all(),
                             columns=[c.name for c in status_table.columns])
    engine.dispose()
    return frame
