"""Checks for the city-track lessons (M07 keuangan daerah, M08 pinjaman daerah, M09 PIMA):
the lesson notebooks, their helpers and their handouts, built on tests/course/pelajaran.py.

What is module-specific here is which figures each executed lesson must reproduce (``DUMPS``)
and which exercise steps it must practise (``PRACTISED``); everything else is the same check
applied to each module present in the catalogue.
"""
from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import nbformat
import pytest

import pelajaran
from bimtek_peserta.tampil import angka, persen, rupiah, rupiah_singkat
from grader import catalogue

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = catalogue.load()
IDS = [m for m in ("m07_keuangan_daerah", "m08_pinjaman_daerah", "m09_pima_investasi")
       if m in {x.id for x in CATALOGUE.modules}]
CELL_TIMEOUT_S = 120
# Citation years such as "Mahmudi (2010)" and the constitution's name are references, not
# data figures.
CITATION = re.compile(r"\(\d{4}\)|\bUUD 1945\b|\bPI-\d+")


def module(module_id):
    return CATALOGUE.module(module_id)


def helper(module_id):
    return importlib.import_module(f"bimtek_peserta.{module_id}")


def lesson(module_id) -> nbformat.NotebookNode:
    return pelajaran.read(REPO / module(module_id).lesson)


def handout(module_id) -> str:
    return (REPO / "course" / module_id / "ringkasan.md").read_text(encoding="utf-8")


def prose_cells(nb) -> list[tuple[int, str]]:
    """Markdown cells holding prose: all but the frame (first cell) and the references."""
    return [(i, CITATION.sub(" ", src)) for i, src in pelajaran.markdown_cells(nb)
            if i != 0 and not src.lstrip().startswith("## Rujukan")]


def fakta(module_id) -> dict[str, str]:
    return helper(module_id).fakta(REPO / module(module_id).dataset)


# --------------------------------------------------------------------------- notebook form

@pytest.mark.parametrize("mid", IDS)
def test_lesson_is_a_clean_v45_notebook(mid):
    """Is the lesson a valid v4.5 notebook with the python3 kernel, cell ids, no outputs?"""
    nb = lesson(mid)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(cell.get("id") for cell in nb.cells)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"sel kode dengan keluaran: {dirty}"


@pytest.mark.parametrize("mid", IDS)
def test_lesson_shows_only_teaching_code(mid):
    """Does the lesson keep code cells short and leave display code (widgets, HTML) to its
    helper module? (Allowed imports are checked by the harness for every module.)"""
    nb = lesson(mid)
    for index, source in pelajaran.code_cells(nb):
        assert len(source.splitlines()) <= 25, f"sel {index} lebih dari 25 baris"
    sources = "\n".join(src for _, src in pelajaran.code_cells(nb))
    for display_code in ("widgets.", "HTML(", "add_class", ".observe("):
        assert display_code not in sources, display_code


@pytest.mark.parametrize("mid", IDS)
def test_generator_is_not_mentioned_to_participants(mid):
    """Do the lesson, the handout and the data card never mention generate.py?"""
    card = REPO / module(mid).dataset / "KARTU_DATA.md"
    for text in ((REPO / module(mid).lesson).read_text(encoding="utf-8"), handout(mid),
                 card.read_text(encoding="utf-8")):
        assert "generate.py" not in text


# --------------------------------------------------------------------------- figures in prose

def _unknown(found, known):
    return "\n".join(f"  {f.where}: {f.text!r} … {f.context} …" for f in found
                     if f in pelajaran.unknown_figures(found, known))


@pytest.mark.parametrize("mid", IDS)
def test_every_figure_in_the_prose_comes_from_fakta(mid):
    """Is every figure in the lesson's prose one of the FAKTA computed from the data files?"""
    known = fakta(mid).values()
    found = [f for i, src in prose_cells(lesson(mid)) for f in pelajaran.figures(src, f"sel {i}")]
    unknown = pelajaran.unknown_figures(found, known)
    assert not unknown, "angka di teks yang tidak ada di FAKTA:\n" + _unknown(found, known)


@pytest.mark.parametrize("mid", IDS)
def test_every_figure_in_the_handout_comes_from_fakta(mid):
    """Is every figure in ringkasan.md one of the FAKTA?"""
    known = fakta(mid).values()
    found = pelajaran.figures(CITATION.sub(" ", handout(mid)), "ringkasan.md")
    assert not pelajaran.unknown_figures(found, known), _unknown(found, known)


@pytest.mark.parametrize("mid", IDS)
def test_a_stale_figure_is_caught(mid):
    """Would a figure that no longer matches the data (one digit changed) fail the check?"""
    values = fakta(mid)
    cells = dict(prose_cells(lesson(mid)))
    text = next(t for t in values.values() if re.search(r"\d,\d\d%$", t)
                and any(t in s for s in cells.values()))
    src = next(s for s in cells.values() if text in s)
    stale = text[:-2] + str((int(text[-2]) + 1) % 10) + "%"
    found = pelajaran.figures(src.replace(text, stale), "basi")
    assert stale in [f.text for f in pelajaran.unknown_figures(found, values.values())]


@pytest.mark.parametrize("mid", IDS)
def test_every_fakta_figure_is_quoted_somewhere(mid):
    """Is every FAKTA row quoted in the lesson or the handout (no unused rows)?"""
    texts = {pelajaran._normalise(f.text) for _, src in prose_cells(lesson(mid))
             for f in pelajaran.figures(src, "")}
    texts |= {pelajaran._normalise(f.text) for f in pelajaran.figures(handout(mid), "")}
    unused = [k for k, v in fakta(mid).items() if pelajaran._normalise(v) not in texts]
    assert not unused, f"baris FAKTA yang tidak dikutip: {unused}"


@pytest.mark.parametrize("mid", IDS)
def test_section_references_point_to_existing_sections(mid):
    """Does every "bagian N" in the prose name a section "## N." of the lesson?"""
    nb = lesson(mid)
    numbers = {int(m.group(1)) for h in pelajaran.headings(nb) if (m := re.match(r"(\d+)\.", h))}
    wrong = [(i, n) for i, src in pelajaran.markdown_cells(nb)
             for n in pelajaran.section_references(src) if n not in numbers]
    assert not wrong, wrong


# --------------------------------------------------------------------------- time plan

@pytest.mark.parametrize("mid", IDS)
def test_time_plan_adds_up_and_every_exercise_fits(mid):
    """Do the catalogue's minutes sum to JP x 45 with one graded slot, does the frame show
    the same plan, is every section a heading, and do its short exercises fit in it?"""
    mod, nb = module(mid), lesson(mid)
    total = mod.jp * CATALOGUE.minutes_per_jp
    assert sum(s.minutes for s in mod.schedule) == total
    assert [s.title for s in mod.schedule if s.graded] == ["Tugas bernilai"]
    frame = nb.cells[0].source
    rows = pelajaran.plan_table(frame)
    assert [(r.section, r.minutes) for r in rows] == [(s.title, s.minutes) for s in mod.schedule]
    assert pelajaran.plan_total(frame) == total
    titles = pelajaran.headings(nb)
    for s in mod.schedule:
        assert any(t.startswith(s.title) for t in titles), s.title
    minutes = {int(m.group(1)): s.minutes for s in mod.schedule if (m := re.match(r"(\d+)\.", s.title))}
    for section, items in pelajaran.exercise_minutes(nb).items():
        assert sum(m for _, m in items) <= minutes[section], (section, items)


# --------------------------------------------------------------------------- practice first

# What the graded exercise asks that must be practised in the lesson with a ___ template.
PRACTISED = {
    "m07_keuangan_daerah": ['ringkasan["belanja"] =', "def kategori_efektivitas(efektivitas):",
                            "def proyeksi(nilai_awal, pertumbuhan_persen, jumlah_tahun):",
                            '["ruang_investasi"] =', '.loc[', 'pendukung["___"]'],
    "m08_pinjaman_daerah": ["def jadwal_angsuran(pokok, bunga_persen, tenor_tahun):",
                            "jadwal_usulan =", "pembilang_baru =", "kewajiban_tahun_pertama =",
                            "def lolos_syarat(dscr, sisa_dan_usulan, pendapatan_bebas, tunggakan):",
                            "def pinjaman_maksimum(pembilang, kewajiban_lain,"],
    "m09_pima_investasi": ["def npv(arus, tingkat_persen):", "def bcr(manfaat, biaya, tingkat_persen):",
                           "def irr(arus):", 'kelayakan["layak"]', 'skor["skor_total"]', "peringkat =",
                           "def muat(sisa_pagu, profil, tahun_mulai):", "proyek_ditunda.append",
                           'sort_values(["kesenjangan", "no"]', 'groupby("___")'],
}


@pytest.mark.parametrize("mid", IDS)
def test_templates_match_their_answers_and_cover_the_exercise(mid):
    """Does filling the ___ of every template give its worked answer, and are the graded
    exercise's harder steps practised with templates first?"""
    pairs = pelajaran.templates_and_answers(lesson(mid))
    assert len(pairs) >= 5
    wrong = [label for label, t, a in pairs if not pelajaran.template_matches(t, a)]
    assert not wrong, wrong
    templates = "\n".join(t for _, t, _ in pairs)
    missing = [step for step in PRACTISED[mid] if step not in templates]
    assert not missing, missing


# --------------------------------------------------------------------------- interface names

TRANSLATED = {
    "Restart Kernel and Run All Cells…": "Demulai Lagi Kernel dan Jalankan Semua Sel…",
    "Restart Kernel?": "Dimulai lagi kernel?",
    "Restart": "Dimulai Lagi",
    "Interrupt Kernel": "Interupsi Kernel",
    "Code": "Kode",
}


@pytest.mark.parametrize("mid", IDS)
def test_interface_names_are_those_of_the_indonesian_jupyterlab(mid):
    """Are the menu names what the room's language pack shows, with the English beside them,
    and does the lesson say once how to read the red error box?"""
    pack = pelajaran.language_pack_translations()
    text = "\n".join(src for _, src in pelajaran.markdown_cells(lesson(mid)))
    for english, shown in TRANSLATED.items():
        assert pack.get(english) == shown, (english, pack.get(english))
        assert shown in text, shown
    assert "(*Restart Kernel and Run All Cells…*)" in text
    assert "kotak merah" in text.lower() and "NameError" in text and "klik dua kali" in text.lower()


# --------------------------------------------------------------------------- execution

# Per module: code printing the lesson's own computed figures as JSON after the last cell,
# and the comparison of those figures with FAKTA.
DUMPS = {
    "m07_keuangan_daerah": """
import json as _json
_t = ringkasan
print("@@FAKTA@@" + _json.dumps({
    "pendapatan": float(_t.loc[2025, "pendapatan"]), "belanja": float(_t.loc[2025, "belanja"]),
    "surplus": float(_t.loc[2025, "surplus_defisit"]), "silpa": float(_t.loc[2025, "silpa_akhir"]),
    "kemandirian": float(_t.loc[2025, "kemandirian"]), "ddf": float(_t.loc[2025, "derajat_desentralisasi"]),
    "kemandirian_2023": float(_t.loc[2023, "kemandirian"]),
    "pegawai": float(_t.loc[2025, "porsi_pegawai"]), "pegawai_bruto": float(_t.loc[2025, "porsi_pegawai_bruto"]),
    "infrastruktur": float(_t.loc[2025, "porsi_infrastruktur"]),
    "pendidikan_2021": float(_t.loc[2021, "porsi_pendidikan"]),
    "surplus_operasional": float(_t.loc[2025, "surplus_operasional"]),
    "ruang": float(ruang_investasi_lima_tahun),
    "ruang_awal": float(proyeksi_kota["ruang_investasi"].iloc[0]),
    "kategori": [kategori_efektivitas(v) for v in _t["efektivitas_pad"]],
    "efisiensi": float(efisiensi_pemungutan), "serapan": float(serapan_belanja),
    "pesimis": float(pesimis["ruang_investasi"].sum()),
    "params": [BATAS_PEGAWAI, BATAS_INFRASTRUKTUR, BATAS_PENDIDIKAN, BATAS_SANGAT_EFEKTIF,
               BATAS_EFEKTIF, BATAS_CUKUP_EFEKTIF, BATAS_KURANG_EFEKTIF,
               PERTUMBUHAN_PENDAPATAN, PERTUMBUHAN_BELANJA_OPERASI],
    "fakta_rows": len(FAKTA),
}))
""",
    "m08_pinjaman_daerah": """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "angsuran_contoh": float(angsuran_tahunan(100_000_000_000, 7, 3)),
    "angsuran_usulan": float(angsuran_tahunan(usulan["pokok"], usulan["bunga_persen"], usulan["tenor_tahun"])),
    "total_bunga": float(total_bunga_usulan),
    "pembilang_lama": float(pembilang_lama), "pembilang_baru": float(pembilang_baru),
    "kewajiban_lain": float(kewajiban_lain), "kewajiban": float(kewajiban_tahun_pertama),
    "dscr_lama": float(dscr_lama), "dscr_baru": float(dscr_baru),
    "bebas": float(pendapatan_bebas), "batas_75": float(batas_75), "lolos_75": bool(lolos_75),
    "syarat": lolos_syarat(dscr_baru, berjalan["sisa_pokok"] + usulan["pokok"], pendapatan_bebas, pinjaman["tunggakan"]),
    "maks": float(pinjaman_maksimum_usulan),
    "maks_pendek": float(pinjaman_maksimum(pembilang_baru, kewajiban_lain, pendapatan_bebas, berjalan["sisa_pokok"], 9, 3)),
    "params": [BATAS_DSCR, BATAS_PINJAMAN_PERSEN, BATAS_DEFISIT_PERSEN],
    "fakta_rows": len(FAKTA),
}))
""",
    "m09_pima_investasi": """
import json as _json
print("@@FAKTA@@" + _json.dumps({
    "tiga": tiga_kesenjangan_terbesar,
    "rata": {t: [float(r["desain"]), float(r["efektivitas"])] for t, r in rata_tahap.iterrows()},
    "npv_p1": float(kelayakan.loc["P1", "npv"]), "irr_p5": float(kelayakan.loc["P5", "irr"]),
    "layak": int(kelayakan["layak"].sum()),
    "skor_p1": float(skor.loc["P1", "skor_total"]), "peringkat": peringkat,
    "mulai": {k: int(v) for k, v in tahun_mulai.items()}, "ditunda": proyek_ditunda,
    "sisa": float(sum(sisa_pagu.values())), "kurva2": float(kumulatif_persen.iloc[1]),
    "contoh_npv": float(npv([-100, 60, 60], 10)), "contoh_irr": float(irr([-100, 60, 60])),
    "params": [TINGKAT_DISKONTO, BOBOT],
    "fakta_rows": len(FAKTA),
}))
""",
}


def _compare_m08(v, f, h):
    assert rupiah(v["angsuran_contoh"]) == f["contoh_angsuran"]
    assert rupiah(v["angsuran_usulan"]) == f["usulan_angsuran"]
    assert rupiah_singkat(v["total_bunga"]) == f["usulan_total_bunga"]
    assert rupiah_singkat(v["pembilang_lama"]) == f["pembilang_lama"]
    assert rupiah_singkat(v["pembilang_baru"]) == f["pembilang_baru"]
    assert rupiah_singkat(v["kewajiban_lain"], 2) == f["kewajiban_lain"]
    assert rupiah_singkat(v["kewajiban"], 2) == f["kewajiban_tahun_pertama"]
    assert angka(v["dscr_lama"], 2) == f["dscr_lama"] and angka(v["dscr_baru"], 2) == f["dscr_baru"]
    assert rupiah_singkat(v["bebas"]) == f["pendapatan_bebas"]
    assert rupiah_singkat(v["batas_75"]) == f["batas_75_rp"]
    assert v["lolos_75"] is True and v["syarat"] == "memenuhi"
    assert rupiah_singkat(v["maks"]) == f["maks_usulan"]
    assert rupiah_singkat(v["maks_pendek"]) == f["maks_pendek"]
    assert v["params"] == [h.BATAS_DSCR, h.BATAS_PINJAMAN_PERSEN, h.BATAS_DEFISIT_PERSEN]
    assert v["fakta_rows"] == len(f)


def _compare_m09(v, f, h):
    names = {str(i): n for i, n in zip(*[__import__("pandas").read_csv(
        REPO / module("m09_pima_investasi").dataset / "pima.csv")[c] for c in ("no", "lembaga")])}
    assert v["tiga"] == [names[f[f"kesenjangan_no_{i}"]] for i in (1, 2, 3)]
    for tahap, (d, e) in v["rata"].items():
        assert angka(d, 1) == f[f"rata_desain_{tahap}"] and angka(e, 1) == f[f"rata_efektivitas_{tahap}"]
    assert rupiah_singkat(v["npv_p1"]) == f["npv_P1"] and persen(v["irr_p5"]) == f["irr_P5"]
    assert str(v["layak"]) == f["jumlah_layak"]
    assert angka(v["skor_p1"], 1) == f["skor_P1"]
    assert [f[f"peringkat_{p}"] for p in v["peringkat"]] == [str(i) for i in range(1, len(v["peringkat"]) + 1)]
    assert {p: str(t) for p, t in v["mulai"].items()} == {k[6:]: t for k, t in f.items() if k.startswith("mulai_")}
    assert str(len(v["ditunda"])) == f["jumlah_ditunda"]
    assert rupiah_singkat(v["sisa"]) == f["sisa_pagu_total"]
    assert persen(v["kurva2"], 1) == f["kurva_s_tahun2"]
    assert angka(v["contoh_npv"], 2) == f["contoh_npv"] and persen(v["contoh_irr"]) == f["contoh_irr"]
    assert v["params"] == [h.TINGKAT_DISKONTO, h.BOBOT]
    assert v["fakta_rows"] == len(f)


def _compare_m07(v, f, h):
    assert rupiah_singkat(v["pendapatan"]) == f["pendapatan_contoh"]
    assert rupiah_singkat(v["belanja"]) == f["belanja_contoh"]
    assert rupiah_singkat(v["surplus"]) == f["surplus_contoh"]
    assert rupiah_singkat(v["silpa"]) == f["silpa_akhir_contoh"]
    assert persen(v["kemandirian"]) == f["kemandirian_contoh"]
    assert persen(v["kemandirian_2023"]) == f["kemandirian_pinjaman_tahun"]
    assert persen(v["ddf"]) == f["ddf_contoh"]
    assert persen(v["pegawai"]) == f["pegawai_contoh"]
    assert persen(v["pegawai_bruto"]) == f["pegawai_bruto_contoh"]
    assert persen(v["infrastruktur"]) == f["infrastruktur_contoh"]
    assert persen(v["pendidikan_2021"]) == f["pendidikan_latihan"]
    assert rupiah_singkat(v["surplus_operasional"]) == f["surplus_operasional_contoh"]
    assert rupiah_singkat(v["ruang"]) == f["ruang_investasi_lima_tahun"]
    assert rupiah_singkat(v["ruang_awal"]) == f["ruang_investasi_awal"]
    assert persen(v["efisiensi"]) == f["efisiensi_latihan"]
    assert persen(v["serapan"]) == f["serapan_latihan"]
    assert rupiah_singkat(v["pesimis"]) == f["ruang_investasi_pesimis"]
    assert v["kategori"][-1] == "sangat efektif" and v["kategori"][0] == "efektif"
    assert v["params"] == [h.BATAS_PEGAWAI, h.BATAS_INFRASTRUKTUR, h.BATAS_PENDIDIKAN,
                           h.BATAS_SANGAT_EFEKTIF, h.BATAS_EFEKTIF, h.BATAS_CUKUP_EFEKTIF,
                           h.BATAS_KURANG_EFEKTIF, h.PERTUMBUHAN_PENDAPATAN,
                           h.PERTUMBUHAN_BELANJA_OPERASI]
    assert v["fakta_rows"] == len(f)


COMPARE = {"m07_keuangan_daerah": _compare_m07, "m08_pinjaman_daerah": _compare_m08,
           "m09_pima_investasi": _compare_m09}


@pytest.fixture(scope="module", params=IDS)
def executed(request):
    """A lesson run top to bottom (cwd course/), then every worked answer, then its dump."""
    from nbclient import NotebookClient

    mid = request.param
    nb = lesson(mid)
    first_extra = len(nb.cells)
    for label, code in pelajaran.worked_answers(nb):
        cell = nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n" + code)
        cell.metadata["jawaban"] = label
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell(DUMPS[mid]))
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO / "course")}})
    client.execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return mid, nb, first_extra, json.loads(out.split("@@FAKTA@@", 1)[1])


@pytest.mark.slow
def test_lesson_runs_top_to_bottom_without_errors_or_warnings(executed):
    """Does the lesson run from the first cell to the last with no error and nothing on stderr,
    and does every worked answer run after it?"""
    mid, nb, first_extra, _ = executed
    bad = [(i, o.output_type, o.get("name")) for i, cell in enumerate(nb.cells[:first_extra])
           if cell.cell_type == "code" for o in cell.outputs
           if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert not bad, bad
    answers = nb.cells[first_extra:-1]
    assert len(answers) >= 5
    failed = [c.metadata["jawaban"] for c in answers if any(o.output_type == "error" for o in c.outputs)]
    assert not failed, failed


@pytest.mark.slow
def test_the_lessons_own_figures_equal_fakta(executed):
    """Do the figures the lesson's code computes equal FAKTA (and so the prose)?"""
    mid, _, _, values = executed
    COMPARE[mid](values, fakta(mid), helper(mid))


@pytest.mark.parametrize("mid", IDS)
def test_no_copyable_cell_needs_the_lessons_display_helper(mid):
    """Does no lesson cell that makes a name the exercise expects also call the lesson's display
    helper (``bantu.``)? Copied whole into the exercise, such a cell stops with a NameError."""
    import sys

    sys.path.insert(0, str(REPO / "tests" / "harness"))
    import harness_support as hs

    expected = hs.expected_vocabulary(pelajaran.read(REPO / "solutions" / mid / f"{mid}.ipynb"))
    names = set(expected["variabel"]) | set(expected["fungsi"])
    bad = [i for i, src in pelajaran.code_cells(lesson(mid))
           if "bantu." in src and hs.modified_names(src) & names]
    assert not bad, f"sel {bad} membuat nama latihan dan memanggil bantu."


# Count statements built from FAKTA: small counts such as "2" or "3" also occur as other FAKTA
# figures, so the figure check alone cannot tell "2 tahun defisit" from "3 tahun defisit".
COUNT_PHRASES = {
    "m07_keuangan_daerah": ["ada {jumlah_tahun_defisit} tahun defisit",
                            "Pada {jumlah_tahun_beda_skala} dari {jumlah_tahun} tahun kedua skala",
                            "memenuhi pada {jumlah_tahun_pegawai_lolos} tahun terakhir, sejak "
                            "{tahun_pegawai_lolos_pertama}",
                            "Ada {jumlah_akun} akun per tahun, untuk {jumlah_tahun} tahun"],
    "m08_pinjaman_daerah": ["dilengkapi {lampiran_pp38} dokumen",
                            "tenor paling lama {tenor_dalam_masa_jabatan} tahun"],
    "m09_pima_investasi": ["Hanya {jumlah_tanpa_kesenjangan} lembaga yang tanpa kesenjangan",
                           "memuat {jumlah_proyek} proyek kandidat",
                           "{jumlah_layak} dari {jumlah_proyek} proyek layak",
                           "hanya {jumlah_layak_12} proyek yang layak; dengan {tingkat_6}, tetap "
                           "{jumlah_layak_6}"],
}


@pytest.mark.parametrize("mid", IDS)
def test_count_statements_use_their_own_figures(mid):
    """Does the prose state each count with the FAKTA row that counts it, and would a count
    written with another number be caught?"""
    values = fakta(mid)
    text = " ".join(" ".join(src.split()) for _, src in prose_cells(lesson(mid)))
    phrases = [p.format(**values) for p in COUNT_PHRASES[mid]]
    missing = [p for p in phrases if p not in text]
    assert not missing, missing
    first = phrases[0]
    digit = next(ch for ch in first if ch.isdigit())
    stale = first.replace(digit, str((int(digit) + 1) % 10), 1)
    assert stale not in text, stale
