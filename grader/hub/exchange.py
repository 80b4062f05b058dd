"""The nbgrader exchange of one event on one server: release and collect.

Layout (nbgrader's own): ``<exchange>/<course_id>/outbound/<assignment>/`` (readable by all)
and ``<exchange>/<course_id>/inbound/`` with mode 2733: participants can create their
submission there but cannot list the folder, so they cannot find or read each other's
submissions (nbgrader issue #1225). Submissions are collected by the owner of each file, not
by the name written in it, so a participant cannot submit on another's behalf.
"""
from __future__ import annotations

import os
import pwd
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..course import Course
from ..errors import BimtekError

ROOT_MODE = 0o1777       # nbgrader requires a writable exchange root; sticky like /tmp
INBOUND_MODE = 0o2733
OUTBOUND_MODE = 0o755
FILE_MODE = 0o644


def course_exchange(exchange_root: Path, course: Course) -> Path:
    return Path(exchange_root) / course.course_id


def setup_exchange(exchange_root: Path, course: Course) -> Path:
    """Create the exchange folders with their permissions; return the course's folder."""
    root = Path(exchange_root)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, ROOT_MODE)
    base = course_exchange(root, course)
    for path, mode in ((base, 0o755), (base / "outbound", OUTBOUND_MODE),
                       (base / "inbound", INBOUND_MODE)):
        path.mkdir(exist_ok=True)
        os.chmod(path, mode)
    return base


def release(exchange_root: Path, course: Course, assignments: list[str] | None = None) -> list[str]:
    """Copy released assignments (``release/<id>``) to the exchange's outbound folder."""
    outbound = course_exchange(exchange_root, course) / "outbound"
    released = []
    source_root = course.path("release")
    ids = assignments or sorted(p.name for p in source_root.iterdir() if p.is_dir())
    for assignment_id in ids:
        source = source_root / assignment_id
        if not source.is_dir():
            raise BimtekError(f"Tugas {assignment_id!r} belum ada di {source_root}.")
        dest = outbound / assignment_id
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in [dest, *dest.rglob("*")]:
            os.chmod(path, OUTBOUND_MODE if path.is_dir() else FILE_MODE)
        released.append(assignment_id)
    return released


@dataclass
class Collected:
    collected: list[str] = field(default_factory=list)   # roster ids
    refused: list[str] = field(default_factory=list)     # inbound entries not collected, why


def collect(exchange_root: Path, course: Course, assignment_id: str,
            owners: dict[str, str]) -> Collected:
    """Copy each participant's latest submission into ``submitted/<id>/<assignment>/``.

    Args:
        owners: system username -> roster id (from ``akun_peserta.csv``).
    """
    inbound = course_exchange(exchange_root, course) / "inbound"
    latest: dict[str, tuple[str, Path]] = {}
    result = Collected()
    for entry in sorted(inbound.iterdir()) if inbound.is_dir() else []:
        parts = entry.name.split("+")
        if len(parts) < 3 or parts[1] != assignment_id or not entry.is_dir():
            continue
        try:
            owner = pwd.getpwuid(entry.stat().st_uid).pw_name
        except KeyError:
            owner = str(entry.stat().st_uid)
        student_id = owners.get(owner)
        if student_id is None or parts[0] != student_id:
            result.refused.append(f"{entry.name} (pemilik {owner})")
            continue
        timestamp = parts[2]
        if student_id not in latest or timestamp > latest[student_id][0]:
            latest[student_id] = (timestamp, entry)
    for student_id, (timestamp, entry) in sorted(latest.items()):
        dest = course.path("submitted", student_id, assignment_id)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(entry, dest, symlinks=False,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in [dest, *dest.rglob("*")]:
            os.chmod(path, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP if path.is_dir()
                     else stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)
        if not (dest / "timestamp.txt").exists():
            (dest / "timestamp.txt").write_text(timestamp, encoding="utf-8")
        result.collected.append(student_id)
    return result
