"""The nbgrader exchange of one event on one server: layout and release.

Layout (nbgrader's own): ``<exchange>/<course_id>/outbound/<assignment>/`` (readable by all)
and ``<exchange>/<course_id>/inbound/``. The course folder and both below it belong to root,
so neither a participant nor the instructor account can replace them; the instructor reaches
them through the group of the instructor account:

- ``inbound`` 2773: participants can create their submission there but cannot list the
  folder, so they cannot find or read each other's submissions (nbgrader issue #1225); the
  instructor's group lists and collects, and every submission inherits that group (setgid),
  which lets a submission be readable by the instructor alone (PrivateSubmit).
- ``outbound`` 2775: the instructor's group releases (formgrader's Release button too).

Collection is in grader/hub/collect.py.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import BimtekError

ROOT_MODE = 0o1777       # nbgrader requires a writable exchange root; sticky like /tmp
INBOUND_MODE = 0o2773
OUTBOUND_MODE = 0o2775
FILE_MODE = 0o644


def course_exchange(exchange_root: Path, course_id: str) -> Path:
    return Path(exchange_root) / course_id


def setup_exchange(exchange_root: Path, course_id: str, instructor_gid: int) -> Path:
    """Create the exchange folders with their owners and modes; return the course's folder."""
    root = Path(exchange_root)
    root.mkdir(parents=True, exist_ok=True)
    os.chown(root, 0, 0)
    os.chmod(root, ROOT_MODE)
    base = course_exchange(root, course_id)
    for path, gid, mode in ((base, 0, 0o755), (base / "outbound", instructor_gid, OUTBOUND_MODE),
                            (base / "inbound", instructor_gid, INBOUND_MODE)):
        path.mkdir(exist_ok=True)
        info = os.lstat(path)
        if not os.path.isdir(path) or os.path.islink(path):
            raise BimtekError(f"{path} bukan folder; hapus lalu jalankan bimtek hub lagi.")
        if (info.st_uid, info.st_gid) != (0, gid):
            os.chown(path, 0, gid)
        os.chmod(path, mode)
    return base


def release(outbound: Path, release_dir: Path, assignments: list[str] | None = None) -> list[str]:
    """Copy released assignments (``release/<id>``) to the exchange's outbound folder.

    Runs as the instructor account (it reads the event folder): links are not followed.
    """
    released = []
    ids = assignments or sorted(p.name for p in release_dir.iterdir()
                                if p.is_dir() and not p.is_symlink())
    for assignment_id in ids:
        source = release_dir / assignment_id
        if not source.is_dir():
            raise BimtekError(f"Tugas {assignment_id!r} belum ada di {release_dir}.")
        dest = outbound / assignment_id
        tmp = outbound / f".{assignment_id}.baru"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(source, tmp, symlinks=True, ignore=shutil.ignore_patterns(
            ".ipynb_checkpoints", "__pycache__"))
        for path in [tmp, *tmp.rglob("*")]:
            if path.is_symlink():
                path.unlink()
            else:
                os.chmod(path, 0o755 if path.is_dir() else FILE_MODE)
        shutil.rmtree(dest, ignore_errors=True)
        os.rename(tmp, dest)
        released.append(assignment_id)
    return released
