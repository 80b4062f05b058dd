"""``bimtek hub`` refuses to open a room in an unsafe layout, with one sentence naming the
path and the fix, and starts nothing: checked as a real participant account sees the paths."""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.hub, pytest.mark.timeout(900)]


def _layout(participant_env, private_repo):
    from grader.course import open_course
    from grader.event import init_event
    from grader.roster import import_roster
    suffix = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="bimtek-hub-"))
    base.chmod(0o755)
    course = base / f"kegiatan-{suffix}"
    init_event(course)
    roster = base / "peserta.csv"
    roster.write_text("id,nama,instansi,kabupaten_kota,kelas\n"
                      f"R{suffix}-1,Gita Maharani,Bappeda,Kota Tirtamarta,A\n"
                      f"R{suffix}-2,Hadi Wijaya,Bappeda,Kota Tirtamarta,A\n", encoding="utf-8")
    import_roster(course=open_course(course), file=roster)
    (base / "home").mkdir(mode=0o755)
    repo = private_repo(base)
    users = [f"r{suffix}-1", f"r{suffix}-2", f"pj{suffix}"]
    command = [sys.executable, "-m", "grader.cli", "hub", "--course", str(course),
               "--port", "9", "--ip", "127.0.0.1", "--bersama", str(base / "bersama"),
               "--home", str(base / "home"), "--pengajar", f"pj{suffix}",
               "--folder-hub", str(base / "hub"), "--lingkungan", str(participant_env)]
    return base, course, repo, users, command


@pytest.mark.parametrize("opening", ["repositori", "buku_nilai", "folder_kegiatan"])
def test_hub_refuses_an_unsafe_layout(participant_env, hub_tools, opening):
    """Is the room refused, naming the open path and the fix, when a participant could read
    the answer key, the gradebook, or the event folder?"""
    from grader.hub.accounts import remove_system_user
    base, course, repo, users, command = _layout(participant_env, hub_tools.private_repo)
    try:
        if opening == "repositori":
            for path in [repo, *repo.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
            expected = str(repo / "solutions")
        elif opening == "buku_nilai":
            subprocess.run(["chmod", "-R", "go-rwx", str(course)], check=True)
            course.chmod(0o711)                 # passable, not listable: names can be guessed
            (course / "gradebook.db").chmod(0o644)
            expected = str(course / "gradebook.db")
        else:
            for path in [course, *course.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
            expected = str(course)
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=repo,
                                env={**os.environ, "PYTHONPATH": str(repo)})
        assert result.returncode == 1, result.stdout + result.stderr
        message = result.stderr.strip().splitlines()[-1]
        assert message.startswith("galat: Peserta (") and "ruang pelatihan tidak dijalankan" in message
        assert expected in message and "Tutup aksesnya dengan: chmod" in message, message
        assert "Traceback" not in result.stderr
        assert not (base / "hub" / course.name / "jupyterhub.sqlite").exists()   # nothing started
    finally:
        for user in users:
            remove_system_user(user)
        shutil.rmtree(base, ignore_errors=True)
