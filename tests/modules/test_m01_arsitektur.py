"""M01 (planning architecture and document alignment): every computed answer against an
independent computation, and the lesson's prose, time plan, templates and test items against
the data.

The independent computation is written differently from the lesson and the solution: the CSV
files are read with the csv module; the documents in force in a year come from listing every
year each document covers (range(mulai, selesai + 1)), not from comparing with the bounds; the
yearly path is built by adding the yearly step again and again, in exact fractions, from the
baseline; "kurang ambisius" is the sign of (target − path) times the polarity; the share aligned
per village and the unmatched activities come from a plain loop over the activities with a set
of the mapped sub-bidang, not from merge.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from fractions import Fraction

import pytest

import periksa_bahan as pb
from bimtek_peserta.tampil import angka, rupiah, rupiah_singkat

B = pb.Bahan("m01_arsitektur")
USULAN = "usulan ke kabupaten"


def read(name: str) -> list[dict]:
    with open(B.data / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def years_covered() -> dict[int, set[str]]:
    """Year -> names of the documents that cover it (every year of every document listed)."""
    covered: dict[int, set[str]] = defaultdict(set)
    for row in read("dokumen.csv"):
        for year in range(int(row["mulai"]), int(row["selesai"]) + 1):
            covered[year].add(row["dokumen"])
    return covered


def in_force(year: int) -> list[str]:
    return sorted(years_covered().get(year, set()))


def boundary_years() -> list[int]:
    """Every first and last year of a document, and the years just outside them."""
    years = set()
    for row in read("dokumen.csv"):
        for y in (int(row["mulai"]), int(row["selesai"])):
            years |= {y - 1, y, y + 1}
    return sorted(years)


def path(baseline: Fraction, final: Fraction) -> dict[int, Fraction]:
    """The straight path 2024 -> 2029 built by adding the yearly step one year at a time."""
    first, last = B.helper.TAHUN_AWAL, B.helper.TAHUN_AKHIR
    step = (final - baseline) / (last - first)
    values, value = {}, baseline
    for year in range(first, last + 1):
        values[year] = value
        value += step
    return values


@pytest.fixture(scope="module")
def independent() -> dict:
    targets = {r["indikator"]: r for r in read("sasaran_rpjmd.csv")}
    paths = {name: path(Fraction(r["kondisi_awal_2024"]), Fraction(r["target_2029"]))
             for name, r in targets.items()}
    rkpd = {}
    for r in read("target_rkpd.csv"):
        year, target = int(r["tahun"]), Fraction(r["target_rkpd"])
        on_path = paths[r["indikator"]][year]
        sign = 1 if targets[r["indikator"]]["polaritas"] == "positif" else -1
        rkpd[(r["indikator"], year)] = {"lintasan": on_path, "kurang": (target - on_path) * sign < 0}
    mapped = {r["sub_bidang"]: r["prioritas_rpjmd"] for r in read("pemetaan.csv")}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unmatched, proposals = [], []
    for r in read("kegiatan_desa.csv"):
        counts[r["desa"]][1] += 1
        if r["sub_bidang"] in mapped:
            counts[r["desa"]][0] += 1
        else:
            unmatched.append((r["desa"], r["kegiatan"]))
        if r["sumber_dana"] == USULAN:
            proposals.append((r["desa"], int(r["no"]), r["kegiatan"], int(r["biaya"])))
    share = {d: Fraction(a, n) * 100 for d, (a, n) in counts.items()}
    proposals.sort(key=lambda p: (p[0], p[1]))
    return {"paths": paths, "rkpd": rkpd, "share": share, "unmatched": sorted(unmatched),
            "proposals": proposals, "activities": sum(n for _, n in counts.values()),
            "mapped": mapped}


def test_the_dataset_makes_the_rules_matter(independent):
    """Do the data make every rule matter: a transition year covered by an old and a new
    document, one-year documents, a below-path target of each polarity and none exactly on the
    path, a village fully aligned and one below, a village without a DU-RKP Desa?"""
    covered = years_covered()
    assert any(d.startswith("RPJPN 2005") for d in covered[2025]) and "RPJPN 2025-2045" in covered[2025]
    assert "RPJMN 2020-2024" in covered[2024] and "RPJMN 2020-2024" not in covered[2025]
    assert any(int(r["mulai"]) == int(r["selesai"]) for r in read("dokumen.csv"))
    polarity = {r["indikator"]: r["polaritas"] for r in read("sasaran_rpjmd.csv")}
    below = {polarity[i] for (i, _), v in independent["rkpd"].items() if v["kurang"]}
    assert below == {"positif", "negatif"}
    targets = {(r["indikator"], int(r["tahun"])): Fraction(r["target_rkpd"]) for r in read("target_rkpd.csv")}
    assert all(targets[k] != v["lintasan"] for k, v in independent["rkpd"].items())
    shares = independent["share"].values()
    assert max(shares) == 100 and min(shares) < 100
    assert len({p[0] for p in independent["proposals"]}) < len(independent["share"])
    order = [r["desa"] for r in read("kegiatan_desa.csv")]
    assert order != sorted(order), "the file order must differ from the sorted order (soal 6)"


def test_the_loop_would_catch_an_inner_merge(independent):
    """Does the loop differ from what an inner merge keeps (so the comparison can fail)?"""
    kept = [r for r in read("kegiatan_desa.csv") if r["sub_bidang"] in independent["mapped"]]
    assert len(kept) < independent["activities"]


# --------------------------------------------------------------------------- the solution

YEARS = list(range(2003, 2048))

SOLUTION_DUMP = pb.dump_code({
    "berlaku": f"{{str(t): [str(n) for n in dokumen_berlaku(t)] for t in {YEARS}}}",
    "lintasan_fungsi": "{str(i): [float(target_tahun(a, z, t)) for t in range(2024, 2030)] "
                       "for i, a, z in zip(sasaran['indikator'], sasaran['kondisi_awal_2024'], sasaran['target_2029'])}",
    "lintasan": "{f'{i}|{int(t)}': float(v) for i, t, v in zip(rkpd['indikator'], rkpd['tahun'], rkpd['target_lintasan'])}",
    "kurang": "{f'{i}|{int(t)}': bool(v) for i, t, v in zip(rkpd['indikator'], rkpd['tahun'], rkpd['kurang_ambisius'])}",
    "persen": "{str(d): float(v) for d, v in persen_selaras.items()}",
    "jumlah_baris": "len(kegiatan_prioritas)",
    "tidak_selaras": "sorted([str(d), str(k)] for d, k in zip(tidak_selaras['desa'], tidak_selaras['kegiatan']))",
    "du_rkp": "[[str(d), str(k), int(b)] for d, k, b in zip(du_rkp['desa'], du_rkp['kegiatan'], du_rkp['biaya'])]",
    "total_du_rkp": "float(total_du_rkp)",
    "batang": "sorted([float(p.get_x()), float(p.get_width())] for p in ax_dokumen.patches)",
})


@pytest.fixture(scope="module")
def solusi(tmp_path_factory) -> dict:
    return B.run_solution(SOLUTION_DUMP, tmp_path_factory.mktemp("m01"))


@pytest.mark.slow
def test_documents_in_force_equal_the_year_listing_on_every_boundary(solusi):
    """Does the solution's dokumen_berlaku give, for every year and in particular on every
    first and last year of a document and the years just outside them, what listing the years
    each document covers gives?"""
    for year in YEARS:
        assert solusi["berlaku"][str(year)] == in_force(year), year
    assert set(boundary_years()) <= set(YEARS)


@pytest.mark.slow
def test_yearly_path_equals_the_formula_written_out(solusi, independent):
    """Does target_tahun give, for every indicator and every year 2024–2029, the path built by
    adding the yearly step, and does the rkpd table carry it?"""
    for name, values in solusi["lintasan_fungsi"].items():
        expected = independent["paths"][name]
        assert values == pytest.approx([float(expected[y]) for y in range(2024, 2030)], abs=1e-9), name
    for (name, year), v in independent["rkpd"].items():
        assert solusi["lintasan"][f"{name}|{year}"] == pytest.approx(float(v["lintasan"]), abs=1e-9)
        assert solusi["kurang"][f"{name}|{year}"] == v["kurang"], (name, year)


@pytest.mark.slow
def test_alignment_share_unmatched_and_du_rkp_equal_the_loop(solusi, independent):
    """Do the share aligned per village, the unmatched activities, the DU-RKP Desa list and its
    total equal the plain loop over the activities?"""
    assert solusi["jumlah_baris"] == independent["activities"]
    assert solusi["persen"] == pytest.approx({d: float(v) for d, v in independent["share"].items()})
    assert solusi["tidak_selaras"] == [list(p) for p in independent["unmatched"]]
    assert solusi["du_rkp"] == [[d, k, b] for d, _, k, b in independent["proposals"]]
    assert solusi["total_du_rkp"] == sum(p[3] for p in independent["proposals"])


@pytest.mark.slow
def test_timeline_bars_are_the_documents_years(solusi):
    """Does the solution's timeline draw one bar per document from its first year, as long as
    the years it covers?"""
    expected = sorted([float(r["mulai"]), float(len(range(int(r["mulai"]), int(r["selesai"]) + 1)))]
                      for r in read("dokumen.csv"))
    assert solusi["batang"] == expected


# --------------------------------------------------------------------------- FAKTA and prose

def test_fakta_agree_with_the_independent_computation(independent):
    """Do the helper's FAKTA (the figures the prose quotes) equal the independent computation?"""
    f = B.fakta()
    h = B.helper
    assert f["jumlah_dokumen"] == str(len(read("dokumen.csv")))
    assert f["jumlah_berlaku"] == str(len(in_force(h.CONTOH_TAHUN_BERLAKU)))
    assert f["jumlah_berlaku_2025"] == str(len(in_force(2025)))
    example = independent["paths"][h.CONTOH_INDIKATOR]
    assert f["contoh_lintasan"] == angka(float(example[h.CONTOH_TAHUN]), 2)
    assert f["contoh_per_tahun"] == angka(float(example[2025] - example[2024]), 3)
    assert f["jumlah_target_rkpd"] == str(len(independent["rkpd"]))
    assert f["jumlah_kurang_ambisius"] == str(sum(v["kurang"] for v in independent["rkpd"].values()))
    shares = independent["share"]
    assert f["jumlah_desa"] == str(len(shares))
    assert f["jumlah_kegiatan"] == str(independent["activities"])
    assert f["jumlah_tidak_selaras"] == str(len(independent["unmatched"]))
    assert f["persen_terendah"] == angka(float(min(shares.values())), 1) + "%"
    assert f["persen_contoh"] == angka(float(shares[h.CONTOH_DESA]), 1) + "%"
    assert f["desa_penuh"] == str(sum(v == 100 for v in shares.values()))
    assert B.helper.nama_fakta(B.data)["desa_terendah"] == min(shares, key=shares.get)
    proposals = independent["proposals"]
    assert f["jumlah_du_rkp"] == str(len(proposals))
    assert f["desa_du_rkp"] == str(len({p[0] for p in proposals}))
    assert f["total_du_rkp"] == rupiah(sum(p[3] for p in proposals))
    assert f["total_du_rkp_singkat"] == rupiah_singkat(sum(p[3] for p in proposals), 2)


def test_every_figure_in_the_prose_and_handout_comes_from_fakta():
    """Is every figure in the lesson's prose and in ringkasan.md one of the FAKTA?"""
    fakta = B.fakta()
    unknown = B.unknown_prose_figures(fakta) + B.unknown_handout_figures(fakta)
    assert not unknown, "angka yang tidak ada di FAKTA:\n" + "\n".join(
        f"  {f.where}: {f.text!r} … {f.context} …" for f in unknown)


def test_count_statements_and_names_say_what_the_data_say():
    """Do the prose's count statements (where a small number could match another figure) and
    the village it names say what the data say?"""
    f = B.fakta()
    names = B.helper.nama_fakta(B.data)
    assert B.missing_phrases([
        f"Ada {f['jumlah_dokumen']} dokumen",
        f"Pada {f['tahun_berlaku']} berlaku {f['jumlah_berlaku']} dokumen",
        f"Pada tahun peralihan 2025 juga {f['jumlah_berlaku_2025']} dokumen",
        f"Ada {f['jumlah_indikator']} indikator",
        f"{f['jumlah_target_rkpd']} baris",
        f"Sebanyak {f['jumlah_kurang_ambisius']} dari {f['jumlah_target_rkpd']} target RKPD kurang ambisius",
        f"dari {f['jumlah_desa']} desa di Kecamatan Tanjungsekar memuat {f['jumlah_kegiatan']} kegiatan",
        f"Tabel itu memuat {f['jumlah_sub_pemetaan']} sub-bidang",
        f"Ada {f['jumlah_tidak_selaras']} kegiatan yang tidak cocok",
        f"Desa {names['desa_terendah']} paling rendah: {f['persen_terendah']}",
        f"Ada {f['desa_penuh']} desa yang semua kegiatannya selaras",
        f"Ada {f['jumlah_du_rkp']} usulan dari {f['desa_du_rkp']} desa, senilai {f['total_du_rkp']}",
    ]) == []
    handout = " ".join(B.handout.read_text(encoding="utf-8").split())
    for phrase in (f"{f['jumlah_kurang_ambisius']} dari {f['jumlah_target_rkpd']} target",
                   f"{f['jumlah_tidak_selaras']} dari {f['jumlah_kegiatan']} kegiatan",
                   f"{f['persen_terendah']} ({names['desa_terendah']})",
                   f"{f['jumlah_du_rkp']} usulan dari {f['desa_du_rkp']} desa, {f['total_du_rkp_singkat']}"):
        assert phrase in handout, phrase


def test_every_fakta_figure_is_quoted_and_a_stale_one_is_caught():
    """Is every FAKTA row quoted somewhere, and would a changed figure be caught?"""
    fakta = B.fakta()
    assert not B.unused_fakta(fakta)
    index, src = next((i, s) for i, s in B.prose_cells() if fakta["total_du_rkp"] in s)
    stale = src.replace(fakta["total_du_rkp"], "Rp 3.121.000.000")
    found = pb.pelajaran.figures(stale, "basi")
    assert {f.text for f in pb.pelajaran.unknown_figures(found, fakta.values())} == {"Rp 3.121.000.000"}


def test_regulation_constants_are_the_ones_the_lesson_states():
    """Are the durations and the team size the ones checked against the regulations
    (UU 25/2004; UU 3/2024 Pasal 79; Permendagri 114/2014)?"""
    h = B.helper
    assert (h.JANGKA_PANJANG, h.JANGKA_MENENGAH, h.JANGKA_RPJM_DESA, h.JANGKA_RPJM_DESA_LAMA,
            h.TIM_RKP_DESA_MINIMAL) == (20, 5, 8, 6, 7)
    text = pb.pelajaran.prose_text("\n".join(s for _, s in B.prose_cells()))
    for phrase in ("Undang-Undang Nomor 59 Tahun 2024", "Peraturan Presiden Nomor 12 Tahun 2025",
                   "Undang-Undang Nomor 3 Tahun 2024", "Nomor 114 Tahun 2014", "Juni", "Juli",
                   "akhir September", "DU-RKP Desa", "musrenbang kecamatan"):
        assert phrase in " ".join(text.split()), phrase


def test_sections_time_plan_and_instructor_timing():
    """Do section references exist, does the time plan add up in the catalogue, the lesson and
    the instructor notes, and do the short exercises fit their sections?"""
    assert not B.wrong_section_references()
    assert not B.time_plan_problems()
    assert B.notes_timing_rows() == [(s.title, s.minutes) for s in B.module.schedule]


def test_templates_give_their_worked_answers_and_practise_the_graded_steps():
    """Does filling every template give its worked answer, and are the graded exercise's steps
    (barh with left=, the function with & and both bounds, the path, the function with if, the
    left merge, .isna()) practised first?"""
    pairs = pb.pelajaran.templates_and_answers(B.lesson())
    assert [label for label, t, a in pairs if not pb.pelajaran.template_matches(t, a)] == []
    templates = [t for _, t, _ in pairs]
    assert len(templates) >= 6
    assert any(".barh(" in t and "left=" in t for t in templates)
    assert any("def dokumen_berlaku(tahun):" in t and "&" in t for t in templates)
    assert any("def target_tahun(awal, akhir, tahun):" in t for t in templates)
    assert any("def kurang_ambisius(target_rkpd, target_lintasan, polaritas):" in t and "if " in t
               for t in templates)
    assert any(".isna()" in a for _, _, a in pairs)
    code = "\n".join(s for _, s in pb.pelajaran.code_cells(B.lesson()))
    assert 'how="left"' in code and '.sort_values(["desa", "no"])' in code


def test_only_teaching_code_is_shown_and_the_generator_is_not_mentioned():
    """Are visible code cells short, without widget code, and is generate.py never mentioned
    in what participants receive?"""
    B.assert_only_teaching_code()


LESSON_DUMP = pb.dump_code({
    "berlaku_2027": "dokumen_berlaku(2027)",
    "berlaku_2025": "dokumen_berlaku(2025)",
    "lintasan": "{f'{i}|{int(t)}': float(v) for i, t, v in zip(rkpd['indikator'], rkpd['tahun'], rkpd['target_lintasan'])}",
    "kurang": "int(rkpd['kurang_ambisius'].sum())",
    "persen": "{str(d): float(v) for d, v in persen_selaras.items()}",
    "tidak_selaras": "len(tidak_selaras)",
    "du_rkp": "len(du_rkp)",
    "total_du_rkp": "float(total_du_rkp)",
    "batang": "len(ax_dokumen.patches)",
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
    assert len(nb.cells) - 1 - first_extra >= 7


@pytest.mark.slow
def test_the_lessons_own_figures_equal_the_independent_computation(executed, independent):
    """Do the figures the lesson's code computes equal the independent computation and FAKTA?"""
    _, _, v = executed
    f = B.fakta()
    assert v["berlaku_2027"] == in_force(2027) and v["berlaku_2025"] == in_force(2025)
    assert v["lintasan"] == pytest.approx({f"{i}|{y}": float(x["lintasan"])
                                           for (i, y), x in independent["rkpd"].items()})
    assert str(v["kurang"]) == f["jumlah_kurang_ambisius"]
    assert v["persen"] == pytest.approx({d: float(x) for d, x in independent["share"].items()})
    assert str(v["tidak_selaras"]) == f["jumlah_tidak_selaras"]
    assert str(v["du_rkp"]) == f["jumlah_du_rkp"] and rupiah(v["total_du_rkp"]) == f["total_du_rkp"]
    assert str(v["batang"]) == f["jumlah_dokumen"]
    assert v["fakta_rows"] == len(f)


# --------------------------------------------------------------------------- test items, rubric

def _key(data: dict) -> str:
    keys = set(data)
    if keys == {"tahun", "dokumen"}:
        found = [name for name, first, last in data["dokumen"]
                 if data["tahun"] in range(first, last + 1)]
        return {0: "tidak ada", 1: found[0] if found else ""}.get(len(found), "keduanya")
    if keys == {"awal", "akhir", "tahun"}:
        value = path(Fraction(str(data["awal"])), Fraction(str(data["akhir"])))[data["tahun"]]
        return str(int(value)) if value.denominator == 1 else angka(float(value), 1)
    if keys == {"kegiatan", "cocok"}:
        return angka(data["cocok"] / data["kegiatan"] * 100, 0) + "%"
    raise AssertionError(f"data butir tidak dikenal: {sorted(keys)}")


def test_answer_keys_are_what_the_lessons_rules_give():
    """Is every item's key what the lesson's rules give for its data, and does every objective
    have items in both forms?"""
    items = B.items()
    with_data = [i for i in items if "data" in i]
    assert len(with_data) >= len(items) // 2
    for item in with_data:
        assert item["kunci"] == _key(item["data"]), item["id"]
    assert {i["tujuan"] for i in items} == set(range(1, len(B.module.objectives) + 1))
    for form in ("A", "B"):
        assert 3 <= sum(i["bentuk"] == form for i in items) <= 5


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
