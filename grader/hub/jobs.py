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


FEEDBACK_KINDS = (".pdf", ".html")


def _read_feedback_job(folder: str, names: dict[str, str]) -> dict[str, dict]:
    """Pages ``<folder>/<name>.pdf`` and ``.html`` for each id (as the instructor; links not
    followed, regular files only, capped in size), base64-encoded.

    Returns {"pages": id -> {".pdf": b64, ".html": b64}, "problems": id -> why none was taken}.
    """
    import base64
    pages, problems = {}, {}
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise BimtekError(f"Folder umpan balik {folder} tidak dapat dibuka ({os.strerror(exc.errno)}); "
                          "buat dulu dengan: bimtek report --out FOLDER_LAPORAN") from None
    try:
        for student_id, name in names.items():
            for kind in FEEDBACK_KINDS:
                try:
                    fd = os.open(f"{name}{kind}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                                 dir_fd=dir_fd)
                except OSError as exc:
                    problems.setdefault(student_id, f"{name}{kind}: {os.strerror(exc.errno)}")
                    continue
                with os.fdopen(fd, "rb") as handle:
                    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                        problems[student_id] = f"{name}{kind}: bukan berkas biasa"
                        continue
                    data = handle.read(FEEDBACK_MAX_BYTES + 1)
                if len(data) > FEEDBACK_MAX_BYTES:
                    problems[student_id] = f"{name}{kind}: lebih dari {FEEDBACK_MAX_BYTES // 2**20} MB"
                    continue
                pages.setdefault(student_id, {})[kind] = base64.b64encode(data).decode("ascii")
    finally:
        os.close(dir_fd)
    return {"pages": pages, "problems": problems}


def _write_feedback_job(home: str, course_id: str, files: dict[str, str]) -> list[str]:
    """As the participant: ``~/umpan_balik/<course_id>.pdf`` / ``.html``, readable by them
    alone (``files``: extension -> base64 content)."""
    import base64
    folder = Path(home) / FEEDBACK_FOLDER
    if not os.path.lexists(folder):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise BimtekError(f"{folder} bukan folder; hapus atau ganti namanya, lalu minta pengajar "
                          "mengirim ulang umpan balik.")
    os.chmod(folder, 0o700)
    written = []
    for kind, content in files.items():
        if kind not in FEEDBACK_KINDS:
            continue
        path = folder / f"{course_id}{kind}"
        tmp = folder / f".{course_id}{kind}.baru"
        if os.path.lexists(tmp):
            os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(base64.b64decode(content))
        os.replace(tmp, path)
        written.append(str(path))
    return written
