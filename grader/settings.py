"""Settings of an event, declared once with help text.

They are read from the event folder's ``nbgrader_config.py`` (``c.Bimtek.<name> = ...``), next
to nbgrader's own settings, so that one file holds everything an instructor may change.
"""
from __future__ import annotations

import os

from traitlets import Enum, Float, Integer, Unicode, validate, TraitError
from traitlets.config import Configurable


class Bimtek(Configurable):
    """bimtek's own settings for one event (training)."""

    nama_kegiatan = Unicode(
        "Bimbingan Teknis Perencanaan Pembangunan Daerah dan Manajemen Proyek",
        help="Nama kegiatan yang dicetak pada laporan.",
    ).tag(config=True)

    batas_lulus = Float(
        70.0,
        help="Nilai minimum (persen dari nilai maksimum seluruh tugas) untuk dinyatakan lulus.",
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

    @validate("batas_lulus")
    def _check_threshold(self, proposal):
        value = proposal["value"]
        if not 0 <= value <= 100:
            raise TraitError(f"batas_lulus harus antara 0 dan 100, bukan {value}.")
        return value

    @validate("batas_waktu_sel")
    def _check_timeout(self, proposal):
        if proposal["value"] < 1:
            raise TraitError("batas_waktu_sel harus paling sedikit 1 detik.")
        return proposal["value"]

    def workers(self) -> int:
        """Number of parallel graders actually used."""
        return self.jumlah_pekerja if self.jumlah_pekerja > 0 else (os.cpu_count() or 1)
