"""Do one piece of work as another system user, from the root process of ``bimtek hub``.

The root process never reads or writes a folder an unprivileged user controls: a link or a
hostile file planted there would act with root's rights. Instead it forks; the child takes the
user's identity (groups, gid, uid: no way back) and does the work; the result (or the error's
message) comes back through a pipe. Used to read the instructor's event folder, to collect
submissions as the instructor, and to put feedback into a participant's home as that
participant.

The child is made non-dumpable (no other process of that user can attach to it) and its
result travels as JSON, never pickle: the parent trusts no byte that comes from the child.
"""
from __future__ import annotations

import ctypes
import json
import os
import pwd

from ..errors import BimtekError


def drop_to(username: str) -> pwd.struct_passwd:
    """Become ``username`` for good (this process only): groups, then gid, then uid."""
    entry = pwd.getpwnam(username)
    if entry.pw_uid == 0:
        raise BimtekError(f"Menolak bekerja sebagai {username}: akun itu memiliki hak root.")
    if os.geteuid() == 0:
        os.initgroups(username, entry.pw_gid)
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)
    elif os.geteuid() != entry.pw_uid:
        raise BimtekError(f"Hanya root atau {username} sendiri yang dapat bekerja sebagai "
                          f"{username}; jalankan perintah ini dengan sudo.")
    ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    os.umask(0o077)
    os.environ.update(HOME=entry.pw_dir, USER=username, LOGNAME=username)
    return entry


def run_as(username: str, function, *args, **kwargs):
    """``function(*args, **kwargs)`` run in a child process as ``username``; its result.

    The result must be JSON (lists, dicts, text, numbers). A BimtekError raised in the child is
    raised again here with the same message; any other error becomes a BimtekError naming it.
    """
    if os.geteuid() != 0 and pwd.getpwuid(os.geteuid()).pw_name == username:
        return function(*args, **kwargs)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        status = 0
        try:
            drop_to(username)
            payload = ("ok", function(*args, **kwargs))
        except BimtekError as exc:
            payload = ("bimtek", str(exc))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            payload = ("error", f"{exc.__class__.__name__}: {exc}")
        try:
            data = json.dumps(payload).encode()
        except Exception as exc:  # noqa: BLE001
            data = json.dumps(("error", f"hasil tidak dapat dikirim: {exc}")).encode()
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
        except BaseException:  # noqa: BLE001
            status = 1
        os._exit(status)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        raise BimtekError(f"Proses sebagai {username} berhenti tanpa hasil.")
    try:
        payload = json.loads(data)
    except ValueError:
        raise BimtekError(f"Proses sebagai {username} mengirim hasil yang tidak sah.") from None
    if payload[0] == "ok":
        return payload[1]
    if payload[0] == "bimtek":
        raise BimtekError(payload[1])
    raise BimtekError(f"Gagal saat bekerja sebagai {username}: {payload[1]}")
