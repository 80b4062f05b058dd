"""Work done as the instructor account or as a participant (grader.hub.privileges.run_as).

Each function runs in a fresh Python with that account's identity, so this module imports
little at the top: anything heavy (nbgrader, pandas) is imported by the job that needs it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import BimtekError
from . import accounts as acc
from . import exchange
from .collect import Caps, collect

FEEDBACK_FOLDER = "umpan_balik"     # in each participant's home
FEEDBACK_MAX_BYTES = 5 * 1024 * 1024


def _event_facts(root: str) -> dict:
    """What root needs to know about the event; runs as the instructor account."""
    from ..course import open_course
    course = open_course(root)
    return {"course_id": course.course_id, "db_url": course.db_url,
            "submitted": str(course.path("submitted")), "release": str(course.path("release")),
            "nama": course.settings.nama_kegiatan}


def _room_event_job(root: str, reserved: list[str]) -> dict:
    """The event's facts and its participants' accounts (made from the roster) in one go:
    opening an event imports nbgrader, which takes seconds."""
    from ..course import open_course
    facts = _event_facts(root)
    made = acc.make_accounts(open_course(root), reserved=tuple(reserved))
    return {"facts": facts, "accounts": [a.__dict__ for a in made]}


def _sheet_job(root: str, accounts: list[dict], url: str, name: str) -> str:
    from ..report.html import environment
    html = environment().get_template("akun_peserta.html.j2").render(
        akun=[acc.Account(**a) for a in accounts], alamat=url, nama_kegiatan=name)
    path = Path(root) / acc.ACCOUNTS_SHEET
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(html)
    os.replace(tmp, path)
    return str(path)


def _release_job(outbound: str, release_dir: str) -> list[str]:
    os.umask(0o022)
    return exchange.release(Path(outbound), Path(release_dir))


def _can_use(path: str) -> bool:
    return os.access(path, os.R_OK | os.W_OK | os.X_OK)


def _collect_job(inbound: str, submitted: str, assignment_id: str, owners: dict) -> dict:
    return collect(Path(inbound), Path(submitted), assignment_id, owners, caps=Caps()).as_dict()


def _read_accounts_job(root: str) -> list[dict]:
    return [a.__dict__ for a in acc.read_accounts(Path(root) / acc.ACCOUNTS_FILE)]


def _read_feedback_job(folder: str, names: dict[str, str]) -> dict[str, str]:
    """Pages ``<folder>/<name>.html`` for each id (as the instructor; links not followed)."""
    pages = {}
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise BimtekError(f"Folder umpan balik {folder} tidak dapat dibuka ({os.strerror(exc.errno)}); "
                          "buat dulu dengan: bimtek report --out FOLDER_LAPORAN") from None
    try:
        for student_id, name in names.items():
            try:
                fd = os.open(f"{name}.html", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                             dir_fd=dir_fd)
            except OSError:
                continue
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    continue
                data = handle.read(FEEDBACK_MAX_BYTES + 1)
            if len(data) <= FEEDBACK_MAX_BYTES:
                pages[student_id] = data.decode("utf-8", errors="replace")
    finally:
        os.close(dir_fd)
    return pages


def _write_feedback_job(home: str, course_id: str, html: str) -> str:
    """As the participant: ``~/umpan_balik/<course_id>.html``, readable by them alone."""
    folder = Path(home) / FEEDBACK_FOLDER
    if not os.path.lexists(folder):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise BimtekError(f"{folder} bukan folder")
    os.chmod(folder, 0o700)
    path = folder / f"{course_id}.html"
    tmp = folder / f".{course_id}.html.baru"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(html)
    os.replace(tmp, path)
    return str(path)
