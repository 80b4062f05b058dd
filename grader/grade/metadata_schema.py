"""nbgrader's cell-metadata check, with its schema checked once per process.

nbgrader validates every graded cell's metadata with ``jsonschema.validate(instance,
schema)``, which checks the schema itself on every call before the instance: two thirds of
nbgrader's metadata checking per submission. The schema is nbgrader's own constant file, so a
grading worker checks it once and reuses its validator. The instance is validated exactly as
``jsonschema.validate`` does (same validator class, same ``best_match`` error raised).
"""
from __future__ import annotations

import types

import jsonschema
from jsonschema.exceptions import best_match

_validators: dict[int, tuple[dict, object]] = {}


def validate(instance, schema, cls=None, *args, **kwargs) -> None:
    """``jsonschema.validate``, with the schema check and validator kept per schema object."""
    entry = _validators.get(id(schema))
    if entry is None or entry[0] is not schema or cls is not None or args or kwargs:
        validator_class = cls or jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        entry = (schema, validator_class(schema, *args, **kwargs))
        if cls is None and not args and not kwargs:
            _validators[id(schema)] = entry
    error = best_match(entry[1].iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make nbgrader's metadata validators use ``validate`` (in this process only)."""
    from nbgrader.nbgraderformat import common
    if not isinstance(common.jsonschema, types.SimpleNamespace):
        common.jsonschema = types.SimpleNamespace(validate=validate)
