"""nbgrader's Execute, with a cap on how much output one cell may produce while it runs.

nbgrader's LimitOutput trims outputs after the notebook has run; by then a cell printing
in a loop may have filled the grader's memory. This cap drops output past the limit as it
arrives and leaves one notice in the cell.
"""
from __future__ import annotations

import time

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

NOTICE = "\n[bimtek: keluaran sel ini dipotong karena melebihi {limit} karakter]\n"


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

    def output(self, outs, msg, display_id, cell_index):
        used = self._used.get(cell_index, 0)
        content = msg.get("content", {})
        size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
        if used >= self.max_output_chars:
            return None
        self._used[cell_index] = used + size
        if used + size > self.max_output_chars:
            outs.append(new_output("stream", name="stdout",
                                   text=NOTICE.format(limit=self.max_output_chars)))
            return None
        return super().output(outs, msg, display_id, cell_index)
