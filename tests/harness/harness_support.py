"""What the harness reads from a module's notebooks: grade cells, questions, points, names.

Pure functions over nbformat notebooks (no kernel, no grading), shared by the static checks
and the grading checks of tests/harness/.
"""
from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict

import nbformat

from grader import catalogue
from grader.simulate import mistakes as mistakes_mod

MODULES = catalogue.load().modules

ANSWER = re.compile(r"^jawab_soal(\d+)$")
TEST = re.compile(r"^uji_soal(\d+)_[a-z0-9]+(?:_[a-z0-9]+)*$")
REFLECTION = "refleksi"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"

# Third-party modules a lesson or exercise may import; anything else must be standard library.
ALLOWED_THIRD_PARTY = {"pandas", "numpy", "matplotlib", "ipywidgets", "bimtek_peserta"}
ALLOWED_EXACT = {"IPython.display"}   # IPython only through IPython.display

# Simulated participants of the grading harness besides one per declared mistake.
SOLUTION, UNTOUCHED, CORRUPT, ABSENT = "solusi", "kosong", "rusak", "absen"
RESERVED = {SOLUTION, UNTOUCHED, CORRUPT, ABSENT, *mistakes_mod.BREAKAGES}


def module_ids(modules=MODULES) -> list[str]:
    return [m.id for m in modules]


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def question_of(grade_id_: str) -> int | None:
    match = re.search(r"soal(\d+)", grade_id_ or "")
    return int(match.group(1)) if match else None


def answer_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """Code cells participants write in (solution, not graded), by grade id."""
    return {grade_id(c): c for c in nb.cells if nbgrader_meta(c).get("solution")
            and not nbgrader_meta(c).get("grade") and c.cell_type == "code"}


def test_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """Automatically graded cells (graded, not a solution), by grade id."""
    return {grade_id(c): c for c in nb.cells if nbgrader_meta(c).get("grade")
            and not nbgrader_meta(c).get("solution")}


def manual_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """Manually graded answers (graded solution cells), by grade id."""
    return {grade_id(c): c for c in nb.cells if nbgrader_meta(c).get("grade")
            and nbgrader_meta(c).get("solution")}


def provided_cells(nb) -> list[nbformat.NotebookNode]:
    """Code cells given to participants as they are (locked, neither answer nor test)."""
    return [c for c in nb.cells if c.cell_type == "code" and not nbgrader_meta(c).get("solution")
            and not nbgrader_meta(c).get("grade")]


def question_points(nb) -> dict[int, float]:
    """Automatic points per question number."""
    points: dict[int, float] = defaultdict(float)
    for gid, cell in test_cells(nb).items():
        points[question_of(gid)] += float(nbgrader_meta(cell).get("points", 0))
    return dict(points)


def split_hidden(source: str) -> tuple[str, str]:
    """(visible part, hidden part) of a test cell's source."""
    visible, hidden, inside = [], [], False
    for line in source.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            inside = True
        elif line.strip() == HIDDEN_END:
            inside = False
        else:
            (hidden if inside else visible).append(line)
    return "\n".join(visible), "\n".join(hidden)


def strip_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END, HIDDEN_BEGIN, HIDDEN_END))


def code_lines(source: str) -> str:
    """Code without IPython magics and shell lines."""
    return "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))


def meaningful(code: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in code.splitlines())


# --- imports -------------------------------------------------------------------------------

def imported_modules(source: str) -> set[str]:
    """Dotted names of every module a piece of code imports (relative imports kept as '.x')."""
    modules = set()
    for node in ast.walk(ast.parse(code_lines(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add("." * node.level + (node.module or "") if node.level else node.module)
    return modules


def is_allowed(module: str) -> bool:
    top = module.split(".")[0]
    return (module in ALLOWED_EXACT or top in ALLOWED_THIRD_PARTY
            or (top in sys.stdlib_module_names and top != "IPython"))


# --- names: what the exercise expects, what the lesson teaches ----------------------------

def parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(code_lines(strip_markers(source)))
    except SyntaxError:
        return None


def _targets(node) -> list[ast.AST]:
    if isinstance(node, (ast.Assign,)):
        return list(node.targets)
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return [node.target]
    if isinstance(node, (ast.For, ast.With)):
        return [node.target] if isinstance(node, ast.For) else [
            item.optional_vars for item in node.items if item.optional_vars is not None]
    return []


def _flatten(target) -> list[ast.AST]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [leaf for elt in target.elts for leaf in _flatten(elt)]
    if isinstance(target, ast.Starred):
        return _flatten(target.value)
    return [target]


def _statements(body) -> list[ast.AST]:
    """Top-level statements, including those inside with/if/for/while/try (not functions)."""
    found = []
    for node in body:
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for attr in ("body", "orelse", "finalbody"):
                found += _statements(getattr(node, attr, []) or [])
            for handler in getattr(node, "handlers", []) or []:
                found += _statements(handler.body)
    return found


def assigned_names(source: str) -> set[str]:
    """Names a piece of code defines at top level (variables, functions), `_x` excluded."""
    tree = parse(source)
    names = set()
    for node in _statements(tree.body if tree else []):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        for target in _targets(node):
            names.update(leaf.id for leaf in _flatten(target) if isinstance(leaf, ast.Name))
    return {n for n in names if not n.startswith("_")}


def modified_names(source: str) -> set[str]:
    """Names a piece of code defines or changes at top level: assigned names plus the tables
    whose columns or attributes it sets (``progres["x"] = ...`` changes ``progres``)."""
    tree = parse(source)
    names = set(assigned_names(source))
    for node in _statements(tree.body if tree else []):
        for target in _targets(node):
            for leaf in _flatten(target):
                while isinstance(leaf, (ast.Subscript, ast.Attribute)):
                    leaf = leaf.value
                if isinstance(leaf, ast.Name):
                    names.add(leaf.id)
    return names


IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def referenced_names(source: str) -> set[str]:
    """Names a piece of code uses, including names passed as text to self-checks
    (``cek.angka("total_rab")``, ``cek.kolom("progres", ...)``)."""
    tree = parse(source)
    if tree is None:
        return set()
    return ({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
            | {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str) and IDENTIFIER.match(n.value)})


def functions(source: str) -> dict[str, list[str]]:
    """Function name -> positional parameter names, for functions defined in the code."""
    tree = parse(source)
    return {node.name: [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
            for node in (ast.walk(tree) if tree else []) if isinstance(node, ast.FunctionDef)}


def function_defaults(source: str) -> dict[str, int]:
    """Function name -> number of positional parameters that have defaults."""
    tree = parse(source)
    return {node.name: len(node.args.defaults)
            for node in (ast.walk(tree) if tree else []) if isinstance(node, ast.FunctionDef)}


def subscript_keys(source: str) -> set[str]:
    """String keys used as ``x["key"]`` (columns, JSON keys)."""
    tree = parse(source)
    keys = set()
    for node in (ast.walk(tree) if tree else []):
        if isinstance(node, ast.Subscript):
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    keys.add(item.value)
                if isinstance(item, ast.List):
                    keys.update(e.value for e in item.elts
                                if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return keys


def _strings(node) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return {s for elt in node.elts for s in _strings(elt)}
    return set()


def returned_labels(source: str) -> set[str]:
    """String literals a function returns (category labels such as "kritis")."""
    tree = parse(source)
    return {s for node in (ast.walk(tree) if tree else [])
            if isinstance(node, ast.Return) and node.value is not None
            for s in _strings(node.value)}


def _loop_labels(node: ast.For) -> set[str]:
    """Strings of a ``for`` over a literal list at the positions of loop variables that are
    compared directly (``for r, a, h in [(50, 41, "kritis")]: ... == h``)."""
    targets = [t.id if isinstance(t, ast.Name) else None for t in _flatten(node.target)]
    compared = {operand.id for sub in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                if isinstance(sub, ast.Compare)
                for operand in [sub.left, *sub.comparators] if isinstance(operand, ast.Name)}
    found = set()
    for item in node.iter.elts:
        values = item.elts if isinstance(item, (ast.Tuple, ast.List)) else [item]
        if len(values) != len(targets):
            continue
        for name, value in zip(targets, values):
            if name in compared:
                found |= _strings(value)
    return found


def compared_labels(source: str) -> set[str]:
    """String literals compared with == / != / in, listed in a ``for`` over a literal and
    compared there, or offered as ``pilihan=`` to a self-check (category labels)."""
    tree = parse(source)
    found = set()
    for node in (ast.walk(tree) if tree else []):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                found |= _strings(operand)
        elif isinstance(node, ast.For) and isinstance(node.iter, (ast.List, ast.Tuple)):
            found |= _loop_labels(node)
        elif isinstance(node, ast.keyword) and node.arg == "pilihan":
            found |= _strings(node.value)
    return {s for s in found if s.strip() and len(s) <= 40}


FENCE = re.compile(r"```(?:python|py)?\s*\n(.*?)```", re.S)


def lesson_code(nb) -> list[str]:
    """The lesson's code: code cells plus ```python blocks in its markdown (worked solutions)."""
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            code += FENCE.findall(cell.source)
    return code


def lesson_vocabulary(nb) -> tuple[set[str], set[str], dict[str, list[str]], dict[str, int]]:
    """(identifiers, string literals, functions with parameters, their defaults) of a lesson."""
    identifiers, strings, funcs, defaults = set(), set(), {}, {}
    for source in lesson_code(nb):
        tree = parse(source)
        if tree is None:   # not valid Python on its own: fall back to the words in it
            identifiers |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source))
            strings |= set(re.findall(r"[\"']([^\"'\n]+)[\"']", source))
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                identifiers.add(node.id)
            elif isinstance(node, ast.Attribute):
                identifiers.add(node.attr)
            elif isinstance(node, ast.arg):
                identifiers.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                identifiers.add(node.name)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
        funcs.update(functions(source))
        defaults.update(function_defaults(source))
    return identifiers, strings, funcs, defaults


def expected_vocabulary(solution) -> dict[str, set[str] | dict[str, list[str]]]:
    """Every name the exercise expects participants to write or use, by kind."""
    answers = answer_cells(solution)
    answer_code = [strip_markers(c.source) for c in answers.values()]
    tests = [c.source for c in test_cells(solution).values()]
    provided = set()
    for cell in provided_cells(solution):
        provided |= assigned_names(cell.source)
    used = set()
    for code in answer_code:
        used |= referenced_names(code)
    variables, funcs, columns, labels = set(), {}, set(), set()
    for code in answer_code:
        variables |= assigned_names(code)
        funcs.update(functions(code))
        columns |= subscript_keys(code)
        labels |= returned_labels(code) | compared_labels(code)
    for code in tests:
        labels |= compared_labels(code)
    variables -= set(funcs)
    return {"variabel": variables, "nama_tersedia": provided & used, "fungsi": funcs,
            "kolom": columns, "label": labels}


# --- the solution's answers and the scenarios graded --------------------------------------

def solution_answers(solution) -> dict[str, str]:
    from grader.simulate.notebooks import solution_answers as answers
    return answers(solution)
