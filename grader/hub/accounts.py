"""Participant accounts for the training room: usernames and initial passwords from the roster.

``akun_peserta.csv`` (id, nama, username, password) is the single record of the accounts; a
rerun keeps the passwords already handed out and adds accounts only for new participants.
System users are created for participants and for the instructor (the hub logs them in with
PAM and runs each JupyterLab as its own user, so file permissions keep everyone apart). The
instructor account is an ordinary unprivileged user; none of these accounts is ever root.
"""
from __future__ import annotations

import csv
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import BimtekError

ACCOUNTS_FILE = "akun_peserta.csv"
ACCOUNTS_SHEET = "akun_peserta.html"
ACCOUNT_COLUMNS = ["id", "nama", "username", "password"]
# Unambiguous characters only: no 0/O, 1/l/I, so a printed password can be typed back.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10
USERNAME_MAX = 32
MARKER = "bimtek"   # GECOS field prefix of the system users bimtek created


@dataclass(frozen=True)
class Account:
    id: str
    nama: str
    username: str
    password: str


def username_for(student_id: str) -> str:
    """A Linux and JupyterHub username for a roster id: lower case, [a-z0-9_-], a letter first."""
    name = re.sub(r"[^a-z0-9_-]+", "-", student_id.lower()).strip("-")
    if not name or not name[0].isalpha():
        name = "p" + name
    return name[:USERNAME_MAX]


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def read_accounts(path: Path) -> list[Account]:
    if not Path(path).exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return [Account(**{k: row[k] for k in ACCOUNT_COLUMNS}) for row in csv.DictReader(handle)]


def write_accounts(path: Path, accounts: list[Account]) -> None:
    """Write the accounts file readable by its owner only (it holds passwords)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ACCOUNT_COLUMNS)
        for a in accounts:
            writer.writerow([a.id, a.nama, a.username, a.password])
    os.replace(tmp, path)


def make_accounts(course, *, reserved: tuple[str, ...] = ()) -> list[Account]:
    """Accounts for every participant in the event's roster, written to ``akun_peserta.csv``.

    Raises:
        BimtekError: the roster is empty, or two ids give the same username.
    """
    from ..roster_file import read_roster   # pandas: only where the roster is read
    roster = read_roster(course.roster_path)
    if roster.empty:
        raise BimtekError(
            f"Daftar peserta {course.roster_path} masih kosong. Impor dulu dengan: "
            f"bimtek roster import peserta.xlsx --course {course.root}")
    path = course.root / ACCOUNTS_FILE
    earlier = {a.id: a for a in read_accounts(path)}
    accounts, owner = [], {}
    for row in roster.to_dict("records"):
        username = username_for(row["id"])
        if username in owner or username in reserved:
            other = owner.get(username, "akun pengajar")
            raise BimtekError(
                f"Id peserta {row['id']!r} dan {other!r} menghasilkan nama pengguna yang sama "
                f"({username}). Ubah salah satu id di daftar peserta lalu impor ulang.")
        owner[username] = row["id"]
        old = earlier.get(row["id"])
        password = old.password if old and old.username == username else new_password()
        accounts.append(Account(row["id"], row["nama"], username, password))
    write_accounts(path, accounts)
    return accounts


# --------------------------------------------------------------------------- system users

def _ours(username: str) -> bool:
    try:
        return pwd.getpwnam(username).pw_gecos.startswith(MARKER)
    except KeyError:
        return False


def ensure_system_user(username: str, password: str, *, comment: str, home_base: Path) -> Path:
    """Create (or update the password of) the system user ``username``; return its home.

    A user that exists but was not created by bimtek is refused: its files are not ours.
    """
    if os.geteuid() != 0:
        raise BimtekError("bimtek hub harus dijalankan sebagai root (sudo) untuk membuat akun "
                          "peserta di server ini.")
    try:
        existing = pwd.getpwnam(username)
    except KeyError:
        existing = None
    if existing and not _ours(username):
        raise BimtekError(
            f"Pengguna sistem {username!r} sudah ada dan bukan buatan bimtek. Ubah id peserta "
            "atau nama akun pengajar agar tidak bentrok.")
    if existing is None:
        home = Path(home_base) / username
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell",
                        "/bin/bash", "--comment", f"{MARKER} {comment}"[:250], username],
                       check=True, capture_output=True)
    subprocess.run(["chpasswd"], input=f"{username}:{password}\n", text=True, check=True,
                   capture_output=True)
    entry = pwd.getpwnam(username)
    if entry.pw_uid == 0 or entry.pw_gid == 0:
        raise BimtekError(f"Pengguna sistem {username!r} memiliki hak root; pilih nama lain.")
    home = Path(entry.pw_dir)
    info = os.lstat(home)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != entry.pw_uid:
        raise BimtekError(f"Folder rumah {home} milik {username} tidak sah (bukan folder milik "
                          f"akun itu); hapus akun itu dengan userdel lalu jalankan lagi.")
    os.chmod(home, 0o700)   # nobody else may open a participant's folder
    return home


def remove_system_user(username: str) -> None:
    """Remove a system user bimtek created, with its home folder (used by tests and cleanup)."""
    if _ours(username):
        subprocess.run(["pkill", "-KILL", "-u", username], capture_output=True)
        subprocess.run(["userdel", "--remove", username], capture_output=True)


def copy_lessons(home: str, share: str) -> list[str]:
    """Put the lessons and the data they read into a participant's home, once.

    Runs as the participant (grader.hub.privileges.run_as), from the shared environment's
    copy: lessons open their data at ``../datasets/``, so both folders sit side by side.
    Folders already there are kept: they may hold the participant's own changes.
    """
    copied = []
    for folder in ("pelajaran", "datasets"):
        source = Path(share) / folder
        dest = Path(home) / folder
        if os.path.lexists(dest) or not source.is_dir():
            continue
        shutil.copytree(source, dest, symlinks=False)
        copied.append(folder)
    return copied
