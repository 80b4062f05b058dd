"""Checks every curriculum module's own test file applies to its lesson and materials.

tests/course/pelajaran.py reads notebooks (prose figures, time plan, templates, UI labels);
this file turns those readings into assertions for one module, so that
tests/modules/test_<id>.py holds only what is specific to the module: its independent
computations and the figures its executed lesson must reproduce.

Conventions a module follows (see course/PANDUAN_PENULIS.md):
- the helper ``bimtek_peserta.<id>`` has ``tabel_fakta(folder)`` (every figure of the prose)
  and may have ``nama_fakta(folder)`` (names the prose quotes as results, e.g. the most
  populous village);
- the lesson reads its data from ``FOLDER_DATA`` and is executed with ``course/`` as cwd.
"""
from __future__ import annotations

import importlib
import json
import re
import sys
import tomllib
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "course"))

import pelajaran  # noqa: E402

from grader import catalogue  # noqa: E402

CELL_TIMEOUT_S = 120


class Modul:
    """One catalogue module and the paths of its materials."""

    def __init__(self, module_id: str):
        self.module = catalogue.load().module(module_id)
        self.id = module_id
        self.lesson_path = REPO / self.module.lesson
        self.data = REPO / self.module.dataset
        self.handout = REPO / "course" / module_id / "ringkasan.md"
        self.solutions = REPO / "solutions" / self.module.assignment
        self.solution = self.solutions / f"{self.module.assignment}.ipynb"
        self.notes = self.solutions / "catatan_pengajar.md"
        self.items_path = self.solutions / "butir_tes.toml"
        self.helper = importlib.import_module(f"bimtek_peserta.{module_id}")

    def lesson(self) -> nbformat.NotebookNode:
        return pelajaran.read(self.lesson_path)

    def prose_cells(self) -> list[tuple[int, str]]:
        """Markdown cells holding prose: all but the frame (first cell) and the references."""
        return [(i, src) for i, src in pelajaran.markdown_cells(self.lesson())
                if i != 0 and not src.lstrip().startswith("## Rujukan")]

    def fakta(self) -> dict[str, str]:
        return self.helper.fakta(self.data)

    def items(self) -> list[dict]:
        return tomllib.loads(self.items_path.read_text(encoding="utf-8"))["butir"]


# --------------------------------------------------------------------------- prose figures

def unknown_prose_figures(m: Modul) -> list[str]:
    fakta = m.fakta().values()
    unknown = []
    for index, src in m.prose_cells():
        unknown += pelajaran.unknown_figures(pelajaran.figures(src, f"sel {index}"), fakta)
    unknown += pelajaran.unknown_figures(
        pelajaran.figures(m.handout.read_text(encoding="utf-8"), "ringkasan.md"), fakta)
    return [f"{f.where}: {f.text!r} … {f.context} …" for f in unknown]


def unused_fakta(m: Modul) -> list[str]:
    texts = {pelajaran._normalise(f.text) for _, src in m.prose_cells()
             for f in pelajaran.figures(src, "")}
    texts |= {pelajaran._normalise(f.text)
              for f in pelajaran.figures(m.handout.read_text(encoding="utf-8"), "")}
    return [name for name, text in m.fakta().items() if pelajaran._normalise(text) not in texts]


def stale_figure_is_caught(m: Modul, name: str, stale: str) -> bool:
    """Replacing FAKTA row ``name`` by ``stale`` in the prose is reported as unknown."""
    fakta = m.fakta()
    index, src = next((i, s) for i, s in m.prose_cells() if fakta[name] in s)
    found = pelajaran.figures(src.replace(fakta[name], stale), "basi")
    return stale in [f.text for f in pelajaran.unknown_figures(found, fakta.values())]


def prose_text(m: Modul) -> str:
    return "\n".join(src for _, src in m.prose_cells())


# --------------------------------------------------------------------------- structure

def section_problems(m: Modul) -> list[str]:
    """Time plan: the lesson's table equals the catalogue, sections are headings, exercises fit,
    "bagian N" references exist."""
    nb = m.lesson()
    plan = m.module.schedule
    problems = []
    frame = nb.cells[0].source
    rows = pelajaran.plan_table(frame)
    if [(r.section, r.minutes) for r in rows] != [(p.title, p.minutes) for p in plan]:
        problems.append(f"tabel rencana waktu {rows} != jadwal silabus")
    total = m.module.jp * catalogue.load().minutes_per_jp
    if pelajaran.plan_total(frame) != total:
        problems.append(f"jumlah menit di tabel != {total}")
    titles = pelajaran.headings(nb)
    for row in plan:
        if not any(t.startswith(row.title) for t in titles):
            problems.append(f"tidak ada judul ## {row.title}")
    minutes = {int(mm.group(1)): row.minutes for row in plan
               if (mm := re.match(r"(\d+)\.", row.title))}
    for section, items in pelajaran.exercise_minutes(nb).items():
        if section not in minutes:
            problems.append(f"latihan {items} di bagian {section} yang tidak ada di jadwal")
        elif sum(x for _, x in items) > minutes[section]:
            problems.append(f"latihan bagian {section} {items} > {minutes[section]} menit")
    numbers = {int(mm.group(1)) for h in titles if (mm := re.match(r"(\d+)\.", h))}
    problems += [f"sel {i}: rujukan ke bagian {n} yang tidak ada"
                 for i, src in pelajaran.markdown_cells(nb)
                 for n in pelajaran.section_references(src) if n not in numbers]
    return problems


def template_problems(m: Modul, minimum: int) -> list[str]:
    pairs = pelajaran.templates_and_answers(m.lesson())
    problems = [] if len(pairs) >= minimum else [f"hanya {len(pairs)} templat"]
    problems += [f"templat {label} tidak cocok dengan jawabannya" for label, t, a in pairs
                 if not pelajaran.template_matches(t, a)]
    return problems


def templates(m: Modul) -> list[str]:
    return [t for _, t, _ in pelajaran.templates_and_answers(m.lesson())]


def display_code_in_lesson(m: Modul) -> list[str]:
    """Long cells or widget/display code in the lesson (it belongs in the helper)."""
    found = [f"sel {i}: {len(src.splitlines())} baris" for i, src in
             pelajaran.code_cells(m.lesson()) if len(src.splitlines()) > 25]
    sources = "\n".join(src for _, src in pelajaran.code_cells(m.lesson()))
    found += [f"kode tampilan {code!r}" for code in ("widgets.", "HTML(", "add_class", ".observe(")
              if code in sources]
    return found


def copyable_cells_using_helpers(m: Modul) -> list[int]:
    """Lesson code cells that make a name the exercise expects and also call the lesson's
    display helper (``bantu.``), which the exercise does not have: a participant who copies
    such a cell whole meets a NameError."""
    sys.path.insert(0, str(REPO / "tests" / "harness"))
    import harness_support as hs

    expected = hs.expected_vocabulary(pelajaran.read(m.solution))
    names = set(expected["variabel"]) | set(expected["fungsi"])
    return [i for i, src in pelajaran.code_cells(m.lesson())
            if "bantu." in src and hs.modified_names(src) & names]


def generator_mentioned(m: Modul) -> list[str]:
    return [str(p) for p in (m.lesson_path, m.handout, m.data / "KARTU_DATA.md")
            if "generate.py" in p.read_text(encoding="utf-8")]


# English label -> Indonesian label every lesson writes as it appears in the room's JupyterLab.
TRANSLATED = {
    "Restart Kernel and Run All Cells…": "Demulai Lagi Kernel dan Jalankan Semua Sel…",
    "Interrupt Kernel": "Interupsi Kernel",
    "Code": "Kode",
}


def interface_problems(m: Modul, extra: dict[str, str] | None = None) -> list[str]:
    """Menu names the lesson uses are the language pack's, with the English in brackets."""
    pack = pelajaran.language_pack_translations()
    text = "\n".join(src for _, src in pelajaran.markdown_cells(m.lesson()))
    problems = []
    for english, shown in {**TRANSLATED, **(extra or {})}.items():
        if pack.get(english) != shown:
            problems.append(f"paket bahasa: {english!r} -> {pack.get(english)!r}, bukan {shown!r}")
        if shown not in text:
            problems.append(f"pelajaran tidak menyebut {shown!r}")
        if f"(*{english}*)" not in text and english not in ("Code",):
            problems.append(f"nama Inggris (*{english}*) tidak disebut di samping {shown!r}")
    if "kotak merah" not in text.lower():
        problems.append("cara membaca kotak merah tidak dijelaskan")
    return problems


# --------------------------------------------------------------------------- execution

TRY_HERE = "# Coba di sini."


def execute_lesson(m: Modul, dump: str) -> tuple[nbformat.NotebookNode, int, dict]:
    """Run the lesson top to bottom (cwd course/) as a participant who does every short
    exercise in place: each worked answer is typed into the "# Coba di sini." cell that follows
    its exercise. Then run ``dump`` (code printing "@@FAKTA@@" + JSON). Return (notebook, number
    of worked answers run, dumped values)."""
    from nbclient import NotebookClient

    nb = m.lesson()
    placed = 0
    cells = []
    pending: list[tuple[str, str]] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "<details>" in cell.source:
            label = pelajaran.EXERCISE_HEADING.search(cell.source)
            for block in re.findall(r"<details>(.*?)</details>", cell.source, re.S):
                for code in pelajaran.PYTHON_BLOCK.findall(block):
                    pending.append((label.group(0) if label else "?", code))
        if cell.cell_type == "code" and cell.source.strip() == TRY_HERE and pending:
            cell.source = "\n\n".join(code for _, code in pending)
            cell.metadata["jawaban"] = ", ".join(label for label, _ in pending)
            placed += len(pending)
            pending = []
        cells.append(cell)
    for label, code in pending:        # answers without a try-here cell: right after the lesson
        extra = nbformat.v4.new_code_cell(code)
        extra.metadata["jawaban"] = label
        cells.append(extra)
        placed += 1
    nb.cells = cells + [nbformat.v4.new_code_cell(dump)]
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(m.lesson_path.parent)}})
    client.execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return nb, placed, json.loads(out.split("@@FAKTA@@", 1)[1])


def execution_problems(nb, _placed: int = 0) -> list[str]:
    """Cells (lesson or worked answer) that stopped with an error or wrote to stderr."""
    return [f"sel {i} {cell.metadata.get('jawaban', '')}: {o.output_type} {o.get('name', '')}"
            for i, cell in enumerate(nb.cells[:-1]) if cell.cell_type == "code"
            for o in cell.outputs
            if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]


def execute_solution(m: Modul, dump: str, tmp: Path) -> dict:
    """Run the instructor's solution (hidden tests included) in a plain kernel, in a staged
    copy with its data/, then ``dump``; return the dumped values."""
    from nbclient import NotebookClient

    from grader.build import stage

    folder = stage(m.module.assignment, tmp)
    nb = nbformat.read(folder / f"{m.module.assignment}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(dump))
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(out.split("@@FAKTA@@", 1)[1])


# --------------------------------------------------------------------------- materials

def table_rows(markdown: str, header_start: str) -> list[list[str]]:
    """Body rows of the first Markdown table whose header row starts with ``header_start``."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(header_start):
            rows = []
            for body in lines[index + 2:]:
                if not body.startswith("|"):
                    break
                rows.append([c.strip() for c in body.strip().strip("|").split("|")])
            return rows
    raise AssertionError(f"tabel {header_start!r} tidak ditemukan")


def material_problems(m: Modul) -> list[str]:
    """Test items in parallel forms, instructor timing = catalogue, rubrics add up."""
    problems = []
    found = m.items()
    by_id = {item["id"]: item for item in found}
    if len(by_id) != len(found):
        problems.append("id butir ganda")
    for form in ("A", "B"):
        if not 3 <= sum(item["bentuk"] == form for item in found) <= 5:
            problems.append(f"bentuk {form}: bukan 3-5 butir")
    for item in found:
        pair = by_id.get(item.get("setara"))
        if not pair or pair.get("setara") != item["id"] or pair["tujuan"] != item["tujuan"] \
                or pair["jenis"] != item["jenis"] or pair["bentuk"] == item["bentuk"]:
            problems.append(f"{item['id']}: pasangan setara tidak cocok")
        if not 1 <= item["tujuan"] <= len(m.module.objectives):
            problems.append(f"{item['id']}: tujuan {item['tujuan']}")
        if item["jenis"] == "pilihan_ganda" and (item["kunci"] not in item["pilihan"]
                                                 or len(set(item["pilihan"])) < 3):
            problems.append(f"{item['id']}: kunci bukan salah satu pilihan")
    if {item["tujuan"] for item in found} != set(range(1, len(m.module.objectives) + 1)):
        problems.append("tidak setiap tujuan punya butir")
    notes = m.notes.read_text(encoding="utf-8")
    rows = table_rows(notes, "| Bagian | Menit |")
    if [(r[0], int(r[1])) for r in rows] != [(s.title, s.minutes) for s in m.module.schedule]:
        problems.append("jadwal catatan pengajar != jadwal silabus")
    nb = nbformat.read(m.solution, as_version=4)
    points = [c.metadata["nbgrader"]["points"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade_id") == "refleksi"]
    rubric = table_rows(notes, "| No | Kriteria |")
    shown = table_rows("\n".join(src for _, src in pelajaran.markdown_cells(m.lesson())),
                       "| Kriteria | Poin |")
    if len(rubric) != points[0] or sum(int(r[1]) for r in shown) != points[0] \
            or len(shown) != len(rubric):
        problems.append("rubrik refleksi tidak berjumlah poin refleksi")
    return problems
