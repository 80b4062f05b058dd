"""Collect submissions from the room's exchange without trusting anything a participant made.

A submission in ``inbound/`` is a folder the participant created and can still change. It is
copied into ``submitted/<id>/<assignment>/`` only under these rules:

- the folder belongs (its owner, not its name) to the participant it is named after, and
  every file copied from it belongs to that participant too (a file of someone else's,
  hard-linked in, is left out);
- only folders and regular files are read; a symbolic link, named pipe, socket or device is
  never opened (each entry is examined with lstat and opened with O_NOFOLLOW | O_NONBLOCK,
  and the opened file must be the one examined);
- a file larger than the file cap, or a submission larger than the submission cap (or with
  too many files, or too deep), is refused whole;
- the copy is made in a fresh folder readable by the instructor alone (folders 0700, files
  0600), then put in place; nothing of the participant's modes is kept.

Runs as the instructor account (formgrader's Collect, or ``bimtek hub --kumpulkan`` which
drops to that account): root never reads a participant's folder.
"""
from __future__ import annotations

import errno
import os
import pwd
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_MB = 20           # largest file of one submission
MAX_SUBMISSION_MB = 50     # whole submission
MAX_FILES = 200            # files of one submission
MAX_DEPTH = 8              # folder depth inside a submission
IGNORED = {".ipynb_checkpoints", "__pycache__"}
CHUNK = 1 << 20


class Refused(Exception):
    """A submission that is not collected; the message says why (Indonesian)."""


@dataclass
class Collected:
    collected: list[str] = field(default_factory=list)   # roster ids
    refused: list[str] = field(default_factory=list)     # "entry: why" (Indonesian)
    skipped: list[str] = field(default_factory=list)     # "id: path: why" files left out

    def as_dict(self) -> dict:
        return {"collected": self.collected, "refused": self.refused, "skipped": self.skipped}


@dataclass
class Caps:
    file_bytes: int = MAX_FILE_MB * 1024 * 1024
    submission_bytes: int = MAX_SUBMISSION_MB * 1024 * 1024
    files: int = MAX_FILES
    depth: int = MAX_DEPTH


@dataclass
class _Copy:
    owner_uid: int
    caps: Caps
    total: int = 0
    count: int = 0
    skipped: list[str] = field(default_factory=list)


def _open_dir(name, dir_fd=None) -> int:
    return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                   dir_fd=dir_fd)


def _copy_file(src_dir: int, name: str, info: os.stat_result, dest: Path, job: _Copy,
               shown: str) -> None:
    if info.st_size > job.caps.file_bytes:
        raise Refused(f"berkas {shown} lebih dari {job.caps.file_bytes // 2**20} MB")
    job.count += 1
    if job.count > job.caps.files:
        raise Refused(f"lebih dari {job.caps.files} berkas")
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY
                     | os.O_CLOEXEC, dir_fd=src_dir)
    except OSError as exc:
        job.skipped.append(f"{shown}: tidak dapat dibuka ({os.strerror(exc.errno)})")
        return
    try:
        opened = os.fstat(fd)
        if (not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino)
                != (info.st_dev, info.st_ino) or opened.st_uid != job.owner_uid):
            job.skipped.append(f"{shown}: berubah saat dikumpulkan")
            return
        out = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                      0o600)
        written = 0
        try:
            while True:
                block = os.read(fd, CHUNK)
                if not block:
                    break
                written += len(block)
                job.total += len(block)
                if written > job.caps.file_bytes:
                    raise Refused(f"berkas {shown} lebih dari {job.caps.file_bytes // 2**20} MB")
                if job.total > job.caps.submission_bytes:
                    raise Refused(f"pengumpulan lebih dari {job.caps.submission_bytes // 2**20} MB")
                os.write(out, block)
        finally:
            os.close(out)
        os.utime(dest, ns=(opened.st_atime_ns, opened.st_mtime_ns))
    finally:
        os.close(fd)


def _copy_tree(src_dir: int, dest: Path, job: _Copy, prefix: str, depth: int) -> None:
    if depth > job.caps.depth:
        raise Refused(f"folder {prefix or '.'} terlalu dalam")
    os.mkdir(dest, 0o700)
    for name in sorted(os.listdir(src_dir)):
        shown = f"{prefix}{name}"
        if name in IGNORED:
            continue
        try:
            info = os.stat(name, dir_fd=src_dir, follow_symlinks=False)
        except OSError:
            continue
        if info.st_uid != job.owner_uid:
            job.skipped.append(f"{shown}: bukan milik peserta itu")
            continue
        if stat.S_ISDIR(info.st_mode):
            try:
                child = _open_dir(name, dir_fd=src_dir)
            except OSError as exc:
                job.skipped.append(f"{shown}/: tidak dapat dibuka ({os.strerror(exc.errno)})")
                continue
            try:
                if (os.fstat(child).st_dev, os.fstat(child).st_ino) != (info.st_dev, info.st_ino):
                    job.skipped.append(f"{shown}/: berubah saat dikumpulkan")
                    continue
                _copy_tree(child, dest / name, job, f"{shown}/", depth + 1)
            finally:
                os.close(child)
        elif stat.S_ISREG(info.st_mode):
            _copy_file(src_dir, name, info, dest / name, job, shown)
        elif stat.S_ISLNK(info.st_mode):
            job.skipped.append(f"{shown}: tautan (tidak diikuti)")
        else:
            job.skipped.append(f"{shown}: bukan berkas biasa")


def copy_submission(inbound_fd: int, entry: str, dest: Path, owner_uid: int,
                    caps: Caps) -> list[str]:
    """Copy the inbound folder ``entry`` (checked: owned by ``owner_uid``) to ``dest``.

    The copy is built next to ``dest`` and renamed into place; an old ``dest`` is replaced.
    Returns the files left out. Raises Refused (nothing written) when a cap is exceeded.
    """
    src = _open_dir(entry, dir_fd=inbound_fd)
    tmp = dest.with_name(f".{dest.name}.mengumpulkan")
    try:
        if os.fstat(src).st_uid != owner_uid:
            raise Refused("folder bukan milik peserta itu")
        shutil.rmtree(tmp, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        job = _Copy(owner_uid=owner_uid, caps=caps)
        try:
            _copy_tree(src, tmp, job, "", 0)
        except Refused:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        elif dest.exists():
            shutil.rmtree(dest)
        os.rename(tmp, dest)
        return job.skipped
    finally:
        os.close(src)


def _entry_parts(name: str) -> tuple[str, str, str] | None:
    parts = name.rsplit("+", 3)
    if len(parts) < 3:
        return None
    return parts[0], parts[1], parts[2]


def collect(inbound: Path, submitted: Path, assignment_id: str, owners: dict[str, str], *,
            caps: Caps | None = None, student: str | None = None) -> Collected:
    """Collect the latest submission of ``assignment_id`` of each participant.

    Args:
        inbound: the exchange's inbound folder (the instructor can list it).
        submitted: the event's ``submitted`` folder: copies go to ``<id>/<assignment>/``.
        owners: system username -> roster id of every participant.
        student: collect only this roster id.
    """
    caps = caps or Caps()
    result = Collected()
    by_uid = {}
    for username, student_id in owners.items():
        try:
            by_uid[pwd.getpwnam(username).pw_uid] = student_id
        except KeyError:
            continue
    latest: dict[str, tuple[str, str, int]] = {}
    fd = _open_dir(str(inbound))
    try:
        for name in sorted(os.listdir(fd)):
            parts = _entry_parts(name)
            if parts is None or parts[1] != assignment_id:
                continue
            claimed, _, timestamp = parts
            if student is not None and claimed != student:
                continue
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            owner_id = by_uid.get(info.st_uid)
            if not stat.S_ISDIR(info.st_mode):
                result.refused.append(f"{name}: bukan folder")
                continue
            if owner_id is None or owner_id != claimed:
                try:
                    owner = pwd.getpwuid(info.st_uid).pw_name
                except KeyError:
                    owner = str(info.st_uid)
                result.refused.append(f"{name}: atas nama {claimed} tetapi dibuat oleh {owner}")
                continue
            if claimed not in latest or timestamp > latest[claimed][0]:
                latest[claimed] = (timestamp, name, info.st_uid)
        for student_id, (timestamp, name, uid) in sorted(latest.items()):
            dest = submitted / student_id / assignment_id
            try:
                skipped = copy_submission(fd, name, dest, uid, caps)
            except Refused as exc:
                result.refused.append(f"{name}: {exc}")
                continue
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EPERM, errno.ELOOP, errno.ENOTDIR):
                    result.refused.append(f"{name}: tidak dapat dibaca ({os.strerror(exc.errno)})")
                    continue
                raise
            stamp = dest / "timestamp.txt"
            if not stamp.exists():
                fd_stamp = os.open(stamp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd_stamp, "w", encoding="utf-8") as handle:
                    handle.write(timestamp)
            result.skipped += [f"{student_id}: {s}" for s in skipped]
            result.collected.append(student_id)
    finally:
        os.close(fd)
    return result
