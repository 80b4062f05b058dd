"""Find code in a submission that could change its own grading, before it runs.

Participant code runs in the same kernel as the tests, so code that patches library
functions, builtins or IPython itself could make a failing test pass. nbgrader restores the
test cells and their metadata; this scan covers what remains. A submission with findings
is still executed (so the instructor can read its outputs), but its automatic score is
withheld (0) and it is marked for manual grading with the findings as the reason.

The lesson and exercise notebooks use only pandas, numpy, matplotlib, ipywidgets and plain
Python, so legitimate answers do not trip these rules.

A static scan cannot be complete (Python offers too many ways to reach an object); it is the
second line of defence. The first is the sandbox (grader.grade.sandbox): code cannot import
files of its own, read other files than the assignment's data, or write where tests read.
The rules below aim at every route found by the hostile-submission tests
(tests/grade/test_hostile_corpus.py): aliases of modules, references to powerful builtins
without calling them, powerful objects reached as attributes (``pd.io.common.os``),
imports that shadow names the tests use, pandas accessor registration, pickle loading,
IPython automagic lines (``run x.py``, ``cat ...``) and names hidden in strings.
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
    # modules that run code given as text, or load objects that run code
    "timeit", "doctest", "pdb", "bdb", "trace", "cProfile", "profile", "pydoc", "pkgutil",
    "imp", "zipimport", "shelve", "copyreg", "_pickle", "dill", "cloudpickle", "joblib",
    "cffi", "operator", "functools", "string", "mmap",
}
DENIED_CALLS = {"exec", "eval", "compile", "__import__", "getattr", "setattr", "delattr",
                "globals", "locals", "vars", "get_ipython", "breakpoint", "exit", "quit"}
# Attributes that hand out the same powers as the modules and calls above, or that change a
# library for everyone (pandas accessors), or load pickles (which run code).
DENIED_ATTRIBUTES = DENIED_CALLS - {"compile"} | {
    "os", "sys", "subprocess", "builtins", "importlib", "ctypes", "socket", "shutil",
    "pickle", "marshal", "inspect", "gc", "IPython", "ipykernel", "threading",
    "multiprocessing", "pathlib", "zmq", "nbformat", "nbgrader", "runpy", "pty", "fcntl",
    "tempfile", "asyncio", "sqlite3", "weakref", "atexit", "sysconfig", "urllib",
    "register_dataframe_accessor", "register_series_accessor", "register_index_accessor",
    "register_extension_dtype", "extensions", "read_pickle", "switch_backend",
    "import_optional_dependency", "attrgetter", "methodcaller", "get_field",
    # numpy views on arbitrary memory (read or overwrite the interpreter itself)
    "as_strided", "stride_tricks", "ctypeslib",
}
# Attributes a participant may set on their own objects (pandas tables and series).
ALLOWED_ATTRIBUTE_TARGETS = {"columns", "index", "name", "names"}
# Methods a participant's class may define; others (__eq__, __float__, __call__...) can make
# an object that passes comparisons it should fail.
ALLOWED_SPECIAL_METHODS = {"__init__", "__repr__", "__str__"}
BUILTIN_NAMES = set(dir(builtins))
# One line at a time, and no character class that spans lines: linear in the cell's size.
_MAGIC_LINE = re.compile(r"[ \t]*[!%]|[ \t]*[\w.,\[\] \t]+=[ \t]*[!%]")
MAX_SCAN_CHARS = 200_000   # code scanned per submission; longer code is not scanned but flagged
MAX_ALIAS_PASSES = 20      # rounds of following ``x = np; y = x; ...``
_DUNDER_TEXT = re.compile(r"__\w+__")
# IPython line magics and aliases (IPython 9, ipykernel 7). A cell of ONE line that starts
# with one of these words (and is not an assignment) runs as the magic ("automagic"):
# ``run x.py`` runs a file in the notebook's namespace, ``cat /etc/passwd`` a shell command.
IPYTHON_LINE_MAGICS = {
    "alias", "alias_magic", "autoawait", "autocall", "automagic", "autosave", "bookmark",
    "cat", "cd", "clear", "code_wrap", "colors", "conda", "config", "connect_info", "cp",
    "debug", "dhist", "dirs", "doctest_mode", "ed", "edit", "env", "gui", "hist", "history",
    "killbgscripts", "ldir", "less", "lf", "lk", "ll", "load", "load_ext", "loadpy", "logoff",
    "logon", "logstart", "logstate", "logstop", "ls", "lsmagic", "lx", "macro", "magic",
    "mamba", "man", "matplotlib", "micromamba", "mkdir", "more", "mv", "notebook", "page",
    "pastebin", "pdb", "pdef", "pdoc", "pfile", "pinfo", "pinfo2", "pip", "popd", "pprint",
    "precision", "prun", "psearch", "psource", "pushd", "pwd", "pycat", "pylab", "qtconsole",
    "quickref", "recall", "rehashx", "reload_ext", "rep", "rerun", "reset", "reset_selective",
    "rm", "rmdir", "run", "save", "sc", "set_env", "subshell", "sx", "system", "tb", "time",
    "timeit", "unalias", "unload_ext", "uv", "who", "who_ls", "whos", "xdel", "xmode",
}
_AUTOMAGIC = re.compile(r"^\s*([A-Za-z_]\w*)(?:\.\w+)*(\s.*)?$")


def _imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
    return names


def _automagic(source: str) -> str | None:
    """The magic a one-line cell runs through IPython's automagic, if it does."""
    lines = [line for line in source.strip().splitlines() if line.strip()]
    if len(lines) != 1:
        return None
    match = _AUTOMAGIC.match(lines[0])
    if not match or match.group(1) not in IPYTHON_LINE_MAGICS:
        return None
    rest = (match.group(2) or "").strip()
    if rest.startswith("=") and not rest.startswith("=="):
        return None  # an assignment: IPython leaves it to Python
    return match.group(1)


def _aliases(tree: ast.AST, modules: set[str]) -> set[str]:
    """``modules`` plus names the cell binds to them (``x = np``, ``S = pd.Series``)."""
    names = set(modules)
    nodes = list(ast.walk(tree))
    changed, passes = True, 0
    while changed and passes < MAX_ALIAS_PASSES:
        changed, passes = False, passes + 1
        for node in nodes:
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                if not _refers_to(node.value, names):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                if not _refers_to(node.iter, names):
                    continue
                targets = [node.target]
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                targets = [i.optional_vars for i in node.items
                           if i.optional_vars is not None and _refers_to(i.context_expr, names)]
            else:
                continue
            for name in (n for t in targets for n in _bound_names(t)):
                if name not in names:
                    names.add(name)
                    changed = True
    return names


def _bound_names(target: ast.AST) -> list[str]:
    """Plain names an assignment target binds (not ``a.b`` or ``a[b]``)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _bound_names(elt)]
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return []


def _refers_to(value: ast.AST, names: set[str]) -> bool:
    """Whether ``value`` can evaluate to one of ``names`` or an attribute of it (no call)."""
    if isinstance(value, ast.Name):
        return value.id in names
    if isinstance(value, (ast.Attribute, ast.Subscript, ast.Starred)):
        return _refers_to(value.value, names)
    if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
        return any(_refers_to(e, names) for e in value.elts)
    if isinstance(value, ast.Dict):
        return any(_refers_to(v, names) for v in value.values if v is not None)
    if isinstance(value, ast.IfExp):
        return _refers_to(value.body, names) or _refers_to(value.orelse, names)
    if isinstance(value, ast.BoolOp):
        return any(_refers_to(v, names) for v in value.values)
    if isinstance(value, ast.NamedExpr):
        return _refers_to(value.value, names)
    if isinstance(value, ast.Lambda):
        return True  # returns whatever it likes
    return False


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


def scan_source(source: str, modules: set[str], aliases: set[str] = frozenset()) -> list[str]:
    """Findings (Indonesian, short) for one cell; ``modules`` = names bound to modules,
    ``aliases`` = other names that other cells bound to modules."""
    findings = []
    magic = _automagic(source)
    if magic:
        findings.append(f"baris yang dijalankan IPython sebagai perintah {magic}")
    if _has_magic(source):
        findings.append("perintah shell atau magic IPython (! atau %)")
        source = _without_magic(source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return findings  # does not run at all
    modules = modules | _imported_names(tree)
    aliases = _aliases(tree, modules | set(aliases))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DENIED_MODULES:
                    findings.append(f"import {alias.name}")
                findings += _binding_findings(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in DENIED_MODULES:
                findings.append(f"from {node.module} import ...")
            for alias in node.names:
                if alias.name == "*":
                    findings.append(f"from {node.module} import *")
                elif alias.name in DENIED_ATTRIBUTES or alias.name in DENIED_CALLS:
                    findings.append(f"from {node.module} import {alias.name}")
                findings += _binding_findings(alias.asname or alias.name)
        elif isinstance(node, ast.Name) and node.id in DENIED_CALLS:
            findings.append(f"{node.id}(...)")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr.endswith("__"):
            findings.append(f"atribut khusus .{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in DENIED_ATTRIBUTES:
            findings.append(f"atribut .{node.attr}")
        elif isinstance(node, ast.Name) and node.id.startswith("__") and node.id.endswith("__") \
                and node.id not in ("__name__",):
            findings.append(f"nama khusus {node.id}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and _DUNDER_TEXT.search(node.value):
            findings.append(f"teks berisi nama khusus {_DUNDER_TEXT.search(node.value).group(0)}")
        elif isinstance(node, ast.keyword) and node.arg == "allow_pickle":
            findings.append("memuat pickle (allow_pickle)")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in BUILTIN_NAMES or node.name in modules:
                findings.append(f"mendefinisikan ulang {node.name}")
            elif (node.name.startswith("__") and node.name.endswith("__")
                  and node.name not in ALLOWED_SPECIAL_METHODS):
                findings.append(f"mendefinisikan metode khusus {node.name}")
        for target in _targets(node):
            findings += _target_findings(target, modules, aliases)
    return findings


def _has_magic(source: str) -> bool:
    return any(_MAGIC_LINE.match(line) for line in source.splitlines())


def _without_magic(source: str) -> str:
    return "\n".join("#" if _MAGIC_LINE.match(line) else line for line in source.splitlines())


def _binding_findings(name: str) -> list[str]:
    """An import that binds a builtin's name (``from operator import not_ as abs``)."""
    return [f"menimpa nama {name}"] if name in BUILTIN_NAMES else []


def _target_findings(target: ast.AST, modules: set[str], aliases: set[str]) -> list[str]:
    """Assigning to an attribute (of a module or an alias of one, or other than a table's
    columns/index/name), or rebinding a builtin or module name."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return [f for elt in target.elts for f in _target_findings(elt, modules, aliases)]
    if isinstance(target, ast.Starred):
        return _target_findings(target.value, modules, aliases)
    if isinstance(target, ast.Attribute):
        root = _root(target)
        if root in aliases:
            return [f"mengubah pustaka: {ast.unparse(target)}"]
        if root is None or target.attr not in ALLOWED_ATTRIBUTE_TARGETS:
            return [f"mengubah atribut: {ast.unparse(target)}"]
        return []
    if isinstance(target, ast.Name) and (target.id in BUILTIN_NAMES or target.id in modules):
        return [f"menimpa nama {target.id}"]
    return []


def scan(submitted: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Findings for a submission, skipping the provided cells that nbgrader restores anyway.

    Never raises: code too long or too deeply nested to scan is itself a finding.
    """
    total = sum(len(str(c.get("source", ""))) for c in submitted.get("cells", [])
                if c.get("cell_type") == "code")
    if total > MAX_SCAN_CHARS:
        return [f"kode terlalu panjang untuk dipindai (lebih dari {MAX_SCAN_CHARS} karakter)"]
    try:
        return _scan(submitted, release)
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError):
        return ["kode terlalu bersarang atau tidak biasa sehingga tidak dapat dipindai"]


def _scan(submitted: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
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
    cells = [(index, cell) for index, cell in enumerate(submitted.cells, start=1)
             if cell.get("cell_type") == "code"
             and cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in provided]
    # Names bound to modules anywhere in the notebook (``x = np`` in one cell, used in another).
    statements = []
    for _, cell in cells:
        try:
            statements += ast.parse(_without_magic(cell.get("source", ""))).body
        except SyntaxError:
            pass
    whole = ast.Module(body=statements, type_ignores=[])
    aliases = _aliases(whole, setup_modules | _imported_names(whole))
    findings: list[str] = []
    for index, cell in cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for finding in scan_source(cell.get("source", ""), setup_modules, aliases):
            where = gid or f"sel ke-{index}"
            item = f"{where}: {finding}"
            if item not in findings:
                findings.append(item)
    return findings
