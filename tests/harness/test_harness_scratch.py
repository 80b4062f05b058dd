"""Is a new module only its own files plus one catalogue entry?

A scratch module (tests/harness/scratch/, written by following course/PANDUAN_PENULIS.md) is
added to a temporary COPY of the repository: its files, and one [[modul]] entry appended to
course/silabus.toml — nothing else. In that copy, `bimtek build`, `bimtek demo --tugas semua`
(with its reports) and the harness itself (`pytest tests/harness -k m99_coba`) must pick it
up. The copy's own `grader` package is the one run (PYTHONPATH), so nothing of this checkout
is changed.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from grader import catalogue, paths

pytestmark = pytest.mark.slow

SCRATCH = Path(__file__).resolve().parent / "scratch"
MODULE = "m99_coba"
PESERTA = 7
IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".ipynb_checkpoints",
                                "hasil-demo", ".pytest_cache", ".coordination", "scratch")


def _run(repo: Path, *args: str, timeout: int = 1500) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run([sys.executable, *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of this repository with the scratch module added the way the guide says."""
    copy = tmp_path_factory.mktemp("salinan") / "bimtek"
    shutil.copytree(paths.REPO, copy, ignore=IGNORE)
    added = []
    for source in sorted(SCRATCH.rglob("*")):
        rel = source.relative_to(SCRATCH)
        if source.is_file() and rel.name != "silabus_entry.toml" and "__pycache__" not in rel.parts:
            target = copy / rel
            assert not target.exists(), f"the scratch module would overwrite {rel}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            added.append(str(rel))
    with (copy / "course" / "silabus.toml").open("a", encoding="utf-8") as handle:
        handle.write((SCRATCH / "silabus_entry.toml").read_text(encoding="utf-8"))
    # Only the module's own files were added: every one is under a path named for the module.
    assert added and all(MODULE in rel for rel in added), added
    return copy


def test_guide_lists_every_file_of_the_scratch_module(repo):
    """Does the authors' guide name every kind of file the scratch module needed?"""
    guide = (paths.REPO / "course" / "PANDUAN_PENULIS.md").read_text(encoding="utf-8")
    module = catalogue.load(root=repo).module(MODULE)
    for path in module.required_files():
        generic = str(path.relative_to(repo)).replace(MODULE, "mNN_slug")
        assert generic in guide, generic


@pytest.fixture(scope="module")
def built(repo):
    proc = _run(repo, "-m", "grader.cli", "build")
    assert proc.returncode == 0, proc.stderr
    return repo


def test_build_releases_the_new_module(built):
    """Does `bimtek build` in the copy release the scratch module with its data, without its
    instructor-only files, and put it in the README's module table?"""
    release = built / "exercises" / MODULE
    assert (release / f"{MODULE}.ipynb").is_file()
    assert (release / "data" / "anggaran.csv").read_bytes() == (
        built / "datasets" / MODULE / "anggaran.csv").read_bytes()
    assert not [p for name in paths.INSTRUCTOR_ONLY for p in release.rglob(name)]
    readme = (built / "README.md").read_text(encoding="utf-8")
    assert "| M99 Modul Coba: Pagu dan Serapan Anggaran | `course/m99_coba.ipynb` |" in readme
    text = (release / f"{MODULE}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text


@pytest.fixture(scope="module")
def demo(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("hasil") / "demo"
    proc = _run(built, "-m", "grader.cli", "demo", "--tugas", "semua", "--peserta", str(PESERTA),
                "--out", str(out))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out, proc.stdout


def test_demo_of_the_whole_catalogue_includes_the_new_module(demo, built):
    """Does `bimtek demo --tugas semua` grade every module of the copy's catalogue, the new one
    included, for every participant?"""
    out, stdout = demo
    for module in catalogue.load(root=built).modules:
        with (out / f"hasil_{module.assignment}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == PESERTA, module.id
        assert f"Penilaian {module.assignment} selesai" in stdout


def test_reports_include_the_new_module(demo):
    """Do the Excel recap and the cohort report have the new module beside the others?"""
    out, _stdout = demo
    sheet = openpyxl.load_workbook(out / "rekap_nilai.xlsx").worksheets[0]
    cells = " ".join(str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value)
    assert MODULE in cells or "M99" in cells, cells[:500]
    html = (out / "laporan.html").read_text(encoding="utf-8")
    assert MODULE in html or "M99" in html


def test_harness_picks_up_the_new_module(built):
    """Does the harness, run in the copy, check and grade the new module and pass — with the
    catalogue and README checks that no file outside the module was needed?"""
    proc = _run(built, "-m", "pytest", "tests/harness", "-p", "no:cacheprovider", "-v",
                "-k", f"{MODULE} or no_module_folder or readme_module_table")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    passed = [line for line in proc.stdout.splitlines() if "PASSED" in line]
    for check in ("test_module_entry_and_files[m99_coba]",
                  "test_one_vocabulary_between_lesson_and_exercise[m99_coba]",
                  "test_lesson_runs_top_to_bottom[m99_coba]",
                  "test_solution_gets_full_automatic_marks[m99_coba]",
                  "test_typical_mistake_shows_its_message[m99_coba-soal4_terbalik]",
                  "test_endless_loop_times_out[m99_coba]",
                  "test_no_module_folder_without_an_entry",
                  "test_readme_module_table_comes_from_the_catalogue"):
        assert any(check in line for line in passed), f"{check} did not pass in the copy"
