"""M02 (the RKPD cycle and the musrenbang): answers recomputed independently, the lesson's
figures, its frame.

The independent computation is written differently from the lesson and the solution: the
CSV files are parsed with the csv module, the summaries are loops over rows into dicts, text is
cleaned with a regular expression (not str.replace/split), duplicates are found by comparing
every pair of usulan, and the programme table is a loop keyed by tuples.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import modul_support as ms
from bimtek_peserta.tampil import persen, rupiah, rupiah_singkat

M = ms.Modul("m02_siklus_rkpd")
EXPANSIONS = {"jl": "jalan", "jln": "jalan", "gg": "gang"}
TD4_KEY = ("prioritas", "sasaran", "program", "kegiatan", "kelurahan", "perangkat_daerah")


def read(name: str, folder: Path | None = None) -> list[dict]:
    """Rows of one data file with the numeric columns as int (thousands dots removed)."""
    with open((folder or M.data) / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    numeric = {"no_usulan", "prioritas_rw", "volume", "biaya", "swadaya_persen",
               "peringkat_kelurahan", "jumlah_rw", "pagu_indikatif", "pagu", "urutan", "menit"}
    return [{k: int(v.replace(".", "")) if k in numeric else v for k, v in r.items()} for r in rows]


def clean(text: str) -> str:
    words = re.findall(r"[^\s.]+", text.lower())
    return " ".join(EXPANSIONS.get(w, w) for w in words)


def summary(rows: list[dict], *key: str) -> dict[tuple, tuple[int, int]]:
    out: dict[tuple, tuple[int, int]] = {}
    for r in rows:
        k = tuple(r[c] for c in key)
        n, s = out.get(k, (0, 0))
        out[k] = (n + 1, s + r["biaya"])
    return out


def duplicates(rows: list[dict], with_kelurahan: bool = True) -> list[int]:
    """Every usulan that has a twin: another usulan (same kelurahan) with the same cleaned work
    and location; a pairwise comparison of all usulan."""
    found = set()
    for a in rows:
        for b in rows:
            if a["no_usulan"] == b["no_usulan"]:
                continue
            if with_kelurahan and a["kelurahan"] != b["kelurahan"]:
                continue
            if clean(a["jenis_kegiatan"]) == clean(b["jenis_kegiatan"]) \
                    and clean(a["lokasi"]) == clean(b["lokasi"]):
                found.add(a["no_usulan"])
    return sorted(found)


def programme(rows: list[dict]) -> dict[tuple, tuple[int, int]]:
    out: dict[tuple, tuple[int, int]] = {}
    for r in rows:
        k = tuple(r[c] for c in TD4_KEY)
        v, p = out.get(k, (0, 0))
        out[k] = (v + r["volume"], p + r["pagu"])
    return out


def pagu_of(kecamatan: str) -> dict[str, int]:
    return {r["kelurahan"]: r["pagu_indikatif"] for r in read(f"pagu_{kecamatan}.csv")}


# --------------------------------------------------------------------------- the data

@pytest.mark.parametrize("kecamatan", ["selatan", "barat"])
def test_the_dataset_makes_every_step_matter(kecamatan):
    """Do the data make each step of the lesson and exercise matter: RW codes repeated across
    kelurahan, kelurahan both over and within the pagu, duplicates written differently, near
    misses that are not duplicates, and a pivot whose mean differs from its sum and which has
    empty combinations?"""
    rows = read(f"usulan_{kecamatan}.csv")
    assert len({r["rw"] for r in rows}) < len({(r["kelurahan"], r["rw"]) for r in rows})
    cost = {k[0]: s for k, (_, s) in summary(rows, "kelurahan").items()}
    pagu = pagu_of(kecamatan)
    assert set(cost) == set(pagu)
    over = [k for k in pagu if cost[k] > pagu[k]]
    assert 2 <= len(over) <= len(pagu) - 2
    assert min(abs(cost[k] - pagu[k]) for k in pagu) > 1_000_000, "no kelurahan on the edge"
    twins = duplicates(rows)
    assert len(twins) >= 10
    by_no = {r["no_usulan"]: r for r in rows}
    assert any(by_no[n]["lokasi"] != by_no[m]["lokasi"] for n in twins for m in twins
               if n != m and clean(by_no[n]["lokasi"]) == clean(by_no[m]["lokasi"]))
    assert any("." in by_no[n]["lokasi"] and " " not in by_no[n]["lokasi"].split(".", 1)[1][:1]
               for n in twins), "a location like Jl.Melati, so that deleting dots is caught"
    assert all(len({by_no[n]["rw"] for n in twins if clean(by_no[n]["lokasi"]) == clean(by_no[m]["lokasi"])
                    and clean(by_no[n]["jenis_kegiatan"]) == clean(by_no[m]["jenis_kegiatan"])
                    and by_no[n]["kelurahan"] == by_no[m]["kelurahan"]}) == 2 for m in twins), \
        "each duplicate pair comes from two RW"
    assert len(duplicates(rows, with_kelurahan=False)) > len(twins)
    assert any(clean(r["lokasi"]).endswith(" raya") for r in rows)
    agreed = read(f"kesepakatan_{kecamatan}.csv")
    table = programme(agreed)
    assert len(table) < len(agreed), "some kegiatan has several rows in one kelurahan"
    programmes = {r["program"] for r in agreed}
    kelurahan = {r["kelurahan"] for r in agreed}
    assert len({(r["program"], r["kelurahan"]) for r in agreed}) < len(programmes) * len(kelurahan)


@pytest.mark.parametrize("kecamatan", ["selatan", "barat"])
def test_the_agreed_list_follows_from_the_usulan_and_the_pagu(kecamatan):
    """Is the agreed list what the story says: duplicates merged, each kelurahan within its
    pagu, funded in its rank order with the skip rule?"""
    rows = read(f"usulan_{kecamatan}.csv")
    pagu = pagu_of(kecamatan)
    agreed = read(f"kesepakatan_{kecamatan}.csv")
    spent: dict[str, int] = {}
    for r in agreed:
        spent[r["kelurahan"]] = spent.get(r["kelurahan"], 0) + r["pagu"]
    assert all(spent[k] <= pagu[k] for k in spent)
    twins = set(duplicates(rows))
    kept = []
    seen = set()
    for r in sorted(rows, key=lambda r: r["no_usulan"]):
        key = (r["kelurahan"], clean(r["jenis_kegiatan"]), clean(r["lokasi"]))
        if key not in seen:
            seen.add(key)
            kept.append(r)
    assert len(kept) == len(rows) - len(twins) // 2
    expected = 0
    for k in pagu:
        left = pagu[k]
        for r in sorted((r for r in kept if r["kelurahan"] == k), key=lambda r: r["peringkat_kelurahan"]):
            if r["biaya"] <= left:
                left -= r["biaya"]
                expected += 1
    assert len(agreed) == expected


def test_the_generator_reproduces_the_committed_files(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_m02", M.data / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.main(tmp_path)
    for path in sorted(M.data.glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


# --------------------------------------------------------------------------- the solution

DUMP_SOLUSI = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "rekap_rw": [[str(k), str(r), int(n), int(s)] for k, r, n, s in zip(rekap_rw["kelurahan"], rekap_rw["rw"], rekap_rw["jumlah_usulan"], rekap_rw["jumlah_biaya"])],
    "rekap_kelurahan": [[str(k), int(n), int(s)] for k, n, s in zip(rekap_kelurahan["kelurahan"], rekap_kelurahan["jumlah_usulan"], rekap_kelurahan["jumlah_biaya"])],
    "total_kecamatan": int(total_kecamatan),
    "banding": [[str(k), int(s), float(p), bool(m)] for k, s, p, m in zip(banding["kelurahan"], banding["selisih"], banding["persen_pagu"], banding["melampaui"])],
    "kelurahan_melampaui": list(kelurahan_melampaui),
    "bersih": [bersihkan(t) for t in ["Jln.  Kenanga", "GG.KAMBOJA", "Perbaikan Saluran Drainase."]],
    "no_ganda": [int(n) for n in no_ganda],
    "ganda": sorted(int(n) for n in ganda["no_usulan"]),
    "tabel_program": [[str(r[c]) for c in ["prioritas", "sasaran", "program", "kegiatan", "kelurahan", "perangkat_daerah"]] + [int(r["volume"]), int(r["pagu"])] for _, r in tabel_program.iterrows()],
    "kolom_program": list(tabel_program.columns),
    "pagu_program": {str(r["program"]): {k: int(r[k]) for k in pagu_program.columns if k != "program"} for _, r in pagu_program.iterrows()},
}))
"""


@pytest.fixture(scope="module")
def solusi(tmp_path_factory) -> dict:
    return ms.execute_solution(M, DUMP_SOLUSI, tmp_path_factory.mktemp("m02"))


@pytest.mark.slow
def test_solution_answers_equal_the_independent_computation(solusi):
    """Does the solution give the summaries, the pagu comparison, the duplicates and the
    programme tables that the independent computation gives for the exercise's kecamatan?"""
    rows = read("usulan_barat.csv")
    per_rw = summary(rows, "kelurahan", "rw")
    assert {(k, r): (n, s) for k, r, n, s in solusi["rekap_rw"]} == per_rw
    assert len(solusi["rekap_rw"]) == len(per_rw)
    per_kel = summary(rows, "kelurahan")
    assert {k: (n, s) for k, n, s in solusi["rekap_kelurahan"]} == {k[0]: v for k, v in per_kel.items()}
    assert solusi["total_kecamatan"] == sum(r["biaya"] for r in rows)
    pagu = pagu_of("barat")
    for k, selisih, pct, over in solusi["banding"]:
        assert selisih == per_kel[(k,)][1] - pagu[k]
        assert abs(pct - per_kel[(k,)][1] * 100 / pagu[k]) < 1e-9
        assert over == (per_kel[(k,)][1] > pagu[k])
    assert solusi["kelurahan_melampaui"] == sorted(k for k in pagu if per_kel[(k,)][1] > pagu[k])
    assert solusi["bersih"] == [clean(t) for t in ["Jln.  Kenanga", "GG.KAMBOJA", "Perbaikan Saluran Drainase."]]
    assert solusi["no_ganda"] == duplicates(rows) == solusi["ganda"]
    agreed = read("kesepakatan_barat.csv")
    assert solusi["kolom_program"] == ["prioritas", "sasaran", "program", "kegiatan", "kelurahan",
                                       "volume", "pagu", "perangkat_daerah"]
    assert {tuple(r[:6]): (r[6], r[7]) for r in solusi["tabel_program"]} == programme(agreed)
    assert len(solusi["tabel_program"]) == len(programme(agreed))
    cross: dict[str, dict[str, int]] = {}
    for r in agreed:
        cell = cross.setdefault(r["program"], {})
        cell[r["kelurahan"]] = cell.get(r["kelurahan"], 0) + r["pagu"]
    kelurahan = {r["kelurahan"] for r in agreed}
    assert solusi["pagu_program"] == {p: {k: cross[p].get(k, 0) for k in kelurahan} for p in cross}


def test_the_pairwise_scan_would_catch_the_declared_shortcuts():
    """Does the pairwise scan differ from the shortcuts the declared mistakes take (no
    expansions, dots deleted, kelurahan ignored), so that comparing with it can fail?"""
    rows = read("usulan_barat.csv")
    right = duplicates(rows)

    def scan(key) -> list[int]:
        return sorted(a["no_usulan"] for a in rows for b in rows
                      if a["no_usulan"] != b["no_usulan"] and key(a) == key(b))

    no_expansion = scan(lambda r: (r["kelurahan"], " ".join(r["jenis_kegiatan"].lower().replace(".", " ").split()),
                                   " ".join(r["lokasi"].lower().replace(".", " ").split())))
    dots_deleted = scan(lambda r: (r["kelurahan"], clean(r["jenis_kegiatan"].replace(".", "")),
                                   clean(r["lokasi"].replace(".", ""))))
    assert sorted(set(no_expansion)) != right
    assert sorted(set(dots_deleted)) != right
    assert duplicates(rows, with_kelurahan=False) != right


# --------------------------------------------------------------------------- FAKTA and prose

def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    unknown = ms.unknown_prose_figures(M)
    assert not unknown, "angka di teks yang tidak ada di FAKTA:\n" + "\n".join(unknown)


def test_every_fakta_figure_is_quoted_somewhere():
    assert not ms.unused_fakta(M)


def test_a_stale_figure_is_caught():
    """Would a figure that no longer matches the data (the duplicated cost written wrongly) fail?"""
    assert ms.stale_figure_is_caught(M, "ganda_biaya", "Rp 591.800.000")


def test_names_quoted_in_the_prose_are_the_datas():
    """Are the kelurahan over the pagu, the largest overrun and the example duplicate in the
    prose the ones the data give?"""
    text = " ".join(ms.prose_text(M).split())
    names = M.helper.nama_fakta(M.data)
    for key in ("kelurahan_melampaui", "kelurahan_dalam_pagu", "melampaui_puncak",
                "ganda_contoh_kelurahan", "bulan_contoh"):
        assert names[key] in text, key
    for key in ("ganda_contoh_jenis_a", "ganda_contoh_jenis_b", "ganda_contoh_lokasi_a",
                "ganda_contoh_lokasi_b", "ganda_contoh_rw_a", "ganda_contoh_rw_b"):
        assert f"`{names[key]}`" in text, key
    f = M.fakta()
    assert f"usulan {f['ganda_contoh_a']} dan {f['ganda_contoh_b']}" in text


def test_fakta_agree_with_the_independent_computation():
    """Are the lesson's summary, pagu and duplicate figures what the independent computation
    gives for the lesson's kecamatan?"""
    f = M.fakta()
    rows = read("usulan_selatan.csv")
    per_kel = {k[0]: s for k, (_, s) in summary(rows, "kelurahan").items()}
    pagu = pagu_of("selatan")
    total = sum(r["biaya"] for r in rows)
    assert f["jumlah_usulan"] == str(len(rows))
    assert f["jumlah_rw"] == str(len(summary(rows, "kelurahan", "rw")))
    assert f["total_kecamatan"] == rupiah(total)
    assert f["total_kecamatan_singkat"] == rupiah_singkat(total, 2)
    assert f["pagu_total"] == rupiah(sum(pagu.values()))
    assert f["melampaui_banyak"] == str(sum(per_kel[k] > pagu[k] for k in pagu))
    top = max(pagu, key=lambda k: per_kel[k] / pagu[k])
    assert f["melampaui_puncak_persen"] == persen(per_kel[top] * 100 / pagu[top], 0)
    assert f["melampaui_puncak_selisih"] == rupiah(per_kel[top] - pagu[top])
    twins = duplicates(rows)
    assert f["ganda_usulan"] == str(len(twins))
    assert f["ganda_tanpa_kelurahan"] == str(len(duplicates(rows, with_kelurahan=False)))
    by_no = {r["no_usulan"]: r for r in rows}
    groups: dict[tuple, list[int]] = {}
    for n in twins:
        r = by_no[n]
        groups.setdefault((r["kelurahan"], clean(r["jenis_kegiatan"]), clean(r["lokasi"])), []).append(n)
    assert f["ganda_pasang"] == str(len(groups))
    extra = sum(by_no[n]["biaya"] for g in groups.values() for n in sorted(g)[1:])
    assert f["ganda_biaya"] == rupiah(extra)
    assert f["usulan_unik"] == str(len(rows) - sum(len(g) - 1 for g in groups.values()))
    agreed = read("kesepakatan_selatan.csv")
    assert f["tabel_program_baris"] == str(len(programme(agreed)))
    assert f["kesepakatan_pagu"] == rupiah(sum(r["pagu"] for r in agreed))
    agenda = read("agenda_rembug_warga.csv")
    assert sum(r["menit"] for r in agenda) == 135 == M.module.jp * 45
    assert "135 menit" in ms.prose_text(M)


# --------------------------------------------------------------------------- frame and practice

def test_time_plan_sections_and_exercises():
    assert not ms.section_problems(M)


def test_templates_agree_with_worked_answers_and_practise_the_graded_steps():
    """Are the graded exercise's hard steps (grouping by two columns with named results, the
    function with a loop and the dictionary, duplicated with keep=False, the pivot with
    aggfunc and fill_value) practised with templates?"""
    assert not ms.template_problems(M, minimum=7)
    joined = "\n".join(ms.templates(M))
    for step in ('groupby(["kelurahan", ', 'agg(jumlah_usulan="count"', "def bersihkan(teks):",
                 "for kata in kata_kata:", "SINGKATAN.get(", "usulan.duplicated(", "keep=___",
                 "pd.pivot_table(", "fill_value=0", "sorted(banding.loc["):
        assert step in joined, step


def test_only_teaching_code_is_shown_and_no_generator_is_mentioned():
    assert not ms.display_code_in_lesson(M)
    assert not ms.generator_mentioned(M)
    assert not ms.copyable_cells_using_helpers(M), "sel yang disalin ke tugas memakai bantu."


def test_interface_names_are_those_of_the_indonesian_jupyterlab():
    assert not ms.interface_problems(M)


def test_materials_items_notes_and_rubric():
    assert not ms.material_problems(M)


def test_the_calendar_is_a_labelled_parameter():
    """Is the national calendar (not confirmed) declared in the lesson as a parameter labelled
    as an assumption, with the same rows as the helper's example?"""
    import pandas as pd

    cells = [src for _, src in ms.pelajaran.code_cells(M.lesson()) if "KALENDER = pd.DataFrame(" in src]
    assert len(cells) == 1 and "PARAMETER" in cells[0] and "asumsi — verifikasi ke regulasi terbaru" in cells[0]
    space: dict = {"pd": pd}
    exec(cells[0].replace("\nKALENDER\n", "\n").rstrip().removesuffix("KALENDER"), space)
    assert space["KALENDER"].equals(M.helper.KALENDER)
    months = {r["tahap"]: (r["bulan_mulai"], r["bulan_selesai"]) for _, r in M.helper.KALENDER.iterrows()}
    february = [t for t, (a, b) in months.items() if a <= 2 <= b]
    assert M.fakta()["kalender_bulan_contoh_tahap"] == str(len(february))


@pytest.mark.parametrize("item", [i for i in M.items() if "data" in i], ids=lambda i: i["id"])
def test_answer_keys_follow_from_their_data(item):
    """Is each test item's key what the lesson's rules give for its inputs?"""
    data = item["data"]
    if "biaya" in data:
        assert item["kunci"] == str(round(data["biaya"] * 100 / data["pagu"]))
    elif "lokasi" in data:
        same = clean(data["jenis"][0]) == clean(data["jenis"][1]) \
            and clean(data["lokasi"][0]) == clean(data["lokasi"][1]) \
            and len(set(data.get("kelurahan", ["x"]))) == 1
        assert item["kunci"].startswith("calon usulan ganda") == same
        assert item["kunci"].startswith("bukan") == (not same)
    else:
        value = sum(data["pagu"]) / (len(data["pagu"]) if data["aggfunc"] == "mean" else 1)
        assert item["kunci"] == f"Rp {value:g} juta"


# --------------------------------------------------------------------------- execution

DUMP_PELAJARAN = """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "rekap_rw": len(rekap_rw), "total_kecamatan": int(total_kecamatan),
    "kelurahan_melampaui": list(kelurahan_melampaui), "no_ganda": [int(n) for n in no_ganda],
    "usulan_unik": len(usulan_unik), "tabel_program": len(tabel_program),
    "pada_bulan": len(pada_bulan), "total_menit": int(total_menit),
    "pagu_prioritas": float(pagu_prioritas.drop(columns="prioritas").to_numpy().sum()),
    "fakta_rows": len(FAKTA),
}))
"""


@pytest.fixture(scope="module")
def executed():
    return ms.execute_lesson(M, DUMP_PELAJARAN)


@pytest.mark.slow
def test_lesson_runs_top_to_bottom_with_its_worked_answers(executed):
    nb, placed, _ = executed
    assert placed >= 7
    assert not ms.execution_problems(nb)


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta_and_the_independent_computation(executed):
    _, _, v = executed
    f = M.fakta()
    rows = read("usulan_selatan.csv")
    assert v["rekap_rw"] == int(f["jumlah_rw"])
    assert rupiah(v["total_kecamatan"]) == f["total_kecamatan"]
    per_kel = {k[0]: s for k, (_, s) in summary(rows, "kelurahan").items()}
    pagu = pagu_of("selatan")
    assert v["kelurahan_melampaui"] == sorted(k for k in pagu if per_kel[k] > pagu[k])
    assert v["no_ganda"] == duplicates(rows)
    assert v["usulan_unik"] == int(f["usulan_unik"])
    assert v["tabel_program"] == int(f["tabel_program_baris"])
    assert v["pada_bulan"] == int(f["kalender_bulan_contoh_tahap"])
    assert v["total_menit"] == 135
    assert v["pagu_prioritas"] == sum(r["pagu"] for r in read("kesepakatan_selatan.csv"))
    assert v["fakta_rows"] == len(f)
