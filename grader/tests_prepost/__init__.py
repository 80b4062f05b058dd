"""The pre-test (``tes_awal``) and post-test (``tes_akhir``) of an event's track.

``install`` assembles the two parallel forms from the butir tes of the track's modules
(``forms``), writes them as auto-graded nbgrader notebooks into the event's ``source/``
(``notebook``) with a manifest of what each question is, and releases them. They are graded
by ``bimtek grade tes_awal`` like any exercise, with the same trusted verdict.
"""
from __future__ import annotations

import json
import os
import shutil

import nbformat
from traitlets.config import Config

from ..build import generate
from ..course import Course
from ..errors import BimtekError
from ..tracks import POST, PRE, Track
from .forms import Form, assemble, uncovered
from .notebook import MANIFEST_DIR, build, manifest, read_manifest

__all__ = ["Form", "assemble", "install", "read_manifest", "uncovered", "PRE", "POST"]


def _minutes(track: Track, assignment: str, minutes_per_jp: int) -> int:
    session = next(s for s in track.sessions if s.test == assignment)
    return round(track.session_jp(session) * minutes_per_jp)


def install(course: Course, track: Track, *, minutes_per_jp: int) -> dict[str, Form]:
    """Write, register and release both tests of ``track`` in ``course``; return the forms.

    Raises BimtekError when a form would hold no item (no module of the track has butir tes).
    """
    forms = assemble(track)
    for form in forms.values():
        if not form.items:
            raise BimtekError(
                f"Tes untuk jalur {track.id} tidak dapat dibuat: modul jalur ini yang sudah ada "
                f"({', '.join(m.id for m in track.modules)}) belum punya butir tes "
                "(solutions/<modul>/butir_tes.toml).")
    folder = course.root / MANIFEST_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    config = Config()
    config.merge(course.config)
    config.ClearSolutions.code_stub = {"python": ""}   # the answer cell keeps `jawaban_N = ""`
    for assignment, form in forms.items():
        source = course.path("source", ".", assignment)
        shutil.rmtree(source, ignore_errors=True)
        source.mkdir(parents=True)
        nbformat.write(build(track, form, _minutes(track, assignment, minutes_per_jp)),
                       source / f"{assignment}.ipynb")
        target = folder / f"{assignment}.json"
        target.write_text(json.dumps(manifest(track, form), ensure_ascii=False, indent=1),
                          encoding="utf-8")
        os.chmod(target, 0o600)
        generate(course.root, assignment, course.db_url, extra=config)
    return forms
