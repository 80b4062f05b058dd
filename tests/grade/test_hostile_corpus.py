"""Can a broken or hostile submission crash the grader, read what it must not, or raise its score?

One batch of submissions is graded once, in a sandboxed event (c.Bimtek.kotak_pasir =
'wajib'). Each submission is the solution with ONE answer cell replaced by hostile code,
unless the kind is about the file itself. Attacks on question 1 start from a wrong answer
(WRONG1, worth 1 of 3 points, see the control "k_salah1") and correct it only if the
attack succeeds, so an attack that works shows as a higher score. Where the cell can, it
prints what it saw ("BUKTI: ..."), and the tests read that back from the autograded notebook.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell
from nbgrader.api import Gradebook

from grader import status_store, statuses
from grader.course import open_course
from grader.grade import grade, tamper
from grader.simulate import m11_kurva_s as m11
from grader.simulate.notebooks import apply, corrupt, fill, solution_answers, write

from hostile_support import (ASSIGNMENT, NOTEBOOK, TrapServer, autograded_notebook, cell_texts,
                       gradebook_scores, sandbox_processes, seed_stale_scores)

REPO = Path(__file__).resolve().parents[2]
SOLUTION_IN_REPO = REPO / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
CANARY = "BIMTEK_RAHASIA_UJI"  # an environment variable of the grader the code must not see
CANARY_VALUE = "rahasia-" + uuid.uuid4().hex[:8]

# Question 1 answered wrongly: every bobot is moved to another row (the total stays 100%),
# so only the hidden per-row check fails: 1 of 3 points.
WRONG1 = ('total_rab = rab["jumlah_harga"].sum()\n'
          'rab["bobot"] = (rab["jumlah_harga"] / total_rab * 100).to_numpy()[::-1]\n')
FIX1 = 'rab["bobot"] = rab["jumlah_harga"] / total_rab * 100\n'


def attack_q1(attempts: str) -> str:
    """Answer cell 1: WRONG1, corrected if any attempt sets ``berhasil``; prints the evidence."""
    return (WRONG1 + "bukti = []\nberhasil = False\n" + attempts
            + "if berhasil:\n    " + FIX1 + 'print("BUKTI:", bukti)\n')


def read_attempt(path: str, success_if: str = "True") -> str:
    """Try to read ``path``; success (an attack that worked) if ``success_if`` holds on ``isi``."""
    return (f"try:\n    isi = open({path!r}, 'rb').read()\n"
            f"    bukti.append('TERBACA ' + {path!r} + ' ' + str(len(isi)))\n"
            f"    if {success_if}:\n        berhasil = True\n"
            f"except Exception as e:\n    bukti.append('GAGAL ' + {path!r} + ' ' + repr(e))\n")


def write_attempt(path: str) -> str:
    """Try to write ``path`` (whether it reached the grader's disk is checked from outside)."""
    return (f"try:\n    with open({path!r}, 'w') as berkas:\n        berkas.write('bocor')\n"
            f"    bukti.append('DITULIS ' + {path!r})\n"
            f"except Exception as e:\n    bukti.append('GAGAL ' + {path!r} + ' ' + repr(e))\n")


MONKEYPATCH = WRONG1 + (
    "np.allclose = lambda *a, **k: True\n"
    "pd.Series.sum = lambda self, *a, **k: 100.0\n"
    "import builtins\n"
    "builtins.abs = lambda x: 0\n")

# A fake numpy placed next to the notebook: if it were imported, allclose always agrees.
FAKE_NUMPY = '''import sys
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
del sys.modules["numpy"]
import numpy
numpy.allclose = lambda *a, **k: True
'''
# A fake kernel launcher: python -m ipykernel_launcher would run it if the folder were on
# sys.path when the kernel starts.
FAKE_LAUNCHER = '''import sys, runpy
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
import numpy
numpy.allclose = lambda *a, **k: True
del sys.modules["ipykernel_launcher"]
runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
'''
CPU_THREAD = '''from concurrent.futures import ThreadPoolExecutor
def bakar():
    angka = 0
    while True:
        angka += 1
ThreadPoolExecutor(2).submit(bakar)
ThreadPoolExecutor(2).submit(bakar)
'''
CLOSE_FDS = '''for nomor in range(3, 256):
    try:
        open(nomor, "rb", closefd=True).close()
    except Exception:
        pass
print("masih hidup")
'''
MEMORY_BOMB = '''try:
    x = bytearray(4 * 1024**3)
    print("BUKTI: 4 GB teralokasi")
except MemoryError:
    print("BUKTI: MemoryError 4 GB")
y = []
while True:
    y.append(bytearray(10 * 1024**2))
'''
FORK_BOMB = '''import os
anak = 0
try:
    while True:
        if os.fork() == 0:
            while True:
                pass
        anak += 1
except OSError as e:
    print("BUKTI: fork berhenti setelah", anak, repr(e))
'''
SPAWN = '''import subprocess
proses = []
try:
    for i in range(2000):
        proses.append(subprocess.Popen(["sleep", "60"]))
except OSError as e:
    print("BUKTI: berhenti setelah", len(proses), "proses", repr(e))
'''
FLOOD = "for i in range(10**7):\n    print(i)\n"
FLOOD_IN_TEST = '''def status_kontrak(rencana_kumulatif, realisasi_kumulatif):
    print("x" * 250_000)
    return "salah"


status_laporan = "salah"
'''
FILL_DISK = '''jumlah = 0
try:
    for i in range(20):
        with open(f"isi{i}.bin", "wb") as berkas:
            berkas.write(bytes(50 * 1024**2 - 1))
        jumlah += 1
except OSError as e:
    print("BUKTI: folder kerja penuh setelah", jumlah, repr(e))
jumlah = 0
try:
    for i in range(20):
        with open(f"/tmp/isi{i}.bin", "wb") as berkas:
            berkas.write(bytes(50 * 1024**2 - 1))
        jumlah += 1
except OSError as e:
    print("BUKTI: /tmp penuh setelah", jumlah, repr(e))
'''
# Question 6 answered with PV of one week only (1 of 4 points), then the data file the hidden
# tests read is rewritten so that the wrong PV looks right: 4 of 4 if the write worked.
REWRITE_DATA = m11.MISTAKES["soal6_pv_mingguan"]
REWRITE_TAIL = '''try:
    _r = rencana.copy()
    _r.loc[_r["minggu"] < MINGGU_LAPORAN, "rencana_persen"] = 0
    _r.to_csv("data/rencana_mingguan.csv", index=False)
    print("BUKTI: data ditulis ulang")
except Exception as e:
    print("BUKTI: GAGAL", repr(e))
'''
RUNTIME_WRITE = '''from ipykernel.kernelapp import IPKernelApp
import os
berkas_koneksi = IPKernelApp.instance().connection_file
folder = os.path.dirname(os.path.abspath(berkas_koneksi))
ditulis = []
for tempat in (folder, os.path.dirname(folder)):  # its own folder, and the one above it
    try:
        with open(tempat + "/isi.bin", "wb") as berkas:
            berkas.write(bytes(1000))
        ditulis.append(tempat)
    except Exception as e:
        alasan = repr(e)
print("BUKTI: DITULIS di " + ", ".join(ditulis) if ditulis else "BUKTI: GAGAL " + alasan)
'''
PROC_MEM = '''try:
    with open("/proc/self/mem", "r+b") as memori:
        print("BUKTI: /proc/self/mem TERBUKA untuk ditulis")
except Exception as e:
    print("BUKTI: GAGAL", repr(e))
'''
SHELL = "!cat /etc/passwd\n!id -u\n%env\n"


# --- building the batch ----------------------------------------------------------------

def _cells(nb, grade_id):
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]


def build(root: Path, server_port: int) -> dict:
    """Write every submission; return what the tests need to know about the batch."""
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    release_path = root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    release = nbformat.read(release_path, as_version=4)
    answers = solution_answers(source)
    submitted = root / "submitted"

    def folder(sid):
        return submitted / sid / ASSIGNMENT

    def notebook(sid):
        return folder(sid) / f"{NOTEBOOK}.ipynb"

    def answer(**replaced):
        return fill(release, {**answers, **replaced})

    gradebook = root / "gradebook.db"
    other = notebook("k_solusi")
    host_writes = [f"/tmp/bimtek-hostile-{uuid.uuid4().hex}.txt", str(root / "bocor-root.txt"),
                   "../../bocor-relatif.txt", "../../../bocor-relatif-root.txt",
                   str(REPO / f"bocor-{uuid.uuid4().hex[:8]}.txt")]
    notebooks = {
        # controls
        "k_solusi": answer(),
        "k_salah1": answer(jawab_soal1=WRONG1),
        "k_pv_mingguan": fill(release, apply(answers, [REWRITE_DATA])),
        # the process
        "s05_salah_ketik": answer(**{m11.SYNTAX_ERROR[0]: m11.SYNTAX_ERROR[1]}),
        "s06_loop": answer(**{m11.ENDLESS_LOOP[0]: m11.ENDLESS_LOOP[1]}),
        "s07_os_exit": answer(jawab_soal5="import os\nos._exit(1)\n"),
        "s07b_tutup_fd": answer(jawab_soal5=CLOSE_FDS),
        "s08_exit": answer(jawab_soal5="exit()\n"),
        "s08b_sys_exit": answer(jawab_soal5="import sys\nsys.exit(3)\n"),
        "s08c_systemexit": answer(jawab_soal5="raise SystemExit(1)\n"),
        "s09_memori": answer(jawab_soal5=MEMORY_BOMB),
        "s10_fork": answer(jawab_soal5=FORK_BOMB),
        "s10b_subprocess": answer(jawab_soal5=SPAWN),
        "s11_thread_cpu": answer(jawab_soal5=CPU_THREAD + answers["jawab_soal5"]),
        "s12_banjir": answer(jawab_soal5=FLOOD),
        "s12b_galat_raksasa": answer(jawab_soal5="raise ValueError('e' * 50_000_000)\n"),
        "s12c_banjir_dalam_uji": answer(jawab_soal4=FLOOD_IN_TEST),
        # the sandbox
        "s13_gradebook": answer(jawab_soal1=attack_q1(
            read_attempt("../../../gradebook.db") + read_attempt(str(gradebook)))),
        "s14_solusi": answer(jawab_soal1=attack_q1(
            read_attempt(str(SOLUTION_IN_REPO), "b'BEGIN SOLUTION' in isi")
            + read_attempt(str(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"),
                           "b'BEGIN SOLUTION' in isi"))),
        "s15_peserta_lain": answer(jawab_soal1=attack_q1(
            read_attempt(str(other), "b'jumlah_harga' in isi")
            + read_attempt(str(root / "autograded" / "k_solusi" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"),
                           "b'jumlah_harga' in isi"))),
        "s16_notebook_sendiri": answer(jawab_soal1=attack_q1(
            read_attempt(f"{NOTEBOOK}.ipynb", "b'HIDDEN' in isi or b'data_csv' in isi"))),
        "s17_jaringan": answer(jawab_soal1=attack_q1(
            "for alamat in ['http://127.0.0.1:%d/jawaban.csv', 'http://1.1.1.1/jawaban.csv']:\n"
            "    try:\n        hasil = pd.read_csv(alamat)\n"
            "        bukti.append('TERHUBUNG ' + alamat)\n        berhasil = True\n"
            "    except Exception as e:\n        bukti.append('GAGAL ' + alamat + ' ' + repr(e))\n"
            % server_port)),
        "s17b_socket": answer(jawab_soal1=attack_q1(
            "import socket\n"
            "for alamat in [('127.0.0.1', %d), ('1.1.1.1', 80)]:\n"
            "    try:\n        socket.create_connection(alamat, timeout=3).close()\n"
            "        bukti.append('TERHUBUNG ' + str(alamat))\n        berhasil = True\n"
            "    except Exception as e:\n        bukti.append('GAGAL ' + str(alamat) + ' ' + repr(e))\n"
            % server_port)),
        "s18_tulis_luar": answer(jawab_soal1=attack_q1("".join(map(write_attempt, host_writes)))),
        "s18b_isi_disk": answer(jawab_soal5=FILL_DISK),
        "s18c_ubah_data": fill(release, {**apply(answers, [REWRITE_DATA]),
                                         "jawab_soal6": apply(answers, [REWRITE_DATA])["jawab_soal6"]
                                         + "\n" + REWRITE_TAIL}),
        "s18d_folder_soket": answer(jawab_soal5=RUNTIME_WRITE),
        "s18e_proc_mem": answer(jawab_soal5=PROC_MEM),
        # tampering with the notebook
        "t21_monkeypatch": answer(jawab_soal1=MONKEYPATCH),
        "t21b_alias": answer(jawab_soal1=WRONG1 + "x = np\nx.allclose = lambda *a, **k: True\n"),
        "t21c_accessor": answer(jawab_soal1=WRONG1 + (
            'pd.api.extensions.register_series_accessor("to_numpy")'
            "(lambda s: (lambda: np.zeros(len(s))))\n")),
        "t22_transformer": answer(jawab_soal1=WRONG1 + (
            "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n")),
        "t23_obfuscated": answer(jawab_soal1=WRONG1 + (
            'setattr(getattr(__import__("num" + "py"), "lib"), "x", 1)\n'
            'setattr(__import__("num" + "py"), "allclose", lambda *a, **k: True)\n')),
        "t25_shell": answer(jawab_soal5=SHELL),
        "t25b_automagic": answer(jawab_soal3="cat /etc/hostname"),
    }
    t19 = answer(jawab_soal1=WRONG1)
    _cells(t19, "uji_soal1_bobot")[0].source = "pass"
    notebooks["t19_uji_diubah"] = t19
    t20a = answer(jawab_soal1=WRONG1)
    _cells(t20a, "uji_soal1_total")[0].metadata.nbgrader["points"] = 50
    notebooks["t20a_poin_dinaikkan"] = t20a
    t20b = answer(jawab_soal1=WRONG1)
    _cells(t20b, "uji_soal1_bobot")[0].metadata.nbgrader["grade_id"] = "uji_soal1_bobot_baru"
    notebooks["t20b_grade_id_diubah"] = t20b
    t20c = answer(jawab_soal1=WRONG1)
    index = t20c.cells.index(_cells(t20c, "uji_soal1_bobot")[0])
    t20c.cells[index] = new_markdown_cell(t20c.cells[index].source,
                                          metadata=t20c.cells[index].metadata)
    notebooks["t20c_jadi_markdown"] = t20c
    t20d = answer(jawab_soal1=WRONG1)
    t20d.cells.remove(_cells(t20d, "uji_soal1_bobot")[0])
    notebooks["t20d_uji_dihapus"] = t20d
    t20e = answer(jawab_soal1=WRONG1)
    _cells(t20e, "jawab_soal1")[0].metadata.nbgrader.update(grade=True, points=10)
    notebooks["t20e_jawaban_jadi_uji"] = t20e
    for sid, nb in notebooks.items():
        write(nb, notebook(sid))

    # files beside the notebook
    e26 = answer(jawab_soal1=WRONG1)
    write(e26, notebook("e26_numpy_palsu"))
    (folder("e26_numpy_palsu") / "numpy.py").write_text(FAKE_NUMPY)
    write(e26, notebook("e27_launcher_palsu"))
    (folder("e27_launcher_palsu") / "ipykernel_launcher.py").write_text(FAKE_LAUNCHER)
    write(answer(jawab_soal1=attack_q1(read_attempt("bocor.txt", "b'BEGIN SOLUTION' in isi"))),
          notebook("e28_symlink_bocor"))
    os.symlink(SOLUTION_IN_REPO, folder("e28_symlink_bocor") / "bocor.txt")
    folder("e29_symlink_notebook").mkdir(parents=True)
    os.symlink(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", notebook("e29_symlink_notebook"))

    # broken files
    corrupt(notebook("f01_terpotong"), release_path)
    folder("f02_kosong").mkdir(parents=True)
    notebook("f02_kosong").write_bytes(b"")
    folder("f03_bukan_notebook").mkdir(parents=True)
    notebook("f03_bukan_notebook").write_text(json.dumps({"nama": "Budi", "jawaban": [1, 2]}))
    folder("f03b_daftar").mkdir(parents=True)
    notebook("f03b_daftar").write_text("[1, 2, 3]")
    folder("f03c_sel_salah").mkdir(parents=True)
    notebook("f03c_sel_salah").write_text(json.dumps(
        {"cells": 5, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    folder("f04_tanpa_notebook").mkdir(parents=True)
    (folder("f04_tanpa_notebook") / "catatan.txt").write_text("notebook lupa diunggah")
    folder("f04b_biner").mkdir(parents=True)
    notebook("f04b_biner").write_bytes(bytes(range(256)) * 40)

    # a folder for somebody not on the roster
    write(answer(), notebook("zz_bukan_peserta"))
    students = sorted(p.name for p in submitted.iterdir() if p.name != "zz_bukan_peserta")
    return {"students": students, "host_writes": host_writes}


@pytest.fixture(scope="module")
def batch(event_template, tmp_path_factory):
    """Grade the whole hostile corpus once; return everything the tests look at."""
    root = tmp_path_factory.mktemp("hostile") / "kegiatan"
    shutil.copytree(event_template, root)
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Bimtek.kotak_pasir = 'wajib'\n")
    server = TrapServer()
    try:
        assert server.probe(), "the trap server must accept a connection from the grader's side"
        made = build(root, server.port)
        course = open_course(root)
        with Gradebook(course.db_url, course.course_id) as gb:
            for student in made["students"]:
                gb.update_or_create_student(student, first_name=student)
        for student in ("s07_os_exit", "s07b_tutup_fd", "s10_fork"):
            seed_stale_scores(course, student)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(CANARY, CANARY_VALUE)
            started = time.perf_counter()
            run = grade(course=course, assignment=ASSIGNMENT, timeout=5, progress=False)
            seconds = time.perf_counter() - started
        leftovers = sandbox_processes(root)
        for _ in range(20):  # kernels are shut down asynchronously: give them a moment
            if not leftovers:
                break
            time.sleep(0.5)
            leftovers = sandbox_processes(root)
        scores = gradebook_scores(course, made["students"])
        print(f"\nhostile corpus: {len(run.results)} submissions in {seconds:.0f} s "
              f"({run.workers} workers)")
        for r in run.results:  # shown with pytest -s: the table for the security report
            marks = scores.get(r.student_id, {}).get("soal", {})
            print(f"  {r.student_id:<24} {r.status:<22} {r.score:>4g} "
                  f"{' '.join(f'{marks[q]:g}' for q in sorted(marks)):<14} {r.seconds:5.1f}s  "
                  f"{r.reason[:110]}")
        yield {"run": run, "course": course, "root": root, "seconds": seconds,
               "scores": scores,
               "results": {r.student_id: r for r in run.results},
               "connections": list(server.connections), "leftovers": leftovers, **made}
    finally:
        server.close()
        for path in (REPO.glob("bocor-*.txt")):
            path.unlink()


def soal(batch, student) -> dict[int, float]:
    return batch["scores"][student]["soal"]


def full(batch) -> dict[int, float]:
    return batch["scores"]["k_solusi"]["max"]


def expect(batch, student, **changed) -> dict[int, float]:
    """Full marks per question, except ``q1=...`` etc."""
    marks = dict(full(batch))
    for key, value in changed.items():
        marks[int(key[1:])] = value
    return marks


def withheld(batch, student) -> bool:
    """Automatic score withheld: every automatic score 0, reason says so."""
    r = batch["results"][student]
    return (all(not a for a in batch["scores"][student]["auto"])
            and "nilai otomatis ditahan" in r.reason)


def out(batch, student, grade_id) -> str:
    return cell_texts(batch["course"], student).get(grade_id, "")


# --- the batch itself -------------------------------------------------------------------

def test_batch_is_sandboxed_complete_and_quick(batch):
    """Is every participant on the roster given a status, in the sandbox?"""
    run = batch["run"]
    assert run.sandboxed, run.sandbox_note
    assert sorted(batch["results"]) == batch["students"]


def test_controls_score_as_intended(batch):
    """Do the controls get the marks the attacks are compared with?"""
    assert sum(full(batch).values()) == 20
    assert soal(batch, "k_solusi") == full(batch)
    assert soal(batch, "k_salah1") == expect(batch, "k_salah1", q1=1)
    assert soal(batch, "k_pv_mingguan") == expect(batch, "k_pv_mingguan", q6=1)


def test_no_sandbox_process_outlives_the_batch(batch):
    """Are all kernels and every process they started gone after grading?"""
    assert batch["leftovers"] == []


# --- broken files (kinds 1-4) -----------------------------------------------------------

@pytest.mark.parametrize("student, words", [
    ("f01_terpotong", "JSON"),
    ("f02_kosong", "kosong"),
    ("f03_bukan_notebook", "bukan notebook"),
    ("f03b_daftar", "bukan notebook"),
    ("f03c_sel_salah", "format notebook"),
    ("f04_tanpa_notebook", "tidak ada"),
    ("f04b_biner", "UTF-8"),
])
def test_broken_file_is_reported_not_graded(batch, student, words):
    """Is a file that is not a usable notebook reported as berkas_rusak, with the reason, unscored?"""
    r = batch["results"][student]
    assert r.status == statuses.BERKAS_RUSAK
    assert words in r.reason
    assert student not in batch["scores"]  # never reached nbgrader


def test_notebook_that_is_a_folder_does_not_stop_the_batch(make_event):
    """Is a folder named like the notebook reported as berkas_rusak instead of crashing grading?"""
    root = make_event()
    course = open_course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        gb.update_or_create_student("folder", first_name="folder")
    (course.path("submitted", "folder", ASSIGNMENT) / f"{NOTEBOOK}.ipynb").mkdir(parents=True)
    run = grade(course=course, assignment=ASSIGNMENT, timeout=5, progress=False)
    assert run.results[0].status == statuses.BERKAS_RUSAK


def test_symlinked_notebook_is_not_graded_as_the_solution(batch):
    """Does a submitted notebook that is a symbolic link to the instructor's notebook earn nothing?"""
    r = batch["results"]["e29_symlink_notebook"]
    assert r.status == statuses.BERKAS_RUSAK, (r.status, r.reason, r.score)


# --- the process (kinds 5-12) -----------------------------------------------------------

def test_syntax_error_is_named_and_costs_its_question(batch):
    """Is a syntax error graded, named in the reason, and only its question lost?"""
    r = batch["results"]["s05_salah_ketik"]
    assert r.status == statuses.PERLU_PENILAIAN_MANUAL
    assert "SyntaxError" in r.reason and "jawab_soal2" in r.reason
    assert soal(batch, "s05_salah_ketik")[2] == 0
    assert soal(batch, "s05_salah_ketik")[1] == 3


def test_endless_loop_times_out(batch):
    """Is an endless loop stopped (waktu_habis) and the other questions still graded?"""
    r = batch["results"]["s06_loop"]
    assert r.status == statuses.WAKTU_HABIS and "jawab_soal5" in r.reason
    assert soal(batch, "s06_loop") == expect(batch, "s06_loop", q5=0)


@pytest.mark.parametrize("student", ["s07_os_exit", "s07b_tutup_fd"])
def test_kernel_suicide_is_kernel_mati_with_no_stale_score(batch, student):
    """Does killing the kernel give kernel_mati and 0, not the scores of an earlier run?"""
    r = batch["results"][student]
    assert r.status == statuses.KERNEL_MATI, (r.status, r.reason)
    assert all(not a for a in batch["scores"][student]["auto"]), batch["scores"][student]
    assert r.score == 0


def test_exit_ends_with_no_score(batch):
    """Does calling exit() early raise nothing: kernel_mati, or flagged with its score withheld?

    IPython's exit() asks the kernel to stop after the cell; whether the kernel is gone
    before the next cell is sent depends on timing, so both outcomes are correct as long
    as the submission gets no automatic points.
    """
    r = batch["results"]["s08_exit"]
    assert r.status in (statuses.KERNEL_MATI, statuses.PERLU_PENILAIAN_MANUAL), (r.status, r.reason)
    assert "exit(...)" in r.reason or r.status == statuses.KERNEL_MATI
    assert all(not a for a in batch["scores"]["s08_exit"]["auto"]), batch["scores"]["s08_exit"]
    assert r.score == 0


def test_sys_exit_is_an_error_not_a_way_out(batch):
    """Is sys.exit() just an error in its cell, with the score withheld for importing sys?"""
    r = batch["results"]["s08b_sys_exit"]
    assert r.status == statuses.PERLU_PENILAIAN_MANUAL and withheld(batch, "s08b_sys_exit")
    assert "import sys" in r.reason
    assert "SystemExit" in out(batch, "s08b_sys_exit", "jawab_soal5")


def test_raise_systemexit_costs_only_its_question(batch):
    """Is raise SystemExit an ordinary error that costs only its own question?"""
    assert batch["results"]["s08c_systemexit"].status == statuses.PERLU_PENILAIAN_MANUAL
    assert soal(batch, "s08c_systemexit") == expect(batch, "s08c_systemexit", q5=0)


def test_memory_bomb_is_limited(batch):
    """Does a 4 GB allocation and an ever-growing list hit the memory limit, not the grader?"""
    r = batch["results"]["s09_memori"]
    assert r.status in (statuses.PERLU_PENILAIAN_MANUAL, statuses.KERNEL_MATI), r.reason
    if r.status == statuses.PERLU_PENILAIAN_MANUAL:
        text = out(batch, "s09_memori", "jawab_soal5")
        assert "MemoryError 4 GB" in text and "MemoryError" in text.replace("MemoryError 4 GB", "")
        assert soal(batch, "s09_memori") == expect(batch, "s09_memori", q5=0)
    else:
        assert all(not a for a in batch["scores"]["s09_memori"]["auto"])


def test_fork_bomb_is_limited(batch):
    """Is a fork bomb stopped by the process limit, reported, and scored 0 (not stale)?"""
    r = batch["results"]["s10_fork"]
    assert r.status in (statuses.WAKTU_HABIS, statuses.KERNEL_MATI, statuses.PERLU_PENILAIAN_MANUAL), r
    assert all(not a for a in batch["scores"]["s10_fork"]["auto"])
    assert "import os" in r.reason


def test_process_spawning_is_limited(batch):
    """Can a cell start at most a few hundred processes (the sandbox user's limit)?"""
    text = out(batch, "s10b_subprocess", "jawab_soal5")
    assert "BUKTI: berhenti setelah" in text, text[:500]
    started = int(text.split("berhenti setelah")[1].split()[0])
    assert started < 300
    assert withheld(batch, "s10b_subprocess")


def test_cpu_burning_thread_does_not_stop_grading(batch):
    """Does a thread burning CPU past the time limit leave the notebook gradable and the batch finished?"""
    r = batch["results"]["s11_thread_cpu"]
    assert r.status in (statuses.PERLU_PENILAIAN_MANUAL, statuses.WAKTU_HABIS), r.reason
    if r.status == statuses.PERLU_PENILAIAN_MANUAL:
        assert soal(batch, "s11_thread_cpu") == full(batch)


def test_output_flood_is_capped(batch):
    """Is a flood of printed lines cut at the cap, the file small, and other questions graded?"""
    r = batch["results"]["s12_banjir"]
    assert r.status in (statuses.WAKTU_HABIS, statuses.PERLU_PENILAIAN_MANUAL)
    text = out(batch, "s12_banjir", "jawab_soal5")
    assert len(text) < 210_000
    assert autograded_notebook(batch["course"], "s12_banjir").stat().st_size < 2_000_000
    assert soal(batch, "s12_banjir") == expect(batch, "s12_banjir", q5=0)


def test_huge_error_message_is_capped(batch):
    """Is an exception carrying a 50 MB message shortened, so the notebook stays small?"""
    assert autograded_notebook(batch["course"], "s12b_galat_raksasa").stat().st_size < 2_000_000
    assert "ValueError" in out(batch, "s12b_galat_raksasa", "jawab_soal5")
    assert soal(batch, "s12b_galat_raksasa") == expect(batch, "s12b_galat_raksasa", q5=0)


def test_flood_inside_a_test_cannot_hide_its_failure(batch):
    """Does a function that prints a flood before a test fails still fail that test?"""
    assert soal(batch, "s12c_banjir_dalam_uji")[4] == 0
    assert "BelumTepat" in out(batch, "s12c_banjir_dalam_uji", "uji_soal4_awal")


# --- the sandbox (kinds 13-18) ----------------------------------------------------------

@pytest.mark.parametrize("student, errors", [
    ("s13_gradebook", 2),
    ("s14_solusi", 2),
    ("s15_peserta_lain", 2),
])
def test_files_outside_the_working_folder_cannot_be_read(batch, student, errors):
    """Does reading the gradebook, the solutions or another participant's file fail in the sandbox?"""
    text = out(batch, student, "jawab_soal1")
    assert text.count("GAGAL") == errors and "TERBACA" not in text, text
    assert "FileNotFoundError" in text or "PermissionError" in text
    assert soal(batch, student) == expect(batch, student, q1=1)
    assert batch["results"][student].status == statuses.PERLU_PENILAIAN_MANUAL


def test_own_notebook_file_shows_no_hidden_tests(batch):
    """Can the code read its own notebook on disk (with the restored hidden tests)? It must not."""
    text = out(batch, "s16_notebook_sendiri", "jawab_soal1")
    assert "BUKTI" in text and ("GAGAL" in text or "TERBACA m11_kurva_s.ipynb 0" in text), text
    assert soal(batch, "s16_notebook_sendiri") == expect(batch, "s16_notebook_sendiri", q1=1)


@pytest.mark.parametrize("student", ["s17_jaringan", "s17b_socket"])
def test_no_network(batch, student):
    """Does connecting to a server on the grader's loopback or to a public address fail?"""
    text = out(batch, student, "jawab_soal1")
    assert text.count("GAGAL") == 2 and "TERHUBUNG" not in text, text
    assert batch["connections"] == []
    if student == "s17_jaringan":  # no import: the score itself shows the attack failed
        assert soal(batch, student) == expect(batch, student, q1=1)
    else:
        assert withheld(batch, student) and "import socket" in batch["results"][student].reason


def test_writes_outside_the_working_folder_do_not_reach_the_disk(batch):
    """Do writes to /tmp, the event folder, ../../ and the repository stay off the grader's disk?"""
    root = batch["root"]
    workdir = root / "autograded" / "s18_tulis_luar" / ASSIGNMENT
    for target in batch["host_writes"]:
        path = (workdir / target).resolve() if not target.startswith("/") else Path(target)
        assert not path.exists(), f"{target} reached the grader's disk"
    text = out(batch, "s18_tulis_luar", "jawab_soal1")
    assert text.count("GAGAL") >= 4, text
    assert soal(batch, "s18_tulis_luar") == expect(batch, "s18_tulis_luar", q1=1)


def test_filling_the_disk_is_limited(batch):
    """Do the working folder and /tmp fill up at a small size, leaving the grader's disk alone?"""
    text = out(batch, "s18b_isi_disk", "jawab_soal5")
    assert "folder kerja penuh setelah" in text and "/tmp penuh setelah" in text, text
    for line in text.splitlines():
        if "penuh setelah" in line:
            assert int(line.split("penuh setelah")[1].split()[0]) < 10, line
    workdir = batch["root"] / "autograded" / "s18b_isi_disk" / ASSIGNMENT
    assert not list(workdir.glob("isi*.bin"))


def test_data_files_the_hidden_tests_read_cannot_be_changed(batch):
    """Can a wrong answer rewrite data/ so that the hidden tests agree with it? It must not."""
    text = out(batch, "s18c_ubah_data", "jawab_soal6")
    assert "BUKTI: GAGAL" in text, text
    assert soal(batch, "s18c_ubah_data") == soal(batch, "k_pv_mingguan")


def test_kernel_socket_folder_is_closed(batch):
    """Can the code write into the grader-side folder of the kernel's sockets? It must not."""
    assert "BUKTI: GAGAL" in out(batch, "s18d_folder_soket", "jawab_soal5")


def test_own_memory_cannot_be_written_through_proc(batch):
    """Can the code open /proc/self/mem for writing (to patch the interpreter)? It must not."""
    text = out(batch, "s18e_proc_mem", "jawab_soal5")
    assert "BUKTI: GAGAL" in text, text


def test_files_brought_along_are_not_imported(batch):
    """Does a numpy.py or ipykernel_launcher.py beside the notebook change nothing?"""
    assert soal(batch, "e26_numpy_palsu") == expect(batch, "e26_numpy_palsu", q1=1)
    assert soal(batch, "e27_launcher_palsu") == expect(batch, "e27_launcher_palsu", q1=1)


def test_symlink_beside_the_notebook_leaks_nothing(batch):
    """Does a symbolic link to the solutions, copied with the submission, stay unreadable?"""
    # A submission folder holding links is refused before anything runs.
    r = batch["results"]["e28_symlink_bocor"]
    assert r.status == statuses.BERKAS_RUSAK and "tautan" in r.reason, (r.status, r.reason)
    assert r.score == 0
    assert "TERBACA" not in out(batch, "e28_symlink_bocor", "jawab_soal1")


# --- tampering with the notebook (kinds 19-25) ------------------------------------------

@pytest.mark.parametrize("student", [
    "t19_uji_diubah", "t20a_poin_dinaikkan", "t20b_grade_id_diubah", "t20c_jadi_markdown",
    "t20d_uji_dihapus", "t20e_jawaban_jadi_uji"])
def test_edited_tests_and_metadata_raise_nothing(batch, student):
    """Does editing a test cell or its metadata (points, grade id, type, deletion) raise no score?

    nbgrader restores what it can; what it refuses must be reported with a reason that says
    the notebook's nbgrader cells were changed, and score 0.
    """
    r = batch["results"][student]
    scores = batch["scores"].get(student)
    if r.status in statuses.SCORED:
        assert scores["soal"].get(1, 0) <= 1, scores["soal"]
        assert scores["soal"] == expect(batch, student, q1=1)
        assert scores["max"] == full(batch)
        assert r.score <= 18
    else:
        assert r.status == statuses.BERKAS_RUSAK, (r.status, r.reason)
        assert "penanda nbgrader" in r.reason
        assert r.score == 0 and all(not a for a in (scores or {}).get("auto", []))


@pytest.mark.parametrize("student, named", [
    ("t21_monkeypatch", ["np.allclose", "pd.Series.sum", "import builtins"]),
    ("t21b_alias", ["x.allclose"]),
    ("t21c_accessor", ["register_series_accessor"]),
    ("t22_transformer", ["get_ipython"]),
    ("t23_obfuscated", ["getattr", "__import__", "setattr"]),
    ("t25_shell", ["magic"]),
    ("t25b_automagic", ["cat"]),
])
def test_code_that_could_change_its_grading_is_withheld(batch, student, named):
    """Is the automatic score withheld (0) and the submission sent to manual grading, naming why?"""
    r = batch["results"][student]
    # a patched library may also make a later cell overrun its limit (waktu_habis): the score
    # is withheld all the same, and the reason says so
    assert r.status in (statuses.PERLU_PENILAIAN_MANUAL, statuses.WAKTU_HABIS), (r.status, r.reason)
    assert "ditahan" in r.reason
    assert withheld(batch, student), (r.reason, batch["scores"][student])
    for word in named:
        assert word in r.reason, (word, r.reason)
    assert r.score == 0


def test_shell_sees_the_sandbox_not_the_grader(batch):
    """Does a shell command run as the sandbox user, without the grader's environment?"""
    text = out(batch, "t25_shell", "jawab_soal5")
    assert CANARY_VALUE not in text and CANARY not in text
    assert "'HOME': '/tmp'" in text  # %env showed the sandbox's environment
    # the sandbox shows only the few files of /etc a kernel needs: no user list
    assert "root:x:0:0" not in text
    uid = [int(line) for line in text.split() if line.isdigit() and int(line) >= 60000]
    assert uid, text[-300:]


def test_unknown_folder_is_listed_not_graded(batch):
    """Is a submission folder of somebody not on the roster listed, and kept out of the gradebook?"""
    run, course = batch["run"], batch["course"]
    assert run.unknown_folders == ["zz_bukan_peserta"]
    assert "zz_bukan_peserta" not in batch["results"]
    assert "zz_bukan_peserta" not in set(status_store.load(course.db_url, ASSIGNMENT).student_id)
    with Gradebook(course.db_url, course.course_id) as gb:
        assert "zz_bukan_peserta" not in {s.id for s in gb.students}
    assert not course.path("autograded", "zz_bukan_peserta", ASSIGNMENT).exists()
