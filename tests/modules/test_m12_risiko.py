"""M12 (risiko, kerangka logis): every computed answer of the solution against an independent
computation, and every figure of the lesson's prose against FAKTA.

The solution uses pandas (multiplication of columns, apply, sort_values, crosstab, isna); here the
same answers come from the raw CSV text read with the csv module and plain loops: the band from a
table of ranges, the ranking by counting for each risk how many others beat it, the map by
counting cells, the broken links from sets of codes and empty strings.
"""
from __future__ import annotations

import csv
import os
import sys
import tomllib
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

from bimtek_peserta import m12_risiko as helper  # noqa: E402
from grader import catalogue  # noqa: E402
from grader.build import stage  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "course"))
import pelajaran  # noqa: E402

MODULE = catalogue.load().module("m12_risiko")
DATA = MODULE.dataset_dir
LESSON = MODULE.lesson_path
HANDOUT = MODULE.handout
BANDS = [(1, 4, "rendah"), (5, 9, "sedang"), (10, 14, "tinggi"), (15, 25, "sangat tinggi")]


def band(level: int) -> str:
    return next(name for low, high, name in BANDS if low <= level <= high)


def rows(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def register(program: str) -> dict[str, dict]:
    out = {}
    for r in rows(f"{program}_risiko.csv"):
        k, d = int(r["kemungkinan"]), int(r["dampak"])
        kr, dr = int(r["kemungkinan_residual"]), int(r["dampak_residual"])
        out[r["kode"]] = {"k": k, "d": d, "level": k * d, "res": kr * dr, "row": r}
    return out


def top_five(reg: dict) -> list[tuple[int, int]]:
    """The (level, dampak) keys of the five highest: a risk's place = how many others beat it."""
    beats = {c: sum(1 for o in reg if (reg[o]["level"], reg[o]["d"]) > (reg[c]["level"], reg[c]["d"]))
             for c in reg}
    chosen = sorted((c for c in reg if beats[c] < 5), key=lambda c: beats[c])
    return [(reg[c]["level"], reg[c]["d"]) for c in chosen][:5]


def broken(program: str) -> tuple[set, set, set]:
    table = rows(f"{program}_kerangka.csv")
    codes = {r["kode"] for r in table}
    orphans = {r["kode"] for r in table if r["jenjang"] != "dampak" and r["induk"] not in codes}
    no_indicator = {r["kode"] for r in table if r["indikator"].strip() == ""}
    no_target = {r["kode"] for r in table if r["indikator"].strip() and r["target"].strip() == ""}
    return orphans, no_indicator, no_target


# --------------------------------------------------------------------------- the solution

@pytest.fixture(scope="module")
def solution(tmp_path_factory):
    folder = stage(MODULE.assignment, tmp_path_factory.mktemp("m12") / "source")
    nb = nbformat.read(folder / f"{MODULE.assignment}.ipynb", as_version=4)
    space: dict = {"__name__": "__main__"}
    before = os.getcwd()
    os.chdir(folder)
    try:
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and not meta.get("grade"):
                exec(compile(cell.source, meta.get("grade_id", "sel"), "exec"), space)
    finally:
        os.chdir(before)
    return space


def test_levels_and_bands_equal_a_loop_over_the_band_table(solution):
    """Are the solution's level and tingkat columns what a loop over the CSV and a table of
    ranges give, and does tingkat_risiko agree with that table for every level 1-25?"""
    reg = register("pasar")
    table = solution["risiko"]
    for code, r in reg.items():
        assert int(table.loc[code, "level"]) == r["level"], code
        assert table.loc[code, "tingkat"] == band(r["level"]), code
    for level in range(1, 26):
        assert solution["tingkat_risiko"](level) == band(level), level


def test_ranking_equals_counting_who_beats_whom(solution):
    """Do the five highest of the solution have the (level, dampak) keys that counting, for each
    risk, how many others beat it gives?"""
    reg = register("pasar")
    assert [(reg[c]["level"], reg[c]["d"]) for c in solution["lima_teratas"]] == top_five(reg)


def test_count_matrix_equals_counting_cells(solution):
    """Is every cell of the solution's matriks the number of risks with that dampak and
    kemungkinan, with dampak 5..1 down and kemungkinan 1..5 across?"""
    reg = register("pasar")
    m = solution["matriks"]
    assert list(m.index) == [5, 4, 3, 2, 1] and list(m.columns) == [1, 2, 3, 4, 5]
    for d in range(1, 6):
        for k in range(1, 6):
            assert int(m.loc[d, k]) == sum(1 for r in reg.values() if r["d"] == d and r["k"] == k)
    assert int(m.to_numpy().sum()) == len(reg)


def test_residual_risk_equals_a_loop(solution):
    """Are level_residual, tingkat_residual and masih_tinggi what a loop over the CSV gives?"""
    reg = register("pasar")
    table = solution["risiko"]
    for code, r in reg.items():
        assert int(table.loc[code, "level_residual"]) == r["res"], code
        assert table.loc[code, "tingkat_residual"] == band(r["res"]), code
    assert sorted(solution["masih_tinggi"]) == sorted(c for c, r in reg.items() if r["res"] >= 10)
    assert any(r["res"] == 10 for r in reg.values()), "no residual on the boundary: weak data"


def test_broken_links_equal_set_operations_on_the_raw_text(solution):
    """Are yatim, tanpa_indikator and tanpa_target what sets of codes and empty strings in the
    raw CSV give, and does every kind occur?"""
    orphans, no_indicator, no_target = broken("pasar")
    assert set(solution["yatim"]) == orphans and orphans
    assert set(solution["tanpa_indikator"]) == no_indicator and no_indicator
    assert set(solution["tanpa_target"]) == no_target and no_target


def test_lesson_helper_equals_the_independent_computation():
    """Do the helper's band, map and broken links (behind FAKTA) equal the loops for both
    programmes?"""
    for program in ("banjir", "pasar"):
        reg = register(program)
        risiko, kerangka = helper.baca_data(DATA, program)
        assert all(helper.tingkat(level) == band(level) for level in range(1, 26))
        m = helper.matriks_hitung(risiko)
        for d in range(1, 6):
            for k in range(1, 6):
                assert int(m.loc[d, k]) == sum(1 for r in reg.values() if r["d"] == d and r["k"] == k)
        assert tuple(set(x) for x in helper.mata_rantai_putus(kerangka)) == broken(program)


def test_fakta_rankings_and_residuals_equal_the_loops():
    """Do the five highest, the still-high residual risks and the risk without owner quoted in
    the lesson equal the loops?"""
    f = helper.fakta(DATA)
    reg = register("banjir")
    quoted = f["lima_teratas"].replace(" dan ", ", ").split(", ")
    assert [(reg[c]["level"], reg[c]["d"]) for c in quoted] == top_five(reg)
    still = sorted(c for c, r in reg.items() if r["res"] >= 10)
    assert f["masih_tinggi"].replace(" dan ", ", ").split(", ") == still
    assert f["tanpa_pemilik"] == "".join(c for c, r in reg.items() if not r["row"]["pemilik"])
    orphans, no_indicator, no_target = broken("banjir")
    assert set(f["yatim"].replace(" dan ", ", ").split(", ")) == orphans
    assert set(f["tanpa_indikator"].replace(" dan ", ", ").split(", ")) == no_indicator


# --------------------------------------------------------------------------- prose and handout

STANDARD = "SNI ISO 31000:2018"   # a standard's number is a citation, not a data figure


def _prose_cells(nb) -> list[tuple[int, str]]:
    return [(i, src.replace(STANDARD, "SNI ISO")) for i, src in pelajaran.markdown_cells(nb)
            if i != 0 and not src.lstrip().startswith("## Rujukan")]


def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    """Is every figure in the lesson's prose and in ringkasan.md one of the FAKTA?"""
    f = helper.fakta(DATA)
    found = []
    for index, src in _prose_cells(pelajaran.read(LESSON)):
        found += pelajaran.figures(src, f"sel {index}")
    found += pelajaran.figures(HANDOUT.read_text(encoding="utf-8").replace(STANDARD, "SNI ISO"),
                               "ringkasan.md")
    unknown = pelajaran.unknown_figures(found, f.values())
    assert not unknown, "\n".join(f"{x.where}: {x.text!r} … {x.context} …" for x in unknown)


def test_a_stale_figure_is_caught():
    """Would a level that no longer matches the data (20 written as 21) be caught?"""
    f = helper.fakta(DATA)
    found = pelajaran.figures("R03 berlevel 21.", "basi")
    assert [x.text for x in pelajaran.unknown_figures(found, f.values())] == ["21"]


def _missing(phrases: list[str], text: str) -> list[str]:
    flat = " ".join(text.split())
    return [phrase for phrase in phrases if phrase not in flat]


def test_small_figures_stand_in_their_own_sentences():
    """Do the prose's and the handout's counts and scale values (3, 4, 5 ... which also occur as
    other FAKTA rows, so the figure check alone cannot tell them apart) say what the data say?"""
    f = helper.fakta(DATA)
    prose = " ".join(src for _, src in _prose_cells(pelajaran.read(LESSON)))
    assert _missing([
        f"Register ini memuat {f['jumlah_risiko']} risiko",
        f"Kategori {f['kategori_terbanyak']} paling banyak ({f['jumlah_kategori_terbanyak']} risiko)",
        f"untuk {f['contoh_kode']} (",
        f"kemungkinan {f['contoh_kemungkinan']}, dampak {f['contoh_dampak']}, level = "
        f"{f['contoh_kemungkinan']} × {f['contoh_dampak']} = **{f['contoh_level']}**",
        f"level di bawah {f['batas_sedang']} rendah; {f['batas_sedang']} sampai "
        f"{f['batas_tinggi_kurang']} sedang; {f['batas_tinggi']} sampai "
        f"{f['batas_sangat_tinggi_kurang']} tinggi; {f['batas_sangat_tinggi']} sampai "
        f"{f['level_maksimum']} sangat tinggi",
        f"{f['seri_kode']} sama-sama berlevel {f['seri_level']}",
        f"dampak {f['seri_dampak_atas']}) didahulukan",
        f"dampak {f['seri_dampak_bawah']}). Ada {f['jumlah_sangat_tinggi']} risiko sangat tinggi "
        f"dan {f['jumlah_tinggi']} risiko tinggi",
        f"Sangat tinggi {f['jumlah_sangat_tinggi']}, tinggi {f['jumlah_tinggi']},",
        f"sekitar {f['penurunan_persen']}, dan tidak ada lagi risiko sangat tinggi "
        f"({f['sangat_tinggi_sesudah']}). Tetapi {f['jumlah_masih_tinggi']} risiko masih tinggi: "
        f"{f['masih_tinggi']}.",
        f"{f['residual_tepat_batas']} tepat berlevel residual {f['batas_tinggi']}",
        f"Ada {f['jumlah_baris_kerangka']} baris.",
    ], prose) == []
    assert _missing([
        f"{f['jumlah_risiko']} risiko; {f['jumlah_sangat_tinggi']} sangat tinggi dan "
        f"{f['jumlah_tinggi']} tinggi",
        f"{f['seri_kode']} sama-sama berlevel {f['seri_level']}",
    ], HANDOUT.read_text(encoding="utf-8")) == []


def test_every_fakta_row_is_quoted():
    """Is every FAKTA row quoted in the lesson or the handout?"""
    f = helper.fakta(DATA)
    prose = " ".join(src for _, src in _prose_cells(pelajaran.read(LESSON)))
    prose += HANDOUT.read_text(encoding="utf-8")
    unused = [name for name, text in f.items() if text not in prose]
    assert not unused, f"baris FAKTA yang tidak dikutip: {unused}"


def test_reflection_figures_match_the_exercise_data():
    """Do the codes and levels in the model reflection equal the exercise programme's data?"""
    reg = register("pasar")
    nb = nbformat.read(MODULE.solution, as_version=4)
    text = " ".join(next(c.source for c in nb.cells
                         if c.metadata.get("nbgrader", {}).get("grade_id") == "refleksi").split())
    first = max(reg, key=lambda c: (reg[c]["level"], reg[c]["d"]))
    assert text.startswith(f"Risiko tertinggi adalah {first}") and f"level {reg[first]['level']}" in text
    still = sorted(c for c, r in reg.items() if r["res"] >= 10)
    assert ", ".join(still[:-1]) + " dan " + still[-1] in text
    orphans, no_indicator, no_target = broken("pasar")
    for code in orphans | no_indicator | no_target:
        assert code in text, code
    on_s12 = [c for c, r in reg.items() if r["row"]["sasaran"] == "S1.2"]
    assert ", ".join(on_s12[:-1]) + " dan " + on_s12[-1] + " menyasar S1.2" in text


# --------------------------------------------------------------------------- test items

def test_test_item_keys_follow_from_their_data():
    """Does every computable test item's key follow from its data by the lesson's rules?"""
    items = tomllib.loads(MODULE.test_items.read_text(encoding="utf-8"))["butir"]
    checked = 0
    for item in items:
        data = item["data"]
        if "kemungkinan" in data:
            level = data["kemungkinan"] * data["dampak"]
            assert item["kunci"] == f"{level}, {band(level)}", item["id"]
        elif "kemungkinan_residual" in data:
            assert item["kunci"] == band(data["kemungkinan_residual"] * data["dampak_residual"])
        elif "x" in data:
            first = "Y" if data["y"][1] > data["x"][1] else "X"
            assert data["x"][0] * data["x"][1] == data["y"][0] * data["y"][1]
            assert item["kunci"].startswith(first if item["bentuk"] == "A" else
                                            {"X": "P", "Y": "Q"}[first]), item["id"]
        elif "induk" in data:
            assert data["induk"] not in data["kode_tabel"] and "yatim" in item["kunci"]
        else:
            continue
        checked += 1
    assert checked >= 7


# --------------------------------------------------------------------------- copying into the exercise

FORMATTERS = ("rupiah", "persen", "tanggal", "angka")


def _copyable_cells():
    """(index, source) of the lesson's code cells that make a name the exercise expects."""
    sys.path.insert(0, str(REPO / "tests" / "harness"))
    import harness_support as hs

    expected = hs.expected_vocabulary(pelajaran.read(MODULE.solution))
    names = set(expected["variabel"]) | set(expected["fungsi"])
    return [(i, src) for i, src in pelajaran.code_cells(pelajaran.read(LESSON))
            if hs.modified_names(src) & names]


def test_a_lesson_cell_copied_whole_into_the_exercise_finds_its_names():
    """Does every lesson cell that makes an exercise name avoid the display helper (bantu.),
    and is every formatter it calls (rupiah, tanggal ...) imported by the exercise's set-up?
    (Participant walk: a cell pasted whole must not end in a NameError.)"""
    nb = nbformat.read(MODULE.solution, as_version=4)
    setup = next(c.source for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade_id") == "persiapan")
    cells = _copyable_cells()
    assert cells, "no lesson cell makes an exercise name: the check would be empty"
    for index, src in cells:
        assert "bantu." not in src, f"sel {index} memakai bantu."
        for name in FORMATTERS:
            if f"{name}(" in src:
                assert f" {name}" in setup.split("tampil import", 1)[-1].split("\n", 1)[0], \
                    f"sel {index} memakai {name}(), yang tidak diimpor di sel persiapan tugas"
