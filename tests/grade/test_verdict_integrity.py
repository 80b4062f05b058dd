"""Can participant code influence its own verdict? (issue: grading that participant code
cannot influence)

One sandboxed batch, graded with the tamper scan's withholding switched OFF
(``c.Bimtek.tahan_kode_mencurigakan = False``), so that what holds here holds by the design
alone: hidden checks run in the grader on exported data, never in the kernel. Every attack
is compared with the same submission without the attack (its baseline): it must score no
more, per question, and the batch must finish.

Classes: cell metadata that changes execution; code that changes how later cells run;
rebinding names the checks use; objects that lie; the environment under the checks; hidden
checks leaking into outputs; submissions that stop the batch; duplicate grade ids; forged
exports.
"""
from __future__ import annotations

import os
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from grader import statuses
from grader.course import open_course
from grader.grade import checks, grade
from grader.simulate.notebooks import fill, solution_answers, write
from nbgrader.api import Gradebook

from hostile_support import ASSIGNMENT, NOTEBOOK, gradebook_scores

pytestmark = pytest.mark.slow

WRONG1 = ('total_rab = rab["jumlah_harga"].sum()\n'
          'rab["bobot"] = (rab["jumlah_harga"] / total_rab * 100).to_numpy()[::-1]\n')

# Hooks that make every later cell (the check cells included) do nothing, or something else.
NO_OP_TRANSFORMER = (
    "ip = __import__('IPyth' + 'on').get_ipython()\n"
    "ip.input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n")
NO_OP_RUN_CELL = (
    "k = __import__('IPyth' + 'on').core.interactiveshell.InteractiveShell\n"
    "asli = k.run_cell\n"
    "k.run_cell = lambda self, raw_cell, *a, **kw: asli(self, 'None', *a, **kw)\n")
PICKLED_HOOK = (
    "import pickle as acar\n"
    "muat = getattr(acar, 'lo' + 'ads')\n"
    "# a deserialiser reached by positional arguments and a bytes literal: it runs exec()\n"
    "muat(b\"cbuiltins\\nexec\\n(V__import__('IPython').get_ipython().input_transformers_cleanup"
    ".append(lambda l: ['pass\\\\n'])\\ntR.\")\n")
FORGED_EXPORT = (
    "from IPython.display import display as tampil\n"
    "import bimtek_peserta.ekspor as e\n"
    "def palsu(spesifikasi):\n"
    "    nilai = {n: {'jenis': 'angka', 'nilai': 1.0} for n in spesifikasi.get('nilai', [])}\n"
    "    panggilan = {f: [{'masukan': a, 'keluaran': {'jenis': 'teks', 'nilai': 'kritis'}}\n"
    "                     for a in daftar] for f, daftar in spesifikasi.get('panggilan', {}).items()}\n"
    "    tampil({e.MIME: {'nilai': nilai, 'panggilan': panggilan}}, raw=True)\n"
    "e.kirim = palsu\n")
SILENT_SELF_CHECKS = (
    "import bimtek_peserta.cek as c\n"
    "for nama in ['benar', 'dekat', 'kolom', 'angka', 'teks', 'tabel', 'sumbu', 'fungsi', 'ada']:\n"
    "    setattr(c, nama, lambda *a, **k: 0)\n")
# Rebinding through syntax a scanner may not model: match/case, walrus, for, with, import as.
REBIND = (
    "class Semua:\n"
    "    def allclose(self, *a, **k):\n        return True\n"
    "    def __getattr__(self, name):\n        return getattr(__import__('numpy'), name)\n"
    "match Semua():\n    case np:\n        pass\n"
    "[(abs := lambda x: 0)]\n"
    "for harus in [lambda *a, **k: None]:\n    pass\n"
    "from operator import truth as bool\n")
# Objects that lie: equal to everything, a number that is not one, text that is not text.
LIAR = (
    "class Pembohong(float):\n"
    "    def __eq__(self, o): return True\n"
    "    def __sub__(self, o): return 0.0\n"
    "    def __rsub__(self, o): return 0.0\n"
    "    def __lt__(self, o): return True\n"
    "    def __gt__(self, o): return True\n"
    "    def __abs__(self): return 0.0\n"
    "Dinamis = type('Dinamis', (), {'__eq__': lambda s, o: True, '__float__': lambda s: 0.0,\n"
    "                                '__ne__': lambda s, o: False})\n"
    "total_rab = Pembohong(1.0)\n"
    "rab['bobot'] = 100 / len(rab)\n")
LIAR_FUNCTION = (
    "class Teks(str):\n"
    "    def __eq__(self, o): return True\n"
    "    def strip(self): return self\n"
    "    def lower(self): return self\n"
    "def status_kontrak(rencana_kumulatif, realisasi_kumulatif):\n"
    "    return Teks('entah')\n"
    "status_laporan = Teks('entah')\n")
# The environment: fake data where the checks used to read it, reached through an alias.
FAKE_DATA = (
    "total_rab = 1000\n"
    "rab['bobot'] = 100 / len(rab)\n"
    "q = __import__('pos' + 'ix')\n"
    "q.mkdir('/tmp/data')\n"
    "with open('/tmp/data/rab.csv', 'w') as f:\n"
    "    f.write('no,uraian,jumlah_harga\\n' + ''.join(f'{n},x,{1000 / len(rab)}\\n' for n in rab['no']))\n"
    "q.chdir('/tmp')\n")
FAKE_DATA_BASELINE = "total_rab = 1000\nrab['bobot'] = 100 / len(rab)\n"
# Printing the kernel's memory of what it ran (the hidden checks used to be there).
HISTORY_LEAK = (
    "ip = __import__('IPyth' + 'on').get_ipython()\n"
    "print('\\n'.join(ip.user_ns.get('In', [])))\n"
    "print('\\n'.join(str(x) for x in ip.history_manager.input_hist_raw))\n")


def _cells(nb, grade_id):
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]


def _check_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"
            and c.metadata.get("nbgrader", {}).get("grade")
            and not c.metadata.get("nbgrader", {}).get("solution")]


def build(root):
    """Write the batch; return {attack id: baseline id}."""
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    answers = solution_answers(source)
    submitted = root / "submitted"
    made, pairs = {}, {}

    def add(name, nb, baseline):
        made[name] = nb
        if baseline:
            pairs[name] = baseline

    add("b_kosong", fill(release, {}), None)
    add("b_salah1", fill(release, {**answers, "jawab_soal1": WRONG1}), None)
    add("b_data_palsu", fill(release, {"jawab_soal1": FAKE_DATA_BASELINE}), None)
    add("b_solusi", fill(release, answers), None)

    # 1. metadata that changes execution
    nb = fill(release, {})
    for cell in _check_cells(nb):
        cell.metadata["tags"] = ["skip-execution"]
    add("m1_lewati_uji", nb, "b_kosong")
    nb = fill(release, {})
    for cell in _check_cells(nb):
        cell.metadata["tags"] = ["raises-exception"]
        cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01"}
        cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata["tags"] = ["skip-execution"]
    add("m2_tag_lain", nb, "b_kosong")
    # 2. code that changes how later cells run
    add("h1_transformer", fill(release, {"jawab_soal1": NO_OP_TRANSFORMER}), "b_kosong")
    add("h2_run_cell", fill(release, {"jawab_soal1": NO_OP_RUN_CELL}), "b_kosong")
    add("h3_pickle", fill(release, {"jawab_soal1": PICKLED_HOOK}), "b_kosong")
    add("h4_ekspor_palsu", fill(release, {"jawab_soal1": FORGED_EXPORT}), "b_kosong")
    add("h5_cek_dibungkam", fill(release, {"jawab_soal1": SILENT_SELF_CHECKS}), "b_kosong")
    # 3. rebinding names the checks use
    add("r1_match_walrus", fill(release, {**answers, "jawab_soal1": WRONG1 + REBIND}), "b_salah1")
    # 4. objects that lie
    add("o1_angka_bohong", fill(release, {"jawab_soal1": LIAR}), "b_kosong")
    add("o2_teks_bohong", fill(release, {"jawab_soal4": LIAR_FUNCTION}), "b_kosong")
    # 5. the environment under the checks
    add("e1_data_palsu", fill(release, {"jawab_soal1": FAKE_DATA}), "b_data_palsu")
    # 6. hidden checks leaking (scored as the solution; the test looks at the outputs)
    nb = fill(release, answers)
    nb.cells.append(new_code_cell(HISTORY_LEAK))
    add("l1_riwayat", nb, "b_solusi")
    # 7. submissions that used to stop the batch
    add("x1_sangat_bersarang", fill(release, {"jawab_soal1": "x = " + "(" * 3000 + "1" + ")" * 3000
                                              + "\ny = 1" + " + 1" * 100_000 + "\n"}), "b_kosong")
    add("x2_regex", fill(release, {"jawab_soal1": ("a" * 50_000 + " ") * 4 + "\n"}), "b_kosong")
    # 9. duplicate grade ids: a second copy of a check cell
    nb = fill(release, {})
    copy = nbformat.from_dict(dict(_cells(nb, "uji_soal1_total")[0]))
    copy.source = "print('Pemeriksaan yang terlihat lulus (soal 1a).')"
    nb.cells.insert(nb.cells.index(_cells(nb, "uji_soal1_total")[0]) + 1, copy)
    add("d1_grade_id_ganda", nb, "b_kosong")

    for name, nb in made.items():
        write(nb, submitted / name / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    # 7b. a file name that is not valid UTF-8, beside a complete solution
    bad = submitted / "x3_nama_bukan_utf8" / ASSIGNMENT
    write(fill(release, answers), bad / f"{NOTEBOOK}.ipynb")
    with open(os.path.join(os.fsencode(bad), b"catatan-\xff\xfe.txt"), "wb") as handle:
        handle.write(b"x")
    return sorted([*made, "x3_nama_bukan_utf8"]), pairs


@pytest.fixture(scope="module")
def batch(event_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("verdict") / "kegiatan"
    shutil.copytree(event_template, root)
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Bimtek.tahan_kode_mencurigakan = False\n")
    students, pairs = build(root)
    course = open_course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        for student in students:
            gb.update_or_create_student(student, first_name=student)
    run = grade(course=course, assignment=ASSIGNMENT, timeout=10, progress=False)
    scores = gradebook_scores(course, students)
    for r in run.results:
        marks = scores.get(r.student_id, {}).get("soal", {})
        print(f"  {r.student_id:<22} {r.status:<22} {r.score:>4g} "
              f"{' '.join(f'{marks[q]:g}' for q in sorted(marks)):<14} {r.reason[:90]}")
    return {"run": run, "course": course, "root": root, "scores": scores, "pairs": pairs,
            "results": {r.student_id: r for r in run.results}}


def test_batch_finished_with_a_status_for_everyone(batch):
    """Does every submission get a status, with the sandbox on, however hostile it is?"""
    run = batch["run"]
    assert run.sandboxed
    assert {r.status for r in run.results} <= set(statuses.LABELS)
    assert len(run.results) == len(batch["results"])


def test_baselines_score_as_intended(batch):
    """Do the baselines get what the attacks are compared with?"""
    soal = lambda sid: batch["scores"][sid]["soal"]  # noqa: E731
    maxima = batch["scores"]["b_solusi"]["max"]
    assert soal("b_solusi") == maxima
    assert sum(soal("b_kosong").values()) == 0
    assert soal("b_salah1")[1] == 1 and {q: v for q, v in soal("b_salah1").items() if q != 1} == \
        {q: v for q, v in maxima.items() if q != 1}
    assert batch["results"]["b_kosong"].status == statuses.TIDAK_DIKERJAKAN


ATTACKS = ["m1_lewati_uji", "m2_tag_lain", "h1_transformer", "h2_run_cell", "h3_pickle",
           "h4_ekspor_palsu", "h5_cek_dibungkam", "r1_match_walrus", "o1_angka_bohong",
           "o2_teks_bohong", "e1_data_palsu", "l1_riwayat", "x1_sangat_bersarang", "x2_regex",
           "d1_grade_id_ganda"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_scores_no_more_than_without_it(batch, attack):
    """Does the attack score, per question, no more than the same submission without it?"""
    baseline = batch["pairs"][attack]
    got = batch["scores"].get(attack, {}).get("soal", {})
    want = batch["scores"][baseline]["soal"]
    assert all(got.get(q, 0) <= want.get(q, 0) for q in set(got) | set(want)), (got, want)
    assert batch["results"][attack].score <= batch["results"][baseline].score


def _hidden_lines(root) -> set[str]:
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    lines = set()
    for cell in _check_cells(source):
        hidden = checks.split(cell.source)[1]
        lines |= {line.strip() for line in hidden.splitlines() if len(line.strip()) > 15}
    return lines


def test_no_hidden_check_reaches_any_autograded_notebook(batch):
    """Is no line of a hidden check in any autograded notebook, not even one that printed the
    kernel's input history?"""
    hidden = _hidden_lines(batch["root"])
    assert hidden
    leak = batch["root"] / "autograded" / "l1_riwayat" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert "total_rab" in leak.read_text(encoding="utf-8")  # the history was printed
    for path in (batch["root"] / "autograded").rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        found = [line for line in hidden if line in text]
        assert not found, (path, found[:3])


def test_check_cells_show_only_grader_messages(batch):
    """Does every check cell of every autograded notebook carry only the grader's verdict?"""
    for path in (batch["root"] / "autograded").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in _check_cells(nb):
            verdict = cell.metadata.get("bimtek")
            assert verdict is not None, (path, cell.metadata.nbgrader.grade_id)
            assert len(cell.outputs) == 1
            output = cell.outputs[0]
            if verdict["lulus"]:
                assert output.output_type == "stream"
            else:
                assert output.output_type == "error" and output.ename == "BelumTepat"
                assert "Traceback" not in output.evalue and "Error" not in output.evalue


def test_skipped_check_cells_count_as_failed(batch):
    """Is a check cell that a tag kept from running failed, with the reason 'did not run'?"""
    path = batch["root"] / "autograded" / "m1_lewati_uji" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert all(not c.metadata["bimtek"]["lulus"] for c in _check_cells(nb))
    assert all("tags" not in c.metadata for c in nb.cells)


def test_file_name_not_utf8_is_refused_with_reason(batch):
    """Is a submission with a file name that is not UTF-8 refused with a reason, not a crash?"""
    result = batch["results"]["x3_nama_bukan_utf8"]
    assert result.status == statuses.BERKAS_RUSAK
    assert "UTF-8" in result.reason


def test_duplicate_grade_id_is_not_counted_twice(batch):
    """Does a copied check cell (same grade id) earn nothing and get a readable status?"""
    result = batch["results"]["d1_grade_id_ganda"]
    assert result.score == 0
    assert result.status in (statuses.TIDAK_DIKERJAKAN, statuses.BERKAS_RUSAK, statuses.DINILAI)
    assert "Traceback" not in result.reason
