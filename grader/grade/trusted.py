"""Run one hidden check in the grader's own process, on data the kernel exported.

The check's code comes from the instructor's notebook (restored by nbgrader from the
gradebook), the participant's values from grader.grade.claims, and the original data files
from the assignment's source folder, by absolute path. Every failure becomes one sentence in
Bahasa Indonesia for the participant; nothing of the check's code or of Python's error
names reaches the feedback.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bimtek_peserta import periksa

from . import claims
from .checks import CheckCell

CHECK_SECONDS = 20      # longest time one hidden check may take in the grader


@dataclass
class CheckResult:
    passed: bool
    message: str = ""
    author_error: str = ""   # a defect of the check itself (shown to developers, not participants)


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: int):
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_):
        raise _TooSlow()
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _message(exc: BaseException) -> tuple[str, str]:
    """(message for the participant, note for developers) for an exception of a check."""
    if isinstance(exc, AssertionError):
        text = str(exc).strip()
        return (text or "Jawaban soal ini belum tepat."), ""
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None) or str(exc).split("'")[1:2] or ["jawaban"]
        name = name if isinstance(name, str) else name[0]
        return (f"Variabel {name} belum ada atau belum dijalankan. Jalankan semua sel dari atas.",
                "")
    if isinstance(exc, KeyError):
        return (f"Kolom atau baris {exc.args[0] if exc.args else ''} tidak ditemukan pada jawaban "
                "Anda.", "")
    if isinstance(exc, _TooSlow):
        return "Jawaban soal ini tidak dapat diperiksa dalam batas waktu.", "check too slow"
    return ("Jawaban soal ini belum tepat: bentuk atau isinya tidak sesuai yang diminta.",
            f"{exc.__class__.__name__}: {exc}")


def run_check(cell: CheckCell, payload, data_dir: Path) -> CheckResult:
    """Decide one check cell: run its hidden check on the exported ``payload``."""
    if not cell.hidden.strip():
        return CheckResult(True)
    if claims.payload_size(payload) > claims.MAX_PAYLOAD:
        return CheckResult(False, "Jawaban soal ini terlalu besar untuk diperiksa.")
    space = {"__name__": "bimtek_periksa", "__builtins__": __builtins__}
    space.update({name: getattr(periksa, name) for name in periksa.__all__})
    periksa._atur_akar(data_dir)
    try:
        space.update(claims.namespace(payload, cell.names, cell.calls))
        code = compile(cell.hidden, "<pemeriksaan tersembunyi>", "exec")
        with _time_limit(CHECK_SECONDS):
            exec(code, space)
    except Exception as exc:  # every failure of a check is a verdict, never a crash
        message, note = _message(exc)
        return CheckResult(False, message, note)
    finally:
        periksa._atur_akar(Path("data"))
    return CheckResult(True)
