"""Find code in a submission that could change its own grading, before it runs.

Participant code runs in the same kernel as the tests, so code that patches library
functions, builtins or IPython itself could make a failing test pass. nbgrader restores the
test cells and their metadata; this scan covers what remains. A submission with findings
is still executed (so the instructor can read its outputs), but its automatic score is
withheld (0) and it is marked for manual grading with the findings as the reason.

The lesson and exercise notebooks use only pandas, numpy, matplotlib, ipywidgets and plain
Python, so legitimate answers do not trip these rules.
"""
from __future__ import annotations

import ast
import builtins
import re

import nbformat

# Modules that give code power over the process, the file system or the kernel.
DENIED_MODULES = {
    "os", "sys", "subprocess", "socket", "ctypes", "gc", "inspect", "importlib", "builtins",
    "IPython", "ipykernel", "signal", "threading", "multiprocessing", "shutil", "pathlib",
    "glob", "sqlite3", "pickle", "marshal", "types", "code", "codeop", "runpy", "atexit",
    "sysconfig", "site", "urllib", "http", "asyncio", "tempfile", "resource", "pty", "fcntl",
    "nbformat", "nbgrader", "unittest", "traceback", "weakref", "zmq",
}
DENIED_CALLS = {"exec", "eval", "compile", "__import__", "getattr", "setattr", "delattr",
                "globals", "locals", "vars", "get_ipython", "breakpoint", "exit", "quit"}
BUILTIN_NAMES = set(dir(builtins))
_MAGIC = re.compile(r"^\s*[!%]", re.MULTILINE)


def _imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
    return names


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return [node.target]
    if isinstance(node, ast.Delete):
        return list(node.targets)
    if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        return [node.target]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.optional_vars for item in node.items if item.optional_vars]
    return []


def scan_source(source: str, modules: set[str]) -> list[str]:
    """Findings (Indonesian, short) for one cell; ``modules`` = names bound to modules."""
    findings = []
    if _MAGIC.search(source):
        findings.append("perintah shell atau magic IPython (! atau %)")
        source = _MAGIC.sub("#", source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return findings  # does not run at all
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DENIED_MODULES:
                    findings.append(f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in DENIED_MODULES:
                findings.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in DENIED_CALLS:
                findings.append(f"{node.func.id}(...)")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr.endswith("__"):
            findings.append(f"atribut khusus .{node.attr}")
        elif isinstance(node, ast.Name) and node.id.startswith("__") and node.id.endswith("__") \
                and node.id not in ("__name__",):
            findings.append(f"nama khusus {node.id}")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in BUILTIN_NAMES or node.name in modules:
                findings.append(f"mendefinisikan ulang {node.name}")
        for target in _targets(node):
            findings += _target_findings(target, modules)
    return findings


def _target_findings(target: ast.AST, modules: set[str]) -> list[str]:
    """Assigning to an attribute of a module, or rebinding a builtin or module name."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return [f for elt in target.elts for f in _target_findings(elt, modules)]
    if isinstance(target, ast.Starred):
        return _target_findings(target.value, modules)
    if isinstance(target, ast.Attribute) and _root(target) in modules:
        return [f"mengubah pustaka: {ast.unparse(target)}"]
    if isinstance(target, ast.Name) and (target.id in BUILTIN_NAMES or target.id in modules):
        return [f"menimpa nama {target.id}"]
    return []


def scan(submitted: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Findings for a submission, skipping the provided cells that nbgrader restores anyway."""
    provided = {c.metadata.get("nbgrader", {}).get("grade_id") for c in release.cells
                if c.metadata.get("nbgrader", {}).get("locked")}
    provided.discard(None)
    setup_modules = set()
    for cell in release.cells:
        if cell.cell_type == "code":
            try:
                setup_modules |= _imported_names(ast.parse(cell.source))
            except SyntaxError:
                pass
    findings: list[str] = []
    for index, cell in enumerate(submitted.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in provided:
            continue
        for finding in scan_source(cell.get("source", ""), setup_modules):
            where = gid or f"sel ke-{index}"
            item = f"{where}: {finding}"
            if item not in findings:
                findings.append(item)
    return findings
