"""Look at the submissions before any kernel starts.

Finds who submitted, who did not, which folders belong to nobody on the roster, and which
notebooks cannot be read at all (corrupt JSON, not a notebook). Unreadable files are not
passed to nbgrader, which would record them as an unanswered 0 (see research/grading.md).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import statuses


MAX_FILES = 500                 # files in one submission folder
MAX_BYTES = 100 * 1024 * 1024   # bytes in one submission folder


def fingerprint(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file in a submission folder ("" if none).

    Names are hashed as bytes, so a name that is not valid UTF-8 cannot stop the batch.
    """
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted((p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()),
                       key=lambda p: os.fsencode(p)):
        digest.update(os.fsencode(path.relative_to(folder)) + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def folder_problem(folder: Path) -> str | None:
    """Why a submission folder cannot be graded as it is (bad names, too big), or None."""
    count, size = 0, 0
    for path in folder.rglob("*"):
        name = os.fsencode(path.relative_to(folder))
        try:
            name.decode("utf-8")
        except UnicodeDecodeError:
            shown = name.decode("utf-8", errors="replace")
            return (f"nama berkas {shown!r} bukan teks UTF-8 yang sah; ganti nama berkas itu "
                    "lalu kumpulkan ulang")
        if path.is_file() and not path.is_symlink():
            count += 1
            size += path.lstat().st_size
        if count > MAX_FILES:
            return f"folder pengumpulan berisi lebih dari {MAX_FILES} berkas"
        if size > MAX_BYTES:
            return f"folder pengumpulan lebih besar dari {MAX_BYTES // (1024 * 1024)} MB"
    return None


def _answer_sources(nb) -> list[tuple[str, str]]:
    """(cell type, source) of every cell that is not a check cell (those are restored)."""
    found = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell.get("cell_type") == "code":
            continue
        found.append((cell.get("cell_type"), "".join(cell.get("source", "")).strip()))
    return found


def untouched(submitted, release) -> bool:
    """True if the submission is the release as it was handed out (no answer written)."""
    return _answer_sources(submitted) == _answer_sources(release)


@dataclass
class Plan:
    to_grade: list[str] = field(default_factory=list)
    # student_id -> fingerprint of what is graded now
    fingerprints: dict[str, str] = field(default_factory=dict)
    # participants graded by an earlier run on the same files (kept as they are)
    unchanged: list[str] = field(default_factory=list)
    # student_id -> (status, reason) decided without running anything
    decided: dict[str, tuple[str, str]] = field(default_factory=dict)
    unknown_folders: list[str] = field(default_factory=list)


def check_notebook(path: Path) -> str | None:
    """Return why ``path`` is not a usable notebook, or None if it is one."""
    if path.is_symlink():
        return f"{path.name} adalah tautan (symbolic link), bukan berkas notebook"
    if not path.exists():
        return f"berkas {path.name} tidak ada di folder pengumpulan"
    if not path.is_file():
        return f"{path.name} bukan berkas (misalnya sebuah folder)"
    if path.stat().st_size == 0:
        return f"berkas {path.name} kosong (0 bita)"
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        return f"berkas {path.name} tidak dapat dibaca ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return f"berkas {path.name} bukan teks UTF-8; kemungkinan rusak saat disalin"
    except json.JSONDecodeError as exc:
        return f"berkas {path.name} bukan notebook yang utuh (JSON rusak di baris {exc.lineno})"
    if not isinstance(data, dict) or "cells" not in data:
        return f"berkas {path.name} bukan notebook Jupyter (tidak ada daftar sel)"
    try:
        nbformat.validate(nbformat.reads(json.dumps(data), as_version=4))
    except Exception as exc:  # nbformat.ValidationError and reader errors
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        return f"berkas {path.name} tidak sesuai format notebook ({first[:120]})"
    return None


def plan(*, submitted_dir: Path, assignment_id: str, notebooks: list[str],
         roster: list[str], previous: dict[str, str] | None = None) -> Plan:
    """Decide, per participant on ``roster``, whether to grade, and find stray folders.

    ``previous`` maps participants to the fingerprint an earlier run recorded with their
    status; a participant whose files are unchanged is not graded again.
    """
    previous = previous or {}
    result = Plan()
    on_roster = set(roster)
    if submitted_dir.is_dir():
        for folder in sorted(submitted_dir.iterdir()):
            if folder.is_dir() and (folder / assignment_id).is_dir() and folder.name not in on_roster:
                result.unknown_folders.append(folder.name)
    for student_id in roster:
        try:
            _plan_one(result, submitted_dir, assignment_id, notebooks, student_id, previous)
        except Exception as exc:  # one odd folder never stops the batch
            result.fingerprints.setdefault(student_id, "")
            result.decided[student_id] = (
                statuses.BERKAS_RUSAK,
                f"folder pengumpulan tidak dapat diperiksa ({exc.__class__.__name__})")
    return result


def _plan_one(result: Plan, submitted_dir: Path, assignment_id: str, notebooks: list[str],
              student_id: str, previous: dict[str, str]) -> None:
    folder = submitted_dir / student_id / assignment_id
    if folder.is_dir():
        problem = folder_problem(folder)
        if problem:
            result.fingerprints[student_id] = ""
            result.decided[student_id] = (statuses.BERKAS_RUSAK, problem)
            return
    result.fingerprints[student_id] = fingerprint(folder)
    if student_id in previous and previous[student_id] == result.fingerprints[student_id]:
        result.unchanged.append(student_id)
        return
    if not folder.is_dir():
        result.decided[student_id] = (statuses.TIDAK_MENGUMPULKAN, "")
        return
    problems = [p for p in (check_notebook(folder / f"{nb}.ipynb") for nb in notebooks) if p]
    links = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_symlink())
    if links and not problems:
        problems.append("folder pengumpulan berisi tautan (symbolic link): "
                        + ", ".join(links[:3]) + "; kumpulkan berkas aslinya")
    if problems:
        result.decided[student_id] = (statuses.BERKAS_RUSAK, "; ".join(problems))
    else:
        result.to_grade.append(student_id)
