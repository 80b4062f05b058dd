"""JupyterHub's LocalProcessSpawner with bimtek's roles and per-participant limits.

Loaded by the hub process (``c.JupyterHub.spawner_class``). Participants' servers run as their
own system user in their home folder, with the participants' Jupyter configuration (nbgrader
exchange, Indonesian interface, no formgrader). The instructor's server runs as the dedicated
unprivileged instructor account (which owns the event folder), in that folder, with formgrader.
No server starts for an account outside the room or with root's rights (uid or gid 0), even if
a hub admin adds such a user. Memory and CPU limits are enforced with a control group when the
server allows one (cgroup v2 or v1); the group is removed (and whatever is left in it killed)
when the server stops. JupyterHub also passes the limits as MEM_LIMIT and CPU_LIMIT.
"""
from __future__ import annotations

import json
import os
import pwd
import signal
import time
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

CGROUP_ROOT = Path("/sys/fs/cgroup")
CPU_PERIOD_US = 100_000
V1_CONTROLLERS = ("memory", "cpu")
MARKER = "bimtek"   # GECOS prefix of the accounts bimtek made (grader.hub.accounts.MARKER)


def _write(path: Path, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _groups(name: str) -> list[Path]:
    """The control group folders a server called ``name`` may have (v2, then v1 per controller)."""
    return [CGROUP_ROOT / "bimtek" / name, *(CGROUP_ROOT / controller / "bimtek" / name
                                            for controller in V1_CONTROLLERS)]


def make_cgroup(name: str, mem_bytes: int | None, cpu: float | None) -> list[Path]:
    """Create the control groups for one server; return the ``cgroup.procs`` files to join.

    Best effort: an empty list when control groups cannot be written here.
    """
    procs = []
    try:
        if (CGROUP_ROOT / "cgroup.controllers").exists():          # cgroup v2
            group = CGROUP_ROOT / "bimtek" / name
            group.mkdir(parents=True, exist_ok=True)
            if mem_bytes:
                _write(group / "memory.max", str(mem_bytes))
            if cpu:
                _write(group / "cpu.max", f"{int(cpu * CPU_PERIOD_US)} {CPU_PERIOD_US}")
            procs.append(group / "cgroup.procs")
        else:                                                       # cgroup v1
            if mem_bytes and (CGROUP_ROOT / "memory").is_dir():
                group = CGROUP_ROOT / "memory" / "bimtek" / name
                group.mkdir(parents=True, exist_ok=True)
                _write(group / "memory.limit_in_bytes", str(mem_bytes))
                procs.append(group / "cgroup.procs")
            if cpu and (CGROUP_ROOT / "cpu").is_dir():
                group = CGROUP_ROOT / "cpu" / "bimtek" / name
                group.mkdir(parents=True, exist_ok=True)
                _write(group / "cpu.cfs_period_us", str(CPU_PERIOD_US))
                _write(group / "cpu.cfs_quota_us", str(int(cpu * CPU_PERIOD_US)))
                procs.append(group / "cgroup.procs")
    except OSError:
        return []
    return procs


def remove_cgroup(name: str, timeout: float = 10.0) -> list[Path]:
    """Kill what is left in ``name``'s control groups and remove them; return those left.

    A control group can only be removed once it holds no process; whatever a participant left
    running there (a background job started from a terminal) is killed first.
    """
    left = []
    for group in _groups(name):
        if not group.is_dir():
            continue
        deadline = time.monotonic() + timeout
        while True:
            try:
                pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
            except OSError:
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                group.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    left.append(group)
                    break
                time.sleep(0.1)
        parent = group.parent
        try:
            if parent.name == "bimtek" and not any(p.is_dir() for p in parent.iterdir()):
                parent.rmdir()
        except OSError:
            pass
    return left


class RefusedSpawn(Exception):
    """A server that must not start (unknown account, or one with root's rights)."""


class BimtekSpawner(LocalProcessSpawner):
    """One JupyterLab per account: participants as themselves, the instructor as the
    instructor account, in the event folder. Nothing else starts, and nothing as root."""

    accounts_json = Unicode(help="JSON file: username -> roster id of every participant.").tag(config=True)
    instructor = Unicode(help="Username of the instructor account.").tag(config=True)
    course_root = Unicode(help="The event folder (the instructor's working folder).").tag(config=True)
    participant_config = Unicode(help="Jupyter configuration folder of participants.").tag(config=True)
    instructor_config = Unicode(help="Jupyter configuration folder of the instructor.").tag(config=True)

    @property
    def is_instructor(self) -> bool:
        return self.user.name == self.instructor

    def _participants(self) -> dict[str, str]:
        return json.loads(Path(self.accounts_json).read_text(encoding="utf-8"))

    def os_user(self) -> str:
        return self.user.name

    def check_account(self) -> pwd.struct_passwd:
        """The system account the server will run as; refuse any other than the room's.

        Only the room's participants and its instructor start a server; an account with
        root's rights (uid 0) or one bimtek did not create never does, even if an admin of
        the hub added a user of that name.
        """
        name = self.os_user()
        if not (self.is_instructor or name in self._participants()):
            raise RefusedSpawn(f"{name!r} bukan akun ruang pelatihan ini; server tidak dijalankan.")
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise RefusedSpawn(f"Akun sistem {name!r} tidak ada; server tidak dijalankan.") from None
        if entry.pw_uid == 0 or entry.pw_gid == 0:
            raise RefusedSpawn(f"Akun {name!r} memiliki hak root; server tidak dijalankan.")
        if not entry.pw_gecos.startswith(MARKER):
            raise RefusedSpawn(f"Akun sistem {name!r} bukan buatan bimtek; server tidak dijalankan.")
        return entry

    def make_preexec_fn(self, name):
        entry = self.check_account()
        setuid = set_user_setuid(entry.pw_name, chdir=not self.is_instructor)
        procs = getattr(self, "_cgroup_procs", [])

        def preexec():
            for path in procs:
                try:
                    _write(path, str(os.getpid()))
                except OSError:
                    pass
            setuid()
            if os.getuid() == 0 or os.geteuid() == 0:   # never go on with root's rights
                os._exit(70)
        return preexec

    def user_env(self, env):
        entry = pwd.getpwnam(self.os_user())
        env.update(USER=entry.pw_name, HOME=entry.pw_dir, SHELL=entry.pw_shell or "/bin/bash")
        return env

    def get_env(self):
        env = super().get_env()
        if self.is_instructor:
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([self.instructor_config, self.course_root])
        else:
            env["JUPYTER_CONFIG_PATH"] = self.participant_config
            env["BIMTEK_STUDENT_ID"] = self._participants().get(self.user.name, self.user.name)
        return env

    async def start(self):
        self.check_account()
        if self.is_instructor:
            self.popen_kwargs = {**self.popen_kwargs, "cwd": self.course_root}
            self.notebook_dir = self.course_root
        self._cgroup_procs = make_cgroup(self.user.name, self.mem_limit, self.cpu_limit)
        return await super().start()

    async def stop(self, now=False):
        try:
            await super().stop(now=now)
        finally:
            remove_cgroup(self.user.name)
