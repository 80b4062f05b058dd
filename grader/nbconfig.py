"""nbgrader settings shared by ``bimtek build`` and every event folder.

One table, two renderings: a traitlets Config for in-process nbgrader runs, and the lines
written into an event's ``nbgrader_config.py`` (so the instructor can read and change them).
"""
from __future__ import annotations

from traitlets.config import Config

CODE_STUB = "# TULIS JAWABAN ANDA DI SINI\nraise NotImplementedError()"
# Every nbgrader step that runs a participant's notebook (bimtek grade, formgrader's Autograde,
# `nbgrader autograde`) starts its kernel through this manager: inside the sandbox, or not at
# all (it refuses when the sandbox cannot run). Written into every event's nbgrader_config.py;
# include SANDBOX_LINES in any other nbgrader configuration that may autograde.
SANDBOX_MANAGER = "grader.grade.sandbox.SandboxKernelManager"
SANDBOX_LINES = [
    "# Kode peserta hanya dijalankan di dalam kotak pasir (juga oleh Autograde di Formgrader);",
    "# tanpa kotak pasir, penilaian ditolak. Jangan hapus baris ini.",
    f"c.Execute.kernel_manager_class = {SANDBOX_MANAGER!r}",
]
TEXT_STUB = "TULIS JAWABAN ANDA DI SINI"

# (section, name, value, comment shown in the event's config file)
SHARED = [
    ("CourseDirectory", "source_directory", "source",
     "Sumber tugas (salinan solutions/ dan datasets/ dari repositori)."),
    ("CourseDirectory", "release_directory", "release",
     "Tugas yang dibagikan kepada peserta."),
    ("CourseDirectory", "submitted_directory", "submitted",
     "Pengumpulan peserta: submitted/<id>/<tugas>/<notebook>.ipynb"),
    ("ClearSolutions", "code_stub", {"python": CODE_STUB},
     "Teks pengganti jawaban pada sel kode."),
    ("ClearSolutions", "text_stub", TEXT_STUB,
     "Teks pengganti jawaban pada sel teks."),
    ("ClearHiddenTests", "enforce_metadata", True,
     "Uji tersembunyi hanya boleh ada di sel uji."),
    ("Execute", "interrupt_on_timeout", True,
     "Hentikan sel yang melewati batas waktu, lalu lanjutkan sel berikutnya."),
    ("Autograde", "create_student", False,
     "Folder pengumpulan dengan id yang tidak ada di daftar peserta tidak dinilai."),
]


def shared_config() -> Config:
    config = Config()
    for section, name, value, _comment in SHARED:
        config[section][name] = value
    return config


def render(course_id: str, repo: str, db_url: str | None = None) -> str:
    """Text of an event's nbgrader_config.py.

    ``db_url`` (for example ``postgresql://user:password@127.0.0.1:5432/bimtek``) is written
    only when given; without it nbgrader's default applies: ``gradebook.db`` in the folder.
    """
    lines = [
        "# Pengaturan kegiatan bimtek (nbgrader dan bimtek). Dibuat oleh 'bimtek init'.",
        "# Ubah nilai di bawah ini bila perlu; perintah bimtek membaca berkas ini.",
        "c = get_config()  # noqa: F821",
        "",
        f"c.CourseDirectory.course_id = {course_id!r}",
    ]
    if db_url:
        lines += ["# Basis data buku nilai (bawaan tanpa baris ini: gradebook.db di folder ini).",
                  f"c.CourseDirectory.db_url = {db_url!r}"]
    for section, name, value, comment in SHARED:
        lines += [f"# {comment}", f"c.{section}.{name} = {value!r}"]
    lines += SANDBOX_LINES
    lines += [
        "",
        "# Pengaturan bimtek (penjelasan: bimtek pengaturan --course FOLDER_INI).",
        f"c.Bimtek.repo = {repo!r}",
        "c.Bimtek.batas_lulus = 70.0",
        "c.Bimtek.batas_waktu_sel = 10",
        "c.Bimtek.jumlah_pekerja = 0",
        "c.Bimtek.kotak_pasir = 'wajib'",
        "",
    ]
    return "\n".join(lines)
