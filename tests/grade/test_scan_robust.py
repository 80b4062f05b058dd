"""Can one submission stop or stall the pre-grading checks for everyone?

The tamper scan and the precheck run in the grader's main process before any kernel starts;
an exception or a super-linear pattern there would stop or stall the whole batch.
"""
from __future__ import annotations

import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader import statuses
from grader.grade import precheck, tamper

pytestmark = pytest.mark.timeout(60)


def _nb(*sources):
    return new_notebook(cells=[new_code_cell(s) for s in sources])


@pytest.mark.parametrize("source", [
    "x = " + "(" * 5000 + "1" + ")" * 5000,                 # nesting the parser refuses
    "y = 1" + " + 1" * 150_000,                            # a very deep expression tree
    "z = " + "[" * 180 + "]" * 180,                          # deep but parseable
    "\n".join(f"a{i} = a{i - 1}" for i in range(1, 3000)) + "\na0 = np",  # long alias chain
])
def test_scan_never_raises_on_extreme_code(source):
    """Does the scan return findings (or none) instead of raising on extreme code?"""
    findings = tamper.scan(_nb(source), _nb("import numpy as np"))
    assert isinstance(findings, list)


def test_magic_pattern_is_linear():
    """Does a long line of words without '=' (which made the old pattern backtrack over lines)
    scan at all within the test's time limit, and is it not mistaken for a magic?"""
    source = "kata\n" * 30_000   # the old pattern took about 2 minutes on this, quadratically
    assert not tamper._has_magic(source)
    findings = tamper.scan(_nb(source), _nb(""))
    assert all("magic" not in f for f in findings)


def test_too_long_code_is_a_finding_not_a_stall():
    """Is code past the scan limit flagged instead of scanned?"""
    findings = tamper.scan(_nb("x = 1\n" * (tamper.MAX_SCAN_CHARS // 5)), _nb(""))
    assert findings and "terlalu panjang" in findings[0]


def test_untouched_notebook_is_recognised():
    """Is the release, as handed out, recognised as untouched, and one changed cell not?"""
    release = _nb("import numpy as np", "raise NotImplementedError()")
    release.cells[1].metadata["nbgrader"] = {"solution": True, "grade_id": "jawab_soal1"}
    same = nbformat.from_dict(dict(release))
    assert precheck.untouched(same, release)
    changed = nbformat.from_dict(dict(release))
    changed.cells[1] = new_code_cell("x = 1", metadata={"nbgrader": {"solution": True,
                                                                     "grade_id": "jawab_soal1"}})
    assert not precheck.untouched(changed, release)


def test_file_name_not_utf8_is_refused_and_others_planned(tmp_path):
    """Is a folder with a non-UTF-8 file name refused with its reason while the rest is planned?"""
    good = tmp_path / "a" / "tugas"
    good.mkdir(parents=True)
    nbformat.write(_nb("x = 1"), good / "tugas.ipynb")
    bad = tmp_path / "b" / "tugas"
    bad.mkdir(parents=True)
    nbformat.write(_nb("x = 1"), bad / "tugas.ipynb")
    with open(os.path.join(os.fsencode(bad), b"\xff.txt"), "wb") as handle:
        handle.write(b"x")
    plan = precheck.plan(submitted_dir=tmp_path, assignment_id="tugas", notebooks=["tugas"],
                         roster=["a", "b", "c"])
    assert plan.to_grade == ["a"]
    assert plan.decided["b"][0] == statuses.BERKAS_RUSAK and "UTF-8" in plan.decided["b"][1]
    assert plan.decided["c"][0] == statuses.TIDAK_MENGUMPULKAN


def test_too_many_files_are_refused(tmp_path):
    """Is a submission folder with thousands of files refused instead of hashed for minutes?"""
    folder = tmp_path / "a" / "tugas"
    folder.mkdir(parents=True)
    nbformat.write(_nb("x = 1"), folder / "tugas.ipynb")
    for i in range(precheck.MAX_FILES + 1):
        (folder / f"f{i}.txt").write_text("x")
    plan = precheck.plan(submitted_dir=tmp_path, assignment_id="tugas", notebooks=["tugas"],
                         roster=["a"])
    assert plan.decided["a"][0] == statuses.BERKAS_RUSAK
