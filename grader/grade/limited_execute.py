"""nbgrader's Execute, with a cap on how much output one cell may produce while it runs.

nbgrader's LimitOutput trims outputs after the notebook has run; by then a cell printing
in a loop may have filled the grader's memory. This cap drops output past the limit as it
arrives and leaves one notice in the cell.

Errors are never dropped: nbgrader scores a test cell by whether it has an error output, so
a participant's function that prints a flood before a test fails must not make the failure
disappear. Their text (message and traceback) is shortened instead: an exception carrying
a huge message would otherwise pass the cap.
"""
from __future__ import annotations

import time

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from bimtek_peserta.ekspor import MIME

NOTICE = "\n[bimtek: keluaran sel ini dipotong karena melebihi {limit} karakter]\n"
ERROR_TEXT = 2_000       # characters kept of an error's message and of each traceback line
ERROR_LINES = 100        # traceback lines kept
CUT = " [...dipotong]"
EXPORT_CHARS = 20_000_000  # the exported answers of one check cell (grader.grade.claims)


def _short(text, limit: int = ERROR_TEXT) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit] + CUT


def trim_error(output) -> None:
    """Shorten an error output in place (it stays an error output)."""
    output["evalue"] = _short(output.get("evalue", ""))
    output["ename"] = _short(output.get("ename", ""), 200)
    traceback = [_short(line) for line in output.get("traceback", [])]
    if len(traceback) > ERROR_LINES:
        half = ERROR_LINES // 2
        traceback = traceback[:half] + [CUT.strip()] + traceback[-half:]
    output["traceback"] = traceback


class LimitedExecute(Execute):
    max_output_chars = Integer(
        200_000, help="Largest amount of output text kept per cell while executing.",
    ).tag(config=True)

    # Seconds the last notebook spent starting its kernel and running (for the benchmark's
    # overhead figure: everything else in a worker is grading overhead).
    last_seconds = 0.0

    def preprocess(self, nb, resources=None, km=None):
        self._used: dict[int, int] = {}
        started = time.perf_counter()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            LimitedExecute.last_seconds = time.perf_counter() - started

    def preprocess_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        finally:
            # processes a cell left behind would compete with the kernel for the rest of the
            # notebook (grader.grade.sandbox.SandboxKernelManager.reap_strays)
            reap = getattr(self.km, "reap_strays", None)
            if reap is not None:
                reap()

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)  # nbgrader may add the reply's error here
        for output in kwargs["cell"].get("outputs", []):
            if output.get("output_type") == "error":
                trim_error(output)

    def output(self, outs, msg, display_id, cell_index):
        if msg.get("msg_type") == "error":  # always kept (see the module's docstring)
            out = super().output(outs, msg, display_id, cell_index)
            if out is not None:
                trim_error(out)
            return out
        used = self._used.get(cell_index, 0)
        content = msg.get("content", {})
        data = content.get("data")
        if isinstance(data, dict) and set(data) == {MIME}:
            # a check cell's export (bimtek_peserta.ekspor) has its own, larger cap
            if len(str(data[MIME])) > EXPORT_CHARS:
                return None
            return super().output(outs, msg, display_id, cell_index)
        size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
        if used >= self.max_output_chars:
            return None
        self._used[cell_index] = used + size
        if used + size > self.max_output_chars:
            outs.append(new_output("stream", name="stdout",
                                   text=NOTICE.format(limit=self.max_output_chars)))
            return None
        return super().output(outs, msg, display_id, cell_index)
