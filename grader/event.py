"""``bimtek init DIR``: create an event folder ready to release assignments."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from nbgrader.api import Gradebook

from . import paths
from .build import generate, stage
from .course import CONFIG_FILE, ROSTER_FILE, Course, open_course
from .errors import BimtekError
from .nbconfig import render
from .roster_file import ROSTER_COLUMNS, write_roster


def _course_id(root: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", root.name.lower()).strip("-")
    return slug or "bimtek"


def sync_assignments(course: Course, assignments: list[str] | None = None) -> list[str]:
    """Stage the repository's assignments into the event's source/ and release them.

    Safe to run again after the repository changed: the gradebook's assignment records are
    updated in place and submissions are not touched.
    """
    ids = assignments or paths.assignment_ids()
    source = course.path("source")
    for assignment_id in ids:
        shutil.rmtree(source / assignment_id, ignore_errors=True)
        stage(assignment_id, source)
        generate(course.root, assignment_id, course.db_url, extra=course.config)
    return ids


def init_event(directory: str | Path) -> Course:
    """Create the event folder ``directory``: config, empty gradebook, released assignments."""
    root = Path(directory).resolve()
    if root == paths.REPO or paths.REPO in root.parents:
        raise BimtekError(
            f"Folder kegiatan tidak boleh berada di dalam repositori ({paths.REPO}). "
            "Pilih folder lain, misalnya ~/bimtek-kota-tirtamarta.")
    if (root / CONFIG_FILE).exists():
        raise BimtekError(
            f"{root} sudah berisi folder kegiatan ({CONFIG_FILE} sudah ada). "
            "Pakai folder lain, atau hapus folder itu bila memang ingin mulai dari awal.")
    if root.exists() and any(root.iterdir()):
        raise BimtekError(f"Folder {root} sudah ada dan tidak kosong. Pilih folder baru.")
    root.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_FILE).write_text(render(_course_id(root), str(paths.REPO)), encoding="utf-8")
    course = open_course(root)
    for step in ("source", "release", "submitted"):
        course.path(step).mkdir(exist_ok=True)
    with Gradebook(course.db_url, course.course_id):
        pass  # creates the empty gradebook
    write_roster(root / ROSTER_FILE, [], columns=ROSTER_COLUMNS)
    sync_assignments(course)
    return course
