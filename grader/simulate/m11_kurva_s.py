"""Compatibility for older tests: M11's declared mistakes, read from
``solutions/m11_kurva_s/kesalahan.toml`` (the one place they are declared).

New code reads any module's mistakes with ``grader.simulate.mistakes.declared(module)``.
"""
from .. import catalogue
from . import mistakes as _mistakes

ASSIGNMENT = "m11_kurva_s"

_DECLARED = _mistakes.declared(catalogue.load().module(ASSIGNMENT))
MISTAKES = _DECLARED.mistakes
SYNTAX_ERROR = (_DECLARED.breakages[_mistakes.SYNTAX_ERROR].cell,
                _DECLARED.breakages[_mistakes.SYNTAX_ERROR].code)
ENDLESS_LOOP = (_DECLARED.breakages[_mistakes.ENDLESS_LOOP].cell,
                _DECLARED.breakages[_mistakes.ENDLESS_LOOP].code)
