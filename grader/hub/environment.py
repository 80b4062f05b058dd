"""The participants' Python: a shared, read-only environment outside the repository.

Participants' (and the instructor's) JupyterLab servers run from this environment, never from
the repository's: the repository holds ``solutions/`` (answers and hidden tests) and its
virtual environment has an editable install pointing back into it. The environment is built
from ``requirements.lock`` (exact versions) plus a wheel of bimtek made from a copy of only
the installable packages (``grader``, ``bimtek_peserta``), so neither ``solutions/`` nor
``tests/`` can be in it. It belongs to root and nobody else can write to it.

It is rebuilt only when the lock changes; bimtek's own wheel is reinstalled when its source
changes. Default place: ``/opt/bimtek/lingkungan``.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import BimtekError

DEFAULT_ENV = Path("/opt/bimtek/lingkungan")
LOCK = "requirements.lock"
STAMP = ".bimtek-lingkungan"          # hash of the lock the packages were installed from
SOURCE_STAMP = ".bimtek-sumber"       # hash of bimtek's installed source
# Interpreters tried for the environment, first one every user can run wins.
BASE_PYTHONS = ("/usr/bin/python3.11", "/usr/bin/python3.12", "/usr/bin/python3.13",
                "/usr/bin/python3")
INSTALLED_PACKAGES = ("grader", "course/bimtek_peserta")
BUILD_FILES = ("pyproject.toml", "README.md")


def _hash_files(paths, base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = str(Path(path).relative_to(base))
        digest.update(name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def _source_files(repo: Path) -> list[Path]:
    files = [repo / name for name in BUILD_FILES]
    for package in INSTALLED_PACKAGES:
        files += [p for p in (repo / package).rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts and not p.name.endswith(".pyc")]
    return files


def lock_hash(repo: Path) -> str:
    return _hash_files([repo / LOCK], repo)


def source_hash(repo: Path) -> str:
    return _hash_files(_source_files(repo), repo)


def _usable_by_everyone(path: Path) -> bool:
    """Can any user run ``path``: every folder above it searchable, the file executable?"""
    path = Path(path).resolve()
    if not path.exists() or not path.stat().st_mode & stat.S_IXOTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.parents)


def base_python() -> str:
    """An interpreter every user can run, with venv, of the version bimtek runs on."""
    want = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [getattr(sys, "_base_executable", sys.executable), *BASE_PYTHONS]
    for candidate in candidates:
        if not candidate or not _usable_by_everyone(Path(candidate)):
            continue
        result = subprocess.run([candidate, "-c", "import sys, venv, ensurepip; "
                                 "print('%d.%d' % sys.version_info[:2])"],
                                capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip() == want:
            return candidate
    raise BimtekError(
        f"Tidak ada Python {want} dengan modul venv yang dapat dijalankan semua pengguna untuk "
        f"lingkungan peserta; pasang dengan: apt-get install -y python{want} python{want}-venv")


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["?"]
        raise BimtekError(f"Gagal {what}: {tail[0][:300]}. Periksa koneksi ke PyPI lalu "
                          "jalankan lagi.")


def _build_wheel(repo: Path, into: Path) -> Path:
    """A wheel of bimtek built from a copy holding only what is installed."""
    with tempfile.TemporaryDirectory(prefix="bimtek-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in BUILD_FILES:
            shutil.copy2(repo / name, src / name)
        for package in INSTALLED_PACKAGES:
            shutil.copytree(repo / package, src / package, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", ".ipynb_checkpoints"))
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
              "--no-build-isolation", "-w", str(into), str(src)], "membuat wheel bimtek")
    wheels = sorted(into.glob("bimtek-*.whl"))
    if not wheels:
        raise BimtekError("Gagal membuat wheel bimtek untuk lingkungan peserta.")
    return wheels[-1]


def _make_read_only(env: Path) -> None:
    """Root owns everything; nobody else may write (group and others lose w)."""
    for folder, dirs, files in os.walk(env):
        for name in [*dirs, *files, None]:
            path = os.path.join(folder, name) if name else folder
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                continue
            if info.st_uid != 0 or info.st_gid != 0:
                os.lchown(path, 0, 0)
            mode = stat.S_IMODE(info.st_mode)
            wanted = (mode & ~0o022) | 0o444 | (0o111 if mode & 0o100 or stat.S_ISDIR(info.st_mode) else 0)
            if wanted != mode:
                os.chmod(path, wanted)


def ensure_environment(env: Path, repo: Path, *, out=None) -> Path:
    """Build or update the shared participant environment ``env``; return its Python."""
    env = Path(env)
    repo = Path(repo).resolve()
    if env.resolve() == repo or repo in env.resolve().parents:
        raise BimtekError(f"Lingkungan peserta {env} tidak boleh berada di dalam repositori "
                          f"{repo}; pilih misalnya {DEFAULT_ENV}.")
    if os.geteuid() != 0:
        raise BimtekError("Lingkungan peserta hanya dapat disiapkan oleh root (sudo).")
    python = env / "bin" / "python"
    want_lock, want_source = lock_hash(repo), source_hash(repo)

    def stamp(name):
        try:
            return (env / name).read_text().strip()
        except OSError:
            return ""
    if not python.exists() or stamp(STAMP) != want_lock:
        if out:
            print(f"Menyiapkan lingkungan peserta di {env} dari {LOCK} (sekali saja, beberapa "
                  "menit) ...", file=out, flush=True)
        env.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(env.parent, os.stat(env.parent).st_mode | 0o755)
        _run([base_python(), "-m", "venv", "--clear", str(env)], "membuat lingkungan peserta")
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              "-r", str(repo / LOCK)], f"memasang paket {LOCK} ke lingkungan peserta")
        (env / STAMP).write_text(want_lock + "\n")
        (env / SOURCE_STAMP).unlink(missing_ok=True)
    if stamp(SOURCE_STAMP) != want_source:
        with tempfile.TemporaryDirectory(prefix="bimtek-wheelhouse-") as tmp:
            wheel = _build_wheel(repo, Path(tmp))
            _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                  "--no-deps", "--force-reinstall", str(wheel)], "memasang bimtek ke lingkungan peserta")
        (env / SOURCE_STAMP).write_text(want_source + "\n")
    install_lessons(env, repo)
    _make_read_only(env)
    check_contents(env, repo)
    return python


def lessons_dir(env: Path) -> Path:
    """Where the environment keeps the lessons and their data (copied to each home)."""
    return Path(env) / "share" / "bimtek"


def install_lessons(env: Path, repo: Path) -> Path:
    """Copy the lesson notebooks (``course/*.ipynb``) and the data they read (``datasets/``,
    without the generator programs) into the environment; the helper package the lessons
    and exercises import, ``bimtek_peserta``, is installed in the environment itself."""
    share = lessons_dir(env)
    tmp = share.with_name(".bimtek.baru")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "pelajaran").mkdir(parents=True)
    for notebook in sorted((repo / "course").glob("*.ipynb")):
        shutil.copy2(notebook, tmp / "pelajaran" / notebook.name)
    if (repo / "datasets").is_dir():
        shutil.copytree(repo / "datasets", tmp / "datasets", ignore=shutil.ignore_patterns(
            "*.py", "__pycache__", "*.pyc", ".ipynb_checkpoints"))
    shutil.rmtree(share, ignore_errors=True)
    os.rename(tmp, share)
    return share


def check_contents(env: Path, repo: Path) -> None:
    """Refuse an environment that leads back into the repository or holds its secrets."""
    repo = Path(repo).resolve()
    for folder, dirs, files in os.walk(env):
        for name in files:
            if name.endswith(".pth") or name == "direct_url.json":
                path = Path(folder) / name
                if str(repo) in path.read_text(errors="replace"):
                    raise BimtekError(
                        f"Lingkungan peserta {env} merujuk ke repositori lewat {path}; hapus "
                        f"folder {env} lalu jalankan bimtek hub lagi.")
        for name in dirs:
            if name in ("solutions", "tests") and Path(folder).name == "site-packages":
                raise BimtekError(f"Lingkungan peserta memuat {Path(folder) / name}; hapus "
                                  f"folder {env} lalu jalankan bimtek hub lagi.")


# Run as a participant (by the privacy check): where their Python takes bimtek from.
PROBE = ("import json, sys, grader, bimtek_peserta, nbgrader, jupyterhub; "
         "print(json.dumps({'grader': grader.__file__, 'peserta': bimtek_peserta.__file__, "
         "'path': sys.path}))")
