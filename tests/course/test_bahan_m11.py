"""Checks for M11's teaching materials beside the lesson: the pre/post test items
(solutions/m11_kurva_s/butir_tes.toml), the instructor notes and the reflection rubric."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

import pelajaran
from bimtek_peserta import m11_kurva_s as helper
from bimtek_peserta.tampil import angka, persen, rupiah
from grader import catalogue

REPO = Path(__file__).resolve().parents[2]
MODULE = catalogue.load().module("m11_kurva_s")
SOLUTIONS = REPO / "solutions" / MODULE.assignment
ITEMS = SOLUTIONS / "butir_tes.toml"
NOTES = SOLUTIONS / "catatan_pengajar.md"
SOLUTION = SOLUTIONS / f"{MODULE.assignment}.ipynb"
LESSON = REPO / MODULE.lesson


def items() -> list[dict]:
    return tomllib.loads(ITEMS.read_text(encoding="utf-8"))["butir"]


def table_rows(markdown: str, header_start: str) -> list[list[str]]:
    """Body rows of the first Markdown table whose header row starts with ``header_start``."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(header_start):
            rows = []
            for body in lines[index + 2:]:
                if not body.startswith("|"):
                    break
                rows.append([c.strip() for c in body.strip().strip("|").split("|")])
            return rows
    raise AssertionError(f"tabel {header_start!r} tidak ditemukan")


# --------------------------------------------------------------------------- butir tes

def test_items_follow_the_documented_schema():
    """Does every item have the documented fields, 3-5 items per form, and a parallel item
    in the other form for the same objective?"""
    found = items()
    by_id = {item["id"]: item for item in found}
    assert len(by_id) == len(found), "id butir ganda"
    for form in ("A", "B"):
        assert 3 <= sum(item["bentuk"] == form for item in found) <= 5, form
    for item in found:
        assert item["bentuk"] in ("A", "B")
        assert 1 <= item["tujuan"] <= len(MODULE.objectives), item["id"]
        assert item["pertanyaan"].strip() and item["penjelasan"].strip(), item["id"]
        pair = by_id[item["setara"]]
        assert pair["setara"] == item["id"] and pair["bentuk"] != item["bentuk"], item["id"]
        assert pair["tujuan"] == item["tujuan"] and pair["jenis"] == item["jenis"], item["id"]
        if item["jenis"] == "pilihan_ganda":
            assert len(item["pilihan"]) >= 3 and item["kunci"] in item["pilihan"], item["id"]
            assert len(set(item["pilihan"])) == len(item["pilihan"]), item["id"]
        else:
            assert item["jenis"] == "isian" and "pilihan" not in item, item["id"]
    assert {item["tujuan"] for item in found} == set(range(1, len(MODULE.objectives) + 1))


def _key(data: dict) -> str:
    """The answer key the lesson's rules give for an item's inputs (the start of the key)."""
    keys = set(data)
    if keys == {"jumlah_harga", "total_rab"}:
        value = data["jumlah_harga"] / data["total_rab"] * 100
        return persen(value, 0 if value == int(value) else 1)
    if keys == {"rencana", "realisasi"}:
        return persen(sum(data["realisasi"]) - sum(data["rencana"]), 0)
    if keys == {"rencana_kumulatif", "realisasi_kumulatif"}:
        late = data["rencana_kumulatif"] - data["realisasi_kumulatif"]
        limit = (helper.BATAS_AWAL if data["rencana_kumulatif"] < helper.BATAS_RENCANA
                 else helper.BATAS_AKHIR)
        return "kritis" if late > limit else "tidak kritis"
    if keys == {"nilai_kontrak", "hari_terlambat"}:
        return rupiah(helper.TARIF_DENDA * data["nilai_kontrak"] * max(data["hari_terlambat"], 0))
    if keys == {"PV", "EV", "AC"}:
        return (f"SPI {angka(data['EV'] / data['PV'], 2)}: pekerjaan terlambat; "
                f"CPI {angka(data['EV'] / data['AC'], 2)}")
    raise AssertionError(f"data butir tidak dikenal: {sorted(keys)}")


@pytest.mark.parametrize("item", items(), ids=lambda item: item["id"])
def test_answer_key_is_what_the_lessons_rules_give(item):
    """Is the key what the lesson's formulas and parameters give for the item's inputs?"""
    assert "data" in item, "butir tanpa data: kuncinya tidak dapat diperiksa"
    expected = _key(item["data"])
    assert item["kunci"].replace("−", "-").startswith(expected), (item["kunci"], expected)


def test_key_check_catches_a_wrong_key():
    """Would a wrong key (1 persen instead of 1 per seribu) be caught?"""
    item = next(i for i in items() if i["jenis"] == "isian")
    assert not rupiah(helper.TARIF_DENDA * 10 * item["data"]["nilai_kontrak"]
                      * item["data"]["hari_terlambat"]).startswith(_key(item["data"]))


# --------------------------------------------------------------------------- instructor notes

def test_instructor_timing_is_the_catalogue_plan():
    """Does the instructor notes' timing table list the catalogue's sections and minutes?"""
    rows = table_rows(NOTES.read_text(encoding="utf-8"), "| Bagian | Menit |")
    assert [(r[0], int(r[1])) for r in rows] == [(s.title, s.minutes) for s in MODULE.schedule]


def test_reflection_rubric_sums_to_the_reflections_points_in_notes_and_lesson():
    """Do the rubric in the instructor notes and the one participants see both have criteria
    worth as many points as the graded reflection cell?"""
    nb = nbformat.read(SOLUTION, as_version=4)
    points = [c.metadata["nbgrader"]["points"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade_id") == "refleksi"]
    assert len(points) == 1
    notes = table_rows(NOTES.read_text(encoding="utf-8"), "| No | Kriteria |")
    assert len(notes) == points[0], "setiap kriteria di catatan pengajar bernilai 1 poin"
    lesson_text = "\n".join(src for _, src in pelajaran.markdown_cells(pelajaran.read(LESSON)))
    shown = table_rows(lesson_text, "| Kriteria | Poin |")
    assert sum(int(r[1]) for r in shown) == points[0]
    assert len(shown) == len(notes)


def test_instructor_notes_are_never_staged_for_participants():
    """Are the instructor-only files kept out of the participants' exercise folder?"""
    released = REPO / "exercises" / MODULE.assignment
    for name in ("catatan_pengajar.md", "butir_tes.toml", "kesalahan.toml"):
        assert not list(released.rglob(name)), name
    assert not re.search(r"catatan_pengajar|butir_tes", LESSON.read_text(encoding="utf-8"))
