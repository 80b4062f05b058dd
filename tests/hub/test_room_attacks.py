"""A hostile participant (and a curious one) in a real training room, as real system accounts.

Each test is one attack of the room-security issue, tried the way a participant would: with
the Python their JupyterLab runs, through nbgrader's exchange, through the hub's REST API, or
through the instructor's formgrader. The room is started by ``bimtek hub`` as the README says
(tests/hub/conftest.py). Every test here failed on the room as it was before (editable
install in the repository, instructor's server as root, nbgrader's own collect, links
followed by root, hub files in the event folder, control groups left behind).
"""
from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import time
from pathlib import Path

import pytest


pytestmark = [pytest.mark.slow, pytest.mark.hub, pytest.mark.timeout(900)]

ASSIGNMENT = "m11_kurva_s"


def _fetch_and_submit(room, account, *, student=None, extra_files=None):
    """A participant fetches the exercise and submits it with nbgrader, as in JupyterLab."""
    result = room.as_participant(account, "nbgrader", "fetch_assignment", ASSIGNMENT)
    assert result.returncode == 0 or "already have a copy" in result.stderr, result.stderr
    home = Path(pwd.getpwnam(account["username"]).pw_dir)
    for name, text in (extra_files or {}).items():
        subprocess.run(["runuser", "-u", account["username"], "--", "sh", "-c",
                        f"cat > '{home / ASSIGNMENT / name}'"], input=text, text=True, check=True)
    args = ["nbgrader", "submit", ASSIGNMENT]
    if student:
        args.append(f"--student={student}")
    result = room.as_participant(account, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def _own_entries(room, account) -> list[Path]:
    """The participant's own submissions in inbound (root looks; the participant cannot list)."""
    uid = pwd.getpwnam(account["username"]).pw_uid
    return sorted(p for p in room.inbound.iterdir() if p.stat().st_uid == uid)


# --------------------------------------------------------------------------- attack 1

def test_participant_cannot_read_answers_grades_or_sources(hub_room):
    """Attack 1: with the Python their server runs, can a participant find and read the
    answer key (solutions/ next to the installed bimtek), the gradebook, or source/?"""
    room = hub_room
    p1 = room.accounts[0]
    probe = r"""
import importlib.util, json, os, sys
from pathlib import Path
found = []
spec = importlib.util.find_spec("grader")
roots = {Path(spec.origin).resolve().parents[1]} | {Path(p) for p in sys.argv[1:]}
for root in roots:
    for folder, dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    handle.read(1)
                found.append(path)
            except OSError:
                pass
print(json.dumps({"grader": spec.origin, "read": found}))
"""
    targets = [room.repo / "solutions", room.repo / "tests", room.course]
    result = room.as_participant(p1, "python", "-c", probe, *map(str, targets))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert str(room.env) in seen["grader"], seen["grader"]        # the shared install
    secret = [p for p in seen["read"] if "/solutions/" in p or p.startswith(str(room.repo))
              or (p.endswith(".db") and not p.startswith(str(room.env)))
              or p.startswith(str(room.course))]
    assert secret == [], secret[:10]
    # the install is not editable and holds no answer key
    site = list((room.env / "lib").glob("python3*/site-packages"))[0]
    assert not list(site.glob("__editable__*")), "instalasi peserta tidak boleh editable"
    assert not (site / "solutions").exists() and not (site / "tests").exists()
    # and the participant cannot change it
    assert room.as_participant(p1, "touch", str(site / "grader" / "x.py")).returncode != 0
    # the event folder and the gradebook are private to the instructor account
    assert stat.S_IMODE(room.course.stat().st_mode) & 0o007 == 0
    assert stat.S_IMODE((room.course / "gradebook.db").stat().st_mode) == 0o600
    assert room.course.stat().st_uid == pwd.getpwnam(room.instructor).pw_uid


def test_lessons_reach_participants_with_the_helper_package(hub_room):
    """Do lessons reach each home, and is bimtek_peserta importable from the shared install?"""
    room = hub_room
    p1 = room.accounts[0]
    home = Path(pwd.getpwnam(p1["username"]).pw_dir)
    lessons = sorted(p.name for p in (room.repo / "course").glob("*.ipynb"))
    assert sorted(p.name for p in (home / "pelajaran").glob("*.ipynb")) == lessons
    assert (home / "datasets" / ASSIGNMENT).is_dir()
    assert not list((home / "datasets").rglob("*.py"))
    result = room.as_participant(p1, "python", "-c",
                                 "import bimtek_peserta, bimtek_peserta.cek; print(bimtek_peserta.__file__)")
    assert result.returncode == 0 and str(room.env) in result.stdout, result.stderr


# --------------------------------------------------------------------------- attack 2

def test_instructor_server_is_not_root(hub_room, hub_tools):
    """Attack 2: does the instructor's JupyterLab (and so its terminal) run as root?"""
    room = hub_room
    instructor = hub_tools.HubUser(room, room.instructor, room.instructor_password)
    instructor.start()
    import psutil
    uids = set()
    for proc in psutil.process_iter(["cmdline"]):
        if "jupyterhub-singleuser" not in " ".join(proc.info.get("cmdline") or []):
            continue
        try:
            if proc.environ().get("JUPYTERHUB_USER") == room.instructor:
                uids.add(proc.uids().real)
                uids.add(proc.uids().effective)
        except psutil.Error:
            continue
    assert uids == {pwd.getpwnam(room.instructor).pw_uid}, uids
    assert 0 not in uids
    # formgrader is there, and works on the event folder
    response = instructor.server("GET", "formgrader/api/assignments")
    assert response.status_code == 200 and ASSIGNMENT in response.text, room.log_tail(6000)


def test_no_hub_admin_and_no_server_for_root(hub_room, hub_tools):
    """Attack 2b: can the instructor (formerly a hub admin) add a user 'root' and start its
    server, or open a participant's server?"""
    room = hub_room
    instructor = hub_tools.HubUser(room, room.instructor, room.instructor_password)
    assert instructor.hub("POST", "users/root").status_code == 403
    assert instructor.hub("POST", "users/root/server").status_code in (403, 404)
    p1 = room.accounts[0]
    assert instructor.server("GET", "api/contents", user=p1["username"]).status_code in (403, 404)
    assert not [p for p in hub_tools.server_processes("root")]
    # and the spawner itself refuses root and foreign accounts, whoever asks
    from grader.hub.spawner import BimtekSpawner, RefusedSpawn

    class _User:
        name = "root"
    spawner = BimtekSpawner.__new__(BimtekSpawner)
    spawner.__dict__.update(_trait_values={})
    spawner._trait_values = {}
    spawner.accounts_json = str(room.hub_root / room.course_id / "peserta.json")
    spawner.instructor = room.instructor
    spawner.user = _User()
    with pytest.raises(RefusedSpawn):
        spawner.check_account()


# --------------------------------------------------------------------------- attacks 4, 5

def test_collection_never_follows_links_or_special_files(hub_room):
    """Attack 4: a link planted in one's own submission (to another participant's notebook,
    to a terminal device that blocks) and a named pipe: does collection copy or hang?"""
    room = hub_room
    p1, p2 = room.accounts[0], room.accounts[1]
    secret = "RAHASIA-" + os.urandom(4).hex()
    home2 = _fetch_and_submit(room, p2)
    notebook2 = home2 / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    subprocess.run(["runuser", "-u", p2["username"], "--", "sh", "-c",
                    f"echo '{secret}' >> '{notebook2}'"], check=True)
    _fetch_and_submit(room, p1)
    entry = _own_entries(room, p1)[-1]
    plant = (f"cd '{entry}' && ln -s '{notebook2}' curian.ipynb && ln -s /dev/ptmx terminal.txt"
             f" && ln -s '{home2}' rumah && mkfifo pipa")
    result = subprocess.run(["runuser", "-u", p1["username"], "--", "sh", "-c", plant],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    started = time.monotonic()
    collected = room.bimtek("hub", *room.hub_args(), "--kumpulkan", ASSIGNMENT)
    assert time.monotonic() - started < 120
    dest = room.course / "submitted" / p1["id"] / ASSIGNMENT
    names = sorted(p.name for p in dest.rglob("*"))
    assert f"{ASSIGNMENT}.ipynb" in names
    assert not {"curian.ipynb", "terminal.txt", "rumah", "pipa"} & set(names), names
    for path in dest.rglob("*"):
        assert not path.is_symlink() and (path.is_file() or path.is_dir())
    assert secret not in "".join(p.read_text(errors="replace") for p in
                                 (room.course / "submitted" / p1["id"]).rglob("*") if p.is_file())
    assert "tautan" in collected.stdout, collected.stdout


def test_formgrader_collect_checks_owner_and_keeps_copies_private(hub_room, hub_tools):
    """Attack 5: a participant submits under another participant's name; the instructor
    presses Collect in formgrader. Whose submission lands in the gradebook, and can anyone
    else write into the collected folders?"""
    room = hub_room
    p1, p3 = room.accounts[0], room.accounts[2]
    assignment = ASSIGNMENT
    victim = room.course / "submitted" / p3["id"]
    _fetch_and_submit(room, p1, student=p3["id"],
                      extra_files={"palsu.txt": "dikumpulkan atas nama orang lain"})
    instructor = hub_tools.HubUser(room, room.instructor, room.instructor_password)
    instructor.start()
    response = instructor.server("POST", f"formgrader/api/assignment/{assignment}/collect")
    assert response.status_code == 200, response.text[:500]
    assert response.json().get("success"), response.json()
    assert not victim.exists(), list(victim.rglob("*"))
    students = instructor.server("GET", "formgrader/api/submissions/" + assignment).json()
    assert not [s for s in students if s.get("student") == p3["id"]
                and s.get("status") == "submitted"], students
    for path in (room.course / "submitted").rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode & 0o022 == 0, (path, oct(mode))
        assert mode & 0o007 == 0, (path, oct(mode))


def test_submission_in_inbound_is_the_instructors_alone(hub_room):
    """Can another participant who learns a submission's name read or change it?"""
    room = hub_room
    p1, p2 = room.accounts[0], room.accounts[1]
    _fetch_and_submit(room, p1)
    entry = _own_entries(room, p1)[-1]
    notebook = entry / f"{ASSIGNMENT}.ipynb"
    assert subprocess.run(["runuser", "-u", p2["username"], "--", "cat", str(notebook)],
                          capture_output=True).returncode != 0
    assert subprocess.run(["runuser", "-u", p2["username"], "--", "touch", str(entry / "x")],
                          capture_output=True).returncode != 0
    assert subprocess.run(["runuser", "-u", p2["username"], "--", "ls", str(room.inbound)],
                          capture_output=True).returncode != 0


# --------------------------------------------------------------------------- attack 6a

def test_hub_log_database_and_secrets_are_root_only(hub_room):
    """Attack 6: can a participant read the hub's log (which names everyone's activity) or
    its database (tokens, users), or the instructor's password?"""
    room = hub_room
    p1 = room.accounts[0]
    hub_dir = room.hub_root / room.course_id
    files = [hub_dir / "jupyterhub.log", hub_dir / "jupyterhub.sqlite",
             hub_dir / "jupyterhub_cookie_secret", room.hub_root / f"{room.instructor}.txt"]
    assert all(f.exists() for f in files), [f for f in files if not f.exists()]
    for path in files:
        result = room.as_participant(p1, "cat", str(path))
        assert result.returncode != 0, path
    assert not (room.course / "hub").exists()     # nothing of the hub in the event folder


# --------------------------------------------------------------------------- feedback

def test_feedback_reaches_each_participant_alone(hub_room):
    """Does each participant get their own feedback page, readable by them alone, even if
    they planted a link where it is delivered; and does nbgrader's fetch_feedback stay shut?"""
    room = hub_room
    p1, p2 = room.accounts[0], room.accounts[1]
    from grader.report.feedback import output_name
    report = room.course / "laporan" / "umpan_balik"
    pages = {a["id"]: f"<p>umpan balik untuk {a['id']} {os.urandom(4).hex()}</p>" for a in room.accounts}
    names = {a["id"]: output_name(a["id"], a["nama"]) for a in room.accounts}
    script = "; ".join(
        [f"mkdir -p '{report}'"] + [f"printf '%s' '{text}' > '{report / (names[i] + ext)}'"
                                    for i, text in pages.items() for ext in (".html", ".pdf")])
    subprocess.run(["runuser", "-u", room.instructor, "--", "sh", "-c", script], check=True)
    home1 = Path(pwd.getpwnam(p1["username"]).pw_dir)
    home2 = Path(pwd.getpwnam(p2["username"]).pw_dir)
    # p2 tries to have p1's page (or root's write) land somewhere else
    subprocess.run(["runuser", "-u", p2["username"], "--", "ln", "-s", str(home1), str(home2 / "umpan_balik")],
                   check=True)
    result = room.bimtek("hub", *room.hub_args(), "--umpan-balik", str(room.course / "laporan"))
    page1 = home1 / "umpan_balik" / f"{room.course_id}.html"
    assert page1.exists(), result.stdout + result.stderr
    assert page1.read_text() == pages[p1["id"]]
    assert (page1.with_suffix(".pdf")).read_text() == pages[p1["id"]]
    assert stat.S_IMODE(page1.stat().st_mode) == 0o600
    assert page1.stat().st_uid == pwd.getpwnam(p1["username"]).pw_uid
    assert room.as_participant(p2, "cat", str(page1)).returncode != 0
    assert (home2 / "umpan_balik").is_symlink()          # left as the participant made it
    assert not (home1 / f"{room.course_id}.html").exists()
    assert "Umpan balik terkirim ke 2 peserta" in result.stdout, result.stdout
    assert f"{p2['id']} (" in result.stdout and "bukan folder" in result.stdout
    fetched = room.as_participant(p1, "nbgrader", "fetch_feedback", ASSIGNMENT)
    assert fetched.returncode != 0 and "umpan_balik" in (fetched.stdout + fetched.stderr)


# --------------------------------------------------------------------------- attack 6b

def test_stopping_the_room_removes_cgroups_and_leftover_processes(participant_env, hub_tools):
    """Attack 6: after the room stops, are the participants' control groups and anything
    they left running gone?"""
    room = hub_tools.open_room(participant_env, names=["Dedi Kurniawan"])
    leftover = None
    try:
        p1 = room.accounts[0]
        user = hub_tools.HubUser(room, p1["username"], p1["password"])
        user.start()
        from grader.hub.spawner import _groups
        made = [g for g in _groups(p1["username"]) if g.is_dir()]
        assert made, "ruang pelatihan tidak membuat cgroup untuk peserta"
        leftover = subprocess.Popen(["runuser", "-u", p1["username"], "--", "sleep", "600"],
                                    start_new_session=True)
        time.sleep(0.5)
        room.stop()
        assert room.process.returncode == 0, room.log_tail()
        assert [g for g in made if g.exists()] == []
        uid = pwd.getpwnam(p1["username"]).pw_uid
        import psutil
        assert [p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"]
                and p.info["uids"].real == uid] == []
    finally:
        if leftover is not None and leftover.poll() is None:
            leftover.kill()
        hub_tools.close_room(room)


# --------------------------------------------------------------------------- attack 3

HOSTILE = '''
import os, pathlib
for target in {targets!r}:
    try:
        pathlib.Path(target).write_text(f"uid={{os.getuid()}}")
        print("DITULIS", target)
    except OSError as exc:
        print("DITOLAK", target, exc)
'''


def test_formgrader_autograde_runs_participant_code_in_the_sandbox(hub_room, hub_tools):
    """Attack 3: a participant's notebook that writes into the event folder and the server's
    /tmp, autograded by the instructor from formgrader's page (its Autograde button's API).
    Unsandboxed, the code runs as the instructor's server (root, before) and both files
    appear; in the sandbox it sees the event folder read-only (or not at all) and its /tmp is
    its own, so neither file appears on the server."""
    room = hub_room
    victim = room.accounts[2]
    token = os.urandom(4).hex()
    targets = [str(room.course / f"DIRETAS-{token}"), f"/tmp/bimtek-autograde-{token}",
               str(room.course / "gradebook.db")]
    home = Path(pwd.getpwnam(victim["username"]).pw_dir)
    room.as_participant(victim, "nbgrader", "fetch_assignment", ASSIGNMENT)
    notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    edit = (
        "import json, sys; path = sys.argv[1]; nb = json.load(open(path));\n"
        "cell = next(c for c in nb['cells'] if c['cell_type'] == 'code'\n"
        "            and c.get('metadata', {}).get('nbgrader', {}).get('solution'))\n"
        "cell['source'] = sys.argv[2] + ''.join(cell['source']);\n"
        "json.dump(nb, open(path, 'w'))")
    result = room.as_participant(victim, "python", "-c", edit, str(notebook),
                                 HOSTILE.format(targets=targets))
    assert result.returncode == 0, result.stderr
    result = room.as_participant(victim, "nbgrader", "submit", ASSIGNMENT)
    assert result.returncode == 0, result.stderr
    gradebook_before = (room.course / "gradebook.db").read_bytes()
    instructor = hub_tools.HubUser(room, room.instructor, room.instructor_password)
    instructor.start()
    collected = instructor.server("POST", f"formgrader/api/assignment/{ASSIGNMENT}/collect")
    assert collected.status_code == 200 and collected.json().get("success"), collected.text[:500]
    assert (room.course / "submitted" / victim["id"] / ASSIGNMENT).is_dir()
    graded = instructor.server("POST", f"formgrader/api/submission/{ASSIGNMENT}/{victim['id']}/autograde")
    assert graded.status_code == 200, graded.text[:500]
    outcome = graded.json()
    print("autograde formgrader:", outcome.get("success"), (outcome.get("log") or "")[-400:])
    assert not Path(targets[0]).exists(), "kode peserta menulis ke folder kegiatan"
    assert not Path(targets[1]).exists(), "kode peserta menulis ke /tmp server"
    assert b"uid=" not in (room.course / "gradebook.db").read_bytes()[:64]
    assert (room.course / "gradebook.db").stat().st_size >= len(gradebook_before) // 2
    # fail closed: either it ran in the sandbox (and was graded) or it was refused
    autograded = room.course / "autograded" / victim["id"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    if outcome.get("success"):
        text = autograded.read_text(encoding="utf-8")
        assert f"DITOLAK {targets[0]}" in text, "kode peserta tidak dijalankan di kotak pasir"
        assert f"DITULIS {targets[0]}" not in text and f"DITULIS {targets[2]}" not in text
    else:
        assert not autograded.exists()
