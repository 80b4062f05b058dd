"""M04 (nomenklatur dan kodefikasi): every computed answer against an independent computation,
and the lesson's prose, time plan, templates and test items against the data.

The independent computation reads the CSV files with the csv module and Decimal, classifies
codes with a regular expression, and rolls up pagu with plain dictionaries; the malformed rows
are also compared with a hand-written list of what the generator planted.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal

import pytest

import periksa_bahan as pb
from bimtek_peserta.tampil import persen, rupiah, rupiah_singkat

B = pb.Bahan("m04_nomenklatur")

# What the generator planted, written by hand: code as written in the file -> the lesson's reason.
PLANTED = {
    "1.02.02.02.02.0001": "panjang segmen salah",
    "1.01.02.02.01.0005": "panjang segmen salah",
    "1.3.10.2.1.7": "panjang segmen salah",
    "2.11.11.2.1.3": "panjang segmen salah",
    "1.03.10.2.01": "jumlah segmen salah",
    "2.15.02.2.01..0002": "jumlah segmen salah",
    "1.02.02.1.02.0015": "bukan kabupaten/kota",
    "1.05.03.1.03.0001": "bukan kabupaten/kota",
    "1.03.16.2.01.0004": "program tidak dikenal",
    "2.13.14.2.01.0004": "program tidak dikenal",
}
WELL_FORMED = re.compile(r"^(\d)\.(\d{2})\.(\d{2})\.(\d)\.(\d{2})\.(\d{4})$")


# --------------------------------------------------------------------------- independent

def rows() -> list[dict]:
    with open(B.data / "sub_kegiatan.csv", encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle, delimiter=";"))
    for row in found:
        row["pagu"] = Decimal(row["pagu"].replace(".", "").replace(",", "."))
    return found


def programs() -> set[str]:
    with open(B.data / "referensi_program.csv", encoding="utf-8", newline="") as handle:
        return {row["kode_program"] for row in csv.DictReader(handle, delimiter=";")}


def reason(code: str, known: set[str]) -> str:
    if code.count(".") != 5:
        return "jumlah segmen salah"
    match = WELL_FORMED.match(code)
    if match is None:
        return "panjang segmen salah"
    if match.group(4) != "2":
        return "bukan kabupaten/kota"
    if f"{match.group(1)}.{match.group(2)}.{match.group(3)}" not in known:
        return "program tidak dikenal"
    return "sah"


@pytest.fixture(scope="module")
def independent() -> dict:
    known = programs()
    data = rows()
    total = sum(r["pagu"] for r in data)
    wrong = {r["kode"]: reason(r["kode"], known) for r in data if reason(r["kode"], known) != "sah"}
    valid = [r for r in data if reason(r["kode"], known) == "sah"]
    per_bidang, per_program, per_urusan = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    for r in valid:
        parts = r["kode"].split(".")
        per_urusan[parts[0]] += r["pagu"]
        per_bidang[".".join(parts[:2])] += r["pagu"]
        per_program[".".join(parts[:3])] += r["pagu"]
    valid_total = sum(r["pagu"] for r in valid)
    penunjang = sum(r["pagu"] for r in valid if r["kode"].split(".")[2] == "01")
    dasar = sum(r["pagu"] for r in valid if r["kode"].split(".")[0] == "1")
    return {
        "kode": [r["kode"] for r in data], "pagu": [float(r["pagu"]) for r in data],
        "total": float(total), "wrong": wrong, "wrong_pagu": float(sum(r["pagu"] for r in data if r["kode"] in wrong)),
        "valid": sorted(r["kode"] for r in valid), "valid_total": float(valid_total),
        "per_urusan": {k: float(v) for k, v in per_urusan.items()},
        "per_bidang": {k: float(v) for k, v in per_bidang.items()},
        "per_program": {k: float(v) for k, v in per_program.items()},
        "porsi_penunjang": float(penunjang / valid_total * 100),
        "porsi_pelayanan_dasar": float(dasar / valid_total * 100),
        "known": known,
    }


def test_the_check_finds_exactly_the_planted_rows(independent):
    """Does the independent check find exactly the hand-written list of planted malformed rows?"""
    assert independent["wrong"] == PLANTED


def test_fakta_agree_with_the_independent_computation(independent):
    """Do the helper's FAKTA (the figures the prose quotes) equal the independent computation?"""
    fakta = B.fakta()
    assert fakta["jumlah_baris"] == str(len(independent["kode"]))
    assert fakta["total_pagu"] == rupiah(independent["total"])
    assert fakta["jumlah_salah"] == str(len(PLANTED))
    assert fakta["pagu_salah"] == rupiah(independent["wrong_pagu"])
    assert fakta["total_sah"] == rupiah(independent["valid_total"])
    assert fakta["jumlah_sah"] == str(len(independent["valid"]))
    assert fakta["jumlah_bidang"] == str(len(independent["per_bidang"]))
    assert fakta["jumlah_program"] == str(len(independent["per_program"]))
    assert fakta["jumlah_urusan"] == str(len(independent["per_urusan"]))
    largest = max(independent["per_bidang"].values())
    assert fakta["bidang_terbesar_pagu"] == rupiah_singkat(largest)
    assert fakta["porsi_penunjang"] == persen(independent["porsi_penunjang"], 1)
    assert fakta["porsi_pelayanan_dasar"] == persen(independent["porsi_pelayanan_dasar"], 1)
    for number, label in enumerate(("jumlah segmen salah", "panjang segmen salah",
                                    "bukan kabupaten/kota", "program tidak dikenal"), start=1):
        assert fakta[f"jumlah_alasan_{number}"] == str(list(PLANTED.values()).count(label))


SOLUTION_DUMP = pb.dump_code({
    "kode": "[str(k) for k in daftar['kode']]",
    "pagu": "[float(p) for p in daftar['pagu']]",
    "total_pagu": "float(total_pagu)",
    "kode_salah": "sorted([str(k), str(a)] for k, a in zip(kode_salah['kode'], kode_salah['alasan']))",
    "sah": "sorted(str(k) for k in sah['kode'])",
    "pagu_bidang": "{str(k): float(v) for k, v in pagu_bidang.items()}",
    "pagu_program": "{str(k): float(v) for k, v in pagu_program.items()}",
    "porsi_penunjang": "float(porsi_penunjang)",
    "porsi_pelayanan_dasar": "float(porsi_pelayanan_dasar)",
    "periksa": "{k: periksa_kode(k) for k in daftar['kode']}",
})


@pytest.mark.slow
def test_solution_values_equal_the_independent_computation(independent, tmp_path):
    """Does the instructor's solution compute what the independent computation computes?"""
    v = B.run_solution(SOLUTION_DUMP, tmp_path)
    assert v["kode"] == independent["kode"]
    assert v["pagu"] == pytest.approx(independent["pagu"])
    assert v["total_pagu"] == pytest.approx(independent["total"], abs=0.5)
    assert v["kode_salah"] == sorted([k, r] for k, r in independent["wrong"].items())
    assert v["sah"] == independent["valid"]
    assert v["pagu_bidang"] == pytest.approx(independent["per_bidang"])
    assert v["pagu_program"] == pytest.approx(independent["per_program"])
    assert v["porsi_penunjang"] == pytest.approx(independent["porsi_penunjang"], abs=1e-9)
    assert v["porsi_pelayanan_dasar"] == pytest.approx(independent["porsi_pelayanan_dasar"], abs=1e-9)
    assert v["periksa"] == {k: reason(k, independent["known"]) for k in independent["kode"]}


# --------------------------------------------------------------------------- the lesson

def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    """Is every figure in the lesson's prose and in ringkasan.md one of the FAKTA?"""
    fakta = B.fakta()
    unknown = B.unknown_prose_figures(fakta) + B.unknown_handout_figures(fakta)
    assert not unknown, "angka yang tidak ada di FAKTA:\n" + "\n".join(
        f"  {f.where}: {f.text!r} … {f.context} …" for f in unknown)


def test_count_statements_use_their_own_figures():
    """Do the prose's count statements (where a small number could match another figure) say
    what the data say?"""
    f = B.fakta()
    assert B.missing_phrases([
        f"{f['jumlah_baris']} sub-kegiatan dari {f['jumlah_perangkat']} perangkat daerah",
        f"Ada {f['jumlah_salah']} baris yang kodenya salah: {f['jumlah_alasan_1']} karena jumlah segmen, "
        f"{f['jumlah_alasan_2']} karena panjang segmen, {f['jumlah_alasan_3']} karena bukan kode "
        f"kabupaten/kota, dan {f['jumlah_alasan_4']} karena programnya tidak dikenal",
        f"{f['jumlah_urusan']} kelompok urusan dan unsur, {f['jumlah_bidang']} bidang, dan {f['jumlah_program']} program",
        f"tersebar di {f['jumlah_bidang_dasar']} bidang",
        f"dengan {f['salah_terbanyak_jumlah']} kode salah",
        f"Bappeda punya {f['baris_bappeda']} sub-kegiatan",
    ]) == []


def test_every_fakta_figure_is_quoted_and_a_stale_one_is_caught():
    """Is every FAKTA row quoted somewhere, and would a changed figure be caught?"""
    fakta = B.fakta()
    assert not B.unused_fakta(fakta)
    index, src = next((i, s) for i, s in B.prose_cells() if fakta["porsi_penunjang"] in s)
    stale = src.replace(fakta["porsi_penunjang"], "46,9%")
    found = pb.pelajaran.figures(stale, "basi")
    assert [f.text for f in pb.pelajaran.unknown_figures(found, fakta.values())] == ["46,9%"]


def test_sections_time_plan_and_instructor_timing():
    """Do section references exist, does the time plan add up in the catalogue, the lesson and
    the instructor notes, and do the short exercises fit their sections?"""
    assert not B.wrong_section_references()
    assert not B.time_plan_problems()
    assert B.notes_timing_rows() == [(s.title, s.minutes) for s in B.module.schedule]


def test_templates_give_their_worked_answers_and_practise_the_graded_steps():
    """Does filling every template give its worked answer, and are the graded exercise's
    harder steps (slicing a code, the function with if/return, the share) practised first?"""
    pairs = pb.pelajaran.templates_and_answers(B.lesson())
    assert len(pairs) >= 4
    assert [label for label, t, a in pairs if not pb.pelajaran.template_matches(t, a)] == []
    templates = [t for _, t, _ in pairs]
    assert any("def periksa_kode(kode):" in t and "if " in t and "return" in t for t in templates)
    assert any("[:___]" in t for t in templates)
    assert any('.loc[' in t and "* 100" in t for t in templates)


def test_only_teaching_code_is_shown_and_the_generator_is_not_mentioned():
    """Are visible code cells short, without widget code, and is generate.py never mentioned
    in what participants receive?"""
    B.assert_only_teaching_code()


LESSON_DUMP = pb.dump_code({
    "total_pagu": "float(total_pagu)", "jumlah_salah": "len(kode_salah)",
    "pagu_salah": "float(kode_salah['pagu'].sum())", "total_sah": "float(sah['pagu'].sum())",
    "porsi_penunjang": "float(porsi_penunjang)", "porsi_pelayanan_dasar": "float(porsi_pelayanan_dasar)",
    "jumlah_urusan": "len(pagu_urusan)", "jumlah_bidang": "len(pagu_bidang)",
    "jumlah_program": "len(pagu_program)", "PANJANG_SEGMEN": "PANJANG_SEGMEN",
    "KODE_KABUPATEN": "KODE_KABUPATEN", "URUSAN_PELAYANAN_DASAR": "URUSAN_PELAYANAN_DASAR",
    "fakta_rows": "len(FAKTA)", "bappeda": "float(bappeda['pagu'].sum())",
})


@pytest.fixture(scope="module")
def executed():
    return B.run_lesson(LESSON_DUMP)


@pytest.mark.slow
def test_lesson_and_worked_answers_run_cleanly(executed):
    """Do the lesson and every worked answer run with nothing on stderr and no numpy reprs?"""
    nb, first_extra, _ = executed
    assert pb.stderr_or_errors(nb, len(nb.cells)) == []
    assert pb.numpy_reprs(nb) == []
    assert len(nb.cells) - 1 - first_extra >= 5


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta(executed):
    """Do the figures the lesson's code computes equal FAKTA (and so the prose)?"""
    _, _, v = executed
    fakta = B.fakta()
    assert rupiah(v["total_pagu"]) == fakta["total_pagu"]
    assert str(v["jumlah_salah"]) == fakta["jumlah_salah"]
    assert rupiah(v["pagu_salah"]) == fakta["pagu_salah"]
    assert rupiah(v["total_sah"]) == fakta["total_sah"]
    assert persen(v["porsi_penunjang"], 1) == fakta["porsi_penunjang"]
    assert persen(v["porsi_pelayanan_dasar"], 1) == fakta["porsi_pelayanan_dasar"]
    for name in ("jumlah_urusan", "jumlah_bidang", "jumlah_program"):
        assert str(v[name]) == fakta[name], name
    assert rupiah(v["bappeda"]) == fakta["pagu_bappeda"]
    for name in ("PANJANG_SEGMEN", "KODE_KABUPATEN", "URUSAN_PELAYANAN_DASAR"):
        assert v[name] == getattr(B.helper, name), name
    assert v["fakta_rows"] == len(fakta)


# --------------------------------------------------------------------------- test items, rubric

def _key(data: dict, known: set[str]) -> str:
    keys = set(data)
    if keys == {"kode", "tingkat"}:
        return data["kode"][: {"bidang": 4, "program": 7}[data["tingkat"]]]
    if keys == {"kode", "program_sah"}:
        found = reason(data["kode"], set(data["program_sah"]))
        return data["kode"] if found == "sah" else found
    if keys == {"penunjang", "total"}:
        return persen(data["penunjang"] / data["total"] * 100, 0)
    if keys == {"bidang"}:
        assert data["bidang"].startswith("1.")
        return data["bidang"]
    if keys == {"urusan"}:
        return persen(data["urusan"]["1"] / sum(data["urusan"].values()) * 100, 0)
    if keys == {"kode_bidang"}:
        return str(float(data["kode_bidang"]))
    raise AssertionError(f"data butir tidak dikenal: {sorted(keys)}")


def test_answer_keys_are_what_the_lessons_rules_give(independent):
    """Is every item's key what the lesson's rules give for its data (most items carry data)?"""
    items = B.items()
    with_data = [i for i in items if "data" in i]
    assert len(with_data) >= len(items) - 2
    for item in with_data:
        assert item["kunci"].startswith(_key(item["data"], independent["known"])), item["id"]
    assert {i["tujuan"] for i in items} == set(range(1, len(B.module.objectives) + 1))


def test_reflection_rubric_matches_its_points():
    """Do the rubric in the instructor notes and the one participants see both give as many
    points as the graded reflection cell?"""
    nb = pb.pelajaran.read(B.solution)
    points = [c.metadata["nbgrader"]["points"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade_id") == "refleksi"]
    notes = pb.table_rows(B.notes.read_text(encoding="utf-8"), "| No | Kriteria |")
    lesson_text = "\n".join(src for _, src in pb.pelajaran.markdown_cells(B.lesson()))
    shown = pb.table_rows(lesson_text, "| Kriteria | Poin |")
    assert len(points) == 1 and len(notes) == points[0] == sum(int(r[1]) for r in shown)
