"""Does the static scan catch every route found to change grading, and leave real answers alone?

Each hostile snippet below, in an answer cell, raised its score in an unguarded grader
(checked end to end in test_hostile_corpus.py for the main ones). The scan runs before any
code; a finding withholds the automatic score.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.grade import tamper
from grader.simulate import m11_kurva_s as m11
from grader.simulate.notebooks import apply, fill, solution_answers

REPO = Path(__file__).resolve().parents[2]
SOURCE = nbformat.read(REPO / "solutions" / "m11_kurva_s" / "m11_kurva_s.ipynb", as_version=4)
MODULES = {"json", "plt", "np", "pd"}

HOSTILE = {
    "monkeypatch": "np.allclose = lambda *a, **k: True",
    "class attribute": "pd.Series.sum = lambda self, *a, **k: 100.0",
    "builtins module": "import builtins\nbuiltins.abs = lambda x: 0",
    "rebind builtin": "abs = lambda x: 0",
    "alias of a module": "x = np\nx.allclose = lambda *a, **k: True",
    "alias in a loop": "for m in [np]:\n    m.allclose = print",
    "alias through a lambda": "f = lambda: np\nf().allclose = print",
    "class via type()": "type(rab).sum = lambda *a, **k: 100",
    "instance method": "progres.set_index = lambda *a, **k: None",
    "get_ipython called": "get_ipython().input_transformers_cleanup.append(lambda l: [])",
    "get_ipython referenced": "g = get_ipython\ng().user_ns",
    "get_ipython as attribute": "plt.get_ipython()",
    "obfuscated import": 'setattr(__import__("num" + "py"), "allclose", print)',
    "module reached as attribute": "pd.io.common.os._exit(1)",
    "sys as attribute": 'plt.sys.modules["numpy"].allclose = print',
    "pandas accessor": 'pd.api.extensions.register_series_accessor("to_numpy")(lambda s: s)',
    "pickle": 'pd.read_pickle("x.pkl")',
    "numpy pickle": 'np.load("x.npy", allow_pickle=True)',
    "import shadowing a builtin": "from operator import not_ as abs",
    "star import": "from numpy import *",
    "attrgetter": 'from operator import attrgetter\nattrgetter("o" + "s")(pd.io.common)',
    "code as text": 'import timeit\ntimeit.timeit("1", number=1)',
    "dunder in a string": 'rab.eval("@np.__dict__")',
    "special method": "class A:\n    def __eq__(self, other):\n        return True",
    "raw memory": "np.lib.stride_tricks.as_strided(np.zeros(1), shape=(1,), strides=(10**9,))",
    "shell escape": "!cat /etc/passwd",
    "magic": "%env",
    "magic assigned": "x = !ls",
    "automagic shell": "cat /etc/hostname",
    "automagic run": "run -i p.py",
    "automagic env": "env",
    "exit": "exit()",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_snippet_is_found(name):
    """Does the scan report this way of changing the grading?"""
    assert tamper.scan_source(HOSTILE[name], MODULES), HOSTILE[name]


def test_alias_made_in_another_cell_is_found():
    """Is a module alias bound in one answer cell and patched in another found?"""
    answers = solution_answers(SOURCE)
    nb = fill(SOURCE, {**answers, "jawab_soal1": answers["jawab_soal1"] + "\nS = pd.Series",
                       "jawab_soal2": answers["jawab_soal2"] + "\nS.name = 'x'"})
    assert any("S.name" in f for f in tamper.scan(nb, SOURCE))


@pytest.mark.parametrize("source", [
    'rab.columns = ["a", "b"]',
    "progres",
    'total_rab = rab["jumlah_harga"].sum()',
    "time_limit = 5",
    'hasil = rab.query("jumlah_harga > 0")',
    "print(type(rab))",
    "import math\nakar = math.sqrt(4)",
])
def test_ordinary_code_is_not_flagged(source):
    """Is ordinary analysis code left alone?"""
    assert tamper.scan_source(source, MODULES) == []


def test_solution_and_typical_mistakes_are_not_flagged():
    """Are the solution and every typical mistake free of findings?"""
    answers = solution_answers(SOURCE)
    assert tamper.scan(fill(SOURCE, answers), SOURCE) == []
    for mistake in m11.MISTAKES.values():
        assert tamper.scan(fill(SOURCE, apply(answers, [mistake])), SOURCE) == []
