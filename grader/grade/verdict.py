"""Two steps around nbgrader's Execute so that participant code cannot influence its score.

``PrepareChecks`` (before execution):
- strips every cell's metadata but nbgrader's own (tags such as ``skip-execution`` or
  ``raises-exception`` change how nbclient runs a cell);
- takes each check cell's hidden check out of the notebook (the kernel never receives it, so
  neither its input history nor its memory holds it) and ends the visible self-check with a
  call that exports the values the hidden check needs (bimtek_peserta.ekspor).

``ApplyVerdict`` (after execution, before nbgrader saves the scores):
- runs every hidden check in this process (grader.grade.trusted) on the exported data;
- a check cell passes only if it ran to its end without error, exported its data, and its
  hidden check passed; a cell that did not run, whatever the cause, fails;
- replaces the cell's outputs by grader-authored ones (so nbgrader's scoring reads only
  them, and feedback shows no code of the check and no Python error), records the verdict in
  ``cell.metadata["bimtek"]``, and puts back the visible source.
"""
from __future__ import annotations

from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from bimtek_peserta.ekspor import MIME

from . import checks
from .trusted import run_check

PASSED = "Lulus: jawaban soal ini memenuhi pemeriksaan.\n"
NOT_RUN = ("Sel pemeriksaan ini tidak berjalan sampai selesai saat penilaian, sehingga soal "
           "ini tidak mendapat nilai. Jalankan semua sel dari atas sebelum mengumpulkan.")
STOPPED = ("Sel pemeriksaan ini berhenti karena galat. Jalankan ulang semua sel dari atas, lalu "
           "perbaiki jawaban soal ini.")
TIMEOUT = "Sel pemeriksaan ini melebihi batas waktu saat penilaian."
VISIBLE_ERRORS = {"BelumTepat", "AssertionError", "Gagal"}
KEEP_METADATA = ("nbgrader",)
MAX_MESSAGE = 500


def is_check_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _export_call(spec: dict) -> str:
    return f"__import__('bimtek_peserta.ekspor', fromlist=['kirim']).kirim({spec!r})\n"


class PrepareChecks(NbGraderPreprocessor):
    """Strip execution metadata; move hidden checks out of the notebook (see module doc)."""

    def preprocess(self, nb, resources):
        resources["bimtek_checks"] = {}
        for cell in nb.cells:
            cell.metadata = {k: v for k, v in cell.get("metadata", {}).items()
                             if k in KEEP_METADATA}
            if not is_check_cell(cell):
                continue
            grade_id = cell.metadata["nbgrader"].get("grade_id")
            try:
                analysed = checks.analyse(cell.source)
            except checks.CheckSpecError as exc:
                raise ValueError(f"check cell {grade_id}: {exc}") from None
            resources["bimtek_checks"][grade_id] = analysed
            call = _export_call(analysed.spec)
            cell.source = analysed.visible + call
        return nb, resources


def _short(text) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …"


class ApplyVerdict(NbGraderPreprocessor):
    """Decide every check cell in this process and write the verdict (see module doc)."""

    data_dir = Unicode("", help="Absolute folder of the assignment's original data files.").tag(
        config=True)

    def preprocess(self, nb, resources):
        found = resources.get("bimtek_checks", {})
        data_dir = Path(self.data_dir) if self.data_dir else self._default_data_dir(resources)
        for cell in nb.cells:
            if not is_check_cell(cell):
                continue
            grade_id = cell.metadata["nbgrader"].get("grade_id")
            analysed = found.get(grade_id)
            if analysed is None:  # not prepared: never trust what it printed
                analysed = checks.CheckCell(visible=checks.split(cell.source)[0], hidden="")
                verdict = self._verdict_without_export(cell)
            else:
                verdict = self._decide(cell, analysed, data_dir)
            cell.source = analysed.visible
            cell.metadata["bimtek"] = verdict
            if verdict["lulus"]:
                cell.outputs = [new_output("stream", name="stdout", text=PASSED)]
            else:
                cell.outputs = [new_output("error", ename="BelumTepat", evalue=verdict["pesan"],
                                           traceback=[verdict["pesan"]])]
        return nb, resources

    def _default_data_dir(self, resources) -> Path:
        from nbgrader.coursedir import CourseDirectory
        coursedir = CourseDirectory(config=self.config)
        assignment = resources.get("nbgrader", {}).get("assignment") or coursedir.assignment_id
        return Path(coursedir.format_path(coursedir.source_directory, ".", assignment)).resolve() / "data"

    @staticmethod
    def _verdict_without_export(cell) -> dict:
        return {"lulus": False, "tahap": "tidak_jalan", "pesan": NOT_RUN,
                "pesan_terlihat": None, "pesan_tersembunyi": None}

    def _decide(self, cell, analysed, data_dir: Path) -> dict:
        payload, error = None, None
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                if error is None or output.get("ename") == "CellTimeoutError":
                    error = output
            elif output.get("output_type") in ("display_data", "execute_result"):
                data = output.get("data", {})
                if MIME in data:
                    payload = data[MIME]
        verdict = {"lulus": False, "tahap": "lulus", "pesan": "", "pesan_terlihat": None,
                   "pesan_tersembunyi": None}
        if error is not None:
            ename = str(error.get("ename", ""))
            if ename == "CellTimeoutError":
                verdict.update(tahap="tidak_jalan", pesan=TIMEOUT, sebab="waktu_habis")
            elif ename in VISIBLE_ERRORS:
                message = _short(error.get("evalue")) or STOPPED
                verdict.update(tahap="terlihat", pesan=message, pesan_terlihat=message)
            else:
                verdict.update(tahap="terlihat", pesan=STOPPED, pesan_terlihat=STOPPED,
                               galat=_short(ename)[:100])
            return verdict
        if payload is None:
            verdict.update(tahap="tidak_jalan", pesan=NOT_RUN)
            return verdict
        result = run_check(analysed, payload, data_dir)
        if result.author_error:
            verdict["catatan_pengembang"] = _short(result.author_error)
        if not result.passed:
            message = _short(result.message)
            verdict.update(tahap="tersembunyi", pesan=message, pesan_tersembunyi=message)
            return verdict
        verdict.update(lulus=True, pesan="Lulus.")
        return verdict
