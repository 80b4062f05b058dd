"""Shared checks for a module's teaching materials: prose figures against its FAKTA table, the
time plan, templates and worked answers, the lesson and the solution executed with their values
dumped, the pre/post-test items and the instructor notes.

Used by tests/modules/test_<id>.py (one file per module, which adds the module's own independent
computation). Built on tests/course/pelajaran.py, whose helpers are generic.
"""
from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "course"))

import pelajaran  # noqa: E402
from grader import catalogue  # noqa: E402
from grader.build import stage  # noqa: E402

CELL_TIMEOUT_S = 120
MARK = "@@NILAI@@"


class Bahan:
    """One module's materials, read from the catalogue."""

    def __init__(self, module_id: str):
        self.module = catalogue.load().module(module_id)
        self.lesson_path = REPO / self.module.lesson
        self.data = REPO / self.module.dataset
        self.handout = REPO / "course" / module_id / "ringkasan.md"
        self.notes = REPO / "solutions" / self.module.assignment / "catatan_pengajar.md"
        self.items_path = REPO / "solutions" / self.module.assignment / "butir_tes.toml"
        self.solution = REPO / "solutions" / self.module.assignment / f"{self.module.assignment}.ipynb"
        self.helper = importlib.import_module(f"bimtek_peserta.{module_id}")

    # ---------------------------------------------------------------- texts
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

    # ---------------------------------------------------------------- figures
    def unknown_prose_figures(self, fakta: dict[str, str]) -> list:
        unknown = []
        for index, src in self.prose_cells():
            unknown += pelajaran.unknown_figures(pelajaran.figures(src, f"sel {index}"), fakta.values())
        return unknown

    def missing_phrases(self, phrases: list[str]) -> list[str]:
        """The phrases (count statements built from FAKTA) that the prose does not contain.

        Small counts such as "4" or "6" also occur as other FAKTA figures, so the figure check
        alone cannot tell "4 dari 8" from "6 dari 8"; these phrases pin such statements down."""
        text = " ".join(" ".join(src.split()) for _, src in self.prose_cells())
        return [phrase for phrase in phrases if phrase not in text]

    def unknown_handout_figures(self, fakta: dict[str, str]) -> list:
        found = pelajaran.figures(self.handout.read_text(encoding="utf-8"), "ringkasan.md")
        return pelajaran.unknown_figures(found, fakta.values())

    def unused_fakta(self, fakta: dict[str, str]) -> list[str]:
        texts = {pelajaran._normalise(f.text) for _, src in self.prose_cells()
                 for f in pelajaran.figures(src, "")}
        texts |= {pelajaran._normalise(f.text)
                  for f in pelajaran.figures(self.handout.read_text(encoding="utf-8"), "")}
        return [name for name, text in fakta.items() if pelajaran._normalise(text) not in texts]

    def wrong_section_references(self) -> list[tuple[int, int]]:
        nb = self.lesson()
        numbers = {int(m.group(1)) for h in pelajaran.headings(nb) if (m := re.match(r"(\d+)\.", h))}
        return [(i, n) for i, src in pelajaran.markdown_cells(nb)
                for n in pelajaran.section_references(src) if n not in numbers]

    # ---------------------------------------------------------------- time plan
    def time_plan_problems(self) -> list[str]:
        problems = []
        plan = self.module.schedule
        total = self.module.jp * catalogue.load().minutes_per_jp
        if sum(row.minutes for row in plan) != total:
            problems.append(f"jadwal {sum(r.minutes for r in plan)} menit, seharusnya {total}")
        if [row.title for row in plan if row.graded] != ["Tugas bernilai"]:
            problems.append("tidak tepat satu slot tugas bernilai")
        frame = self.lesson().cells[0].source
        rows = pelajaran.plan_table(frame)
        if [(r.section, r.minutes) for r in rows] != [(p.title, p.minutes) for p in plan]:
            problems.append("tabel rencana waktu di sel pertama berbeda dari silabus")
        if pelajaran.plan_total(frame) != total:
            problems.append("jumlah di tabel rencana waktu salah")
        titles = pelajaran.headings(self.lesson())
        for row in plan:
            if not any(t.startswith(row.title) for t in titles):
                problems.append(f"tidak ada judul ## {row.title}")
        minutes = {int(m.group(1)): row.minutes for row in plan
                   if (m := re.match(r"(\d+)\.", row.title))}
        for section, items in pelajaran.exercise_minutes(self.lesson()).items():
            if section not in minutes:
                problems.append(f"latihan {items} di bagian {section} yang tidak ada di jadwal")
            elif sum(m for _, m in items) > minutes[section]:
                problems.append(f"latihan bagian {section} ({items}) melebihi {minutes[section]} menit")
        return problems

    def copyable_cells_using_helpers(self) -> list[int]:
        """Lesson code cells that make a name the exercise expects and also call the lesson's
        display helper (``bantu.``), which the exercise does not have: a participant who copies
        such a cell whole gets a NameError (found in the participant walk)."""
        sys.path.insert(0, str(REPO / "tests" / "harness"))
        import harness_support as hs

        expected = hs.expected_vocabulary(pelajaran.read(self.solution))
        names = set(expected["variabel"]) | set(expected["fungsi"])
        return [i for i, src in pelajaran.code_cells(self.lesson())
                if "bantu." in src and hs.modified_names(src) & names]

    def assert_only_teaching_code(self) -> None:
        """Visible code cells are short and without widget code, generate.py is never
        mentioned in what participants receive, and no cell copied into the exercise uses
        the helper module."""
        pelajaran.assert_only_teaching_code(self.lesson())
        for path in (self.lesson_path, self.handout, self.data / "KARTU_DATA.md"):
            assert "generate.py" not in path.read_text(encoding="utf-8"), path
        assert self.copyable_cells_using_helpers() == [], "sel yang disalin ke tugas memakai bantu."

    def notes_timing_rows(self) -> list[tuple[str, int]]:
        rows = table_rows(self.notes.read_text(encoding="utf-8"), "| Bagian | Menit |")
        return [(r[0], int(r[1])) for r in rows]

    # ---------------------------------------------------------------- execution
    def run_lesson(self, dump: str):
        """The lesson run top to bottom from course/, then every worked answer, then ``dump``
        (code printing MARK + json); returns (notebook, index of the first added cell, values)."""
        from nbclient import NotebookClient

        nb = self.lesson()
        first_extra = len(nb.cells)
        for label, code in pelajaran.worked_answers(nb):
            cell = nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n" + code)
            cell.metadata["jawaban"] = label
            nb.cells.append(cell)
        nb.cells.append(nbformat.v4.new_code_cell(dump))
        client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                resources={"metadata": {"path": str(self.lesson_path.parent)}})
        client.execute()
        return nb, first_extra, dumped(nb.cells[-1])

    def run_solution(self, dump: str, tmp: Path):
        """The solution notebook staged like an event's source (data/ beside it), executed
        with ``dump`` appended; returns the dumped values."""
        from nbclient import NotebookClient

        folder = stage(self.module.assignment, tmp)
        nb = pelajaran.read(folder / f"{self.module.assignment}.ipynb")
        nb.cells.append(nbformat.v4.new_code_cell(dump))
        client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        client.execute()
        errors = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                  for o in c.outputs if o.output_type == "error"]
        assert not errors, f"solusi galat di sel {errors}"
        return dumped(nb.cells[-1])


def dumped(cell) -> dict:
    out = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    assert MARK in out, f"tidak ada keluaran {MARK}: {cell.outputs}"
    return json.loads(out.split(MARK, 1)[1])


def dump_code(expressions: dict[str, str]) -> str:
    """Code that prints MARK + a JSON object of ``name: expression`` evaluated in the kernel."""
    body = ",\n".join(f"    {name!r}: {expr}" for name, expr in expressions.items())
    return f"import json as _json\nprint({MARK!r} + _json.dumps({{\n{body}\n}}))\n"


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


def stderr_or_errors(nb, upto: int) -> list:
    return [(i, o.output_type, o.get("name")) for i, cell in enumerate(nb.cells[:upto])
            if cell.cell_type == "code" for o in cell.outputs
            if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]


def numpy_reprs(nb) -> list:
    return [(i, text) for i, cell in enumerate(nb.cells[:-1]) if cell.cell_type == "code"
            for o in cell.outputs
            for text in [o.get("text", "") + o.get("data", {}).get("text/plain", "")]
            if re.search(r"\bnp\.(int|float|str_|bool_)\d*\(", text)]


def copy_data(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.iterdir():
        if path.suffix in (".csv", ".json", ".md"):
            shutil.copy2(path, dst / path.name)
    return dst
