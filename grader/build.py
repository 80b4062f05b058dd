"""``bimtek build``: generate the participant notebooks (exercises/) from solutions/.

An assignment's source is staged first: ``solutions/<id>/`` (minus the instructor-only files,
``paths.INSTRUCTOR_ONLY``) plus the data files of ``datasets/<id>/`` under ``data/``. nbgrader
then turns the staged source into the release version (solutions replaced by stubs, hidden
tests removed). The same staging feeds an event folder's ``source/``, so the data exist once
in git and the build puts them in place. Which assignments exist is the catalogue's
(``course/silabus.toml``); a build also refreshes the README's module table from it.
"""
from __future__ import annotations

import fnmatch
import logging
import shutil
import tempfile
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from nbgrader.converters import GenerateAssignment
from traitlets.config import Config

from . import catalogue, layout, paths
from .errors import AssignmentNotFound, BimtekError
from .nbconfig import shared_config


def _dataset_files(assignment_id: str) -> list[Path]:
    folder = paths.dataset_dir(assignment_id)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        fnmatch.fnmatch(part, pattern)
        for part in p.relative_to(folder).parts for pattern in paths.DATASET_EXCLUDE))


def stage(assignment_id: str, dest: Path) -> Path:
    """Copy the instructor notebook(s) and the data of ``assignment_id`` into ``dest/<id>/``."""
    src = paths.SOLUTIONS / assignment_id
    if not (src / f"{assignment_id}.ipynb").is_file():
        known = ", ".join(catalogue.load().assignments) or "(belum ada)"
        raise AssignmentNotFound(
            f"Tugas '{assignment_id}' tidak ada di {paths.SOLUTIONS} (notebook "
            f"{assignment_id}/{assignment_id}.ipynb tidak ditemukan). Tugas di silabus: {known}.")
    target = dest / assignment_id
    shutil.copytree(src, target, ignore=shutil.ignore_patterns(*paths.STAGE_EXCLUDE),
                    dirs_exist_ok=True)
    for file in _dataset_files(assignment_id):
        rel = file.relative_to(paths.dataset_dir(assignment_id))
        out = target / paths.ASSIGNMENT_DATA_DIR / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, out)
    return target


def generate(root: Path, assignment_id: str, db_url: str, extra: Config | None = None) -> None:
    """Run nbgrader's generate_assignment for one staged assignment under course ``root``."""
    config = shared_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    config.CourseDirectory.assignment_id = assignment_id
    config.GenerateAssignment.force = True
    config.GenerateAssignment.create_assignment = True
    if extra is not None:
        config.merge(extra)
    coursedir = CourseDirectory(config=config)
    converter = GenerateAssignment(coursedir=coursedir, config=config)
    converter.log.setLevel(logging.ERROR)
    try:
        converter.start()
    except Exception as exc:
        raise BimtekError(
            f"nbgrader gagal membuat versi peserta untuk tugas '{assignment_id}': {exc}") from exc


def build(*, assignments: list[str] | None = None, out: Path = paths.EXERCISES,
          readme: Path | None = paths.REPO / "README.md") -> list[Path]:
    """Regenerate ``out/<id>/`` for each assignment (default: every module in the catalogue);
    return the folders written.

    Each assignment is built in a temporary folder and only then swapped into place, so a
    failed build leaves the committed exercises untouched. ``readme``: the README whose module
    table is rewritten from the catalogue (None: leave it).
    """
    ids = [m.assignment for m in catalogue.load().select(assignments)]
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for assignment_id in ids:
        with tempfile.TemporaryDirectory(prefix="bimtek-build-") as tmp:
            root = Path(tmp)
            stage(assignment_id, root / "source")
            generate(root, assignment_id, f"sqlite:///{root / 'gradebook.db'}")
            built = root / "release" / assignment_id
            target = out / assignment_id
            staging = out / f".{assignment_id}.baru"
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(built, staging)
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
            written.append(target)
    if readme is not None and readme.is_file():
        layout.update_readme(catalogue.load(), readme)
    return written
