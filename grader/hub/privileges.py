"""Do one piece of work as another system user, from the root process of ``bimtek hub``.

The root process never reads or writes a folder an unprivileged user controls: a link or a
hostile file planted there would act with root's rights. Instead it starts a fresh Python
(the shared environment's) with the user's identity (uid, gid, groups) that does the work; the
result (or the error's message) comes back as JSON on its standard output. Used to read the instructor's event folder, to collect
submissions as the instructor, and to put feedback into a participant's home as that
participant.

The child makes itself non-dumpable (no other process of that user can attach to it) and its
result travels as JSON, never pickle: the parent trusts no byte that comes from the child.
"""
from __future__ import annotations

import ctypes
import json
import os
import pwd
import subprocess
import sys

from ..errors import BimtekError


# The Python the jobs run with: the shared participant environment's (every account can run
# it; root's own Python may live in a folder other accounts cannot open). Set by the launcher
# once the environment is ready.
PYTHON: str | None = None


def use_python(python) -> None:
    global PYTHON
    PYTHON = str(python)


def run_as(username: str, function, *args):
    """``function(*args)`` run as ``username`` in a fresh process; its result.

    The function must be a module-level function of grader; the arguments and the result must
    be JSON (lists, dicts, text, numbers). A BimtekError raised there is raised again here
    with the same message; any other error becomes a BimtekError naming it.
    """
    entry = pwd.getpwnam(username)
    if entry.pw_uid == 0:
        raise BimtekError(f"Menolak bekerja sebagai {username}: akun itu memiliki hak root.")
    if os.geteuid() == entry.pw_uid:
        return function(*args)
    if os.geteuid() != 0:
        raise BimtekError(f"Hanya root atau {username} sendiri yang dapat bekerja sebagai "
                          f"{username}; jalankan perintah ini dengan sudo.")
    if PYTHON is None:
        raise BimtekError("Lingkungan peserta belum disiapkan; jalankan dulu: sudo bimtek hub")
    request = json.dumps({"module": function.__module__, "name": function.__qualname__,
                          "args": list(args)})
    groups = os.getgrouplist(username, entry.pw_gid)
    result = subprocess.run(
        [PYTHON, "-m", "grader.hub.privileges"], input=request, capture_output=True, text=True,
        user=entry.pw_uid, group=entry.pw_gid, extra_groups=groups, umask=0o077, cwd="/",
        env={"PATH": f"{os.path.dirname(PYTHON)}:/usr/bin:/bin", "HOME": entry.pw_dir,
             "USER": username, "LOGNAME": username, "LANG": "C.UTF-8"})
    lines = result.stdout.strip().splitlines()
    try:
        payload = json.loads(lines[-1]) if lines else None
    except ValueError:
        payload = None
    if not payload:
        tail = (result.stderr.strip().splitlines() or ["?"])[-1]
        raise BimtekError(f"Gagal saat bekerja sebagai {username}: {tail[:300]}")
    if payload[0] == "ok":
        return payload[1]
    if payload[0] == "bimtek":
        raise BimtekError(payload[1])
    raise BimtekError(f"Gagal saat bekerja sebagai {username}: {payload[1]}")


def _serve() -> int:
    """The child's side: read the request, run it, print the JSON result on the last line."""
    import importlib
    request = json.loads(sys.stdin.read())
    if not request["module"].startswith("grader."):
        print(json.dumps(["error", "modul tidak dikenal"]))
        return 1
    ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    try:
        function = getattr(importlib.import_module(request["module"]), request["name"])
        payload = ["ok", function(*request["args"])]
    except BimtekError as exc:
        payload = ["bimtek", str(exc)]
    except Exception as exc:  # noqa: BLE001 - everything goes back to the parent
        payload = ["error", f"{exc.__class__.__name__}: {exc}"]
    print("\n" + json.dumps(payload))
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
