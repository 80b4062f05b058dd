"""Write a test form as an nbgrader notebook, answered without programming.

Each item is a question (markdown), an answer cell holding ``jawaban_N = ""`` where the
participant types a letter or a short answer between the quotes, and a check cell worth one
point. The check's visible part only looks at the answer's form (a letter among the choices,
something written); its hidden part, removed from the participant's copy and run by the grader
outside the participant's kernel, compares the answer with the key
(``bimtek_peserta.tes``). Keys live only in the instructor's copy and in the event's manifest
(``tes/<id>.json``, in the event folder, never released).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ..tracks import TEST_TITLES, Track
from .forms import Form
from .items import MULTIPLE_CHOICE, Item

MANIFEST_DIR = "tes"          # in the event folder: what each question of each test is
ANSWER = "jawaban_{n}"
_NUMBER = re.compile(r"[-−]?\d[\d.,]*\d|[-−]?\d")


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def answer_form(key: str) -> str:
    """How a short answer is written, without giving it away: "Rp 30.000.000" -> "Rp …"."""
    return _NUMBER.sub("…", key)


def _question_text(n: int, item: Item, objective: str) -> str:
    lines = [f"## Soal {n}", "", item.question, ""]
    if item.kind == MULTIPLE_CHOICE:
        lines += [f"**{letter}.** {text}  " for letter, text in item.shuffled()]
        lines += ["", f"Tulis **huruf** pilihan Anda di antara tanda petik pada sel di bawah, "
                      f"misalnya `jawaban_{n} = \"A\"`."]
    else:
        shape = answer_form(item.key)
        lines += [f"Jawaban singkat. Bentuk jawaban: **{shape}**. Tulis jawaban Anda di antara "
                  "tanda petik; angka boleh ditulis dengan titik ribuan dan koma desimal "
                  f"(misalnya `jawaban_{n} = \"1.250,5\"`)."]
    lines += ["", f"<small>Tujuan pembelajaran: {objective}</small>"]
    return "\n".join(lines)


def _answer_cell(n: int, item: Item) -> str:
    name = ANSWER.format(n=n)
    hint = ("# Tulis huruf pilihan Anda di antara tanda petik, lalu tekan Shift + Enter."
            if item.kind == MULTIPLE_CHOICE else
            "# Tulis jawaban singkat Anda di antara tanda petik, lalu tekan Shift + Enter.")
    solution = item.key_letter if item.kind == MULTIPLE_CHOICE else item.key
    return (f"{hint}\n{name} = \"\"\n### BEGIN SOLUTION\n{name} = {solution!r}\n"
            "### END SOLUTION")


def _check_cell(n: int, item: Item) -> str:
    name = ANSWER.format(n=n)
    if item.kind == MULTIPLE_CHOICE:
        letters = tuple(letter for letter, _ in item.shuffled())
        visible = f"cek.teks({name!r}, pilihan={letters!r})"
        hidden = (f"from bimtek_peserta.tes import cocok_pilihan\n"
                  f"harus(cocok_pilihan({name}, {item.key_letter!r}), "
                  f"\"Jawaban soal {n} belum tepat.\")")
    else:
        visible = (f"cek.benar(cek.ada({name!r}) not in (None, \"\"), \"Soal {n} belum dijawab: "
                   "tulis jawaban Anda di antara tanda petik pada sel di atas.\")")
        hidden = (f"from bimtek_peserta.tes import cocok_isian\n"
                  f"harus(cocok_isian({name}, {item.key!r}), "
                  f"\"Jawaban soal {n} belum tepat.\")")
    return (f"# Pemeriksaan soal {n} (1 poin): hanya bentuk jawaban yang diperiksa di sini; "
            "benar atau tidaknya dinilai setelah tes dikumpulkan.\n"
            f"{visible}\n### BEGIN HIDDEN TESTS\nfrom bimtek_peserta.periksa import *\n{hidden}\n"
            f"### END HIDDEN TESTS\nprint(\"Jawaban soal {n} tercatat.\")")


def build(track: Track, form: Form, minutes: int) -> nbformat.NotebookNode:
    """The instructor's notebook of ``form`` (keys in the hidden checks)."""
    title = TEST_TITLES[form.assignment]
    objectives = {m.id: m.objectives for m in track.modules}
    labels = {m.id: m.label for m in track.modules}
    intro = [
        f"# {title} — {track.title}", "",
        f"Tes ini berisi **{len(form.items)} soal** tentang materi "
        + ", ".join(sorted({labels[i.module] for i in form.items}, key=list(labels.values()).index))
        + f". Waktu mengerjakan: **{minutes} menit**. Tidak perlu menulis program.", "",
        "**Cara menjawab**",
        "1. Jalankan sel persiapan di bawah ini sekali (klik sel, lalu Shift + Enter).",
        "2. Untuk setiap soal, tulis jawaban Anda **di antara tanda petik** pada sel jawaban: "
        "huruf pilihan (misalnya `\"B\"`) atau jawaban singkat.",
        "3. Jalankan sel jawaban dan sel pemeriksaan di bawahnya. Pemeriksaan itu hanya memastikan "
        "jawaban sudah terisi dengan bentuk yang benar; benar atau tidaknya dinilai setelah tes "
        "dikumpulkan.",
        "4. Simpan notebook (Ctrl + S), lalu kumpulkan lewat menu tugas (Assignments).",
    ]
    cells = [new_markdown_cell("\n".join(intro), metadata=_meta("petunjuk", locked=True)),
             new_code_cell("from bimtek_peserta import cek  # pemeriksaan bentuk jawaban",
                           metadata=_meta("persiapan", locked=True))]
    for n, item in enumerate(form.items, start=1):
        objective = f"{labels[item.module].split(' ', 1)[0]} — {objectives[item.module][item.objective - 1]}"
        cells += [
            new_markdown_cell(_question_text(n, item, objective),
                              metadata=_meta(f"soal{n}_teks", locked=True)),
            new_code_cell(_answer_cell(n, item), metadata=_meta(f"jawab_soal{n}", solution=True)),
            new_code_cell(_check_cell(n, item),
                          metadata=_meta(f"uji_soal{n}", grade=True, locked=True, points=1)),
        ]
    nb = new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"}, "language_info": {"name": "python"}}
    return nb


def manifest(track: Track, form: Form) -> dict:
    """What each question of ``form`` is: item, module, objective, kind, key, choices."""
    return {
        "tugas": form.assignment, "jalur": track.id, "catatan": list(form.notes),
        "soal": [{
            "nomor": n, "sel": f"uji_soal{n}", "jawaban": ANSWER.format(n=n), "butir": item.id,
            "modul": item.module, "bentuk": item.form, "tujuan": item.objective,
            "jenis": item.kind, "kunci": item.key, "kunci_huruf": item.key_letter,
            "pilihan": [[letter, text] for letter, text in item.shuffled()],
        } for n, item in enumerate(form.items, start=1)],
    }


def read_manifest(root: Path, assignment: str) -> dict | None:
    """The manifest of ``assignment`` in the event folder ``root`` (None if it has none)."""
    path = Path(root) / MANIFEST_DIR / f"{assignment}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
