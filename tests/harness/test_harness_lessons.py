"""Does every lesson of the catalogue run from the first cell to the last, as in the room?"""
from __future__ import annotations

import pytest

import harness_support as hs
from harness_support import MODULES, module_ids

pytestmark = pytest.mark.slow
CELL_TIMEOUT_S = 120


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_lesson_runs_top_to_bottom(module):
    """Does the lesson run top to bottom from course/ (where it reads ../datasets/ and imports
    its helper from bimtek_peserta) without an error?"""
    from nbclient import NotebookClient

    nb = hs.read(module.lesson_path)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(module.lesson_path.parent)}})
    client.execute()   # raises CellExecutionError on the first failing cell
    errors = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert not errors, f"sel dengan galat: {errors}"
