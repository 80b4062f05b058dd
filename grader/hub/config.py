"""Configuration files of a training room: the hub's and the participants' and instructor's.

Everything is rendered as text (Python literals via ``repr``) so that an organiser can read
what the hub runs with in ``<event>/hub/jupyterhub_config.py``.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import sizing

LOCALE = "id_ID"
IDLE_TIMEOUT_S = 3600
# Plugins participants do not need (they are the instructor's tools).
PARTICIPANT_DISABLED_PLUGINS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                                "@jupyter/nbgrader:course-list"]


@dataclass
class HubConfig:
    """Everything the hub's configuration file needs."""

    course_root: Path
    course_id: str
    hub_dir: Path             # hub database, secrets, log, configuration (root only, outside
                              # the event folder so the instructor account cannot change it)
    shared_dir: Path          # readable by participants: exchange and their Jupyter config
    env_dir: Path             # the shared read-only Python of every single-user server
    ip: str
    port: int
    hub_port: int
    proxy_api_port: int
    proxy_command: str
    usernames: list[str]
    instructor: str
    instructor_gid: int = 0
    exchange: str = "berkas"   # "berkas": a shared folder; "ngshare": the ngshare hub service
    ngshare_port: int = 0
    mem_limit_mib: int = sizing.MEM_LIMIT_MIB
    cpu_limit: float = sizing.CPU_LIMIT
    idle_timeout: int = IDLE_TIMEOUT_S

    @property
    def exchange_root(self) -> Path:
        return self.shared_dir / "exchange"

    @property
    def participant_config(self) -> Path:
        return self.shared_dir / "jupyter" / "peserta"

    @property
    def instructor_config(self) -> Path:
        return self.shared_dir / "jupyter" / "pengajar"

    @property
    def accounts_json(self) -> Path:
        """username -> roster id, read by the hub's spawner (root only)."""
        return self.hub_dir / "peserta.json"

    @property
    def instructor_accounts_json(self) -> Path:
        """The same, for the instructor's collect (instructor's group only)."""
        return self.instructor_config / "peserta.json"

    @property
    def ngshare_dir(self) -> Path:
        """ngshare's database and files (the instructor account's alone)."""
        return self.shared_dir / "ngshare"

    @property
    def ngshare_url(self) -> str:
        """ngshare through the hub's proxy, as participants' servers reach it."""
        return f"http://127.0.0.1:{self.port}/services/ngshare"

    @property
    def log_file(self) -> Path:
        return self.hub_dir / "jupyterhub.log"

    @property
    def config_file(self) -> Path:
        return self.hub_dir / "jupyterhub_config.py"


def render_hub_config(cfg: HubConfig) -> str:
    bin_dir = cfg.env_dir / "bin"
    singleuser = str(bin_dir / "jupyterhub-singleuser")
    culler = [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cfg.idle_timeout}"]
    lines = [
        "# JupyterHub ruang pelatihan bimtek. Dibuat ulang oleh 'bimtek hub' setiap kali dijalankan.",
        "c = get_config()  # noqa: F821",
        f"c.JupyterHub.ip = {cfg.ip!r}",
        f"c.JupyterHub.port = {cfg.port!r}",
        f"c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {cfg.hub_port!r}",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{cfg.proxy_api_port}'",
        f"c.ConfigurableHTTPProxy.command = [{cfg.proxy_command!r}]",
        f"c.JupyterHub.db_url = {'sqlite:///' + str(cfg.hub_dir / 'jupyterhub.sqlite')!r}",
        f"c.JupyterHub.cookie_secret_file = {str(cfg.hub_dir / 'jupyterhub_cookie_secret')!r}",
        f"c.JupyterHub.pid_file = {str(cfg.hub_dir / 'jupyterhub.pid')!r}",
        "c.JupyterHub.cleanup_servers = True",
        "c.JupyterHub.cleanup_proxy = True",
        "",
        "# Login: system accounts (PAM) created by bimtek from the roster. Nobody is a hub admin:",
        "# an admin could open every participant's server and add users the hub would start.",
        "c.JupyterHub.authenticator_class = 'pam'",
        f"c.Authenticator.allowed_users = set({sorted(cfg.usernames + [cfg.instructor])!r})",
        "c.Authenticator.admin_users = set()",
        "c.PAMAuthenticator.open_sessions = False",
        "",
        "# One JupyterLab per account, from the shared read-only environment, never as root.",
        "c.JupyterHub.spawner_class = 'grader.hub.spawner.BimtekSpawner'",
        f"c.Spawner.cmd = [{singleuser!r}]",
        "c.Spawner.default_url = '/lab'",
        "c.Spawner.start_timeout = 120",
        "c.Spawner.http_timeout = 120",
        f"c.Spawner.mem_limit = '{cfg.mem_limit_mib}M'",
        f"c.Spawner.cpu_limit = {cfg.cpu_limit!r}",
        f"c.Spawner.environment = {{'PATH': {str(bin_dir) + ':/usr/local/bin:/usr/bin:/bin'!r}}}",
        f"c.BimtekSpawner.accounts_json = {str(cfg.accounts_json)!r}",
        f"c.BimtekSpawner.instructor = {cfg.instructor!r}",
        f"c.BimtekSpawner.course_root = {str(cfg.course_root)!r}",
        f"c.BimtekSpawner.participant_config = {str(cfg.participant_config)!r}",
        f"c.BimtekSpawner.instructor_config = {str(cfg.instructor_config)!r}",
        "",
        "# Stop servers left idle (jupyterhub-idle-culler).",
        "c.JupyterHub.services = [{'name': 'idle-culler', 'command': "
        f"{culler!r}}}]",
        "c.JupyterHub.load_roles = [{'name': 'idle-culler', 'services': ['idle-culler'], "
        "'scopes': ['list:users', 'read:users:activity', 'read:servers', 'delete:servers']}]",
        "",
    ]
    if cfg.exchange == "ngshare":
        ngshare = [str(bin_dir / "python"), "-m", "grader.hub.ngshare_service", "--admins", cfg.instructor,
                   "--storage", str(cfg.ngshare_dir / "files"),
                   "--database", "sqlite:///" + str(cfg.ngshare_dir / "ngshare.db")]
        lines += [
            "# The nbgrader exchange: ngshare, a hub service run as the instructor account. It",
            "# knows every participant from their hub token (the way it works on Kubernetes).",
            "c.JupyterHub.services.append({'name': 'ngshare', "
            f"'url': 'http://127.0.0.1:{cfg.ngshare_port}', 'command': {ngshare!r}, "
            f"'user': {cfg.instructor!r}, 'cwd': {str(cfg.ngshare_dir)!r}, "
            "'oauth_no_confirm': True, "
            f"'environment': {{'PATH': {str(bin_dir) + ':/usr/bin:/bin'!r}}}}})",
            "c.JupyterHub.load_roles.append({'name': 'user', "
            "'scopes': ['self', 'access:services!service=ngshare']})",
            "",
        ]
    return "\n".join(lines)


def _ngshare_nbgrader(cfg: HubConfig, *extra: str) -> str:
    return "\n".join([
        "# nbgrader dengan pertukaran ngshare (dibuat oleh 'bimtek hub').",
        "from ngshare_exchange import configureExchange",
        "c = get_config()  # noqa: F821",
        f"configureExchange(c, {cfg.ngshare_url!r})",
        f"c.CourseDirectory.course_id = {cfg.course_id!r}",
        *extra,
        "",
    ])


def render_participant_nbgrader(cfg: HubConfig) -> str:
    if cfg.exchange == "ngshare":
        return _ngshare_nbgrader(cfg)
    return "\n".join([
        "# nbgrader untuk peserta (dibuat oleh 'bimtek hub').",
        "import os",
        "c = get_config()  # noqa: F821",
        f"c.Exchange.root = {str(cfg.exchange_root)!r}",
        f"c.CourseDirectory.course_id = {cfg.course_id!r}",
        "c.CourseDirectory.student_id = os.environ.get('BIMTEK_STUDENT_ID', '*')",
        "# Pengumpulan hanya dapat dibaca pengajar; umpan balik ada di folder umpan_balik.",
        "c.ExchangeFactory.submit = 'grader.hub.nbgrader_exchange.PrivateSubmit'",
        "c.ExchangeFactory.fetch_feedback = 'grader.hub.nbgrader_exchange.FeedbackInHomeFetch'",
        "",
    ])


def render_instructor_nbgrader(cfg: HubConfig) -> str:
    if cfg.exchange == "ngshare":
        return _ngshare_nbgrader(cfg, f"c.CourseDirectory.root = {str(cfg.course_root)!r}")
    return "\n".join([
        "# nbgrader untuk pengajar (dibuat oleh 'bimtek hub'); pengaturan kegiatan ada di",
        "# nbgrader_config.py folder kegiatan.",
        "c = get_config()  # noqa: F821",
        f"c.Exchange.root = {str(cfg.exchange_root)!r}",
        f"c.CourseDirectory.root = {str(cfg.course_root)!r}",
        "# Collect menurut pemilik berkas (bukan nama folder), tanpa mengikuti tautan, dengan",
        "# batas ukuran; umpan balik dikirim lewat 'sudo bimtek hub --umpan-balik'.",
        "c.ExchangeFactory.collect = 'grader.hub.nbgrader_exchange.OwnerCheckedCollect'",
        f"c.OwnerCheckedCollect.participants_json = {str(cfg.instructor_accounts_json)!r}",
        "c.ExchangeFactory.release_feedback = 'grader.hub.nbgrader_exchange.FeedbackInHomeRelease'",
        "",
    ])


def lab_overrides() -> dict:
    """JupyterLab defaults for everyone in the room: Indonesian, no news from the internet."""
    return {
        "@jupyterlab/translation-extension:plugin": {"locale": LOCALE},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
    }


def _write(path: Path, text: str, mode: int, gid: int = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chown(tmp, 0, gid)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def write_configs(cfg: HubConfig, ids: dict[str, str]) -> None:
    """Write every configuration file of the room (hub, participants, instructor).

    The hub's folder is root's alone. Participants' settings are readable by everyone and
    changeable by root only; the instructor's are readable by the instructor's group only.
    """
    cfg.hub_dir.mkdir(parents=True, exist_ok=True)
    os.chown(cfg.hub_dir, 0, 0)
    cfg.hub_dir.chmod(0o700)
    _write(cfg.config_file, render_hub_config(cfg), 0o600)
    _write(cfg.accounts_json, json.dumps(ids, indent=1), 0o600)
    overrides = json.dumps(lab_overrides(), indent=1)
    participant = cfg.participant_config
    _write(participant / "nbgrader_config.py", render_participant_nbgrader(cfg), 0o644)
    _write(participant / "labconfig" / "default_setting_overrides.json", overrides, 0o644)
    _write(participant / "labconfig" / "page_config.json", json.dumps(
        {"disabledExtensions": {name: True for name in PARTICIPANT_DISABLED_PLUGINS}}), 0o644)
    for folder in (cfg.shared_dir, cfg.shared_dir / "jupyter", participant, participant / "labconfig"):
        os.chown(folder, 0, 0)
        folder.chmod(0o755)
    instructor = cfg.instructor_config
    gid = cfg.instructor_gid
    _write(instructor / "nbgrader_config.py", render_instructor_nbgrader(cfg), 0o640, gid)
    _write(instructor / "labconfig" / "default_setting_overrides.json", overrides, 0o640, gid)
    _write(cfg.instructor_accounts_json, json.dumps(ids, indent=1), 0o640, gid)
    for folder in (instructor, instructor / "labconfig"):
        os.chown(folder, 0, gid)
        folder.chmod(0o750)
