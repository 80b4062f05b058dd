"""JupyterHub's LocalProcessSpawner with bimtek's roles and per-participant limits.

Loaded by the hub process (``c.JupyterHub.spawner_class``). Participants' servers run as their
own system user in their home folder, with the participants' Jupyter configuration (nbgrader
exchange, Indonesian interface, no formgrader). The instructor's server runs as the owner of
the event folder, in that folder, with formgrader. Memory and CPU limits are enforced with a
control group when the server allows one (cgroup v2 or v1); JupyterHub also passes them to
the server as MEM_LIMIT and CPU_LIMIT.
"""
from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

CGROUP_ROOT = Path("/sys/fs/cgroup")
CPU_PERIOD_US = 100_000


def _write(path: Path, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


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


class BimtekSpawner(LocalProcessSpawner):
    """One JupyterLab per account: participants as themselves, the instructor in the event."""

    accounts_json = Unicode(help="JSON file: username -> roster id of every participant.").tag(config=True)
    instructor = Unicode(help="Username of the instructor account.").tag(config=True)
    course_root = Unicode(help="The event folder (the instructor's working folder).").tag(config=True)
    participant_config = Unicode(help="Jupyter configuration folder of participants.").tag(config=True)
    instructor_config = Unicode(help="Jupyter configuration folder of the instructor.").tag(config=True)

    @property
    def is_instructor(self) -> bool:
        return self.user.name == self.instructor

    def os_user(self) -> str:
        if self.is_instructor:
            return pwd.getpwuid(os.stat(self.course_root).st_uid).pw_name
        return self.user.name

    def make_preexec_fn(self, name):
        setuid = set_user_setuid(self.os_user(), chdir=not self.is_instructor)
        procs = getattr(self, "_cgroup_procs", [])

        def preexec():
            for path in procs:
                try:
                    _write(path, str(os.getpid()))
                except OSError:
                    pass
            setuid()
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
            ids = json.loads(Path(self.accounts_json).read_text(encoding="utf-8"))
            env["JUPYTER_CONFIG_PATH"] = self.participant_config
            env["BIMTEK_STUDENT_ID"] = ids.get(self.user.name, self.user.name)
        return env

    def get_args(self):
        args = super().get_args()
        if self.is_instructor and self.os_user() == "root":
            args.append("--ServerApp.allow_root=True")
        return args

    async def start(self):
        if self.is_instructor:
            self.popen_kwargs = {**self.popen_kwargs, "cwd": self.course_root}
            self.notebook_dir = self.course_root
        self._cgroup_procs = make_cgroup(self.user.name, self.mem_limit, self.cpu_limit)
        return await super().start()
