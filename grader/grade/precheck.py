"""Look at the submissions before any kernel starts.

Finds who submitted, who did not, which folders belong to nobody on the roster, and which
notebooks cannot be read at all (corrupt JSON, not a notebook). Unreadable files are not
passed to nbgrader, which would record them as an unanswered 0 (see research/grading.md).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import statuses


def fingerprint(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file in a submission folder ("" if none)."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
        folder = submitted_dir / student_id / assignment_id
        result.fingerprints[student_id] = fingerprint(folder)
        if student_id in previous and previous[student_id] == result.fingerprints[student_id]:
            result.unchanged.append(student_id)
            continue
        if not folder.is_dir():
            result.decided[student_id] = (statuses.TIDAK_MENGUMPULKAN, "")
            continue
        problems = [p for p in (check_notebook(folder / f"{nb}.ipynb") for nb in notebooks) if p]
        links = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_symlink())
        if links and not problems:
            problems.append("folder pengumpulan berisi tautan (symbolic link): "
                            + ", ".join(links[:3]) + "; kumpulkan berkas aslinya")
        if problems:
            result.decided[student_id] = (statuses.BERKAS_RUSAK, "; ".join(problems))
        else:
            result.to_grade.append(student_id)
    return result
