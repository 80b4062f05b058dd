"""nbgrader exchange classes of the single-server training room.

Loaded by the instructor's and participants' JupyterLab through ``c.ExchangeFactory.*`` in the
Jupyter configuration ``bimtek hub`` writes:

- ``OwnerCheckedCollect`` replaces nbgrader's collect (formgrader's Collect button and
  ``nbgrader collect``): the same rules as ``bimtek hub --kumpulkan`` (grader/hub/collect.py):
  a submission is taken under the name of the account that made it, links and special files
  are never followed, sizes are capped, the copies are the instructor's alone. nbgrader's own
  collect believes the name written in the folder and copies links and modes as they are.
- ``PrivateSubmit`` (participants) leaves a submission readable by the instructor alone.
- ``FeedbackInHomeRelease`` / ``FeedbackInHomeFetch`` (instructor: release feedback; participants: fetch feedback) refuses:
  in the room, feedback reaches each participant as their own file, readable by them alone
  (``bimtek hub --umpan-balik``), never through the shared exchange where anyone who can
  compute a file's name can read it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.fetch_feedback import ExchangeFetchFeedback
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from traitlets import Unicode

from .collect import Caps, collect


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, with the room's ownership, link and size rules."""

    participants_json = Unicode(
        "", help="JSON file: system username -> roster id of every participant.").tag(config=True)

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.inbound_path = os.path.join(self.root, self.coursedir.course_id, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")

    def copy_files(self):
        try:
            owners = json.loads(Path(self.participants_json).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.fail(f"Daftar akun peserta {self.participants_json!r} tidak dapat dibaca: {exc}")
        submitted = Path(self.coursedir.format_path(self.coursedir.submitted_directory, ".", "."))
        student = self.coursedir.student_id if self.coursedir.student_id not in ("", "*") else None
        result = collect(Path(self.inbound_path), submitted, self.coursedir.assignment_id,
                         owners, caps=Caps(), student=student)
        for student_id in result.collected:
            self.log.info("Collecting submission: %s %s", student_id, self.coursedir.assignment_id)
        for entry in result.refused:
            self.log.warning("Tidak dikumpulkan: %s", entry)
        for entry in result.skipped:
            self.log.warning("Berkas tidak diambil: %s", entry)
        if not result.collected:
            self.log.warning("No submissions of '%s' for course '%s' to collect",
                             self.coursedir.assignment_id, self.coursedir.course_id)


FEEDBACK_REFUSAL = ("Di ruang pelatihan ini umpan balik tidak lewat pertukaran tugas: pengajar "
                    "mengirimnya dengan 'sudo bimtek hub --umpan-balik FOLDER_LAPORAN', lalu "
                    "setiap peserta menemukannya di folder umpan_balik di folder rumahnya.")


class _Refuses:
    def init_src(self):
        pass

    def init_dest(self):
        pass

    def copy_files(self):
        self.fail(FEEDBACK_REFUSAL)

    def start(self):
        self.fail(FEEDBACK_REFUSAL)


class FeedbackInHomeRelease(_Refuses, ExchangeReleaseFeedback):
    """Instructor's "release feedback": refused, feedback goes into each home instead."""


class FeedbackInHomeFetch(_Refuses, ExchangeFetchFeedback):
    """Participant's "fetch feedback": refused, with where the feedback is."""


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, leaving the submission readable by the instructor alone.

    nbgrader makes a submission world-readable (and its folder world-writable), hidden only by
    its unlistable name. In the room the inbound folder belongs to the instructor's group and
    passes that group on (setgid), so group-only modes are enough for the instructor.
    """

    def set_perms(self, dest, fileperms, dirperms):
        super().set_perms(dest, fileperms=0o640, dirperms=0o750)

    def copy_files(self):
        super().copy_files()
        # nbgrader opens the submission folder to everyone afterwards; close it again.
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o750)
