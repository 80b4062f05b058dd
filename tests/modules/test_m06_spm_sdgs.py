"""M06 (SPM dan TPB/SDGs): every computed answer against an independent computation, and the
lesson's prose, time plan, templates and test items against the data.

The independent computation reads the CSV files with the csv module, computes with exact
fractions, finds the category from a table of lower bounds, rolls up with dictionaries, and
reads goal numbers with a regular expression; the goals without an indicator are also compared
with a hand-written list of what the generator left out.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from fractions import Fraction
from statistics import mean

import pytest

import periksa_bahan as pb
from bimtek_peserta.tampil import angka, persen, rupiah, rupiah_singkat

B = pb.Bahan("m06_spm_sdgs")

GOALS_WITHOUT = ["5", "7", "10", "13", "14"]   # left out by the generator, written by hand
LOWER_BOUNDS = [(100, "Tuntas Paripurna"), (90, "Tuntas Utama"), (80, "Tuntas Madya"),
                (70, "Tuntas Pratama"), (60, "Tuntas Muda")]
GOAL = re.compile(r"^(\d+)\.")


def category(value) -> str:
    return next((name for bound, name in LOWER_BOUNDS if value >= bound), "Belum Tuntas")


def read(name: str) -> list[dict]:
    with open(B.data / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def independent() -> dict:
    rows = read("spm_2025.csv")
    out = {"capaian": {}, "kekurangan": {}, "indeks": {}, "kategori": {}, "biaya": {}}
    per_bidang, per_program = defaultdict(list), defaultdict(Fraction)
    for r in rows:
        name = r["jenis_layanan"]
        must, served = int(r["harus_dilayani"]), int(r["terlayani"])
        share = Fraction(served, must) * 100
        index = Fraction(8, 10) * share + Fraction(2, 10) * int(r["mutu"])
        gap = must - served
        out["capaian"][name] = share
        out["kekurangan"][name] = gap
        out["indeks"][name] = index
        out["kategori"][name] = category(index)
        out["biaya"][name] = gap * int(r["biaya_satuan"])
        per_bidang[r["bidang_spm"]].append(index)
        per_program[".".join(r["kode_sub_kegiatan"].split(".")[:3])] += gap * int(r["biaya_satuan"])
    out["indeks_bidang"] = {k: mean(v) for k, v in per_bidang.items()}
    out["indeks_kabupaten"] = mean(out["indeks_bidang"].values())
    out["terendah"] = min(out["capaian"], key=out["capaian"].get)
    out["kebutuhan_program"] = dict(per_program)
    out["total"] = sum(out["biaya"].values())
    mapped = [r["kode_tpb"] for r in read("indikator_tpb.csv")]
    covered = {GOAL.match(code).group(1) for code in mapped if code}
    out["tanpa"] = [r["nomor"] for r in read("tujuan_tpb.csv") if r["nomor"] not in covered]
    out["unmapped"] = sum(1 for code in mapped if not code)
    out["tujuan_per_indikator"] = {r["indikator"]: (GOAL.match(r["kode_tpb"]).group(1) if r["kode_tpb"] else None)
                                   for r in read("indikator_tpb.csv")}
    return out


def test_the_goals_without_indicator_are_the_hand_written_ones(independent):
    """Are the goals without an indicator exactly the hand-written list, and do the 29 jenis and
    the two boundary rows (index exactly 100 and exactly 90) hold?"""
    assert independent["tanpa"] == GOALS_WITHOUT
    assert len(independent["capaian"]) == 29
    assert sorted(independent["indeks"].values())[-1] == 100
    assert 90 in independent["indeks"].values()


def test_fakta_agree_with_the_independent_computation(independent):
    """Do the helper's FAKTA (the figures the prose quotes) equal the independent computation?"""
    fakta = B.fakta()
    example = "Pelayanan kesehatan ibu hamil"
    assert fakta["contoh_capaian"] == persen(float(independent["capaian"][example]))
    assert fakta["contoh_indeks"] == angka(float(independent["indeks"][example]), 2)
    assert fakta["contoh_kekurangan"] == angka(independent["kekurangan"][example])
    assert fakta["terendah_capaian"] == persen(float(independent["capaian"][independent["terendah"]]))
    assert fakta["indeks_kabupaten"] == angka(float(independent["indeks_kabupaten"]), 2)
    assert fakta["indeks_bidang_terendah"] == angka(float(min(independent["indeks_bidang"].values())), 2)
    assert fakta["total_kebutuhan_singkat"] == rupiah_singkat(float(independent["total"]))
    assert fakta["program_terbesar_singkat"] == rupiah_singkat(float(max(independent["kebutuhan_program"].values())))
    assert fakta["jumlah_belum_tuntas"] == str(list(independent["kategori"].values()).count("Belum Tuntas"))
    assert fakta["jumlah_tanpa_indikator"] == str(len(GOALS_WITHOUT))
    assert fakta["belum_dipetakan"] == str(independent["unmapped"])


SOLUTION_DUMP = pb.dump_code({
    "capaian": "{str(j): float(v) for j, v in zip(spm['jenis_layanan'], spm['capaian_penerima'])}",
    "kekurangan": "{str(j): float(v) for j, v in zip(spm['jenis_layanan'], spm['kekurangan'])}",
    "terendah": "str(layanan_terendah)",
    "indeks": "{str(j): float(v) for j, v in zip(spm['jenis_layanan'], spm['indeks'])}",
    "kategori": "{str(j): str(v) for j, v in zip(spm['jenis_layanan'], spm['kategori'])}",
    "indeks_bidang": "{str(k): float(v) for k, v in indeks_bidang.items()}",
    "indeks_kabupaten": "float(indeks_kabupaten)",
    "biaya": "{str(j): float(v) for j, v in zip(spm['jenis_layanan'], spm['kebutuhan_biaya'])}",
    "total": "float(total_kebutuhan)",
    "kebutuhan_program": "{str(k): float(v) for k, v in kebutuhan_program.items()}",
    "tujuan": "{str(i): (None if pd.isna(t) else str(t)) for i, t in zip(tpb['indikator'], tpb['tujuan'])}",
    "tanpa": "[str(n) for n in tanpa_indikator['nomor']]",
})


def _floats(mapping):
    return {k: float(v) for k, v in mapping.items()}


@pytest.mark.slow
def test_solution_values_equal_the_independent_computation(independent, tmp_path):
    """Does the instructor's solution compute what the independent computation computes?"""
    v = B.run_solution(SOLUTION_DUMP, tmp_path)
    assert v["capaian"] == pytest.approx(_floats(independent["capaian"]))
    assert v["kekurangan"] == pytest.approx(_floats(independent["kekurangan"]))
    assert v["terendah"] == independent["terendah"]
    assert v["indeks"] == pytest.approx(_floats(independent["indeks"]))
    assert v["kategori"] == independent["kategori"]
    assert v["indeks_bidang"] == pytest.approx(_floats(independent["indeks_bidang"]))
    assert v["indeks_kabupaten"] == pytest.approx(float(independent["indeks_kabupaten"]))
    assert v["biaya"] == pytest.approx(_floats(independent["biaya"]))
    assert v["total"] == pytest.approx(float(independent["total"]))
    assert v["kebutuhan_program"] == pytest.approx(_floats(independent["kebutuhan_program"]))
    assert list(v["kebutuhan_program"].values()) == sorted(v["kebutuhan_program"].values(), reverse=True)
    assert v["tujuan"] == independent["tujuan_per_indikator"]
    assert v["tanpa"] == GOALS_WITHOUT


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
        f"ada {f['jumlah_jenis']} jenis pelayanan dasar: {f['jenis_pendidikan']} di pendidikan, "
        f"{f['jenis_kesehatan']} di kesehatan, {f['jenis_pekerjaan_umum']} di pekerjaan umum, "
        f"{f['jenis_perumahan_rakyat']} di perumahan rakyat, {f['jenis_trantibumlinmas']} di "
        f"trantibumlinmas, dan {f['jenis_sosial']} di sosial",
        f"sedangkan {f['jumlah_belum_tuntas']} jenis Belum Tuntas",
        f"Dari {f['jumlah_indikator_tpb']} indikator RKPD, {f['belum_dipetakan']} belum dipetakan",
        f"Ada {f['jumlah_tanpa_indikator']} tujuan tanpa indikator",
        f"kesehatan, dengan {f['jenis_kesehatan']} jenis",
        f"perumahan rakyat dengan {f['jenis_perumahan_rakyat']} jenis",
    ]) == []


def test_every_fakta_figure_is_quoted_and_a_stale_one_is_caught():
    """Is every FAKTA row quoted somewhere, and would a changed figure be caught?"""
    fakta = B.fakta()
    assert not B.unused_fakta(fakta)
    index, src = next((i, s) for i, s in B.prose_cells() if fakta["indeks_kabupaten"] in s)
    stale = src.replace(fakta["indeks_kabupaten"], "57,15")
    found = pb.pelajaran.figures(stale, "basi")
    assert {f.text for f in pb.pelajaran.unknown_figures(found, fakta.values())} == {"57,15"}


def test_sections_time_plan_and_instructor_timing():
    """Do section references exist, does the time plan add up in the catalogue, the lesson and
    the instructor notes, and do the short exercises fit their sections?"""
    assert not B.wrong_section_references()
    assert not B.time_plan_problems()
    assert B.notes_timing_rows() == [(s.title, s.minutes) for s in B.module.schedule]


def test_templates_give_their_worked_answers_and_practise_the_graded_steps():
    """Does filling every template give its worked answer, and are the graded exercise's harder
    steps (the category function, selecting one row, choosing a column) practised first?"""
    pairs = pb.pelajaran.templates_and_answers(B.lesson())
    assert [label for label, t, a in pairs if not pb.pelajaran.template_matches(t, a)] == []
    templates = [t for _, t, _ in pairs]
    assert any("def kategori_spm(indeks):" in t and "if " in t for t in templates)
    assert any(".loc[" in t and ".iloc[0]" in t for t in templates)
    assert len(pairs) >= 6


def test_only_teaching_code_is_shown_and_the_generator_is_not_mentioned():
    """Are visible code cells short, without widget code, and is generate.py never mentioned
    in what participants receive?"""
    B.assert_only_teaching_code()


LESSON_DUMP = pb.dump_code({
    "indeks": "{str(j): float(v) for j, v in zip(spm['jenis_layanan'], spm['indeks'])}",
    "indeks_kabupaten": "float(indeks_kabupaten)",
    "total": "float(total_kebutuhan)",
    "tanpa": "[str(n) for n in tanpa_indikator['nomor']]",
    "terendah": "str(layanan_terendah)",
    "parameter": "[BOBOT_PENERIMA, BOBOT_MUTU, BATAS_PARIPURNA, BATAS_UTAMA, BATAS_MADYA, BATAS_PRATAMA, BATAS_MUDA]",
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
    assert len(nb.cells) - 1 - first_extra >= 6


@pytest.mark.slow
def test_the_lessons_own_figures_equal_the_independent_computation(executed, independent):
    """Do the figures the lesson's code computes equal the independent computation and FAKTA?"""
    _, _, v = executed
    assert v["indeks"] == pytest.approx(_floats(independent["indeks"]))
    assert v["indeks_kabupaten"] == pytest.approx(float(independent["indeks_kabupaten"]))
    assert v["total"] == pytest.approx(float(independent["total"]))
    assert v["tanpa"] == GOALS_WITHOUT
    assert v["terendah"] == independent["terendah"]
    h = B.helper
    assert v["parameter"] == [h.BOBOT_PENERIMA, h.BOBOT_MUTU, h.BATAS_PARIPURNA, h.BATAS_UTAMA,
                              h.BATAS_MADYA, h.BATAS_PRATAMA, h.BATAS_MUDA]
    assert v["fakta_rows"] == len(B.fakta())


# --------------------------------------------------------------------------- test items, rubric

def _share_text(value: Fraction) -> str:
    return persen(float(value), 0 if value.denominator == 1 else 2)


def _key(data: dict) -> str:
    keys = set(data)
    if keys == {"harus_dilayani", "terlayani"}:
        share = Fraction(data["terlayani"], data["harus_dilayani"]) * 100
        return f"{_share_text(share)}, kurang {angka(data['harus_dilayani'] - data['terlayani'])}"
    if keys == {"capaian_penerima", "mutu"}:
        index = Fraction(8, 10) * data["capaian_penerima"] + Fraction(2, 10) * data["mutu"]
        return f"{angka(float(index), 0)}, {category(index)}"
    if keys == {"indeks"}:
        return category(data["indeks"])
    if keys == {"harus_dilayani", "terlayani", "biaya_satuan"}:
        return rupiah((data["harus_dilayani"] - data["terlayani"]) * data["biaya_satuan"])
    if keys == {"kode_tpb", "tujuan_sampai"}:
        covered = {GOAL.match(code).group(1) for code in data["kode_tpb"]}
        missing = [str(n) for n in range(1, data["tujuan_sampai"] + 1) if str(n) not in covered]
        return missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " dan " + missing[-1]
    raise AssertionError(f"data butir tidak dikenal: {sorted(keys)}")


def test_answer_keys_are_what_the_lessons_rules_give():
    """Is every item's key what the lesson's rules give for its data?"""
    items = B.items()
    assert all("data" in i for i in items)
    for item in items:
        assert item["kunci"].startswith(_key(item["data"])), (item["id"], _key(item["data"]))
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
