"""The event's particulars for the official reports, asked by ``bimtek init``.

Name, organiser, venue, dates, JP, the letterhead (kop: logo and lines) and the signatories
are settings of the event (declared once in grader/settings.py). ``bimtek init`` takes them
from flags, asks for the missing ones at a terminal, and writes them into the event's
``nbgrader_config.py``; without a terminal (a script, CI) it never waits for input.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from traitlets import TraitError
from traitlets.config import Config

from .errors import BimtekError
from .settings import SIGNATORY_KEYS, Bimtek, event_traits

LOGO_NAME = "kop_logo"          # the logo is copied into the event folder under this name
LOGO_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
SIGNATORY_FORMAT = "NAMA|NIP|JABATAN[|KETERANGAN]"
MAX_SIGNATORIES = 3


def parse_signatory(text: str) -> dict:
    """A signatory from "NAMA|NIP|JABATAN" or "NAMA|NIP|JABATAN|KETERANGAN" (NIP may be empty)."""
    parts = [part.strip() for part in text.split("|")]
    if len(parts) not in (3, 4) or not parts[0] or not parts[2]:
        raise BimtekError(
            f"Penandatangan {text!r} tidak sah: tulis {SIGNATORY_FORMAT}, misalnya "
            "\"Dr. Nama Lengkap, M.Si.|197001011995031001|Kepala Bappeda Kota Tirtamarta|"
            "Mengetahui,\" (NIP boleh kosong: \"Nama||Ketua Panitia\").")
    return {"nama": parts[0], "nip": parts[1], "jabatan": parts[2],
            "keterangan": parts[3] if len(parts) == 4 else ""}


def check_logo(path: str | Path) -> Path:
    """The logo file, checked to be a PNG or JPEG image the reports can print."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise BimtekError(f"Berkas logo {path} tidak ditemukan. Periksa nama dan lokasinya, "
                          "atau kosongkan logo (kop tanpa logo).")
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise BimtekError(f"Logo {path.name} bukan berkas PNG atau JPEG. Simpan logo sebagai "
                          ".png atau .jpg lalu sebutkan berkas itu.")
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError) as exc:
        raise BimtekError(f"Logo {path.name} tidak dapat dibaca sebagai gambar (rusak atau "
                          "bukan gambar). Simpan ulang logo sebagai .png lalu coba lagi.") from exc
    return path


def check(values: dict) -> dict:
    """``values`` validated as the event's settings; BimtekError names the setting to fix."""
    config = Config()
    for name, value in values.items():
        config.Bimtek[name] = value
    try:
        settings = Bimtek(config=config)
    except TraitError as exc:
        raise BimtekError(f"Keterangan kegiatan tidak sah: {exc}") from None
    first, last = settings.event_dates()
    if first and last and last < first:
        raise BimtekError(
            f"Tanggal selesai ({settings.tanggal_selesai}) lebih awal dari tanggal mulai "
            f"({settings.tanggal_mulai}). Perbaiki salah satunya.")
    if values.get("kop_logo"):
        check_logo(values["kop_logo"])
    return {name: getattr(settings, name) for name in values}


def install_logo(values: dict, root: Path) -> dict:
    """Copy the logo into the event folder; the setting then names the copy (relative)."""
    if not values.get("kop_logo"):
        return values
    source = Path(values["kop_logo"]).expanduser()
    target = root / f"{LOGO_NAME}{source.suffix.lower()}"
    shutil.copyfile(source, target)
    return {**values, "kop_logo": target.name}


def missing(values: dict) -> list[str]:
    """Settings the reports print that are still empty."""
    wanted = ("penyelenggara", "tempat", "tanggal_mulai", "kop_baris", "penandatangan")
    return [name for name in wanted if not values.get(name)]


def ask(values: dict, *, ask: Callable[[str], str] = input,
        say: Callable[[str], None] = print) -> dict:
    """Ask at the terminal for each event setting not given in ``values``.

    An empty answer keeps the default (or leaves it empty); a wrong answer is explained and
    asked again. End of input (Ctrl-D) stops asking and keeps what was answered.
    """
    values = dict(values)
    defaults = Bimtek()
    say("Keterangan kegiatan untuk laporan resmi (tekan Enter untuk melewati; semuanya dapat "
        "diubah nanti di nbgrader_config.py):")

    def question(prompt: str, check_one: Callable[[str], object] | None = None) -> str:
        while True:
            try:
                answer = ask(prompt).strip()
            except EOFError:
                raise _Stop from None
            if not answer or check_one is None:
                return answer
            try:
                check_one(answer)
                return answer
            except BimtekError as exc:
                say(f"  {exc}")

    def one(name: str):
        return lambda answer: check({name: float(answer) if name == "jp" else answer})

    def jp_number(answer: str):
        try:
            float(answer.replace(",", "."))
        except ValueError:
            raise BimtekError("JP harus angka, misalnya 32.") from None

    try:
        for name, prompt in (("nama_kegiatan", f"Nama kegiatan [{defaults.nama_kegiatan}]: "),
                             ("penyelenggara", "Penyelenggara (instansi): "),
                             ("tempat", "Tempat kegiatan: "),
                             ("tanggal_mulai", "Tanggal mulai (TTTT-BB-HH): "),
                             ("tanggal_selesai", "Tanggal selesai (TTTT-BB-HH, Enter bila satu "
                                                 "hari): ")):
            if name not in values:
                answer = question(prompt, None if name in ("nama_kegiatan", "penyelenggara",
                                                           "tempat") else one(name))
                if answer:
                    values[name] = answer
        if "jp" not in values:
            answer = question("Jumlah JP (Enter: dihitung dari silabus): ", jp_number)
            if answer:
                values["jp"] = float(answer.replace(",", "."))
        if "kop_baris" not in values:
            lines = []
            while True:
                answer = question(f"Kop baris {len(lines) + 1} (Enter bila selesai): ")
                if not answer:
                    break
                lines.append(answer)
            if lines:
                values["kop_baris"] = lines
        if "kop_logo" not in values:
            answer = question("Berkas logo kop (PNG/JPEG, Enter bila tanpa logo): ", check_logo)
            if answer:
                values["kop_logo"] = answer
        if "penandatangan" not in values:
            people = []
            while len(people) < MAX_SIGNATORIES:
                answer = question(f"Penandatangan {len(people) + 1} ({SIGNATORY_FORMAT}; Enter "
                                  "bila selesai): ", parse_signatory)
                if not answer:
                    break
                people.append(parse_signatory(answer))
            if people:
                values["penandatangan"] = people
        if "kota_ttd" not in values:
            answer = question("Kota penandatanganan (misalnya Tirtamarta): ")
            if answer:
                values["kota_ttd"] = answer
    except _Stop:
        say("")
    return values


class _Stop(Exception):
    """End of input while asking."""


def describe() -> list[str]:
    """One line per event setting: name and help (for messages pointing at the config file)."""
    return [f"c.Bimtek.{name}: {trait.help}" for name, trait in event_traits().items()]


__all__ = ["SIGNATORY_KEYS", "ask", "check", "check_logo", "install_logo", "missing",
           "parse_signatory"]
