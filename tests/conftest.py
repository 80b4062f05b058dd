"""Shared fixtures: a template event folder made once per test session, copied per test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.event import init_event

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def event_template(tmp_path_factory) -> Path:
    """An event folder made by ``init_event`` (gradebook, released assignments), never modified."""
    root = tmp_path_factory.mktemp("template") / "kegiatan"
    init_event(root)
    return root


@pytest.fixture
def make_event(event_template, tmp_path):
    """Return a function that copies the template event to a fresh folder and returns its path."""
    def make(name: str = "kegiatan") -> Path:
        target = tmp_path / name
        shutil.copytree(event_template, target)
        return target
    return make
