"""The pre-test and post-test: two parallel forms that cover every objective of the track's
modules present in the catalogue, keys that only the grader sees, and answers compared the way
participants write them."""
from __future__ import annotations

import ast
import re

import nbformat
import pytest

from bimtek_peserta.tes import angka_dalam, cocok_isian, cocok_pilihan
from grader import catalogue, tracks
from grader.grade.checks import analyse, split
from grader.tests_prepost import assemble, uncovered
from grader.tests_prepost.items import MULTIPLE_CHOICE, read
from grader.tests_prepost.notebook import answer_form, build, manifest

TRACKS = list(tracks.load().values())
USABLE = [t for t in TRACKS if any(read(m) for m in t.modules)]
ALL_ITEMS = [item for m in catalogue.load().modules for item in read(m)]


@pytest.mark.parametrize("track", USABLE, ids=[t.id for t in USABLE])
def test_both_forms_cover_every_objective_of_the_track(track):
    forms = assemble(track)
    for form in forms.values():
        assert uncovered(track, form) == [], (form.assignment, form.notes)
        if track.items_per_objective:
            counts = {}
            for item in form.items:
                counts[(item.module, item.objective)] = counts.get(
                    (item.module, item.objective), 0) + 1
            assert max(counts.values()) <= track.items_per_objective


@pytest.mark.parametrize("track", USABLE, ids=[t.id for t in USABLE])
def test_the_forms_are_parallel_with_different_items(track):
    forms = assemble(track)
    pre, post = forms[tracks.PRE], forms[tracks.POST]
    assert not {i.id for i in pre.items} & {i.id for i in post.items}
    for module in track.modules:
        own = read(module)
        kinds = {i.form for i in own}
        if {"A", "B"} <= kinds:
            assert all(i.form == "A" for i in pre.items if i.module == module.id)
            assert all(i.form == "B" for i in post.items if i.module == module.id)
        objectives_pre = sorted(i.objective for i in pre.items if i.module == module.id)
        objectives_post = sorted(i.objective for i in post.items if i.module == module.id)
        assert set(objectives_pre) == set(objectives_post)


def test_a_track_without_modules_is_refused():
    import dataclasses

    from grader.errors import BimtekError
    track = dataclasses.replace(TRACKS[0], id="kosong", module_ids=("m98_belum_ada",))
    assert track.modules == [] and track.missing == ["m98_belum_ada"]
    with pytest.raises(BimtekError, match="m98_belum_ada belum tersedia"):
        tracks.require_modules(track)


def _plain(value: float) -> str:
    """A number as a participant may type it in Python: 30000000, 57.62."""
    return f"{value:.0f}" if value == int(value) else repr(round(value, 6))


@pytest.mark.parametrize("item", ALL_ITEMS, ids=[i.id for i in ALL_ITEMS])
def test_every_key_is_accepted_and_a_wrong_answer_is_not(item):
    if item.kind == MULTIPLE_CHOICE:
        letters = [letter for letter, _ in item.shuffled()]
        assert cocok_pilihan(item.key_letter, item.key_letter)
        assert cocok_pilihan(f" {item.key_letter.lower()} ", item.key_letter)
        assert [cocok_pilihan(x, item.key_letter) for x in letters].count(True) == 1
        assert not cocok_pilihan("", item.key_letter) and not cocok_pilihan(None, item.key_letter)
    else:
        assert cocok_isian(item.key, item.key)
        assert not cocok_isian("", item.key) and not cocok_isian(None, item.key)
        numbers = angka_dalam(item.key)
        if numbers:
            # the numbers written plainly (in the key's unit and in full) are right; each ten
            # times larger plus one is wrong, and so is the right number with a wrong scale word
            assert cocok_isian(" dan ".join(_plain(v) for v, _ in numbers), item.key)
            assert cocok_isian(" dan ".join(_plain(v * s) for v, s in numbers), item.key)
            wrong = " dan ".join(_plain(v * 10 + 1) for v, _ in numbers)
            assert not cocok_isian(wrong, item.key), wrong
            if numbers[0][1] > 1 and numbers[0][0]:
                scaled = " dan ".join(f"{_plain(v)} ribu" for v, _ in numbers)
                assert not cocok_isian(scaled, item.key), scaled
            assert "…" in answer_form(item.key) and not any(ch.isdigit()
                                                             for ch in answer_form(item.key))


@pytest.mark.parametrize("track", USABLE, ids=[t.id for t in USABLE])
def test_the_notebook_keeps_keys_in_hidden_checks_only(track):
    form = assemble(track)[tracks.PRE]
    nb = build(track, form, minutes=45)
    keys = manifest(track, form)["soal"]
    grade_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    answer_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(grade_cells) == len(answer_cells) == len(form.items) == len(keys)
    for n, (cell, question) in enumerate(zip(grade_cells, keys), start=1):
        visible, hidden = split(cell.source)
        key = question["kunci_huruf"] or question["kunci"]
        assert f"(jawaban_{n}, {key!r})" in hidden and "cocok" not in visible
        if not question["kunci_huruf"]:
            assert key not in visible
        spec = analyse(cell.source)
        assert spec.names == [f"jawaban_{n}"] and not spec.calls
        assert cell.metadata["nbgrader"]["points"] == 1
    for n, cell in enumerate(answer_cells, start=1):
        before = cell.source.split("### BEGIN SOLUTION")[0]
        tree = ast.parse(before)
        assert [ast.unparse(node) for node in tree.body] == [f"jawaban_{n} = ''"]
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    sections = re.split(r"^## Soal \d+\s*$", text, flags=re.M)[1:]
    assert len(sections) == len(form.items)
    for item, section in zip(form.items, sections):
        assert item.question.splitlines()[0] in section
        if item.kind != MULTIPLE_CHOICE:  # its own key, as a whole token (not inside "700")
            token = rf"(?<![\w.,]){re.escape(item.key)}(?![\w]|[.,]\d)"
            assert not re.search(token, section), item.key


def test_the_release_has_no_key(tmp_path):
    """nbgrader's own release step strips the hidden checks and the solution lines."""
    from grader.course import open_course
    from grader.event import init_event
    from grader.tests_prepost import install
    track = USABLE[0] if USABLE else pytest.skip("no track has a module with butir tes")
    course = init_event(tmp_path / "kegiatan", assignments=[m.assignment for m in track.modules])
    forms = install(open_course(course.root), track, minutes_per_jp=45)
    for assignment, form in forms.items():
        release = nbformat.read(course.path("release", ".", assignment) / f"{assignment}.ipynb", 4)
        source = "\n".join(c.source for c in release.cells if c.cell_type == "code")
        assert "HIDDEN" not in source and "SOLUTION" not in source and "cocok_" not in source
        for n, item in enumerate(form.items, start=1):
            assert f'jawaban_{n} = ""' in source
            if item.kind != MULTIPLE_CHOICE:
                assert item.key not in source
        manifest_file = course.root / "tes" / f"{assignment}.json"
        assert manifest_file.stat().st_mode & 0o077 == 0
        assert not (course.path("source", ".", assignment) / "tes").exists()
