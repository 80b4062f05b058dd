"""Where the repository's parts live. The layout is fixed by the product's design."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"      # nbgrader source directory (instructor notebooks)
EXERCISES = REPO / "exercises"      # nbgrader release directory (generated, committed)
DATASETS = REPO / "datasets"        # one copy of every data file, with generators and data cards
COURSE = REPO / "course"            # lesson notebooks

# Inside an assignment, the data files sit in this sub-folder (notebooks read "data/...").
ASSIGNMENT_DATA_DIR = "data"
# Files in a dataset folder that are tooling, not data for participants.
DATASET_EXCLUDE = ("*.py", "__pycache__", "*.pyc")
# Files in solutions/<id>/ for the instructor only (declared mistakes, teaching notes, pre/post
# test items): never staged into an event's source/, so never in release/ or exercises/.
INSTRUCTOR_ONLY = ("kesalahan.toml", "catatan_pengajar.md", "butir_tes.toml")
# Never staged either: editor and interpreter leftovers.
STAGE_EXCLUDE = (".ipynb_checkpoints", "__pycache__", *INSTRUCTOR_ONLY)


def dataset_dir(assignment_id: str) -> Path:
    """The dataset folder an assignment uses: ``datasets/<assignment_id>/`` by convention."""
    return DATASETS / assignment_id
