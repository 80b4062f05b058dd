"""``bimtek periksa``: is this machine ready for an event? One row per component: ready, or
missing with the exact command that fixes it.

``bimtek grade`` and ``bimtek hub`` call ``require`` with the rows they need before starting,
and stop with that row's sentence when one is missing.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import paths
from .errors import BimtekError

SIAP, KURANG, TIDAK_PERLU = "siap", "KURANG", "tidak perlu"
MIN_FREE_GB = 2.0            # free disk an event folder needs (autograded notebooks, reports)
# What renders the PDF reports: (module imported by grader.report, its distribution).
# Adding a renderer is one line here.
PDF_MODULES = [("reportlab", "reportlab")]
SETUP = f"sudo bash {paths.REPO / 'scripts' / 'siapkan-server.sh'}"


@dataclass
class Row:
    key: str
    komponen: str
    status: str
    keterangan: str   # what was found when ready; what is missing and the fix otherwise

    @property
    def ok(self) -> bool:
        return self.status != KURANG


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_packages(lock: Path) -> dict[str, str]:
    """name -> pinned version, from a requirements.lock written by ``uv pip compile``."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)\s*(;[^#]*)?",
                         line.strip())
        if not match:
            continue
        if match.group(4):  # an environment marker, e.g. "; sys_platform == 'win32'"
            try:
                from packaging.markers import Marker
                if not Marker(match.group(4)[1:].strip()).evaluate():
                    continue
            except Exception:
                pass
        pins[_norm(match.group(1))] = match.group(3)
    return pins


def check_packages(course=None, lock: Path | None = None) -> Row:
    lock = lock or paths.REPO / "requirements.lock"
    name = "Paket Python (requirements.lock)"
    if not lock.is_file():
        return Row("paket", name, TIDAK_PERLU, f"{lock} tidak ada (pemasangan tanpa repositori)")
    wrong = []
    pins = locked_packages(lock)
    for package, version in sorted(pins.items()):
        try:
            found = metadata.version(package)
        except metadata.PackageNotFoundError:
            wrong.append(f"{package} belum terpasang")
            continue
        if found != version:
            wrong.append(f"{package} {found} (seharusnya {version})")
    if not wrong:
        return Row("paket", name, SIAP, f"{len(pins)} paket sesuai versi terkunci")
    shown = "; ".join(wrong[:4]) + (f"; dan {len(wrong) - 4} lagi" if len(wrong) > 4 else "")
    return Row("paket", name, KURANG,
               f"{shown}; perbaiki dengan: {sys.executable} -m pip install -r {lock}")


def check_sandbox(course=None, quick: bool = False) -> Row:
    """The sandbox by a real trial (a kernel computing 1 + 1); ``quick``: a short bwrap run."""
    from .grade.sandbox_command import probe
    from .grade.sandbox_trial import trial, userns_for_others
    bwrap = course.settings.kotak_pasir_bwrap if course is not None else ""
    name = "Kotak pasir (bubblewrap)"
    if quick:
        problem = probe(bwrap)
        ok, text = (problem is None), (problem or "dapat dijalankan")
    else:
        ok, text = trial(bwrap)
    if ok and os.geteuid() == 0:
        others = userns_for_others(bwrap)
        if others:  # formgrader's Autograde runs under the instructor's own account
            return Row("kotak_pasir", name, KURANG,
                       f"sebagai root dapat dijalankan, tetapi tidak untuk akun pengajar: {others}")
        text += "; akun pengajar (tanpa root) juga dapat memakainya"
    return Row("kotak_pasir", name, SIAP if ok else KURANG, text)


def check_autograde(course=None) -> Row:
    """Does the event's nbgrader configuration make Autograde (formgrader) use the sandbox?"""
    name = "Autograde Formgrader memakai kotak pasir"
    if course is None:
        return Row("autograde", name, TIDAK_PERLU, "sebutkan --course untuk memeriksa kegiatan")
    from .nbconfig import SANDBOX_LINES, SANDBOX_MANAGER
    value = course.config.get("Execute", {}).get("kernel_manager_class")
    value = value if isinstance(value, str) else getattr(value, "__module__", "") + "." + \
        getattr(value, "__name__", "")
    if value == SANDBOX_MANAGER:
        return Row("autograde", name, SIAP, f"{course.root / 'nbgrader_config.py'}")
    return Row("autograde", name, KURANG,
               f"{course.root / 'nbgrader_config.py'} tidak memakai kotak pasir; tambahkan baris: "
               f"{SANDBOX_LINES[-1]}")


def check_proxy(course=None) -> Row:
    name = "configurable-http-proxy (ruang pelatihan)"
    found = shutil.which("configurable-http-proxy")
    if found:
        return Row("proksi", name, SIAP, found)
    return Row("proksi", name, KURANG,
               f"tidak ditemukan; pasang dengan: {SETUP} (atau: sudo apt-get install npm && "
               "sudo npm install -g configurable-http-proxy)")


def check_postgres(course=None) -> Row:
    name = "PostgreSQL (buku nilai)"
    if course is None or not course.db_url.startswith("postgresql"):
        return Row("postgresql", name, TIDAK_PERLU,
                   "kegiatan memakai SQLite" if course is not None else "sebutkan --course")
    from sqlalchemy import create_engine, text
    try:
        engine = create_engine(course.db_url, connect_args={"connect_timeout": 5})
        with engine.connect() as connection:
            version = connection.execute(text("show server_version")).scalar()
        engine.dispose()
    except Exception as exc:
        first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else exc.__class__.__name__
        return Row("postgresql", name, KURANG,
                   f"{course.db_label} tidak dapat dihubungi ({first}); jalankan server-nya "
                   "(sudo systemctl start postgresql) dan periksa c.CourseDirectory.db_url")
    return Row("postgresql", name, SIAP, f"{course.db_label} (PostgreSQL {version})")


def check_pdf(course=None) -> Row:
    name = "Pembuat laporan PDF"
    found, missing = [], []
    for module, distribution in PDF_MODULES:
        try:
            __import__(module)
            found.append(f"{distribution} {metadata.version(distribution)}")
        except Exception:
            missing.append(distribution)
    if not missing:
        return Row("pdf", name, SIAP, ", ".join(found))
    return Row("pdf", name, KURANG, f"{', '.join(missing)} tidak dapat dimuat; pasang dengan: "
               f"{sys.executable} -m pip install -r {paths.REPO / 'requirements.lock'}")


def check_disk(course=None) -> Row:
    folder = course.root if course is not None else Path.cwd()
    free = shutil.disk_usage(folder).free / 1024 ** 3
    name = "Ruang disk kosong"
    text = f"{free:.1f} GB kosong di {folder}"
    if free >= MIN_FREE_GB:
        return Row("disk", name, SIAP, text)
    return Row("disk", name, KURANG, f"{text}, kurang dari {MIN_FREE_GB:g} GB; kosongkan ruang "
               "atau pindahkan folder kegiatan ke disk lain")


CHECKS = {"paket": check_packages, "kotak_pasir": check_sandbox, "autograde": check_autograde,
          "proksi": check_proxy, "postgresql": check_postgres, "pdf": check_pdf,
          "disk": check_disk}


def run(course=None, keys: list[str] | None = None) -> list[Row]:
    """Every check (or those named), in the table's order."""
    return [CHECKS[key](course) for key in (keys or CHECKS)]


def require(keys: list[str], course=None) -> None:
    """Raise BimtekError with the first missing row's sentence (the sandbox: a short run)."""
    for key in keys:
        row = check_sandbox(course, quick=True) if key == "kotak_pasir" else CHECKS[key](course)
        if not row.ok:
            raise BimtekError(f"{row.komponen} belum siap: {row.keterangan} "
                              "(periksa semuanya dengan: bimtek periksa).")


def render(rows: list[Row]) -> str:
    """The table as text, in Indonesian."""
    width = max(len(r.komponen) for r in rows)
    lines = [f"{'Komponen':<{width}}  {'Status':<11}  Keterangan", "-" * (width + 60)]
    for r in rows:
        lines.append(f"{r.komponen:<{width}}  {r.status:<11}  {r.keterangan}")
    missing = [r for r in rows if not r.ok]
    lines.append("")
    lines.append("Semua komponen siap." if not missing else
                 f"{len(missing)} komponen belum siap; jalankan perbaikan yang disebut di atas, "
                 "lalu ulangi: bimtek periksa")
    return "\n".join(lines)
