"""Fixtures for the roster tests: an event that already has two participants."""
from __future__ import annotations

import pytest
from nbgrader.api import Gradebook

from grader.course import open_course
from grader.roster_file import ROSTER_COLUMNS, write_roster

EXISTING = [
    {"id": "P001", "nama": "Budi Lama", "instansi": "Bappeda",
     "kabupaten_kota": "Kota Tirtamarta", "kelas": "A"},
    {"id": "P002", "nama": "Sri Wahyuni", "instansi": "Dinas Kesehatan",
     "kabupaten_kota": "Kabupaten Sukamaju", "kelas": "A"},
]


@pytest.fixture
def course(make_event):
    """A fresh copy of the template event with EXISTING in its gradebook and peserta.csv,
    written without grader.roster so that a broken import cannot hide behind its own setup."""
    course = open_course(make_event())
    with Gradebook(course.db_url, course.course_id) as gb:
        for row in EXISTING:
            gb.add_student(row["id"], first_name=row["nama"], last_name="")
    write_roster(course.roster_path, EXISTING, columns=ROSTER_COLUMNS)
    return course
