"""Helpers for the hostile-submission tests: scores per question, cell outputs, a trap server."""
from __future__ import annotations

import re
import socket
import threading
import warnings
from collections import defaultdict
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

ASSIGNMENT = "m11_kurva_s"
NOTEBOOK = "m11_kurva_s"


def question(grade_id: str) -> int | None:
    """The question number of a test cell (uji_soal3_garis -> 3); None for refleksi etc."""
    match = re.search(r"soal(\d+)", grade_id)
    return int(match.group(1)) if match else None


def gradebook_scores(course, students) -> dict[str, dict]:
    """Per participant: {"soal": {question: score}, "auto": [auto scores], "max": {q: max}}.

    Participants without a submission in the gradebook are left out.
    """
    result = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            for student in students:
                try:
                    nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
                except Exception:
                    continue
                per_question, maxima = defaultdict(float), defaultdict(float)
                autos = []
                for grade in nb.grades:
                    autos.append(grade.auto_score)
                    if question(grade.name):
                        per_question[question(grade.name)] += grade.score
                        maxima[question(grade.name)] += grade.max_score
                result[student] = {"soal": dict(per_question), "auto": autos,
                                   "max": dict(maxima)}
    return result


def seed_stale_scores(course, student: str) -> None:
    """Pretend an earlier run gave ``student`` full automatic marks on every cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(course.db_url, course.course_id) as gb:
            submission = gb.add_submission(ASSIGNMENT, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = grade.max_score
            gb.db.commit()


def cell_texts(course, student: str) -> dict[str, str]:
    """grade id (or "sel-N") -> all text a cell showed in the autograded notebook.

    Stream text, rich text and error name/message/traceback, joined; {} if there is no
    autograded notebook (a run that failed leaves none).
    """
    path = course.path("autograded", student, ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    if not path.exists():
        return {}
    nb = nbformat.read(path, as_version=4)
    texts = {}
    for index, cell in enumerate(nb.cells, start=1):
        key = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"sel-{index}"
        parts = []
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            parts.append(str(out.get("data", {}).get("text/plain", "")))
            if out.get("output_type") == "error":
                parts += [str(out.get("ename", "")), str(out.get("evalue", "")),
                          *map(str, out.get("traceback", []))]
        texts[key] = "\n".join(p for p in parts if p)
    return texts


def autograded_notebook(course, student: str) -> Path:
    return course.path("autograded", student, ASSIGNMENT) / f"{NOTEBOOK}.ipynb"


class TrapServer:
    """A TCP server on 127.0.0.1 that records every connection it accepts (it should get none)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.connections.append(addr)
            try:
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/csv\r\n\r\nbocor\n1\n")
            finally:
                conn.close()

    def probe(self) -> bool:
        """Connect once from the test itself (proves the server works); not recorded."""
        before = len(self.connections)
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            conn.recv(100)
        for _ in range(50):
            if len(self.connections) > before:
                break
            threading.Event().wait(0.05)
        ok = len(self.connections) > before
        del self.connections[before:]
        return ok

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


def sandbox_processes(root: Path) -> list[str]:
    """Processes of a sandbox user (uid 60000-89999) still working inside event ``root``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            uid = int(next(line.split()[1] for line in (proc / "status").read_text().splitlines()
                           if line.startswith("Uid:")))
            cwd = str((proc / "cwd").readlink())
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, StopIteration, ValueError):
            continue
        if 60000 <= uid < 90000 and cwd.startswith(str(root)):
            found.append(f"{proc.name} uid={uid} {cmdline[:80]}")
    return found
