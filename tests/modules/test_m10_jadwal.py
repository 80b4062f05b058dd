"""M10 (jalur kritis): every computed answer of the solution against an independent computation,
the predecessor check on broken tables, and every figure of the lesson's prose against FAKTA.

The solution computes the schedule with a forward and a backward pass; here the same numbers come
from enumerating every path of the activity graph (brute force), the cost rollup from a plain
loop, the S-curve from interval overlaps instead of a day-by-day spread.
"""
from __future__ import annotations

import os
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest

matplotlib.use("Agg")

from bimtek_peserta import m10_jadwal as helper  # noqa: E402
from grader import catalogue  # noqa: E402
from grader.build import stage  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "course"))
import pelajaran  # noqa: E402

MODULE = catalogue.load().module("m10_jadwal")
DATA = MODULE.dataset_dir
LESSON = MODULE.lesson_path
HANDOUT = MODULE.handout


# --------------------------------------------------------------------------- brute force

def network(name: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(durations, predecessors) read straight from the CSV with the csv-free pandas reader."""
    table = pd.read_csv(DATA / f"{name}_kegiatan.csv", dtype=str)
    durations = {row.kode: int(row.durasi) for row in table.itertuples()}
    preds = {row.kode: ([] if row.pendahulu == "-" else row.pendahulu.split(","))
             for row in table.itertuples()}
    return durations, preds


def all_paths(preds: dict[str, list[str]]) -> list[list[str]]:
    """Every path from an activity without predecessors to one without successors."""
    succ = {k: [s for s in preds if k in preds[s]] for k in preds}
    found = []

    def walk(path):
        last = path[-1]
        if not succ[last]:
            found.append(path)
        for nxt in succ[last]:
            walk(path + [nxt])

    for start in (k for k in preds if not preds[k]):
        walk([start])
    return found


def brute(durations, preds) -> dict:
    """Project length, critical activities, ES/LS/TF/FF per activity, all from path sums."""
    paths = all_paths(preds)
    length = lambda p: sum(durations[k] for k in p)  # noqa: E731
    total = max(length(p) for p in paths)
    es = {k: max(length(p[:p.index(k)]) for p in paths if k in p) for k in durations}
    tail = {k: max(length(p[p.index(k):]) for p in paths if k in p) for k in durations}
    ls = {k: total - tail[k] for k in durations}
    succ = {k: [s for s in preds if k in preds[s]] for k in preds}
    ff = {k: (min(es[s] for s in succ[k]) if succ[k] else total) - (es[k] + durations[k])
          for k in durations}
    longest = [p for p in paths if length(p) == total]
    return {"durasi": total, "es": es, "ef": {k: es[k] + durations[k] for k in es}, "ls": ls,
            "lf": {k: ls[k] + durations[k] for k in ls}, "tf": {k: ls[k] - es[k] for k in es},
            "ff": ff, "kritis": sorted({k for p in longest for k in p}), "jalur": longest}


# --------------------------------------------------------------------------- the solution

def _solution_namespace(tmp_path) -> dict:
    """Run the solution's set-up and answer cells in this process (staged like an event)."""
    folder = stage(MODULE.assignment, tmp_path / "source")
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


@pytest.fixture(scope="module")
def solution(tmp_path_factory):
    return _solution_namespace(tmp_path_factory.mktemp("m10"))


def test_schedule_equals_brute_force_over_all_paths(solution):
    """Do the solution's ES, EF, LS, LF, total and free float equal those from every path of the
    activity graph (and the project length the longest path)?"""
    expected = brute(*network("pompa"))
    table = solution["kegiatan"]
    assert int(solution["durasi_proyek"]) == expected["durasi"]
    for column, key in (("mulai_awal", "es"), ("selesai_awal", "ef"), ("mulai_lambat", "ls"),
                        ("selesai_lambat", "lf"), ("total_float", "tf"), ("free_float", "ff")):
        assert {k: int(v) for k, v in table[column].items()} == expected[key], column


def test_critical_activities_are_those_on_the_longest_paths(solution):
    """Is kegiatan_kritis exactly the union of the longest paths, in table order, and does the
    exercise's project really have two critical paths?"""
    expected = brute(*network("pompa"))
    assert solution["kegiatan_kritis"] == [k for k in solution["kegiatan"].index
                                           if k in expected["kritis"]]
    assert len(expected["jalur"]) == 2


def test_finish_date_counts_the_start_day(solution):
    """Is tanggal_selesai the start date plus (duration - 1) days, computed with datetime?"""
    proyek = solution["proyek"]
    start = date.fromisoformat(proyek["tanggal_mulai"])
    days = brute(*network("pompa"))["durasi"]
    assert solution["tanggal_selesai"].date() == start + timedelta(days=days - 1)


def test_cost_rollup_equals_a_plain_loop(solution):
    """Are total_biaya and biaya_elemen what a loop over the CSV rows adds up?"""
    table = pd.read_csv(DATA / "pompa_kegiatan.csv", dtype=str)
    sums: dict[str, int] = {}
    for row in table.itertuples():
        element = row.wbs[: row.wbs.index(".")]
        sums[element] = sums.get(element, 0) + int(row.biaya)
    assert int(solution["total_biaya"]) == sum(sums.values())
    assert {str(k): int(v) for k, v in solution["biaya_elemen"].items()} == sums


@pytest.mark.parametrize("delay", range(0, 21))
def test_slip_function_equals_rerunning_the_schedule(solution, delay):
    """For every activity and a delay of 0-20 days, does durasi_bila_terlambat give the length
    of the longest path with that activity made longer?"""
    durations, preds = network("pompa")
    for code in durations:
        longer = {**durations, code: durations[code] + delay}
        assert solution["durasi_bila_terlambat"](code, delay) == brute(longer, preds)["durasi"], code


def test_gantt_has_one_bar_per_activity_and_todays_line(solution):
    """Does ax_gantt hold a bar from ES to EF for every activity (red exactly for the critical
    ones) and a vertical line on the report day?"""
    expected = brute(*network("pompa"))
    lines = solution["ax_gantt"].get_lines()
    bars = {(float(ln.get_xdata()[0]), float(ln.get_xdata()[1])): ln.get_color() for ln in lines
            if len(ln.get_xdata()) == 2 and ln.get_xdata()[0] != ln.get_xdata()[1]}
    for code in expected["es"]:
        colour = bars[(expected["es"][code], expected["ef"][code])]
        assert (colour == "red") == (code in expected["kritis"]), code
    proyek = solution["proyek"]
    today = (date.fromisoformat(proyek["tanggal_laporan"])
             - date.fromisoformat(proyek["tanggal_mulai"])).days
    assert any(list(ln.get_xdata()) == [today, today] for ln in lines)


# --------------------------------------------------------------------------- the lesson's numbers

def test_lesson_schedule_helper_equals_brute_force():
    """Does the helper's schedule (behind FAKTA and the panel) equal the brute force for both
    projects, and does the lesson's story hold: one critical path, two once I slips by its float?"""
    for name in ("pasar", "pompa"):
        _, _, kegiatan = helper.baca_proyek(DATA, name)
        j = helper.jadwal(kegiatan)
        expected = brute(*network(name))
        assert {k: int(v) for k, v in j["total_float"].items()} == expected["tf"], name
        assert {k: int(v) for k, v in j["free_float"].items()} == expected["ff"], name
        assert sorted(j.index[j["kritis"]]) == expected["kritis"], name
    durations, preds = network("pasar")
    assert len(brute(durations, preds)["jalur"]) == 1
    tf_i = brute(durations, preds)["tf"]["I"]
    assert len(brute({**durations, "I": durations["I"] + tf_i}, preds)["jalur"]) == 2


def test_s_curve_equals_interval_overlaps():
    """Is the planned S-curve (cost spread per day, summed per week) what the overlap of each
    activity's days with each week gives?"""
    _, _, kegiatan = helper.baca_proyek(DATA, "pasar")
    expected = brute(*network("pasar"))
    rencana = helper.kurva_s_rencana(helper.jadwal(kegiatan))
    total = kegiatan["biaya"].sum()
    weeks = -(-expected["durasi"] // 7)
    assert list(rencana["minggu"]) == list(range(1, weeks + 1))
    for week in range(1, weeks + 1):
        first, last = 7 * (week - 1), 7 * week          # days (first, last] of the week
        cost = sum(kegiatan.loc[k, "biaya"] / kegiatan.loc[k, "durasi"]
                   * max(0, min(last, expected["ef"][k]) - max(first, expected["es"][k]))
                   for k in kegiatan.index)
        row = rencana.loc[rencana["minggu"] == week].iloc[0]
        assert abs(row["rencana_persen"] - cost / total * 100) < 1e-9, week
    assert abs(rencana["rencana_kumulatif"].iloc[-1] - 100) < 1e-9


def test_fakta_slips_equal_brute_force():
    """Do the slip figures quoted in the lesson equal the brute force?"""
    f = helper.fakta(DATA)
    durations, preds = network("pasar")
    base = brute(durations, preds)
    assert f["durasi_proyek"] == str(base["durasi"])
    assert f["jalur_kritis"] == " – ".join(k for k in durations if k in base["kritis"])
    late = durations["I"] + base["tf"]["I"] + helper.CONTOH_LEBIH_HARI
    assert f["durasi_slip_lewat"] == str(brute({**durations, "I": late}, preds)["durasi"])
    late = durations["G"] + helper.CONTOH_HARI_KRITIS
    assert f["durasi_slip_kritis"] == str(brute({**durations, "G": late}, preds)["durasi"])
    shifted = brute({**durations, "E": durations["E"] + helper.CONTOH_FF_HARI}, preds)
    assert f["geser_penerus_E"] == str(shifted["es"]["I"] - base["es"]["I"])


# --------------------------------------------------------------------------- predecessor check

def _table(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kode", "durasi", "pendahulu"]).set_index("kode")


def _one_sentence_each(messages: list[str]) -> None:
    for text in messages:
        assert "\n" not in text and text.endswith(".") and "Error" not in text, text
        assert "Traceback" not in text and "KeyError" not in text, text


def test_predecessor_check_names_the_unknown_activity_and_the_cycle():
    """Does the consultant's draft (a real file) get exactly two sentences: the unknown Q and
    the cycle D, F, G in its order?"""
    draft = pd.read_csv(DATA / "contoh_pendahulu_salah.csv", index_col="kode")
    messages = helper.periksa_pendahulu(draft)
    _one_sentence_each(messages)
    assert len(messages) == 2, messages
    assert "Kegiatan K menunggu kegiatan Q" in messages[0]
    assert "D, F dan G saling menunggu (D sebelum F sebelum G sebelum D)" in messages[1]


@pytest.mark.parametrize("rows, words", [
    ([("A", 3, "-"), ("B", 2, "B")], "menunggu dirinya sendiri"),
    ([("A", 3, "-"), ("A", 2, "-")], "tertulis lebih dari sekali"),
    ([("A", 0, "-"), ("B", 2, "A")], "durasi harus angka hari yang lebih dari nol"),
    ([("A", "tiga", "-")], "durasi harus angka"),
    ([("B", 2, "A"), ("A", 3, "-")], "tertulis di bawahnya"),
    ([("A", 3, "B"), ("B", 2, "A")], "saling menunggu"),
])
def test_predecessor_check_gives_one_sentence_per_fault(rows, words):
    """Does each kind of fault give one Indonesian sentence naming it (no traceback)?"""
    messages = helper.periksa_pendahulu(_table(rows))
    _one_sentence_each(messages)
    assert any(words in m for m in messages), messages


def test_predecessor_check_accepts_both_projects_and_refuses_non_tables():
    """Are both projects' tables accepted, and is something that is not a table refused in words?"""
    for name in ("pasar", "pompa"):
        assert helper.periksa_pendahulu(helper.baca_proyek(DATA, name)[2]) == []
    assert "tabel kegiatan" in helper.periksa_pendahulu([1, 2])[0]
    missing = helper.periksa_pendahulu(pd.DataFrame({"durasi": [1]}))
    assert "pendahulu" in missing[0]


# --------------------------------------------------------------------------- prose and handout

def _prose_cells(nb) -> list[tuple[int, str]]:
    return [(i, src) for i, src in pelajaran.markdown_cells(nb)
            if i != 0 and not src.lstrip().startswith("## Rujukan")]


def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    """Is every figure in the lesson's prose and in ringkasan.md one of the FAKTA computed from
    the data files?"""
    f = helper.fakta(DATA)
    found = []
    for index, src in _prose_cells(pelajaran.read(LESSON)):
        found += pelajaran.figures(src, f"sel {index}")
    found += pelajaran.figures(HANDOUT.read_text(encoding="utf-8"), "ringkasan.md")
    unknown = pelajaran.unknown_figures(found, f.values())
    assert not unknown, "\n".join(f"{x.where}: {x.text!r} … {x.context} …" for x in unknown)


def test_a_stale_figure_is_caught():
    """Would a figure that no longer matches the data (116 hari written as 117) be caught?"""
    f = helper.fakta(DATA)
    found = pelajaran.figures("Durasi proyek 117 hari.", "basi")
    assert [x.text for x in pelajaran.unknown_figures(found, f.values())] == ["117"]
    assert f["durasi_proyek"] == "116"


def _missing(phrases: list[str], text: str) -> list[str]:
    flat = " ".join(text.split())
    return [phrase for phrase in phrases if phrase not in flat]


def test_small_figures_stand_in_their_own_sentences():
    """Do the prose's and the handout's small figures (7, 4, 1 ... which also occur as other
    FAKTA rows, so the figure check alone cannot tell them apart) say what the data say?"""
    f = helper.fakta(DATA)
    prose = " ".join(src for _, src in _prose_cells(pelajaran.read(LESSON)))
    assert _missing([
        f"{f['jumlah_kegiatan']} kegiatan dalam {f['jumlah_elemen']} elemen WBS",
        f"Elemen termahal adalah elemen {f['elemen_terbesar_kode']} ",
        f"Elemen {f['elemen_terbesar_kode']} (struktur) {f['elemen_terbesar_persen']}",
        f"B dimulai setelah {f['mulai_awal_B']} hari berlalu, yaitu pada hari kalender "
        f"ke-{f['hari_kalender_mulai_B']}.",
        f"{f['cadangan_hari']} hari sebelum akhir masa pelaksanaan",
        f"Ada {f['jumlah_kritis']} kegiatan kritis: {f['jalur_kritis']}",
        f"total float {f['tf_E']} hari, tetapi free float hanya {f['ff_E']} hari",
        f"atap boleh mundur {f['ff_E']} hari tanpa mengganggu pemasangan keramik, dan sampai "
        f"{f['tf_E']} hari",
        f"masih punya float {f['tf_I']} hari",
        f"adalah cadangan waktu: {f['cadangan_hari']} hari",
        f"(total float I = {f['tf_I']} hari)",
        f"I mundur {f['tf_I']} hari: tanggal selesai tetap",
        f"Sekarang ada {f['jumlah_kritis_pas']} kegiatan kritis",
        f"I mundur {f['slip_lewat_hari']} hari: {f['tambah_slip_lewat']} hari melebihi float, "
        f"durasi proyek menjadi {f['durasi_slip_lewat']} hari",
        f"G (kritis, float 0) mundur {f['slip_kritis_hari']} hari: durasi proyek menjadi "
        f"{f['durasi_slip_kritis']} hari",
        f"{f['lewat_kontrak']} hari **melewati** masa pelaksanaan",
        f"E (atap) mundur {f['slip_ff_hari']} hari: masih dalam total float-nya ({f['tf_E']})",
        f"free float-nya ({f['ff_E']}), sehingga pemasangan keramik ikut bergeser "
        f"{f['geser_penerus_E']} hari",
        f"menjadi {f['jumlah_minggu']} minggu. Minggu tersibuk adalah minggu ke-{f['minggu_tersibuk']} "
        f"({f['persen_tersibuk']} biaya)",
        f"Minggu ke-{f['minggu_lewat_50']} ({f['kumulatif_lewat_50']})",
    ], prose) == []
    assert _missing([
        f"Gedung pasar: {f['jumlah_kegiatan']} kegiatan",
        f"cadangan {f['cadangan_hari']} hari",
        f"Atap (E): total float {f['tf_E']} hari, free float {f['ff_E']} hari",
        f"Keramik (I) mundur {f['slip_lewat_hari']} hari: proyek {f['durasi_slip_lewat']} hari",
        f"Listrik (G, kritis) mundur {f['slip_kritis_hari']} hari: proyek {f['durasi_slip_kritis']} "
        f"hari, {f['lewat_kontrak']} hari melewati",
    ], HANDOUT.read_text(encoding="utf-8")) == []


def test_every_fakta_row_is_quoted():
    """Is every FAKTA row quoted in the lesson or the handout (no unused rows)?"""
    f = helper.fakta(DATA)
    texts = {pelajaran._normalise(x.text) for _, src in _prose_cells(pelajaran.read(LESSON))
             for x in pelajaran.figures(src, "")}
    texts |= {pelajaran._normalise(x.text)
              for x in pelajaran.figures(HANDOUT.read_text(encoding="utf-8"), "")}
    prose = " ".join(src for _, src in _prose_cells(pelajaran.read(LESSON)))
    unused = [name for name, text in f.items()
              if pelajaran._normalise(text) not in texts and text not in prose]
    assert not unused, f"baris FAKTA yang tidak dikutip: {unused}"


def test_reflection_figures_match_the_exercise_data():
    """Do the figures in the model reflection (solution) equal the exercise project's schedule?"""
    durations, preds = network("pompa")
    base = brute(durations, preds)
    nb = nbformat.read(MODULE.solution, as_version=4)
    text = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "refleksi")
    proyek = helper.baca_proyek(DATA, "pompa")[0]
    late = brute({**durations, "G": durations["G"] + 10}, preds)["durasi"]
    finish = date.fromisoformat(proyek["tanggal_mulai"]) + timedelta(days=base["durasi"] - 1)
    for figure in (f"berdurasi {base['durasi']} hari", f"{finish.day} Juli {finish.year}",
                   f"{proyek['masa_pelaksanaan_hari'] - base['durasi']} hari sebelum",
                   f"total float {base['tf']['G']} hari",
                   f"menjadi {late} hari", f"{late - proyek['masa_pelaksanaan_hari']} hari",
                   f"total float {base['tf']['I']} hari", f"free float {base['ff']['I']}"):
        assert figure in " ".join(text.split()), figure


# --------------------------------------------------------------------------- test items

def _items() -> list[dict]:
    return tomllib.loads(MODULE.test_items.read_text(encoding="utf-8"))["butir"]


def test_test_item_keys_follow_from_their_data():
    """Does every test item's key follow from its data by the lesson's rules?"""
    for item in _items():
        data = item["data"]
        if "biaya_paket" in data:
            assert item["kunci"] == f"Rp {sum(data['biaya_paket'])} juta", item["id"]
        elif "jaringan" in data:
            durations = {k: d for k, d, _ in data["jaringan"]}
            preds = {k: ([] if p == "" else p.split(",")) for k, _, p in data["jaringan"]}
            result = brute(durations, preds)
            if "kode" in data:
                tf = result["tf"][data["kode"]]
                state = "tidak kritis" if tf else "kritis"
                assert item["kunci"] == f"{tf} hari; {state}", item["id"]
            else:
                assert item["kunci"] == f"{result['durasi']} hari", item["id"]
        elif "hari_ini" in data:
            assert f"sekitar {data['hari_ini'] - data['mulai_awal']} hari" in item["kunci"]
        else:
            late = max(0, data["hari_terlambat"] - data["total_float"])
            assert item["kunci"] == f"{late} hari", item["id"]


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
