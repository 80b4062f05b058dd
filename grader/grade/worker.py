"""Autograde one submission with nbgrader, in a worker process.

Runs nbgrader's own Autograde converter (sanitize: restore test cells from the gradebook,
check metadata; then execute and save the scores), with the event's configuration and
bimtek's per-cell time limit. Returns a small picklable outcome instead of raising, so
one broken submission never stops the batch.
"""
from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import CheckCellMetadata, DeduplicateIds, Execute
from traitlets.config import Config

from ..course import load_config
from .duplicate_ids import KeepLastGradeId
from .limited_execute import LimitedExecute
from .metadata_schema import install as _check_schema_once
from .verdict import ApplyVerdict, PrepareChecks
from .sandbox import SandboxKernelManager


@dataclass
class Outcome:
    student_id: str
    ok: bool
    seconds: float
    timeout: int
    execute_seconds: float = 0.0   # kernel start + running the cells
    errors: list[str] = field(default_factory=list)   # nbgrader's error log lines


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def autograde_one(root: str, assignment_id: str, student_id: str, timeout: int,
                  sandbox: dict | None = None) -> Outcome:
    """Autograde ``student_id``'s submission of ``assignment_id`` in event folder ``root``.

    ``sandbox``: settings for grader.grade.sandbox.SandboxKernelManager, or None to run the
    kernel unsandboxed.
    """
    started = time.perf_counter()
    _check_schema_once()
    config = load_config(Path(root))
    overrides = Config()
    overrides.CourseDirectory.assignment_id = assignment_id
    overrides.CourseDirectory.student_id = student_id
    overrides.Autograde.force = True
    overrides.Autograde.create_student = False
    overrides.Execute.timeout = timeout
    overrides.Execute.interrupt_on_timeout = True
    # The results are in the notebook once the last cell has run: end the kernel by killing
    # its process tree rather than asking it to shut down and waiting.
    overrides.Execute.shutdown_kernel = "immediate"
    # Stop a flood of output while it happens, not after it filled the grader's memory; and
    # skip nbgrader's second metadata check (the sanitize pass already ran it, and executing
    # a notebook cannot change its metadata): a tenth of the per-submission overhead.
    # The verdict never runs in the participant's kernel: PrepareChecks takes the hidden
    # checks out before execution, ApplyVerdict runs them here on the exported data
    # (grader.grade.verdict).
    steps = []
    for pp in Autograde.class_traits()["autograde_preprocessors"].default():
        if pp is CheckCellMetadata:
            continue
        if pp is Execute:
            steps += [PrepareChecks, LimitedExecute, ApplyVerdict]
        else:
            steps.append(pp)
    overrides.Autograde.autograde_preprocessors = steps
    # nbconvert validates the whole notebook after every step by default; once after the
    # last step is enough (the notebook is validated again when it is written).
    overrides.Exporter.optimistic_validation = True
    overrides.Autograde.sanitize_preprocessors = [
        step for pp in Autograde.class_traits()["sanitize_preprocessors"].default()
        for step in ([KeepLastGradeId, pp] if pp is DeduplicateIds else [pp])]
    if sandbox is not None:
        overrides.Execute.kernel_manager_class = SandboxKernelManager
        for name, value in sandbox.items():
            overrides.SandboxKernelManager[name] = value
    else:  # bimtek grade --tanpa-kotak-pasir-berisiko, or the demo without a sandbox
        overrides.Execute.kernel_manager_class = "jupyter_client.manager.AsyncKernelManager"
    config.merge(overrides)
    collect = _Collect()
    LimitedExecute.last_seconds = 0.0
    try:
        coursedir = CourseDirectory(config=config)
        converter = Autograde(coursedir=coursedir, config=config)
        converter.log.handlers = [collect]
        converter.log.propagate = False
        converter.log.setLevel(logging.ERROR)
        converter.start()
        ok = True
    except Exception:  # nbgrader raises after logging what went wrong
        ok = False
        collect.lines.append(traceback.format_exc(limit=3))
    if collect.lines:  # stderr is the run's log file (see run._quiet_worker)
        print(f"--- {assignment_id}/{student_id}:", *collect.lines, sep="\n", file=sys.stderr)
    return Outcome(student_id=student_id, ok=ok, seconds=time.perf_counter() - started,
                   timeout=timeout, execute_seconds=LimitedExecute.last_seconds,
                   errors=collect.lines)
