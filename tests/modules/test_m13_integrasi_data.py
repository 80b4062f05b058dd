"""M13 (integrasi data dan dasbor kota): every computed answer against an independent
computation, the reconciled join against what the generator planted, and the lesson's prose,
time plan, templates and test items against the data.

The independent computation reads the CSV files with the csv module, normalises codes with a
regular expression (digits only, then split 2-2-2, instead of the lesson's split/zfill), names
with a regular expression, amounts with Decimal, and joins with plain dictionaries and sets. The
generator's own record of what it planted (``build()`` returns it; it is never written into the
data folder) gives the counts the reconciled join must reproduce.
"""
from __future__ import annotations

import csv
import importlib.util
import re
from collections import defaultdict
from decimal import Decimal

import pytest

import periksa_bahan as pb
from bimtek_peserta.tampil import persen, rupiah_singkat

B = pb.Bahan("m13_integrasi_data")


def generator():
    spec = importlib.util.spec_from_file_location("m13_generate", B.data / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(name: str) -> list[dict]:
    with open(B.data / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def code(text: str) -> str:
    """'99.71.3', '997103', ' 99.71.03 ' -> '99.71.03' (by digit groups, not by split/zfill)."""
    groups = re.findall(r"\d+", text)
    if len(groups) == 1:
        groups = re.findall(r"\d\d", groups[0])
    return "%02d.%02d.%02d" % tuple(int(g) for g in groups)


def name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"^(kecamatan|kec\.) ", "", text)


def amount(text: str) -> Decimal:
    digits = re.sub(r"[^\d,]", "", text)
    return Decimal(digits.replace(",", "."))


@pytest.fixture(scope="module")
def planted() -> dict:
    return generator().build()[1]


@pytest.fixture(scope="module")
def independent() -> dict:
    wilayah = rows("wilayah.csv")
    crosswalk = {r["nama_sumber"]: r["kode_wilayah"] for r in rows("padanan_nama.csv")}
    official = {r["nama_kecamatan"].lower() for r in wilayah}
    out: dict = {"kode_nama": {r["kode_wilayah"]: r["nama_kecamatan"] for r in wilayah}}

    # Stunting: unique rows, rows with a stunting count, per kecamatan.
    seen, measured, stunted = set(), defaultdict(int), defaultdict(int)
    raw = rows("stunting_dinkes.csv")
    out["stunting_duplikat"] = len(raw) - len({tuple(r.values()) for r in raw})
    out["stunting_kosong"] = sum(1 for r in raw if r["balita_stunting"] == "")
    out["belum_padan_baku"] = sum(1 for r in raw if name(r["kecamatan"]) not in official)
    out["tidak_berpadanan"] = sum(1 for r in raw if name(r["kecamatan"]) not in crosswalk)
    for r in raw:
        key = tuple(r.values())
        if key in seen or r["balita_stunting"] == "":
            seen.add(key)
            continue
        seen.add(key)
        k = crosswalk[name(r["kecamatan"])]
        measured[k] += int(r["balita_diukur"])
        stunted[k] += int(r["balita_stunting"])
    out["prevalensi"] = {k: stunted[k] / measured[k] * 100 for k in measured}

    bps = {r["kode_bps"]: r["kode_wilayah"] for r in wilayah}
    out["penduduk"] = {bps[r["kode_bps"]]: int(r["jumlah_penduduk"]) for r in rows("penduduk_bps.csv")}
    out["bps_beda"] = sorted(k for b, k in bps.items() if "%s.%s.%s" % (b[:2], b[2:4], b[4:6]) != k)

    plan = {(r["kode_sub_kegiatan"], code(r["kode_wilayah"])): amount(r["pagu_juta"]) * 1_000_000
            for r in rows("rencana_bappeda.csv")}
    budget = {(r["kode_sub_kegiatan"], code(r["kode_wilayah"])): amount(r["pagu_ribu"]) * 1_000
              for r in rows("anggaran_bpkad.csv")}
    payments_raw = rows("realisasi_bpkad.csv")
    out["sp2d_duplikat"] = len(payments_raw) - len({tuple(r.values()) for r in payments_raw})
    paid = defaultdict(Decimal)
    for r in {tuple(r.values()): r for r in payments_raw}.values():
        paid[(r["kode_sub_kegiatan"], code(r["kode_wilayah"]))] += amount(r["nilai"])
    out["nol_hilang_rencana"] = sum(1 for r in rows("rencana_bappeda.csv") if re.fullmatch(r"\d+\.\d+\.\d", r["kode_wilayah"]))
    out["nol_hilang_realisasi"] = sum(1 for r in payments_raw if re.fullmatch(r"\d+\.\d+\.\d", r["kode_wilayah"]))
    out["tidak_dianggarkan"] = sorted(set(plan) - set(budget))
    out["tanpa_rencana"] = sorted(set(budget) - set(plan))
    out["tidak_direalisasi"] = sorted(k for k in budget if paid.get(k, 0) == 0)
    per_kec_budget, per_kec_paid = defaultdict(Decimal), defaultdict(Decimal)
    for k, v in budget.items():
        per_kec_budget[k[1]] += v
        per_kec_paid[k[1]] += paid.get(k, Decimal(0))
    out["serapan"] = {k: float(per_kec_paid[k] / per_kec_budget[k] * 100) for k in per_kec_budget}
    out["total_rencana"] = float(sum(plan.values()))
    out["total_anggaran"] = float(sum(budget.values()))
    out["total_realisasi"] = float(sum(per_kec_paid.values()))
    out["paid_outside_budget"] = sorted(set(paid) - set(budget))
    out["rapi"] = {}
    for k in out["serapan"]:
        out["rapi"][(k, "jumlah_penduduk")] = out["penduduk"][k]
        out["rapi"][(k, "prevalensi_stunting")] = out["prevalensi"][k]
        out["rapi"][(k, "serapan")] = out["serapan"][k]
    return out


def test_the_generator_is_reproducible_and_records_what_it_planted(tmp_path, planted):
    """Does the generator rebuild the committed files byte for byte, and does its record of the
    planted faults hold the counts the lesson quotes?"""
    gen = generator()
    gen.main(tmp_path)
    for file in gen.FILES.values():
        assert (tmp_path / file).read_bytes() == (B.data / file).read_bytes(), file
    assert set(planted) >= {"bps_beda", "tidak_dianggarkan", "tanpa_rencana", "tidak_direalisasi",
                            "stunting_duplikat", "sp2d_duplikat", "nol_hilang_rencana"}


def test_the_reconciled_join_finds_exactly_what_was_planted(independent, planted):
    """Does the independent reconciliation find exactly the planted faults: the packages planned
    but not budgeted, budgeted without a plan, budgeted but not paid, the duplicates, the lost
    zeros, the BPS codes out of order, and no payment outside the budget?"""
    assert independent["tidak_dianggarkan"] == [tuple(k) for k in planted["tidak_dianggarkan"]]
    assert independent["tanpa_rencana"] == [tuple(k) for k in planted["tanpa_rencana"]]
    assert independent["tidak_direalisasi"] == [tuple(k) for k in planted["tidak_direalisasi"]]
    assert independent["stunting_duplikat"] == planted["stunting_duplikat"]
    assert independent["sp2d_duplikat"] == len(planted["sp2d_duplikat"])
    assert independent["stunting_kosong"] == len(planted["stunting_kosong"])
    assert independent["nol_hilang_rencana"] == planted["nol_hilang_rencana"]
    assert independent["nol_hilang_realisasi"] == planted["nol_hilang_realisasi"]
    assert independent["bps_beda"] == planted["bps_beda"]
    assert independent["tidak_berpadanan"] == 0
    assert independent["paid_outside_budget"] == []
    # every abbreviation row (plus its duplicate) is what the baku names alone cannot match
    assert independent["belum_padan_baku"] >= planted["nama_singkatan"]


def test_fakta_agree_with_the_independent_computation(independent):
    """Do the helper's FAKTA (the figures the prose quotes) equal the independent computation?"""
    f = B.fakta()
    assert f["jumlah_kecamatan"] == str(len(independent["kode_nama"]))
    for key in ("stunting_duplikat", "stunting_kosong", "belum_padan_baku", "sp2d_duplikat",
                "nol_hilang_rencana", "nol_hilang_realisasi"):
        assert f[key] == str(independent[key]), key
    assert f["bps_beda"] == str(len(independent["bps_beda"]))
    for key in ("tidak_dianggarkan", "tanpa_rencana", "tidak_direalisasi"):
        assert f[key] == str(len(independent[key])), key
    assert f["total_rencana"] == rupiah_singkat(independent["total_rencana"])
    assert f["total_anggaran"] == rupiah_singkat(independent["total_anggaran"])
    assert f["total_realisasi"] == rupiah_singkat(independent["total_realisasi"])
    assert f["serapan_kota"] == persen(independent["total_realisasi"] / independent["total_anggaran"] * 100, 1)
    assert f["serapan_terendah"] == persen(min(independent["serapan"].values()), 1)
    assert f["stunting_tertinggi"] == persen(max(independent["prevalensi"].values()), 1)
    assert f["stunting_terendah"] == persen(min(independent["prevalensi"].values()), 1)
    assert f["baris_rapi"] == str(len(independent["rapi"]))
    names = B.helper.nama_fakta(B.data)
    nama = independent["kode_nama"]
    assert names["serapan_terendah"] == nama[min(independent["serapan"], key=independent["serapan"].get)]
    assert names["stunting_tertinggi"] == nama[max(independent["prevalensi"], key=independent["prevalensi"].get)]
    assert names["bps_beda"] == ", ".join(nama[k] for k in independent["bps_beda"])


SOLUTION_DUMP = pb.dump_code({
    "kode": "[kode_baku(x) for x in ['99.71.3', '997108', ' 99.71.05 ', 997104]]",
    "angka": "[ke_angka(x) for x in ['1.250,5', 'Rp 12.000', '850']]",
    "kode_rencana": "sorted(set(rencana['kode_wilayah']))",
    "total_rencana": "float(rencana['pagu_rencana_rp'].sum())",
    "total_anggaran": "float(anggaran['pagu_anggaran_rp'].sum())",
    "prevalensi": "{str(k): float(v) for k, v in zip(stunting_kec['kode_wilayah'], stunting_kec['prevalensi_stunting'])}",
    "penduduk": "{str(k): int(v) for k, v in zip(penduduk_kec['kode_wilayah'], penduduk_kec['jumlah_penduduk'])}",
    "tidak_dianggarkan": "sorted(zip(tidak_dianggarkan['kode_sub_kegiatan'], tidak_dianggarkan['kode_wilayah']))",
    "tidak_direalisasi": "sorted(zip(tidak_direalisasi['kode_sub_kegiatan'], tidak_direalisasi['kode_wilayah']))",
    "serapan": "{str(k): float(v) for k, v in zip(serapan_kec['kode_wilayah'], serapan_kec['serapan'])}",
    "rapi": "[[str(k), str(i), float(v)] for k, i, v in zip(tabel_rapi['kode_wilayah'], tabel_rapi['indikator'], tabel_rapi['nilai'])]",
    "metadata": "sorted(metadata)",
})


@pytest.mark.slow
def test_solution_values_equal_the_independent_computation(independent, tmp_path):
    """Does the instructor's solution compute what the independent computation computes?"""
    v = B.run_solution(SOLUTION_DUMP, tmp_path)
    assert v["kode"] == ["99.71.03", "99.71.08", "99.71.05", "99.71.04"]
    assert v["angka"] == [1250.5, 12000.0, 850.0]
    assert v["kode_rencana"] == sorted(independent["kode_nama"])
    assert v["total_rencana"] == pytest.approx(independent["total_rencana"])
    assert v["total_anggaran"] == pytest.approx(independent["total_anggaran"])
    assert v["prevalensi"] == pytest.approx(independent["prevalensi"])
    assert v["penduduk"] == independent["penduduk"]
    assert [tuple(k) for k in v["tidak_dianggarkan"]] == independent["tidak_dianggarkan"]
    assert [tuple(k) for k in v["tidak_direalisasi"]] == independent["tidak_direalisasi"]
    assert v["serapan"] == pytest.approx(independent["serapan"])
    assert {(k, i): x for k, i, x in v["rapi"]} == pytest.approx(independent["rapi"])
    assert len(v["rapi"]) == len(independent["rapi"])
    assert v["metadata"] == sorted(["nama_indikator", "definisi", "rumus", "satuan", "frekuensi",
                                    "kode_referensi", "produsen_data"])


# --------------------------------------------------------------------------- the lesson

def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    """Is every figure in the lesson's prose and in ringkasan.md one of the FAKTA?"""
    fakta = B.fakta()
    unknown = B.unknown_prose_figures(fakta) + B.unknown_handout_figures(fakta)
    assert not unknown, "angka yang tidak ada di FAKTA:\n" + "\n".join(
        f"  {f.where}: {f.text!r} … {f.context} …" for f in unknown)


def test_count_statements_and_names_use_their_own_figures():
    """Do the prose's count statements (where a small number could match another figure) and the
    names it quotes as results say what the data say?"""
    f = B.fakta()
    n = B.helper.nama_fakta(B.data)
    assert B.missing_phrases([
        f"Tabel `wilayah` adalah **data induk** kita: {f['jumlah_kecamatan']} kecamatan",
        f"tetapi {f['nol_hilang_rencana']} baris kehilangan nol",
        f"dengan {f['nol_hilang_realisasi']} baris yang kehilangan nol",
        f"Masih ada {f['belum_padan_baku']} baris yang namanya singkatan",
        f"berisi {f['baris_stunting']} baris",
        f"Ada {f['stunting_duplikat']} baris kembar",
        f"dan {f['stunting_kosong']} puskesmas yang belum mengisi",
        f"Rencana Bappeda berisi {f['baris_rencana']} paket, anggaran BPKAD {f['baris_anggaran']} paket",
        f"Ada {f['tidak_dianggarkan']} paket yang direncanakan tetapi tidak dianggarkan dan "
        f"{f['tanpa_rencana']} paket yang dianggarkan tanpa rencana",
        f"Berkas realisasi berisi {f['baris_realisasi']} baris SP2D APBD {f['tahun']}",
        f"Ada {f['sp2d_duplikat']} baris SP2D kembar dan {f['tidak_direalisasi']} paket",
        f"Serapan terendah {f['serapan_terendah']} di {n['serapan_terendah']}",
        f"{n['stunting_tertinggi']} punya prevalensi stunting tertinggi",
        f"prevalensi stunting {f['stunting_terendah']} (terendah di kota)",
        f"Kecamatan {n['stunting_terendah']} saja",
        f"Dua kecamatan, {n['bps_beda'].replace(', ', ' dan ')}",
        f"{f['jumlah_kecamatan']} kecamatan × {f['jumlah_indikator_dasbor']} indikator = {f['baris_rapi']} baris",
    ]) == []


def test_every_fakta_figure_is_quoted_and_a_stale_one_is_caught():
    """Is every FAKTA row quoted somewhere, and would a changed figure be caught?"""
    fakta = B.fakta()
    assert not B.unused_fakta(fakta)
    index, src = next((i, s) for i, s in B.prose_cells() if fakta["serapan_kota"] in s)
    stale = src.replace(fakta["serapan_kota"], "67,4%")
    found = pb.pelajaran.figures(stale, "basi")
    assert {x.text for x in pb.pelajaran.unknown_figures(found, fakta.values())} == {"67,4%"}


def test_sections_time_plan_and_instructor_timing():
    """Do section references exist, does the time plan add up in the catalogue, the lesson and
    the instructor notes, and do the short exercises fit their sections?"""
    assert not B.wrong_section_references()
    assert not B.time_plan_problems()
    assert B.notes_timing_rows() == [(s.title, s.minutes) for s in B.module.schedule]


def test_templates_give_their_worked_answers_and_practise_the_graded_steps():
    """Does filling every template give its worked answer, and are the graded exercise's steps
    (apply of kode_baku, the units, the per-kecamatan sum, the metadata dict) practised?"""
    pairs = pb.pelajaran.templates_and_answers(B.lesson())
    assert [label for label, t, a in pairs if not pb.pelajaran.template_matches(t, a)] == []
    templates = [t for _, t, _ in pairs]
    assert any(".apply(" in t and "kode_wilayah" in t for t in templates)
    assert any("ke_angka" in t and "pagu_ribu" in t for t in templates)
    assert any(".groupby(" in t and "serapan" in t for t in templates)
    assert any("metadata = {" in t for t in templates)


def test_only_teaching_code_is_shown_and_the_generator_is_not_mentioned():
    """Are visible code cells short, without widget code, and is generate.py never mentioned
    in what participants receive?"""
    B.assert_only_teaching_code()


LESSON_DUMP = pb.dump_code({
    "prevalensi": "{str(k): float(v) for k, v in zip(stunting_kec['kode_wilayah'], stunting_kec['prevalensi_stunting'])}",
    "serapan": "{str(k): float(v) for k, v in zip(serapan_kec['kode_wilayah'], serapan_kec['serapan'])}",
    "tidak_dianggarkan": "len(tidak_dianggarkan)",
    "tidak_direalisasi": "len(tidak_direalisasi)",
    "rapi": "len(tabel_rapi)",
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
    assert v["prevalensi"] == pytest.approx(independent["prevalensi"])
    assert v["serapan"] == pytest.approx(independent["serapan"])
    assert v["tidak_dianggarkan"] == len(independent["tidak_dianggarkan"])
    assert v["tidak_direalisasi"] == len(independent["tidak_direalisasi"])
    assert v["rapi"] == len(independent["rapi"])
    assert v["fakta_rows"] == len(B.fakta())


# --------------------------------------------------------------------------- test items, rubric

def _key(data: dict) -> str:
    if set(data) == {"kode"}:
        return code(data["kode"])
    if set(data) == {"kecamatan", "indikator"}:
        return str(data["kecamatan"] * data["indikator"])
    raise AssertionError(f"data butir tidak dikenal: {sorted(data)}")


def test_answer_keys_are_what_the_lessons_rules_give():
    """Is every item's key what the lesson's rules give for its data, and is every objective
    covered in both forms?"""
    items = B.items()
    for item in items:
        if "data" in item:
            assert item["kunci"] == _key(item["data"]), item["id"]
    assert sum("data" in i for i in items) >= 4
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
