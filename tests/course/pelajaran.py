"""Reusable checks for lesson notebooks: prose figures, the time plan, templates, UI labels.

Nothing here is specific to one module; tests/course/test_lesson_m11.py applies it to M11
and the curriculum harness can apply it to every catalogue module. Conventions it relies on:

- a module's helper ``bimtek_peserta.<id>`` has ``tabel_fakta(folder)`` returning a table
  with a ``teks`` column: every figure the prose quotes, formatted as the prose writes it;
- the lesson's first cell holds the frame (title, JP, time plan, objectives) and the
  "## Rujukan" cell the references: neither is prose with data figures;
- short exercises are headed "### Latihan N.k (M menit)"; a template is a ```python block
  with ``___`` blanks, and its worked answer the next ```python block inside <details>.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

# --------------------------------------------------------------------------- notebook text

FENCE = re.compile(r"```.*?```", re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def markdown_cells(nb) -> list[tuple[int, str]]:
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


def code_cells(nb) -> list[tuple[int, str]]:
    """(index, source) of code cells, IPython magics and shell lines removed."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
            cells.append((index, "\n".join(lines)))
    return cells


def headings(nb, level: int = 2) -> list[str]:
    """Text of every Markdown heading of exactly ``level``."""
    mark = "#" * level + " "
    return [line[len(mark):].strip() for _, src in markdown_cells(nb)
            for line in src.splitlines() if line.startswith(mark)]


# --------------------------------------------------------------------------- prose figures

BULAN = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
DATE = re.compile(rf"\b\d{{1,2}} (?:{BULAN}) \d{{4}}\b")
# Text that holds digits but no data figure: citations, numbering, labels, timing, scoring.
STRUCTURAL = [
    re.compile(p, re.I) for p in (
        r"\b(?:Nomor|No\.)\s+[\w./-]+(?:\s+Tahun\s+\d{4})?",
        r"\b\d+/(?:PRT/M/)?\d{4}\b",
        r"\bPasal\s+\d+[A-Z]?(?:\s*(?:–|-|,|dan|atau)\s*(?:Pasal\s+)?\d+)*",
        r"\bayat\s+\(\d+\)(?:\s*(?:–|-|dan)\s*(?:ayat\s+)?\(\d+\))?",
        r"\bhuruf\s+[a-z]\b",
        r"\b(?:angka|poin)\s+\d+(?:\.\d+)*",
        r"\bTahun\s+\d{4}\b",
        r"\blatihan\s+\d+\.\d+(?:\s*(?:,|dan)\s*\d+\.\d+)*",
        r"\bsoal\s+\d+(?:\s*(?:–|-)\s*\d+)?",
        r"\bbagian\s+\d+",
        r"\(\d+\s+menit\)|\b\d+\s+menit\b",
        r"\b\d+\s+poin\b",
        r"\b\d+(?:\s*(?:–|-)\s*\d+)?\s+kalimat\b",
        r"\bPython\s+3\b",
    )
]
NUMBER = re.compile(
    r"(?<![\w.,/])"                                  # not inside a word or another number
    r"(?P<tok>[-−]?(?:Rp\s?)?[-−]?"                   # sign and currency
    r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"                  # 1.234.567 or 1.234,5
    r"|[-−]?(?:Rp\s?)?[-−]?\d+(?:,\d+)?)"             # 48 or 48,53
    r"(?P<unit>\s(?:juta|miliar|triliun)\b)?"
    r"(?P<suffix>[%‰])?"
    r"(?![\w])")


def _normalise(token: str) -> str:
    token = token.replace("−", "-").replace("Rp", "").replace(" ", "")
    return token


def prose_text(markdown: str) -> str:
    """The prose of a Markdown cell: code, tags, list/heading numbers and quote marks removed,
    lines joined with spaces so that patterns can span line breaks."""
    text = FENCE.sub(" ", markdown)
    text = INLINE_CODE.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*>\s?", "", line)                 # block quotes
        line = re.sub(r"^\s*#+\s*(\d+(\.\d+)*\.?)?", "", line)  # headings and their numbers
        line = re.sub(r"^\s*\d+\.\s", "", line)              # ordered-list numbers
        lines.append(line)
    text = " ".join(lines)
    text = text.replace("ke-", "ke ")                        # "minggu ke-14" is the figure 14
    return text


@dataclass(frozen=True)
class Figure:
    where: str
    text: str
    context: str


def figures(markdown: str, where: str) -> list[Figure]:
    """Every figure (number, rupiah, percentage, date) in the prose of ``markdown``."""
    text = prose_text(markdown)
    found = []
    for match in DATE.finditer(text):
        found.append(Figure(where, match.group(0), text[max(0, match.start() - 40):match.end() + 20]))
    text = DATE.sub(" ", text)
    for pattern in STRUCTURAL:
        text = pattern.sub(" ", text)
    for match in NUMBER.finditer(text):
        token = match.group("tok") + (match.group("unit") or "") + (match.group("suffix") or "")
        found.append(Figure(where, token, text[max(0, match.start() - 40):match.end() + 20]))
    return found


def unknown_figures(found: list[Figure], fakta_texts, constants=("0", "1", "100", "0%")) -> list[Figure]:
    """The figures that are neither in the FAKTA texts nor formula constants."""
    known = {_normalise(t) for t in fakta_texts} | {_normalise(c) for c in constants}
    return [f for f in found if _normalise(f.text) not in known]


def section_references(markdown: str) -> list[int]:
    """Section numbers the prose refers to as "bagian N"."""
    return [int(n) for n in re.findall(r"\bbagian\s+(\d+)\b", FENCE.sub(" ", markdown), re.I)]


# --------------------------------------------------------------------------- time plan

@dataclass(frozen=True)
class PlanRow:
    section: str
    minutes: int


def plan_table(markdown: str) -> list[PlanRow]:
    """Rows "| <bagian> | <M> menit | ..." of the frame's time-plan table (the total row excluded)."""
    rows = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and (m := re.fullmatch(r"\**(\d+) menit\**", cells[1])):
            if cells[0].strip("*").lower() != "jumlah":
                rows.append(PlanRow(cells[0], int(m.group(1))))
    return rows


def plan_total(markdown: str) -> int | None:
    for line in markdown.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].lower() == "jumlah":
            m = re.fullmatch(r"(\d+) menit", cells[1])
            return int(m.group(1)) if m else None
    return None


EXERCISE_HEADING = re.compile(r"^###\s+Latihan\s+(\d+)\.(\d+)\s+\((\d+)\s+menit\)", re.M)


def exercise_minutes(nb) -> dict[int, list[tuple[str, int]]]:
    """Section number -> [(exercise label, minutes)] from the "### Latihan N.k (M menit)" headings."""
    found: dict[int, list[tuple[str, int]]] = {}
    for _, src in markdown_cells(nb):
        for section, number, minutes in EXERCISE_HEADING.findall(src):
            found.setdefault(int(section), []).append((f"{section}.{number}", int(minutes)))
    return found


# --------------------------------------------------------------------------- templates

def templates_and_answers(nb) -> list[tuple[str, str, str]]:
    """(exercise label, template, answer) for each exercise whose Markdown holds a ```python
    template with ___ followed by a <details> block with the worked answer."""
    pairs = []
    for _, src in markdown_cells(nb):
        label = EXERCISE_HEADING.search(src)
        if not label or "<details>" not in src:
            continue
        before, after = src.split("<details>", 1)
        template = [b for b in PYTHON_BLOCK.findall(before) if "___" in b]
        answer = PYTHON_BLOCK.findall(after)
        if template and answer:
            pairs.append((f"{label.group(1)}.{label.group(2)}", template[0], answer[0]))
    return pairs


def template_matches(template: str, answer: str) -> bool:
    """Filling every ___ of ``template`` (each with one line's worth of text) can give ``answer``."""
    pattern = "".join("(.+?)" if part == "___" else re.escape(part)
                      for part in re.split(r"(___)", template.strip()))
    return re.fullmatch(pattern, answer.strip()) is not None


def worked_answers(nb) -> list[tuple[str, str]]:
    """(exercise label, code) of every ```python block inside a <details> answer."""
    found = []
    for _, src in markdown_cells(nb):
        label = EXERCISE_HEADING.search(src)
        for block in re.findall(r"<details>(.*?)</details>", src, re.S):
            for code in PYTHON_BLOCK.findall(block):
                found.append((label.group(0) if label else "?", code))
    return found


# --------------------------------------------------------------------------- interface labels

def language_pack_translations(domain: str = "jupyterlab") -> dict[str, str]:
    """English label -> Indonesian label, as the room's JupyterLab language pack shows them."""
    import jupyterlab_language_pack_id_ID as pack
    path = (Path(pack.__file__).parent / "locale" / "id_ID" / "LC_MESSAGES" / f"{domain}.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {key: value[0] for key, value in raw.items() if key and isinstance(value, list) and value}



# --------------------------------------------------------------------------- whole-lesson checks
# Each raises AssertionError naming what is wrong; a module's lesson test calls them.

def assert_only_teaching_code(nb, max_lines: int = 25) -> None:
    """Every visible code cell is short; display code stays in the helper module."""
    long_cells = {i: len(src.splitlines()) for i, src in code_cells(nb)
                  if len(src.splitlines()) > max_lines}
    assert not long_cells, f"sel kode lebih dari {max_lines} baris: {long_cells}"
    sources = "\n".join(src for _, src in code_cells(nb))
    for display_code in ("widgets.", "HTML(", "add_class", ".observe("):
        assert display_code not in sources, display_code


def assert_time_plan(module, catalogue, nb) -> None:
    """The minutes add up to the module's JP with one graded slot, the lesson's plan table is
    the catalogue's, and the short exercises of each section fit in its minutes."""
    plan = module.schedule
    assert sum(r.minutes for r in plan) == module.jp * catalogue.minutes_per_jp
    assert [r.title for r in plan if r.graded] == ["Tugas bernilai"]
    assert [(r.section, r.minutes) for r in plan_table(nb.cells[0].source)] == [
        (p.title, p.minutes) for p in plan]
    minutes = {int(m.group(1)): r.minutes for r in plan if (m := re.match(r"(\d+)\.", r.title))}
    for section, items in exercise_minutes(nb).items():
        assert sum(m for _, m in items) <= minutes[section], (section, items)


def assert_section_references_exist(nb) -> None:
    """Every "bagian N" in the lesson names a section "## N."."""
    numbers = {int(m.group(1)) for h in headings(nb) if (m := re.match(r"(\d+)\.", h))}
    wrong = [(i, n) for i, src in markdown_cells(nb)
             for n in section_references(src) if n not in numbers]
    assert not wrong, wrong


def assert_templates_match_answers(nb, minimum: int = 5) -> None:
    """Filling the ___ of every template gives its worked answer."""
    pairs = templates_and_answers(nb)
    assert len(pairs) >= minimum
    wrong = [label for label, t, a in pairs if not template_matches(t, a)]
    assert not wrong, wrong


def execute_with_answers(nb, folder: Path, dump: str, timeout: int = 120):
    """Run the lesson top to bottom in ``folder``, then every worked answer, then ``dump``
    (code printing "@@FAKTA@@" and a JSON object). Returns (notebook, index of the first
    worked-answer cell, the dumped object)."""
    from nbclient import NotebookClient

    first_extra = len(nb.cells)
    for label, code in worked_answers(nb):
        cell = nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n" + code)
        cell.metadata["jawaban"] = label
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell(dump))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return nb, first_extra, json.loads(out.split("@@FAKTA@@", 1)[1])


def assert_clean_run(nb) -> None:
    """No error and nothing on stderr in any cell but the last (the dump), and no numpy repr
    such as np.int64(116) shown to participants."""
    bad = [(i, o.output_type) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"
           for o in c.outputs
           if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert not bad, bad
    shown = [(i, text) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"
             for o in c.outputs
             for text in [o.get("text", "") + o.get("data", {}).get("text/plain", "")]
             if re.search(r"\bnp\.(int|float|str_)\d*\(", text)]
    assert not shown, shown
