"""Settings of an event, declared once with help text.

They are read from the event folder's ``nbgrader_config.py`` (``c.Bimtek.<name> = ...``), next
to nbgrader's own settings, so that one file holds everything an instructor may change.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import textwrap

from traitlets import (Bool, Dict, Enum, Float, Integer, List, TraitError, TraitType, Unicode,
                       validate)
from traitlets.config import Configurable

# Keys of one signatory in c.Bimtek.penandatangan.
SIGNATORY_KEYS = ("keterangan", "jabatan", "nama", "nip")
# The settings describing the event (asked by `bimtek init`, printed on the reports), in order.
EVENT_SETTINGS = ("nama_kegiatan", "penyelenggara", "tempat", "tanggal_mulai", "tanggal_selesai",
                  "jp", "kop_baris", "kop_logo", "penandatangan", "kota_ttd", "tanggal_ttd")


class Bimtek(Configurable):
    """bimtek's own settings for one event (training)."""

    # --- The event, as printed on the official reports (asked by `bimtek init`) -------------
    nama_kegiatan = Unicode(
        "Bimbingan Teknis Perencanaan Pembangunan Daerah dan Manajemen Proyek",
        help="Nama kegiatan yang dicetak pada laporan.",
    ).tag(config=True, event=True)

    penyelenggara = Unicode(
        "",
        help="Instansi penyelenggara kegiatan, misalnya 'Badan Perencanaan Pembangunan Daerah "
             "Kota Tirtamarta'; dicetak pada laporan.",
    ).tag(config=True, event=True)

    tempat = Unicode(
        "",
        help="Tempat kegiatan, misalnya 'Aula Bappeda Kota Tirtamarta'; dicetak pada laporan.",
    ).tag(config=True, event=True)

    tanggal_mulai = Unicode(
        "",
        help="Tanggal mulai kegiatan, ditulis TTTT-BB-HH (misalnya '2025-03-10'); kosong bila "
             "belum ditentukan.",
    ).tag(config=True, event=True)

    tanggal_selesai = Unicode(
        "",
        help="Tanggal selesai kegiatan, ditulis TTTT-BB-HH (misalnya '2025-03-14'); kosong "
             "berarti sama dengan tanggal mulai.",
    ).tag(config=True, event=True)

    jp = Float(
        0.0,
        help="Jumlah jam pelajaran (JP) kegiatan yang dicetak pada laporan dan sertifikat; 0 "
             "berarti dijumlahkan dari JP modul di silabus (course/silabus.toml).",
    ).tag(config=True, event=True)

    kota_ttd = Unicode(
        "",
        help="Kota tempat laporan ditandatangani, dicetak di atas tanda tangan (misalnya "
             "'Tirtamarta').",
    ).tag(config=True, event=True)

    tanggal_ttd = Unicode(
        "",
        help="Tanggal penandatanganan laporan, ditulis TTTT-BB-HH; kosong berarti tanggal "
             "laporan dibuat.",
    ).tag(config=True, event=True)

    penandatangan = List(
        Dict(),
        default_value=[],
        help="Penandatangan laporan, dari kiri ke kanan. Setiap penandatangan ditulis "
             "{'keterangan': 'Mengetahui,', 'jabatan': 'Kepala Bappeda Kota Tirtamarta', "
             "'nama': 'Dr. Nama Lengkap, M.Si.', 'nip': '197001011995031001'}; keterangan dan "
             "nip boleh dikosongkan.",
    ).tag(config=True, event=True)

    kop_logo = Unicode(
        "",
        help="Berkas logo kop laporan (PNG atau JPEG), relatif terhadap folder kegiatan; "
             "kosong berarti kop tanpa logo.",
    ).tag(config=True, event=True)

    kop_baris = List(
        Unicode(),
        default_value=[],
        help="Baris-baris teks kop laporan dari atas ke bawah, misalnya ['PEMERINTAH KOTA "
             "TIRTAMARTA', 'BADAN PERENCANAAN PEMBANGUNAN DAERAH', 'Jl. Merdeka No. 1, "
             "Tirtamarta']; kosong berarti laporan tanpa kop.",
    ).tag(config=True, event=True)

    batas_lulus = Float(
        70.0,
        help="Nilai minimum (persen dari nilai maksimum seluruh tugas) untuk dinyatakan lulus.",
    ).tag(config=True)

    # --- Track, tests, pass list and certificates (grader/tracks.py; set by init --jalur) ---
    jalur = Unicode(
        "",
        help="Jalur kegiatan dari silabus (course/silabus.toml, [[jalur]]), misalnya 'kota', "
             "'musrenbang' atau 'desa'; menentukan tugas, tes awal dan tes akhir, jadwal, daftar "
             "kelulusan dan sertifikat. Kosong berarti kegiatan tanpa jalur.",
    ).tag(config=True)

    batas_tes_akhir = Float(
        0.0,
        help="Nilai tes akhir minimum (persen) untuk dinyatakan lulus, di samping batas_lulus "
             "untuk nilai tugas; 0 berarti tes akhir tidak menjadi syarat lulus.",
    ).tag(config=True)

    menit_per_jp = Integer(
        0,
        help="Menit per jam pelajaran (JP) pada jadwal kegiatan; 0 berarti menurut silabus "
             "(menit_per_jp di course/silabus.toml, biasanya 45).",
    ).tag(config=True)

    pita_gain = List(
        Float(),
        default_value=[0.3, 0.7],
        help="Batas kategori gain ternormalisasi g = (tes akhir - tes awal) / (100 - tes awal): "
             "g di bawah angka pertama 'rendah', sampai angka kedua 'sedang', selebihnya "
             "'tinggi' (pembagian Hake; asumsi, sesuaikan dengan pedoman penyelenggara).",
    ).tag(config=True)

    nomor_sertifikat = Unicode(
        "{urut:03d}/SERT/{kegiatan}/{tahun}",
        help="Pola nomor sertifikat: {urut} nomor urut kelulusan, {kegiatan} kode kegiatan, "
             "{jalur} jalur, {tahun} tahun kegiatan; misalnya '{urut:03d}/BIMTEK/BAPPEDA/{tahun}'.",
    ).tag(config=True)

    batas_waktu_sel = Integer(
        10,
        help="Batas waktu menjalankan satu sel saat penilaian otomatis, dalam detik.",
    ).tag(config=True)

    jumlah_pekerja = Integer(
        0,
        help="Jumlah pengumpulan yang dinilai bersamaan; 0 berarti sebanyak inti prosesor.",
    ).tag(config=True)

    kotak_pasir = Enum(
        ["wajib", "otomatis", "mati"], "wajib",
        help="Kotak pasir untuk kode peserta saat dinilai (bubblewrap, tanpa hak istimewa, tanpa "
             "jaringan, batas sumber daya). Selalu 'wajib': tanpa kotak pasir penilaian ditolak. "
             "Nilai lama 'otomatis' dan 'mati' diperlakukan sebagai 'wajib'. Menilai tanpa kotak "
             "pasir hanya mungkin per penilaian dengan: bimtek grade --tanpa-kotak-pasir-berisiko.",
    ).tag(config=True)

    kotak_pasir_bwrap = Unicode(
        "",
        help="Program bubblewrap untuk kotak pasir; kosong berarti 'bwrap' yang ditemukan di PATH.",
    ).tag(config=True)

    kernel_hangat = Bool(
        True,
        help="Siapkan kernel penilaian dari templat yang sudah memuat pustaka (pandas, numpy, "
             "matplotlib) di dalam kotak pasir; setiap kiriman tetap mendapat proses, berkas "
             "dan ruang nama baru. False: setiap kernel dimulai dari awal (lebih lambat).",
    ).tag(config=True)

    tahan_kode_mencurigakan = Bool(
        True,
        help="Tahan nilai otomatis (jadi 0, perlu penilaian manual) bila kode peserta memakai "
             "cara yang dapat memengaruhi penilaian (modul sistem, eval, mengubah pustaka). "
             "Penilaian tetap dilakukan di luar kernel peserta; ini lapisan pengaman tambahan.",
    ).tag(config=True)

    batas_memori_mb = Integer(
        1536, help="Batas memori (ruang alamat) kernel satu peserta saat dinilai, dalam MB.",
    ).tag(config=True)

    batas_cpu_detik = Integer(
        300, help="Batas waktu CPU seluruh notebook satu peserta saat dinilai, dalam detik.",
    ).tag(config=True)

    batas_proses = Integer(
        256, help="Batas jumlah proses dan utas kode satu peserta saat dinilai.",
    ).tag(config=True)

    repo = Unicode(
        "",
        help="Folder repositori bimtek tempat tugas (solutions/) dan data (datasets/) berada.",
    ).tag(config=True)

    def __init__(self, **kwargs):
        config = kwargs.get("config")
        if config is not None and "Bimtek" in config:
            known = set(self.class_traits(config=True))
            for name in config.Bimtek:
                if name not in known:
                    import difflib
                    close = difflib.get_close_matches(name, sorted(known), n=1)
                    hint = f" Maksudnya c.Bimtek.{close[0]}?" if close else ""
                    raise TraitError(
                        f"c.Bimtek.{name} bukan pengaturan bimtek.{hint} Perbaiki nama itu "
                        "atau hapus barisnya.")
        try:
            super().__init__(**kwargs)
        except TraitError as exc:
            raise TraitError(self._explain(exc)) from None

    def _explain(self, exc: TraitError) -> str:
        """A setting of the wrong type, said in Indonesian with the line to fix."""
        match = re.search(r"The '(\w+)' trait of a", str(exc))
        if not match or match.group(1) not in self.traits(config=True):
            return str(exc)
        name = match.group(1)
        trait = self.traits()[name]
        value = self.config.Bimtek.get(name)
        expected = {Float: "angka, misalnya 70.0 (pakai titik, bukan koma)",
                    Integer: "bilangan bulat, misalnya 10",
                    Unicode: "teks di antara tanda petik, misalnya 'Aula Bappeda'",
                    List: "daftar di antara kurung siku, misalnya ['baris 1', 'baris 2']",
                    Enum: "salah satu dari " + ", ".join(repr(v) for v in
                                                         getattr(trait, "values", None) or ())}
        what = next((text for kind, text in expected.items() if isinstance(trait, kind)),
                    "nilai lain")
        return (f"c.Bimtek.{name} harus {what}, bukan {value!r}. Perbaiki baris itu lalu "
                "jalankan perintahnya lagi.")

    @validate("tanggal_mulai", "tanggal_selesai", "tanggal_ttd")
    def _check_date(self, proposal):
        value = proposal["value"].strip()
        if value and parse_date(value) is None:
            raise TraitError(
                f"c.Bimtek.{proposal['trait'].name} harus tanggal TTTT-BB-HH, misalnya "
                f"'2025-03-10', bukan {value!r}.")
        return value

    @validate("jp")
    def _check_jp(self, proposal):
        if proposal["value"] < 0:
            raise TraitError("c.Bimtek.jp tidak boleh negatif; tulis 0 agar dihitung dari silabus.")
        return proposal["value"]

    @validate("penandatangan")
    def _check_signatories(self, proposal):
        people = []
        for number, person in enumerate(proposal["value"], start=1):
            unknown = sorted(set(person) - set(SIGNATORY_KEYS))
            if unknown:
                raise TraitError(
                    f"c.Bimtek.penandatangan ke-{number} berisi kunci yang tidak dikenal "
                    f"({', '.join(unknown)}); kunci yang dikenal: {', '.join(SIGNATORY_KEYS)}.")
            person = {key: str(person.get(key, "") or "").strip() for key in SIGNATORY_KEYS}
            if not person["nama"] or not person["jabatan"]:
                raise TraitError(
                    f"c.Bimtek.penandatangan ke-{number} harus berisi 'nama' dan 'jabatan', "
                    "misalnya {'jabatan': 'Ketua Panitia', 'nama': 'Nama Lengkap', 'nip': "
                    "'197001011995031001'}.")
            people.append(person)
        return people

    def event_dates(self) -> tuple[dt.date | None, dt.date | None]:
        """First and last day of the event (None when not set)."""
        first = parse_date(self.tanggal_mulai)
        last = parse_date(self.tanggal_selesai) or first
        return first, last

    @validate("batas_lulus")
    def _check_threshold(self, proposal):
        value = proposal["value"]
        if not 0 <= value <= 100:
            raise TraitError(f"batas_lulus harus antara 0 dan 100, bukan {value}.")
        return value

    @validate("batas_tes_akhir")
    def _check_post_test(self, proposal):
        if not 0 <= proposal["value"] <= 100:
            raise TraitError(f"c.Bimtek.batas_tes_akhir harus antara 0 dan 100, bukan "
                             f"{proposal['value']}.")
        return proposal["value"]

    @validate("pita_gain")
    def _check_gain_bands(self, proposal):
        value = list(proposal["value"])
        if len(value) != 2 or not 0 < value[0] < value[1] <= 1:
            raise TraitError("c.Bimtek.pita_gain harus dua angka naik antara 0 dan 1, misalnya "
                             f"[0.3, 0.7], bukan {value!r}.")
        return value

    @validate("nomor_sertifikat")
    def _check_certificate_number(self, proposal):
        try:
            proposal["value"].format(urut=1, kegiatan="x", jalur="x", tahun=2025)
        except (KeyError, IndexError, ValueError) as exc:
            raise TraitError(f"c.Bimtek.nomor_sertifikat tidak sah ({exc}); pakai {{urut}}, "
                             "{kegiatan}, {jalur} dan {tahun}, misalnya "
                             "'{urut:03d}/SERT/{kegiatan}/{tahun}'.") from None
        return proposal["value"]

    @validate("batas_waktu_sel")
    def _check_timeout(self, proposal):
        if proposal["value"] < 1:
            raise TraitError("batas_waktu_sel harus paling sedikit 1 detik.")
        return proposal["value"]

    def workers(self) -> int:
        """Number of parallel graders actually used."""
        return self.jumlah_pekerja if self.jumlah_pekerja > 0 else (os.cpu_count() or 1)


def parse_date(text: str) -> dt.date | None:
    """A date written TTTT-BB-HH, or None."""
    try:
        return dt.date.fromisoformat(text.strip()) if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", text.strip()) else None
    except ValueError:
        return None


def event_traits() -> dict[str, TraitType]:
    """The settings that describe the event (asked by `bimtek init`), in declaration order."""
    traits = Bimtek.class_traits(config=True)
    return {name: traits[name] for name in EVENT_SETTINGS}


def config_lines(values: dict) -> list[str]:
    """Lines of nbgrader_config.py setting the event's settings, each after its help text."""
    lines = ["", "# Keterangan kegiatan untuk laporan resmi (ubah bila perlu; penjelasan lengkap:",
             "# bimtek pengaturan --course FOLDER_INI)."]
    defaults = Bimtek()
    for name, trait in event_traits().items():
        value = values.get(name, getattr(defaults, name))
        lines += textwrap.wrap(trait.help, 96, initial_indent="# ", subsequent_indent="# ")
        lines.append(f"c.Bimtek.{name} = {value!r}")
    return lines
