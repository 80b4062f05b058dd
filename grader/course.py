"""An event folder: where one training's gradebook, submissions, grades and reports live.

The folder is made by ``bimtek init`` and is never inside the repository. Its
``nbgrader_config.py`` is the single source of folder names, limits and bimtek's settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from sqlalchemy.engine import make_url
from traitlets import TraitError
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from .errors import CourseNotFound, BimtekError
from .settings import Bimtek

CONFIG_FILE = "nbgrader_config.py"
ROSTER_FILE = "peserta.csv"   # the event's roster with all identity columns


@dataclass
class Course:
    """An opened event folder."""

    root: Path
    config: Config
    coursedir: CourseDirectory
    settings: Bimtek

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @property
    def db_label(self) -> str:
        """The gradebook's location for messages: the file, or the URL without its password."""
        if self.db_url.startswith("sqlite:///"):
            return self.db_url.removeprefix("sqlite:///")
        return make_url(self.db_url).render_as_string(hide_password=True)

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id

    def path(self, step: str, student_id: str = ".", assignment_id: str = ".") -> Path:
        """Path of an nbgrader step folder ("source", "release", "submitted", ...)."""
        folder = getattr(self.coursedir, f"{step}_directory")
        return Path(self.coursedir.format_path(folder, student_id, assignment_id))

    @property
    def roster_path(self) -> Path:
        return self.root / ROSTER_FILE


def load_config(root: Path) -> Config:
    config_file = root / CONFIG_FILE
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except Exception as exc:  # a syntax error in the user's config file, for example
        raise BimtekError(
            f"Berkas {config_file} tidak dapat dibaca ({exc.__class__.__name__}: {exc}). "
            "Perbaiki berkas itu atau buat ulang dengan 'bimtek init'.") from exc
    config.CourseDirectory.root = str(root)
    return config


def open_course(directory: str | Path = ".") -> Course:
    """Open the event folder ``directory``; raise CourseNotFound with the fix if it is not one."""
    root = Path(directory).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise CourseNotFound(
            f"Folder {root} bukan folder kegiatan bimtek (tidak ada {CONFIG_FILE}). "
            f"Buat dulu dengan: bimtek init {root}")
    config = load_config(root)
    url = config.CourseDirectory.get("db_url")
    if isinstance(url, str) and url.startswith("postgresql://"):
        # SQLAlchemy 2 maps a bare postgresql:// to psycopg 3; bimtek ships psycopg2.
        config.CourseDirectory.db_url = "postgresql+psycopg2://" + url.removeprefix("postgresql://")
    try:
        coursedir = CourseDirectory(config=config)
        settings = Bimtek(config=config)
    except TraitError as exc:
        raise BimtekError(f"Pengaturan di {root / CONFIG_FILE} tidak sah: {exc}") from exc
    return Course(root=root, config=config, coursedir=coursedir, settings=settings)
