"""M00 (orientation): the answers recomputed independently, the lesson's figures, its frame.

The independent computations read wilayah.csv with the standard library's csv module and
convert the Indonesian number writing by hand (no pandas), so a mistake in the way the
solution or the lesson reads the file cannot hide in both.
"""
from __future__ import annotations

import csv
import json
import math

import pytest

import modul_support as ms
from bimtek_peserta.tampil import angka

M = ms.Modul("m00_orientasi")


def mentah() -> list[dict[str, str]]:
    with open(M.data / "wilayah.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def bulat(teks: str) -> int:
    """'14.706' -> 14706, written out digit by digit."""
    assert all(part.isdigit() for part in teks.split(".")), teks
    return int(teks.replace(".", ""))


def pecahan(teks: str) -> float:
    """'4,30' -> 4.3."""
    utuh, _, sisa = teks.partition(",")
    return int(utuh) + (int(sisa) / 10 ** len(sisa) if sisa else 0)


@pytest.fixture(scope="module")
def benar() -> dict:
    """Every answer of the exercise, computed without pandas."""
    rows = mentah()
    penduduk = {r["nama"]: bulat(r["penduduk"]) for r in rows}
    kk = {r["nama"]: bulat(r["kk"]) for r in rows}
    luas = {r["nama"]: pecahan(r["luas_km2"]) for r in rows}
    desa = sorted(r["nama"] for r in rows if r["jenis"] == "desa")
    terbanyak = max(penduduk, key=penduduk.get)
    return {
        "kode": {r["nama"]: r["kode_wilayah"] for r in rows},
        "penduduk": penduduk, "kk": kk, "luas": luas,
        "total_penduduk": sum(penduduk.values()), "total_kk": sum(kk.values()),
        "desa": desa, "jumlah_desa": len(desa), "nama_terbanyak": terbanyak,
        "jiwa_per_kk": {n: penduduk[n] / kk[n] for n in penduduk},
        "kepadatan": {n: penduduk[n] / luas[n] for n in penduduk},
    }


# --------------------------------------------------------------------------- the data

def test_dataset_is_written_the_indonesian_way(benar):
    """Is wilayah.csv written as an Indonesian spreadsheet saves it: ';' columns, '.' thousands,
    ',' decimals, dotted codes PP.KK.CC.DDDD with 1xxx kelurahan and 2xxx desa?"""
    rows = mentah()
    assert len(rows) == 14
    for r in rows:
        parts = r["kode_wilayah"].split(".")
        assert [len(p) for p in parts] == [2, 2, 2, 4] and parts[0] == "99", r["kode_wilayah"]
        assert parts[3][0] == {"kelurahan": "1", "desa": "2"}[r["jenis"]]
        assert "," in r["luas_km2"] and "." not in r["luas_km2"]
    assert any("." in r["penduduk"] for r in rows) and any("." not in r["kk"] for r in rows), (
        "the file must show both a thousands dot and a number below 1.000")
    assert len(set(benar["penduduk"].values())) == len(rows), "no tie for the largest"
    assert 2.5 < benar["total_penduduk"] / benar["total_kk"] < 4.5


# --------------------------------------------------------------------------- the solution

DUMP_SOLUSI = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "kode": dict(zip(wilayah["nama"], wilayah["kode_wilayah"])),
    "penduduk": {n: float(v) for n, v in zip(wilayah["nama"], wilayah["penduduk"])},
    "luas": {n: float(v) for n, v in zip(wilayah["nama"], wilayah["luas_km2"])},
    "total_penduduk": float(total_penduduk), "total_kk": float(total_kk),
    "desa": sorted(desa["nama"]), "jumlah_desa": int(jumlah_desa),
    "nama_terbanyak": nama_terbanyak,
    "jiwa_per_kk": {n: float(v) for n, v in zip(wilayah["nama"], wilayah["jiwa_per_kk"])},
    "kepadatan": {n: float(v) for n, v in zip(wilayah["nama"], wilayah["kepadatan"])},
    "batang": sorted(float(p.get_height()) for p in ax_penduduk.patches),
    "judul": ax_penduduk.get_title(),
}))
"""


@pytest.fixture(scope="module")
def solusi(tmp_path_factory) -> dict:
    return ms.execute_solution(M, DUMP_SOLUSI, tmp_path_factory.mktemp("m00"))


@pytest.mark.slow
def test_solution_answers_equal_the_independent_computation(solusi, benar):
    """Does the instructor's solution give what the hand-written parse gives, answer by answer?"""
    assert solusi["kode"] == benar["kode"]
    assert solusi["penduduk"] == {n: float(v) for n, v in benar["penduduk"].items()}
    assert all(math.isclose(solusi["luas"][n], benar["luas"][n]) for n in benar["luas"])
    assert solusi["total_penduduk"] == benar["total_penduduk"]
    assert solusi["total_kk"] == benar["total_kk"]
    assert solusi["desa"] == benar["desa"] and solusi["jumlah_desa"] == benar["jumlah_desa"]
    assert solusi["nama_terbanyak"] == benar["nama_terbanyak"]
    for kolom in ("jiwa_per_kk", "kepadatan"):
        assert all(math.isclose(solusi[kolom][n], benar[kolom][n]) for n in benar[kolom]), kolom
    assert solusi["batang"] == sorted(float(v) for v in benar["penduduk"].values())
    assert solusi["judul"].strip()


def test_the_independent_parse_catches_the_lessons_trap():
    """Would reading '14.706' with a decimal point (the lesson's first attempt) differ from the
    right value? (The independent parse must not share that mistake.)"""
    first = mentah()[0]["penduduk"]
    assert float(first) != bulat(first) and float(first) * 1000 == pytest.approx(bulat(first))


# --------------------------------------------------------------------------- prose figures

def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    """Is every figure in the lesson's prose and in ringkasan.md one of the FAKTA computed from
    the data file?"""
    unknown = ms.unknown_prose_figures(M)
    assert not unknown, "angka di teks yang tidak ada di FAKTA:\n" + "\n".join(unknown)


def test_every_fakta_figure_is_quoted_somewhere():
    """Is every FAKTA row quoted in the lesson or the handout (no unused rows)?"""
    assert not ms.unused_fakta(M)


def test_a_stale_figure_is_caught():
    """Would a figure that no longer matches the data (97.164 written as 97.146) fail?"""
    assert ms.stale_figure_is_caught(M, "total_penduduk", "97.146")


def test_fakta_agree_with_the_independent_computation(benar):
    """Are the FAKTA figures what the hand-written parse gives?"""
    f = M.fakta()
    assert f["total_penduduk"] == angka(benar["total_penduduk"])
    assert f["total_kk"] == angka(benar["total_kk"])
    assert f["jumlah_desa"] == str(benar["jumlah_desa"])
    assert f["penduduk_terbanyak"] == angka(max(benar["penduduk"].values()))
    assert f["jiwa_per_kk_kecamatan"] == angka(benar["total_penduduk"] / benar["total_kk"], 2)
    assert f["kepadatan_tertinggi"] == angka(max(benar["kepadatan"].values()))
    assert f["total_penduduk_salah"] == angka(sum(float(r["penduduk"]) for r in mentah()), 3)


def test_names_quoted_in_the_prose_are_the_computed_ones():
    """Does the prose name the areas the data makes the largest, densest, etc.?"""
    text = ms.prose_text(M)
    names = M.helper.nama_fakta(M.data)
    for role in ("terbanyak", "tersedikit", "desa_terbanyak", "terpadat", "terjarang",
                 "desa_terpadat", "desa_posyandu_terbanyak", "contoh"):
        assert names[role] in text, role
    assert f"Kelurahan {names['terbanyak']} paling banyak penduduknya" in text
    assert f"Desa {names['terjarang']} paling jarang" in text


# --------------------------------------------------------------------------- frame and practice

def test_time_plan_sections_and_exercises():
    """Does the lesson's time plan equal the catalogue, with every section a heading and every
    short exercise fitting its section's minutes?"""
    assert not ms.section_problems(M)


def test_templates_agree_with_worked_answers_and_practise_the_graded_steps():
    """Does every ___ template fill to its worked answer, and are the graded exercise's steps
    (reading the CSV, summing, filtering, a bar chart on named axes) practised with one?"""
    assert not ms.template_problems(M, minimum=4)
    joined = "\n".join(ms.templates(M))
    for step in ("pd.read_csv(", "thousands=", "dtype=", ".___()", 'wilayah["jenis"] == ',
                 ".bar(", ".set_title("):
        assert step in joined, step


def test_only_teaching_code_is_shown_and_no_generator_is_mentioned():
    assert not ms.display_code_in_lesson(M)
    assert not ms.generator_mentioned(M)
    assert not ms.copyable_cells_using_helpers(M), "sel yang disalin ke tugas memakai bantu."


def test_interface_names_are_those_of_the_indonesian_jupyterlab():
    """Does M00 name every menu it teaches as the room's language pack shows it, with the
    English beside it, and explain the Markdown cell, the red box and submitting?"""
    assert not ms.interface_problems(M, {"Restart Kernel…": "Dimulai lagi kernel…",
                                         "Restart": "Dimulai Lagi",
                                         "Insert a cell below": "Masukkan sel di bawah"})
    text = "\n".join(src for _, src in ms.pelajaran.markdown_cells(M.lesson()))
    for must in ("klik dua kali", "Simpan Notebook", "Assignment List", "Fetch", "Validate",
                 "Submit", "NameError", "NotImplementedError", "Belum tepat"):
        assert must in text, must


def test_materials_items_notes_and_rubric():
    assert not ms.material_problems(M)


@pytest.mark.parametrize("item", M.items(), ids=lambda i: i["id"])
def test_answer_keys_follow_from_their_data(item):
    """Is each test item's key what its inputs give (sum/count, density, the misread value)?"""
    data = item.get("data")
    if data is None:
        assert item["tujuan"] == 1, "only the JupyterLab items have no data to recompute"
        return
    if "luas_km2" in data:
        assert item["kunci"].startswith(angka(data["penduduk"] / data["luas_km2"]) + " jiwa")
    elif "penduduk" in data:
        values = data["penduduk"]
        assert item["kunci"] == f".sum() = {angka(sum(values))} dan .count() = {len(values)}"
    elif data.get("thousands") == ".":
        assert item["kunci"] == "angka " + data["teks"].replace(".", "")
    else:
        assert item["kunci"].startswith(data["teks"].replace(".", ","))


# --------------------------------------------------------------------------- execution

DUMP_PELAJARAN = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "total_penduduk": float(total_penduduk), "jumlah_desa": int(jumlah_desa),
    "nama_terbanyak": nama_terbanyak, "total_kk": float(total_kk),
    "kelurahan": int(len(kelurahan)), "salah": float(pd.read_csv(FOLDER_DATA + "wilayah.csv",
                                                                 sep=";")["penduduk"].sum()),
    "kepadatan_max": float(wilayah["kepadatan"].max()),
    "batang": len(ax_penduduk.patches), "fakta_rows": len(FAKTA),
}))
"""


@pytest.fixture(scope="module")
def executed():
    return ms.execute_lesson(M, DUMP_PELAJARAN)


@pytest.mark.slow
def test_lesson_runs_top_to_bottom_with_its_worked_answers(executed):
    """Does the lesson run from the first cell to the last, then every worked answer, with no
    error and nothing on stderr?"""
    nb, placed, _ = executed
    assert placed >= 4
    assert not ms.execution_problems(nb)


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta_and_the_independent_computation(executed, benar):
    _, _, v = executed
    f = M.fakta()
    assert angka(v["total_penduduk"]) == f["total_penduduk"] == angka(benar["total_penduduk"])
    assert angka(v["total_kk"]) == f["total_kk"]
    assert v["jumlah_desa"] == benar["jumlah_desa"] and str(v["kelurahan"]) == f["jumlah_kelurahan"]
    assert v["nama_terbanyak"] == benar["nama_terbanyak"]
    assert angka(v["salah"], 3) == f["total_penduduk_salah"]
    assert angka(v["kepadatan_max"]) == f["kepadatan_tertinggi"]
    assert v["batang"] == len(benar["penduduk"]) and v["fakta_rows"] == len(f)


# --------------------------------------------------------------------------- bar export

def test_bar_heights_cross_from_the_kernel_to_the_grader():
    """Do the bars of a chart (ax.bar) survive the export to the trusted grader, so that a
    hidden check can read ``ax.patches`` there as it does in the kernel?"""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bimtek_peserta.ekspor import _klaim, _json
    from grader.grade.claims import rebuild

    fig, ax = plt.subplots()
    ax.bar(["a", "b", "c"], [3, 1, 2])
    ax.barh([0], [5], left=[2])
    claim = json.loads(_json(_klaim(ax)))
    rebuilt = rebuild("ax", claim)
    heights = [p.get_height() for p in rebuilt.patches]
    assert heights[:3] == [3.0, 1.0, 2.0]
    assert (rebuilt.patches[3].get_x(), rebuilt.patches[3].get_width()) == (2.0, 5.0)
    assert [p.get_height() for p in ax.patches][:3] == heights[:3]
    plt.close(fig)
