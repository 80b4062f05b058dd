"""The Kubernetes exchange for real: ngshare as a service of the local hub (``bimtek hub
--pertukaran ngshare``), with nbgrader's ngshare-exchange client in the participants' and the
instructor's environment, each authenticated by their own hub token.

Two participants fetch, change and submit the exercise; one of them also submits under the
other's name; the instructor collects and releases feedback; each participant fetches their
own feedback and tries the other's.
"""
from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.hub, pytest.mark.timeout(900)]

ASSIGNMENT = "m11_kurva_s"


def _run(room, user, token, *command, cwd=None):
    """``command`` as ``user`` with their hub token, as in their JupyterLab terminal."""
    entry = pwd.getpwnam(user)
    config = room.shared / "jupyter" / ("pengajar" if user == room.instructor else "peserta")
    env = {"PATH": f"{room.env / 'bin'}:/usr/bin:/bin", "HOME": entry.pw_dir, "USER": user,
           "JUPYTERHUB_USER": user, "JUPYTERHUB_API_TOKEN": token,
           "JUPYTER_CONFIG_PATH": f"{config}:{room.course}" if user == room.instructor else str(config)}
    result = subprocess.run(["runuser", "-u", user, "--", "env", "-i",
                             *[f"{k}={v}" for k, v in env.items()], *command],
                            capture_output=True, text=True, timeout=300,
                            cwd=cwd or entry.pw_dir)
    return result


def _ok(result):
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def test_ngshare_exchange_end_to_end(participant_env, hub_tools):
    room = hub_tools.open_room(participant_env, names=["Eka Putri", "Fajar Nugroho"],
                               extra_args=["--pertukaran", "ngshare"])
    try:
        p1, p2 = room.accounts
        course = room.course_id
        instructor = hub_tools.HubUser(room, room.instructor, room.instructor_password)
        one = hub_tools.HubUser(room, p1["username"], p1["password"])
        two = hub_tools.HubUser(room, p2["username"], p2["password"])
        teach = lambda *cmd: _run(room, room.instructor, instructor.token, *cmd, cwd=room.course)  # noqa: E731

        _ok(teach("ngshare-course-management", "create_course", course, room.instructor))
        for account in (p1, p2):
            _ok(teach("ngshare-course-management", "add_student", course, account["username"],
                      "--no-gb"))
        released = _ok(teach("nbgrader", "release_assignment", ASSIGNMENT, "--force"))
        print("rilis:", released.stdout[-500:], released.stderr[-800:])

        markers = {}
        for account, user in ((p1, one), (p2, two)):
            fetched = _ok(_run(room, account["username"], user.token, "nbgrader",
                               "fetch_assignment", ASSIGNMENT))
            home = Path(pwd.getpwnam(account["username"]).pw_dir)
            notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
            assert notebook.is_file(), fetched.stdout[-1500:] + fetched.stderr[-1500:] + room.log_tail(2000)
            markers[account["username"]] = f"JAWABAN-{account['username']}-{os.urandom(3).hex()}"
            subprocess.run(["runuser", "-u", account["username"], "--", "sh", "-c",
                            f"sed -i 's/TULIS JAWABAN ANDA DI SINI/{markers[account['username']]}/' '{notebook}'"],
                           check=True)
            _ok(_run(room, account["username"], user.token, "nbgrader", "submit", ASSIGNMENT))

        # participant 1 submits again, naming participant 2
        forged = _run(room, p1["username"], one.token, "nbgrader", "submit", ASSIGNMENT,
                      f"--student={p2['username']}")
        print("kirim atas nama orang lain:", forged.returncode, forged.stderr[-300:])

        _ok(teach("nbgrader", "collect", ASSIGNMENT, "--update"))
        submitted = room.course / "submitted"
        collected = {p.name for p in submitted.iterdir()}
        assert {p1["username"], p2["username"]} <= collected, collected
        text = {u: (submitted / u / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
                for u in (p1["username"], p2["username"])}
        assert markers[p1["username"]] in text[p1["username"]]
        assert markers[p2["username"]] in text[p2["username"]]
        assert markers[p1["username"]] not in text[p2["username"]], \
            "pengumpulan atas nama peserta lain diterima"

        # feedback: one page per participant, released through ngshare
        for user in (p1["username"], p2["username"]):
            folder = room.course / "feedback" / user / ASSIGNMENT
            stamp = (submitted / user / ASSIGNMENT / "timestamp.txt").read_text()
            script = (f"mkdir -p '{folder}' && printf '%s' '{stamp}' > '{folder}/timestamp.txt' && "
                      f"printf '%s' 'UMPAN-BALIK-{user}' > '{folder}/{ASSIGNMENT}.html'")
            subprocess.run(["runuser", "-u", room.instructor, "--", "sh", "-c", script], check=True)
        _ok(teach("nbgrader", "release_feedback", ASSIGNMENT))

        for account, user, other in ((p1, one, p2), (p2, two, p1)):
            home = Path(pwd.getpwnam(account["username"]).pw_dir)
            _ok(_run(room, account["username"], user.token, "nbgrader", "fetch_feedback", ASSIGNMENT))
            pages = [p.read_text() for p in (home / ASSIGNMENT / "feedback").rglob("*.html")]
            assert f"UMPAN-BALIK-{account['username']}" in "".join(pages), pages
            # asking for the other participant's feedback gives nothing of theirs
            _run(room, account["username"], user.token, "nbgrader", "fetch_feedback", ASSIGNMENT,
                 f"--student={other['username']}")
            everything = "".join(p.read_text(errors="replace") for p in home.rglob("*.html"))
            assert f"UMPAN-BALIK-{other['username']}" not in everything
        # and ngshare's own files are not readable by participants
        assert room.as_participant(p1, "ls", str(room.shared / "ngshare")).returncode != 0
    finally:
        hub_tools.close_room(room)
