"""bimtek: instructor-side tools for the bimtek curriculum (build, roster, grade, report, demo)."""

__version__ = "0.1.0"


def _put_interpreter_on_path() -> None:
    """nbgrader runs helper commands (``alembic``) by name; make sure this environment's
    ``bin/`` is on PATH even when the virtual environment was not activated."""
    import os
    import sys

    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


_put_interpreter_on_path()
