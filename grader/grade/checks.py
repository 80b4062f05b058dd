"""Split a check cell into its visible self-check and its hidden check, and find what the
hidden check needs from the participant's kernel.

The hidden check (between nbgrader's ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``)
is written by the exercise author and runs in the grader's trusted process
(grader.grade.trusted). It may use the participant's variables by name — those are exported
from the kernel as plain data — and call the participant's functions with literal arguments,
or with the variables of a ``for`` loop over a literal list; those calls are made inside the
sandbox before the check runs, and only their results cross over.
"""
from __future__ import annotations

import ast
import builtins
import itertools
from dataclasses import dataclass, field

BEGIN = "### BEGIN HIDDEN TESTS"
END = "### END HIDDEN TESTS"
HELPERS = "bimtek_peserta.periksa"
MAX_CALLS = 500        # calls of participant functions per check cell


class CheckSpecError(ValueError):
    """The hidden check of an exercise is written in a form the grader cannot export for."""


@dataclass
class CheckCell:
    visible: str                    # the self-check, run in the participant's kernel
    hidden: str                     # the hidden check, run by the grader ("" if none)
    names: list[str] = field(default_factory=list)          # participant values needed
    calls: dict[str, list[list]] = field(default_factory=dict)  # function -> argument lists

    @property
    def spec(self) -> dict:
        """What bimtek_peserta.ekspor.kirim must export for this cell."""
        return {"nilai": list(self.names), "panggilan": {k: v for k, v in self.calls.items()}}


def split(source: str) -> tuple[str, str]:
    """(visible, hidden) parts of a check cell's source; markers removed."""
    visible, hidden, inside = [], [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            inside = True
        elif marker == END:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            visible.append(line)
    return "\n".join(visible).rstrip() + "\n", "\n".join(hidden).strip() + ("\n" if hidden else "")


def _helper_names() -> set[str]:
    from bimtek_peserta import periksa
    return set(periksa.__all__)


def _bound_names(tree: ast.AST) -> set[str]:
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchAs) and node.name:
            bound.add(node.name)
    return bound


def free_names(tree: ast.AST) -> list[str]:
    """Names the hidden check reads but neither defines nor gets from its helpers."""
    bound = _bound_names(tree) | _helper_names() | set(dir(builtins))
    seen = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound:
            if node.id not in seen:
                seen.append(node.id)
    return seen


def _bindings(target: ast.AST, iterable: ast.AST) -> list[dict]:
    """For ``for target in iterable`` over a literal: one {name: value} per iteration."""
    try:
        values = ast.literal_eval(iterable)
    except (ValueError, SyntaxError, TypeError):
        return []
    result = []
    for value in values:
        if isinstance(target, ast.Name):
            result.append({target.id: value})
        elif isinstance(target, (ast.Tuple, ast.List)) and all(
                isinstance(t, ast.Name) for t in target.elts):
            if not isinstance(value, (tuple, list)) or len(value) != len(target.elts):
                return []
            result.append({t.id: v for t, v in zip(target.elts, value)})
        else:
            return []
    return result


class _Calls(ast.NodeVisitor):
    def __init__(self, functions: set[str]):
        self.functions = functions
        self.scopes: list[list[dict]] = []   # stack of loop bindings
        self.calls: dict[str, list[list]] = {}
        self.problems: list[str] = []

    def visit_For(self, node: ast.For):
        bindings = _bindings(node.target, node.iter)
        self.visit(node.iter)
        self.scopes.append(bindings or [{}])
        for child in node.body + node.orelse:
            self.visit(child)
        self.scopes.pop()

    def visit_Call(self, node: ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in self.functions:
            self._record(node)
        self.generic_visit(node)

    def _record(self, node: ast.Call):
        name = node.func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.problems.append(f"baris {node.lineno}: {name}(...) memakai argumen bernama")
            return
        for combo in itertools.product(*self.scopes) if self.scopes else [()]:
            env = {}
            for binding in combo:
                env.update(binding)
            args = []
            for arg in node.args:
                if isinstance(arg, ast.Name) and arg.id in env:
                    args.append(env[arg.id])
                    continue
                try:
                    args.append(ast.literal_eval(arg))
                except (ValueError, SyntaxError, TypeError):
                    self.problems.append(
                        f"baris {node.lineno}: argumen {ast.unparse(arg)} pada {name}(...) bukan "
                        "literal atau variabel perulangan atas daftar literal")
                    return
            calls = self.calls.setdefault(name, [])
            if args not in calls:
                calls.append(args)


def analyse(source: str) -> CheckCell:
    """Split ``source`` and work out what its hidden check needs; CheckSpecError if it cannot."""
    visible, hidden = split(source)
    cell = CheckCell(visible=visible, hidden=hidden)
    if not hidden.strip():
        return cell
    try:
        tree = ast.parse(hidden)
    except SyntaxError as exc:
        raise CheckSpecError(f"pemeriksaan tersembunyi tidak sah: {exc}") from None
    names = free_names(tree)
    called = {node.func.id for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in names}
    finder = _Calls(called)
    finder.visit(tree)
    if finder.problems:
        raise CheckSpecError("; ".join(finder.problems))
    if sum(len(v) for v in finder.calls.values()) > MAX_CALLS:
        raise CheckSpecError(f"lebih dari {MAX_CALLS} panggilan fungsi peserta")
    cell.names = [n for n in names if n not in called]
    cell.calls = finder.calls
    return cell
