"""``bimtek init DIR``: create an event folder ready to release assignments."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from nbgrader.api import Gradebook
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from . import catalogue, gradebook_indexes, paths
from .build import generate, stage
from .course import CONFIG_FILE, ROSTER_FILE, Course, open_course
from .errors import BimtekError
from .nbconfig import render
from .roster_file import ROSTER_COLUMNS, write_roster
from .settings import config_lines


def _course_id(root: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", root.name.lower()).strip("-")
    return slug or "bimtek"


def sync_assignments(course: Course, assignments: list[str] | None = None) -> list[str]:
    """Stage the repository's assignments into the event's source/ and release them.

    Which assignments: ``assignments``, default every module in the catalogue
    (course/silabus.toml), in curriculum order.

    Safe to run again after the repository changed: the gradebook's assignment records are
    updated in place and submissions are not touched.
    """
    ids = [m.assignment for m in catalogue.load().select(assignments)]
    source = course.path("source")
    for assignment_id in ids:
        shutil.rmtree(source / assignment_id, ignore_errors=True)
        stage(assignment_id, source)
        generate(course.root, assignment_id, course.db_url, extra=course.config)
    return ids


# PostgreSQL addresses without a driver name get psycopg2's: SQLAlchemy 2.0 picks psycopg2 for
# "postgresql://" but 2.1 picks psycopg (version 3), which bimtek does not install. The config
# file then names the driver, so nbgrader (formgrader included) opens it the same way.
_DRIVER_PREFIXES = {"postgresql://": "postgresql+psycopg2://",
                    "postgres://": "postgresql+psycopg2://"}


def with_driver(db_url: str) -> str:
    """``db_url`` with an explicit driver where bimtek has to choose one."""
    for prefix, explicit in _DRIVER_PREFIXES.items():
        if db_url.startswith(prefix):
            return explicit + db_url[len(prefix):]
    return db_url


def _shown(db_url: str) -> str:
    """``db_url`` as shown in messages: the password masked."""
    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except ArgumentError:
        return db_url


def _first_line(exc: Exception) -> str:
    """The database driver's own message, first line only (it is often several lines)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0].strip() if lines else exc.__class__.__name__


def _unreachable(db_url: str, exc: Exception) -> BimtekError:
    """The one-line refusal for a gradebook database that cannot be reached."""
    return BimtekError(
        f"Basis data buku nilai {_shown(db_url)} tidak dapat dihubungi ({_first_line(exc)}); "
        "folder kegiatan tidak dibuat. Pastikan server basis data berjalan dan alamat, "
        "pengguna, sandi serta nama basis datanya benar (buat basis datanya dulu, misalnya "
        "dengan createdb), atau jalankan bimtek init tanpa --db-url untuk memakai SQLite.")


def _check_database(db_url: str) -> None:
    """Refuse a ``db_url`` that is malformed or unreachable, before anything is created."""
    try:
        url = make_url(db_url)
        engine = create_engine(url, connect_args=(
            {"connect_timeout": 10} if url.get_backend_name() == "postgresql" else {}))
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise BimtekError(
            f"Alamat basis data {db_url!r} tidak sah atau jenis basis datanya tidak didukung "
            f"({exc.__class__.__name__}). Tulis seperti "
            "postgresql://pengguna:sandi@127.0.0.1:5432/bimtek.") from exc
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        raise _unreachable(db_url, exc) from exc
    finally:
        engine.dispose()


def _create_gradebook(course: Course) -> None:
    """Create the gradebook tables; refuse a database already holding another event's data.

    nbgrader keeps assignment names unique across every course in one database, so two events
    cannot share a database (a PostgreSQL one, in practice).
    """
    with Gradebook(course.db_url, course.course_id) as gb:
        students, assignments = len(gb.students), [a.name for a in gb.assignments]
    if students or assignments:
        raise BimtekError(
            f"Basis data buku nilai {_shown(course.db_url)} sudah dipakai kegiatan lain "
            f"({students} peserta, tugas: {', '.join(assignments) or '-'}); folder kegiatan "
            "tidak dibuat. Pakai basis data kosong untuk setiap kegiatan, misalnya buat dengan "
            "createdb bimtek_kegiatan_baru.")


def _remove_created(root: Path, created: Path | None) -> None:
    """Undo a failed init: remove the folders init made, or empty the folder it was given."""
    if created is not None:
        shutil.rmtree(created, ignore_errors=True)
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def init_event(directory: str | Path, *, db_url: str | None = None,
               event: dict | None = None, assignments: list[str] | None = None) -> Course:
    """Create the event folder ``directory``: config, empty gradebook, released assignments.

    Args:
        directory: the new event folder (missing or empty, outside the repository).
        db_url: the gradebook database, e.g. ``postgresql://user:password@127.0.0.1:5432/bimtek``
            (an empty database). Default: SQLite, ``gradebook.db`` in the event folder.
        event: the event's particulars for the reports (settings named in
            ``settings.EVENT_SETTINGS``: nama_kegiatan, penyelenggara, tempat, tanggal_mulai,
            penandatangan, kop_baris, kop_logo, ...); missing ones get their defaults. A logo
            file is copied into the event folder.
        assignments: the assignments released to the event (default: every module of the
            catalogue, course/silabus.toml).
    Returns:
        The opened event.
    Raises:
        BimtekError: the folder is unusable, or the database is unreachable or already holds
            another event. On any failure the folder is left as it was before.
    """
    root = Path(directory).resolve()
    if root == paths.REPO or paths.REPO in root.parents:
        raise BimtekError(
            f"Folder kegiatan tidak boleh berada di dalam repositori ({paths.REPO}). "
            "Pilih folder lain, misalnya ~/bimtek-kota-tirtamarta.")
    if (root / CONFIG_FILE).exists():
        raise BimtekError(
            f"{root} sudah berisi folder kegiatan ({CONFIG_FILE} sudah ada). "
            "Pakai folder lain, atau hapus folder itu bila memang ingin mulai dari awal.")
    if root.exists() and not root.is_dir():
        raise BimtekError(f"{root} adalah berkas, bukan folder. Pilih nama folder baru untuk "
                          "kegiatan ini.")
    if root.exists() and any(root.iterdir()):
        raise BimtekError(f"Folder {root} sudah ada dan tidak kosong. Pilih folder baru.")
    from . import event_info
    event = event_info.check(event or {})
    if db_url:
        db_url = with_driver(db_url.strip())
        _check_database(db_url)
    created = root   # the top-most folder this call creates (None: the folder existed)
    while not created.parent.exists():
        created = created.parent
    created = None if root.exists() else created
    try:
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o700)   # private to the instructor: sources, submissions, grades
    except OSError as exc:
        raise BimtekError(f"Folder {root} tidak dapat dibuat ({exc.strerror or exc}). Pilih "
                          "folder di tempat yang boleh Anda tulisi.") from exc
    try:
        event = event_info.install_logo(event, root)
        (root / CONFIG_FILE).write_text(
            render(_course_id(root), str(paths.REPO), db_url=db_url)
            + "\n".join(config_lines(event)) + "\n", encoding="utf-8")
        course = open_course(root)
        for step in ("source", "release", "submitted"):
            course.path(step).mkdir(exist_ok=True)
        try:
            _create_gradebook(course)
            gradebook_indexes.ensure(course.db_url)
            if course.db_url.startswith("sqlite:///"):   # everyone's names and grades
                Path(course.db_url.removeprefix("sqlite:///")).chmod(0o600)
        except OperationalError as exc:
            raise _unreachable(course.db_url, exc) from exc
        except SQLAlchemyError as exc:  # e.g. no right to create tables in that database
            url = make_url(course.db_url)
            raise BimtekError(
                f"Buku nilai tidak dapat dibuat di {_shown(course.db_url)} "
                f"({exc.__class__.__name__}: {_first_line(exc)}); folder kegiatan tidak "
                "dibuat. Pengguna basis data harus boleh membuat tabel, misalnya sebagai "
                f"pemiliknya (perintah SQL: ALTER DATABASE {url.database or 'NAMA'} OWNER TO "
                f"{url.username or 'PENGGUNA'}).") from exc
        write_roster(root / ROSTER_FILE, [], columns=ROSTER_COLUMNS)
        sync_assignments(course, assignments)
        from .grade.run import prepare_mpl_seed
        prepare_mpl_seed(root)
    except BaseException:
        _remove_created(root, created)
        raise
    return course
