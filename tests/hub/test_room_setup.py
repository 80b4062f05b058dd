"""Training-room set-up without starting anything: accounts, exchange permissions, configs."""
from __future__ import annotations

import ast
import csv
import json
import stat
from pathlib import Path

import pytest

from grader.course import open_course
from grader.errors import BimtekError
from grader.hub import accounts as acc
from grader.hub import exchange, sizing
from grader.hub.config import HubConfig, render_hub_config, write_configs
from grader.roster_file import write_roster


def _roster(event: Path, ids: list[str]) -> None:
    write_roster(event / "peserta.csv", [
        {"id": i, "nama": f"Peserta {n}", "instansi": "Bappeda", "kabupaten_kota": "Kota Tirtamarta",
         "kelas": "A"} for n, i in enumerate(ids, 1)])


@pytest.mark.parametrize("student_id, username", [
    ("TM-001", "tm-001"), ("2024.07", "p2024-07"), ("Ani_B", "ani_b"), ("x" * 40, "x" * 32)])
def test_username_for_roster_id(student_id, username):
    """Is every roster id turned into a valid Linux username?"""
    assert acc.username_for(student_id) == username


def test_accounts_from_roster_keep_passwords_on_rerun(make_event):
    """Does a rerun keep handed-out passwords and add only the new participants?"""
    event = make_event()
    _roster(event, ["TM-001", "TM-002"])
    first = acc.make_accounts(open_course(event))
    path = event / acc.ACCOUNTS_FILE
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "nama", "username", "password"]
    assert [r["username"] for r in rows] == ["tm-001", "tm-002"]
    assert all(len(r["password"]) == acc.PASSWORD_LENGTH for r in rows)
    assert len({r["password"] for r in rows}) == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    _roster(event, ["TM-001", "TM-002", "TM-003"])
    second = acc.make_accounts(open_course(event))
    assert [a.password for a in second[:2]] == [a.password for a in first]
    assert second[2].username == "tm-003"


def test_accounts_refuse_colliding_usernames(make_event):
    """Are two ids that give the same username refused with the fix named?"""
    event = make_event()
    _roster(event, ["TM.001", "tm-001"])
    with pytest.raises(BimtekError, match="nama pengguna yang sama"):
        acc.make_accounts(open_course(event))


def test_accounts_refuse_empty_roster(make_event):
    with pytest.raises(BimtekError, match="masih kosong"):
        acc.make_accounts(open_course(make_event()))


def test_exchange_permissions(make_event, tmp_path):
    """Can participants write to inbound without listing it, and read only outbound?"""
    import os
    course = open_course(make_event())
    root = tmp_path / "exchange"
    base = exchange.setup_exchange(root, course.course_id, os.getgid())
    exchange.release(base / "outbound", course.path("release"))
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(root) == 0o1777
    assert mode(base / "inbound") == 0o2773
    assert mode(base / "outbound") == 0o2775
    released = base / "outbound" / "m11_kurva_s"
    assert (released / "m11_kurva_s.ipynb").exists()
    assert all(mode(p) == (0o755 if p.is_dir() else 0o644) for p in released.rglob("*"))


def test_collect_trusts_the_owner_not_the_name(make_event, tmp_path):
    """Is a submission named after another participant refused, the latest one taken?"""
    import os
    import pwd
    from grader.hub.collect import collect
    course = open_course(make_event())
    root = tmp_path / "exchange"
    inbound = exchange.setup_exchange(root, course.course_id, os.getgid()) / "inbound"
    me = pwd.getpwuid(os.getuid()).pw_name
    for name in ("TM-001+m11_kurva_s+2026-01-01 10:00:00.000000 UTC+ab",
                 "TM-001+m11_kurva_s+2026-01-01 11:00:00.000000 UTC+cd",
                 "TM-002+m11_kurva_s+2026-01-01 12:00:00.000000 UTC+ef"):
        (inbound / name).mkdir()
        (inbound / name / "m11_kurva_s.ipynb").write_text(name, encoding="utf-8")
    result = collect(inbound, course.path("submitted"), "m11_kurva_s", {me: "TM-001"})
    assert result.collected == ["TM-001"]
    assert len(result.refused) == 1 and result.refused[0].startswith("TM-002")
    dest = course.path("submitted", "TM-001", "m11_kurva_s")
    assert "11:00" in (dest / "m11_kurva_s.ipynb").read_text(encoding="utf-8")
    assert (dest / "timestamp.txt").read_text(encoding="utf-8").startswith("2026-01-01 11:00")
    assert stat.S_IMODE(dest.stat().st_mode) == 0o700
    assert stat.S_IMODE((dest / "m11_kurva_s.ipynb").stat().st_mode) == 0o600


def test_collect_never_follows_links_and_caps_sizes(make_event, tmp_path):
    """Are links, pipes and oversized files kept out, and the rest collected?"""
    import os
    import pwd
    from grader.hub.collect import Caps, collect
    course = open_course(make_event())
    inbound = exchange.setup_exchange(tmp_path / "ex", course.course_id, os.getgid()) / "inbound"
    me = pwd.getpwuid(os.getuid()).pw_name
    secret = tmp_path / "rahasia.ipynb"
    secret.write_text("RAHASIA", encoding="utf-8")
    entry = inbound / "TM-001+m11_kurva_s+2026-01-01 10:00:00.000000 UTC+ab"
    entry.mkdir()
    (entry / "m11_kurva_s.ipynb").write_text("milik sendiri", encoding="utf-8")
    (entry / "curian.ipynb").symlink_to(secret)
    (entry / "folder").symlink_to(tmp_path)
    os.mkfifo(entry / "pipa")
    result = collect(inbound, course.path("submitted"), "m11_kurva_s", {me: "TM-001"})
    dest = course.path("submitted", "TM-001", "m11_kurva_s")
    assert result.collected == ["TM-001"]
    assert sorted(p.name for p in dest.iterdir()) == ["m11_kurva_s.ipynb", "timestamp.txt"]
    assert len(result.skipped) == 3
    big = entry / "besar.csv"
    big.write_bytes(b"x" * 2048)
    result = collect(inbound, course.path("submitted"), "m11_kurva_s", {me: "TM-001"},
                     caps=Caps(file_bytes=1024))
    assert result.collected == [] and "besar.csv" in result.refused[0]
    # the earlier copy stays as it was
    assert (dest / "m11_kurva_s.ipynb").read_text(encoding="utf-8") == "milik sendiri"


def _config(tmp_path: Path, course) -> HubConfig:
    import os
    return HubConfig(course_root=course.root, course_id=course.course_id,
                     hub_dir=tmp_path / "hub", shared_dir=tmp_path / "bersama",
                     env_dir=tmp_path / "lingkungan", instructor_gid=os.getgid(), ip="127.0.0.1",
                     port=8000, hub_port=8081, proxy_api_port=8001,
                     proxy_command="/usr/bin/configurable-http-proxy",
                     usernames=["tm-001", "tm-002"], instructor="pengajar")


def test_hub_config_renders_valid_python_with_the_room_settings(make_event, tmp_path):
    """Is the hub's config valid Python naming PAM, the spawner, limits and the culler?"""
    course = open_course(make_event())
    text = render_hub_config(_config(tmp_path, course))
    ast.parse(text)
    from traitlets.config.loader import PyFileConfigLoader
    path = tmp_path / "jupyterhub_config.py"
    path.write_text(text, encoding="utf-8")
    c = PyFileConfigLoader(path.name, path=str(tmp_path)).load_config()
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.JupyterHub.spawner_class == "grader.hub.spawner.BimtekSpawner"
    assert c.Authenticator.allowed_users == {"tm-001", "tm-002", "pengajar"}
    assert c.Authenticator.admin_users == set()   # no hub admin: it could open every server
    assert c.Spawner.cmd == [str(tmp_path / "lingkungan" / "bin" / "jupyterhub-singleuser")]
    assert c.Spawner.mem_limit == f"{sizing.MEM_LIMIT_MIB}M"
    assert c.Spawner.cpu_limit == sizing.CPU_LIMIT
    assert c.JupyterHub.services[0]["name"] == "idle-culler"
    assert "jupyterhub_idle_culler" in c.JupyterHub.services[0]["command"]


def test_participant_config_selects_indonesian_and_the_exchange(make_event, tmp_path):
    """Do participants get Indonesian by default, the course exchange, and no formgrader?"""
    course = open_course(make_event())
    cfg = _config(tmp_path, course)
    write_configs(cfg, {"tm-001": "TM-001"})
    overrides = json.loads((cfg.participant_config / "labconfig" /
                            "default_setting_overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "id_ID"
    page = json.loads((cfg.participant_config / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    nbconfig = (cfg.participant_config / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f"c.Exchange.root = {str(cfg.exchange_root)!r}" in nbconfig
    assert "BIMTEK_STUDENT_ID" in nbconfig
    assert "PrivateSubmit" in nbconfig and "FeedbackInHome" in nbconfig
    instructor = (cfg.instructor_config / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "OwnerCheckedCollect" in instructor
    assert stat.S_IMODE(cfg.instructor_config.stat().st_mode) == 0o750
    assert stat.S_IMODE(cfg.config_file.stat().st_mode) == 0o600


def test_sizing_follows_tljh_rule():
    """memory = concurrent users x max per user + 128 MB, with headroom."""
    assert sizing.server_memory_gib(40, active=0.5, headroom=0.0) == round(
        (20 * sizing.MEM_LIMIT_MIB + 128) / 1024, 1)
    assert sizing.MEM_GUARANTEE_MIB >= sizing.KERNEL_PEAK_MIB + 100
