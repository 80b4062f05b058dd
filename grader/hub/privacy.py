"""Before the room opens: check, as a participant would see them, what must stay private.

``bimtek hub`` lists every path a participant must not read (the repository's answers and
hidden tests, the event folder and its gradebook, the other participants' homes, the
submissions, the hub's log and database, the file holding the PostgreSQL password) and every
path a participant must not change (the shared Python environment, the room's configuration,
the released assignments). A child process takes a real participant's identity (uid, groups)
and asks the kernel (``access(2)``) about each path; the room refuses to start on the first
one that is open, with one Indonesian sentence naming the path and the fix.

Paths the checking participant owns are skipped (their own files are theirs to read).
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import BimtekError
from .privileges import run_as

WALK_LIMIT = 50_000      # entries examined below one private folder


@dataclass
class Private:
    """A folder or file a participant must not read (``write=False``) or change (``True``)."""

    path: Path
    what: str            # Indonesian: what it holds, e.g. "jawaban dan uji tersembunyi"
    fix: str             # the command that closes it
    write: bool = False  # True: must not be writable (it may be readable)


def _entries(item: Private, limit: int = WALK_LIMIT) -> list[tuple[str, bool, int]]:
    """(path, is_dir, owner uid) of ``item.path`` and what is below it, links not followed."""
    root = item.path
    try:
        info = os.lstat(root)
    except FileNotFoundError:
        return []
    found = [(str(root), stat.S_ISDIR(info.st_mode), info.st_uid)]
    if not stat.S_ISDIR(info.st_mode):
        return found
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            try:
                entry = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(entry.st_mode):
                continue
            found.append((path, stat.S_ISDIR(entry.st_mode), entry.st_uid))
            if len(found) >= limit:
                return found
    return found


def _open_paths(items: list[tuple[int, list[tuple[str, bool, int]], bool]]) -> list[list]:
    """In the participant's process: [item index, path, how] of every path that is open."""
    me = os.getuid()
    leaks = []
    for index, entries, write in items:
        for path, is_dir, owner in entries:
            if owner == me:
                continue
            if write:
                if os.access(path, os.W_OK):
                    leaks.append([index, path, "ditulis"])
                    break
            elif os.access(path, os.R_OK):
                leaks.append([index, path, "dibuka" if is_dir else "dibaca"])
                break
    return leaks


def open_to(username: str, private: list[Private]) -> list[tuple[Private, str, str]]:
    """Every item of ``private`` that ``username`` can read (or change): (item, path, how)."""
    items = [(i, _entries(item), item.write) for i, item in enumerate(private)]
    leaks = run_as(username, _open_paths, items)
    return [(private[index], path, how) for index, path, how in leaks]


def refusal(username: str, item: Private, path: str, how: str) -> str:
    return (f"Peserta ({username}) dapat {'mengubah' if how == 'ditulis' else 'membaca'} "
            f"{path} ({item.what}); ruang pelatihan tidak dijalankan. Tutup aksesnya dengan: "
            f"{item.fix}")


def check(checks: list[tuple[str, list[Private]]]) -> None:
    """Refuse (BimtekError) on the first path open to the participant who should not have it.

    ``checks``: (participant username, what that participant must not read or change).
    """
    for username, private in checks:
        leaks = open_to(username, private)
        if leaks:
            item, path, how = leaks[0]
            raise BimtekError(refusal(username, item, path, how))
