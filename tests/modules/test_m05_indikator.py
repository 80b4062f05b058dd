"""M05 (indikator kinerja dan evaluasi RKPD): every computed answer against an independent
computation, and the lesson's prose, time plan, templates and test items against the data.

The independent computation reads the CSV file with the csv module, computes with exact
fractions (so the band boundaries 91 and 76 are decided exactly), finds the band with bisect,
and walks the cascade through a dictionary of levels; the orphans are also compared with a
hand-written list of what the generator planted.
"""
from __future__ import annotations

import bisect
import csv
from collections import defaultdict
from fractions import Fraction
from statistics import mean

import pytest

import periksa_bahan as pb
from bimtek_peserta.tampil import persen

B = pb.Bahan("m05_indikator")

ORPHANS = ["K029", "K030", "K031", "K032"]   # planted: empty, unknown, sasaran, kegiatan parent
CODE_MISMATCH = ["K033"]                     # planted: parent programme with another code
BANDS = [(51, "Rendah"), (66, "Sedang"), (76, "Tinggi"), (91, "Sangat Tinggi")]


def band(value) -> str:
    lower = [b for b, _ in BANDS]
    position = bisect.bisect_right(lower, value)
    return "Sangat Rendah" if position == 0 else BANDS[position - 1][1]


def rows() -> list[dict]:
    with open(B.data / "evaluasi_rkpd.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def independent() -> dict:
    data = rows()
    level = {r["id_indikator"]: r["tingkat"] for r in data}
    code = {r["id_indikator"]: r["kode"] for r in data}
    out = {"realisasi": {}, "capaian": {}, "kategori": {}, "selisih": {}}
    for r in data:
        quarters = [Fraction(r[k]) for k in ("tw1", "tw2", "tw3", "tw4")]
        actual = sum(quarters) if r["jenis"] == "jumlah" else quarters[-1]
        target = Fraction(r["target"])
        achieved = target / actual * 100 if r["polaritas"] == "negatif" else actual / target * 100
        out["realisasi"][r["id_indikator"]] = actual
        out["capaian"][r["id_indikator"]] = achieved
        out["selisih"][r["id_indikator"]] = (2 - actual / target) * 100
        out["kategori"][r["id_indikator"]] = band(achieved)
    counts = defaultdict(int)
    for value in out["kategori"].values():
        counts[value] += 1
    out["jumlah_kategori"] = dict(counts)
    out["program"] = sorted(i for i, t in level.items() if t == "program")
    out["orphans"] = sorted(r["id_indikator"] for r in data
                            if r["tingkat"] == "kegiatan" and level.get(r["induk"]) != "program")
    out["mismatch"] = sorted(r["id_indikator"] for r in data
                             if r["tingkat"] == "kegiatan" and level.get(r["induk"]) == "program"
                             and not r["kode"].startswith(code[r["induk"]] + "."))
    groups = defaultdict(list)
    for r in data:
        if r["perangkat_daerah"]:
            groups[r["perangkat_daerah"]].append(out["capaian"][r["id_indikator"]])
    out["capaian_pd"] = {k: float(mean(v)) for k, v in groups.items()}
    out["levels"] = {t: sum(1 for v in level.values() if v == t) for t in set(level.values())}
    return out


def test_the_cascade_check_finds_exactly_the_planted_rows(independent):
    """Does the independent walk find exactly the hand-written orphans and code mismatch?"""
    assert independent["orphans"] == ORPHANS
    assert independent["mismatch"] == CODE_MISMATCH


def test_fakta_agree_with_the_independent_computation(independent):
    """Do the helper's FAKTA (the figures the prose quotes) equal the independent computation?"""
    fakta = B.fakta()
    cap = independent["capaian"]
    assert fakta["stunting_capaian"] == persen(float(cap["S03"]))
    assert fakta["akb_capaian"] == persen(float(cap["P02"]))
    assert fakta["akb_capaian_selisih"] == persen(float(independent["selisih"]["P02"]))
    assert fakta["dbd_capaian"] == persen(float(cap["K003"]))
    assert fakta["dbd_capaian_selisih"] == persen(float(independent["selisih"]["K003"]))
    assert fakta["dbd_realisasi"] == str(int(independent["realisasi"]["K003"]))
    for ident in ("K010", "K012", "K013"):
        assert fakta[f"{ident}_capaian"] == persen(float(cap[ident])), ident
    assert cap["K010"] == 91 and cap["K012"] == 76 and cap["K013"] == 50   # exactly on a boundary
    for name in ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"):
        key = "kategori_" + name.lower().replace(" ", "_")
        assert fakta[key] == str(independent["jumlah_kategori"].get(name, 0)), name
    assert fakta["jumlah_tanpa_induk"] == str(len(ORPHANS))
    lowest = min(independent["capaian_pd"].values())
    assert fakta["pd_terendah_capaian"] == persen(lowest)
    assert fakta["jumlah_pd_di_bawah"] == str(sum(v < 91 for v in independent["capaian_pd"].values()))
    for level in ("tujuan", "sasaran", "program", "kegiatan"):
        assert fakta[f"jumlah_{level}"] == str(independent["levels"][level])


SOLUTION_DUMP = pb.dump_code({
    "realisasi": "{str(i): float(v) for i, v in zip(evaluasi['id_indikator'], evaluasi['realisasi'])}",
    "capaian": "{str(i): float(v) for i, v in zip(evaluasi['id_indikator'], evaluasi['capaian'])}",
    "kategori": "{str(i): str(v) for i, v in zip(evaluasi['id_indikator'], evaluasi['kategori'])}",
    "capaian_akb": "float(capaian_akb)",
    "capaian_akb_selisih": "float(capaian_akb_selisih)",
    "jumlah_kategori": "{str(k): int(v) for k, v in jumlah_kategori.items()}",
    "id_program": "sorted(str(i) for i in id_program)",
    "tanpa_induk": "sorted(str(i) for i in tanpa_induk['id_indikator'])",
    "capaian_pd": "{str(k): float(v) for k, v in capaian_pd.items()}",
    "titik": "sorted(float(x) for x in ax_pd.get_lines()[0].get_xdata())",
})


@pytest.mark.slow
def test_solution_values_equal_the_independent_computation(independent, tmp_path):
    """Does the instructor's solution compute what the independent computation computes?"""
    v = B.run_solution(SOLUTION_DUMP, tmp_path)
    assert v["realisasi"] == pytest.approx({k: float(x) for k, x in independent["realisasi"].items()})
    assert v["capaian"] == pytest.approx({k: float(x) for k, x in independent["capaian"].items()})
    assert v["kategori"] == independent["kategori"]
    assert v["capaian_akb"] == pytest.approx(float(independent["capaian"]["P02"]))
    assert v["capaian_akb_selisih"] == pytest.approx(float(independent["selisih"]["P02"]))
    assert v["jumlah_kategori"] == independent["jumlah_kategori"]
    assert v["id_program"] == independent["program"]
    assert v["tanpa_induk"] == independent["orphans"]
    assert v["capaian_pd"] == pytest.approx(independent["capaian_pd"])
    assert v["titik"] == pytest.approx(sorted(independent["capaian_pd"].values()))


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
        f"{f['jumlah_indikator']} indikator: {f['jumlah_tujuan']} tujuan, {f['jumlah_sasaran']} sasaran, "
        f"{f['jumlah_program']} program dan {f['jumlah_kegiatan']} kegiatan",
        f"{f['kategori_sangat_tinggi']} Sangat Tinggi, {f['kategori_tinggi']} Tinggi, {f['kategori_sedang']} "
        f"Sedang, {f['kategori_rendah']} Rendah dan {f['kategori_sangat_rendah']} Sangat Rendah",
        f"Ada {f['jumlah_tanpa_induk']} indikator kegiatan tanpa induk",
        f"{f['jumlah_pd_di_bawah']} dari {f['jumlah_pd']} perangkat daerah berada di bawah",
    ]) == []


def test_every_fakta_figure_is_quoted_and_a_stale_one_is_caught():
    """Is every FAKTA row quoted somewhere, and would a changed figure be caught?"""
    fakta = B.fakta()
    assert not B.unused_fakta(fakta)
    index, src = next((i, s) for i, s in B.prose_cells() if fakta["akb_capaian"] in s)
    stale = src.replace(fakta["akb_capaian"], "67,67%")
    found = pb.pelajaran.figures(stale, "basi")
    assert {f.text for f in pb.pelajaran.unknown_figures(found, fakta.values())} == {"67,67%"}


def test_sections_time_plan_and_instructor_timing():
    """Do section references exist, does the time plan add up in the catalogue, the lesson and
    the instructor notes, and do the short exercises fit their sections?"""
    assert not B.wrong_section_references()
    assert not B.time_plan_problems()
    assert B.notes_timing_rows() == [(s.title, s.minutes) for s in B.module.schedule]


def test_templates_give_their_worked_answers_and_practise_the_graded_steps():
    """Does filling every template give its worked answer, and are the graded exercise's harder
    steps (both functions with if/return, the .loc/.iloc row, ~ with .isin) practised first?"""
    pairs = pb.pelajaran.templates_and_answers(B.lesson())
    assert [label for label, t, a in pairs if not pb.pelajaran.template_matches(t, a)] == []
    templates = [t for _, t, _ in pairs]
    assert any("def capaian(target, realisasi, polaritas):" in t and "if " in t for t in templates)
    assert any("def kategori(nilai_capaian):" in t and "if " in t for t in templates)
    assert any(".loc[" in t and ".iloc[0]" in t for t in templates)
    assert any("~" in t and ".isin(" in t for t in templates)


def test_only_teaching_code_is_shown_and_the_generator_is_not_mentioned():
    """Are visible code cells short, without widget code, and is generate.py never mentioned
    in what participants receive?"""
    B.assert_only_teaching_code()


LESSON_DUMP = pb.dump_code({
    "capaian": "{str(i): float(v) for i, v in zip(evaluasi['id_indikator'], evaluasi['capaian'])}",
    "kategori": "{str(k): int(v) for k, v in jumlah_kategori.items()}",
    "tanpa_induk": "sorted(str(i) for i in tanpa_induk['id_indikator'])",
    "capaian_pd": "{str(k): float(v) for k, v in capaian_pd.items()}",
    "akb": "[float(capaian_akb), float(capaian_akb_selisih)]",
    "batas": "[BATAS_SANGAT_TINGGI, BATAS_TINGGI, BATAS_SEDANG, BATAS_RENDAH]",
    "fakta_rows": "len(FAKTA)",
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
def test_the_lessons_own_figures_equal_the_independent_computation(executed, independent):
    """Do the figures the lesson's code computes equal the independent computation and FAKTA?"""
    _, _, v = executed
    assert v["capaian"] == pytest.approx({k: float(x) for k, x in independent["capaian"].items()})
    assert v["kategori"] == independent["jumlah_kategori"]
    assert v["tanpa_induk"] == independent["orphans"]
    assert v["capaian_pd"] == pytest.approx(independent["capaian_pd"])
    assert v["akb"] == pytest.approx([float(independent["capaian"]["P02"]), float(independent["selisih"]["P02"])])
    assert v["batas"] == [B.helper.BATAS_SANGAT_TINGGI, B.helper.BATAS_TINGGI, B.helper.BATAS_SEDANG,
                          B.helper.BATAS_RENDAH]
    assert v["fakta_rows"] == len(B.fakta())


# --------------------------------------------------------------------------- test items, rubric

def _key(data: dict) -> str:
    keys = set(data)
    if keys == {"target", "triwulan", "jenis", "polaritas"}:
        quarters = [Fraction(q) for q in data["triwulan"]]
        actual = sum(quarters) if data["jenis"] == "jumlah" else quarters[-1]
        target = Fraction(data["target"])
        value = target / actual * 100 if data["polaritas"] == "negatif" else actual / target * 100
        return persen(float(value), 0 if value.denominator == 1 else 2)
    if keys == {"capaian"}:
        return band(data["capaian"])
    if keys == {"capaian_indikator"}:
        return persen(mean(data["capaian_indikator"]), 0)
    raise AssertionError(f"data butir tidak dikenal: {sorted(keys)}")


def test_answer_keys_are_what_the_lessons_rules_give():
    """Is every item's key what the lesson's rules give for its data (most items carry data)?"""
    items = B.items()
    with_data = [i for i in items if "data" in i]
    assert len(with_data) >= len(items) - 2
    for item in with_data:
        assert item["kunci"] == _key(item["data"]), item["id"]
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
