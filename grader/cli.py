"""The ``bimtek`` command: maps the command line onto the library's functions.

Each subcommand opens the event folder, calls one function, and turns library errors into
one line in Bahasa Indonesia. Exit codes: 0 done; 1 error; 2 wrong usage; 3 grading
finished but some submissions need attention.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import cli_text, statuses
from .errors import BimtekError

cli_text.install()

EXIT_ERROR = 1
EXIT_ATTENTION = 3


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


class _Parser(argparse.ArgumentParser):
    """Usage errors as one Indonesian line naming the help to read (subcommands inherit it)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: galat: {message}. Lihat: {self.prog} --help\n")


def _course_option(parser):
    parser.add_argument("--course", metavar="DIR", default=".",
                        help="folder kegiatan (bawaan: folder saat ini)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat, bukan {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("harus paling sedikit 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bimtek", formatter_class=_Formatter,
        description="Alat pengajar bimtek: membuat tugas, mengimpor peserta, menilai, dan "
                    "membuat laporan nilai.",
        epilog="Contoh:\n  bimtek demo\n  bimtek init ~/bimtek-tirtamarta\n"
               "  bimtek roster import peserta.xlsx --course ~/bimtek-tirtamarta\n"
               "  bimtek grade m11_kurva_s --course ~/bimtek-tirtamarta\n"
               "  bimtek report --out ~/laporan --course ~/bimtek-tirtamarta")
    parser.add_argument("--versi", action="version", version="bimtek 0.1.0",
                        help="tampilkan versi lalu keluar")
    sub = parser.add_subparsers(dest="perintah", metavar="PERINTAH", title="perintah")

    p = sub.add_parser("init", help="buat folder kegiatan baru", formatter_class=_Formatter,
                       description="Buat folder kegiatan: pengaturan nbgrader, buku nilai kosong, "
                                   "tugas yang siap dibagikan, dan keterangan kegiatan untuk "
                                   "laporan resmi (nama, penyelenggara, tempat, tanggal, JP, kop, "
                                   "penandatangan). Keterangan yang tidak diberikan lewat opsi "
                                   "ditanyakan bila dijalankan di terminal; dalam skrip tidak ada "
                                   "yang ditanyakan. Semuanya dapat diubah nanti di "
                                   "nbgrader_config.py.",
                       epilog="Contoh:\n  bimtek init ~/bimtek-tirtamarta\n"
                              "  bimtek init ~/bimtek-tirtamarta --tanpa-tanya \\\n"
                              "    --nama-kegiatan \"Bimtek Perencanaan Pembangunan Daerah\" \\\n"
                              "    --penyelenggara \"Bappeda Kota Tirtamarta\" --tempat \"Aula "
                              "Bappeda\" \\\n"
                              "    --tanggal-mulai 2025-03-10 --tanggal-selesai 2025-03-14 --jp 32 "
                              "\\\n"
                              "    --kop-baris \"PEMERINTAH KOTA TIRTAMARTA\" --kop-baris \"BADAN "
                              "PERENCANAAN PEMBANGUNAN DAERAH\" \\\n"
                              "    --kop-logo logo.png --kota-ttd Tirtamarta \\\n"
                              "    --penandatangan \"Dr. Nama Kepala, M.Si.|197001011995031001|"
                              "Kepala Bappeda|Mengetahui,\"")
    p.add_argument("folder", metavar="DIR", help="folder kegiatan (di luar repositori)")
    p.add_argument("--db-url", metavar="URL",
                   help="alamat basis data buku nilai, misalnya "
                        "postgresql://pengguna:sandi@127.0.0.1:5432/bimtek; bawaan: SQLite di "
                        "folder kegiatan")
    p.add_argument("--nama-kegiatan", metavar="TEKS", help="nama kegiatan pada laporan")
    p.add_argument("--penyelenggara", metavar="TEKS", help="instansi penyelenggara")
    p.add_argument("--tempat", metavar="TEKS", help="tempat kegiatan")
    p.add_argument("--tanggal-mulai", metavar="TTTT-BB-HH", help="tanggal mulai kegiatan")
    p.add_argument("--tanggal-selesai", metavar="TTTT-BB-HH",
                   help="tanggal selesai kegiatan (bawaan: sama dengan tanggal mulai)")
    p.add_argument("--jp", metavar="N", type=_jp,
                   help="jumlah jam pelajaran (bawaan: dijumlahkan dari silabus)")
    p.add_argument("--kop-baris", metavar="TEKS", action="append",
                   help="satu baris teks kop laporan (boleh diulang, dari atas ke bawah)")
    p.add_argument("--kop-logo", metavar="FILE", help="logo kop laporan (PNG atau JPEG)")
    p.add_argument("--penandatangan", metavar="NAMA|NIP|JABATAN[|KETERANGAN]", action="append",
                   help="penandatangan laporan (boleh diulang, dari kiri ke kanan); NIP boleh "
                        "kosong, keterangan misalnya \"Mengetahui,\"")
    p.add_argument("--kota-ttd", metavar="TEKS", help="kota penandatanganan laporan")
    p.add_argument("--tanpa-tanya", action="store_true",
                   help="jangan menanyakan keterangan yang tidak diberikan (juga otomatis bila "
                        "tidak dijalankan di terminal)")
    p.add_argument("--jalur", metavar="NAMA",
                   help="jalur kegiatan dari silabus (kota, musrenbang, desa): tugas jalur itu, "
                        "tes awal dan tes akhir, jadwal, syarat lulus dan sertifikat; lihat "
                        "bimtek jadwal --jalur NAMA")

    p = sub.add_parser("build", help="buat ulang exercises/ dari solutions/",
                       formatter_class=_Formatter,
                       description="Buat versi peserta (exercises/) dari notebook pengajar "
                                   "(solutions/) lewat nbgrader, termasuk berkas datanya.",
                       epilog="Contoh:\n  bimtek build\n  bimtek build --tugas m11_kurva_s")
    p.add_argument("--tugas", metavar="ID", action="append",
                   help="hanya tugas ini (boleh diulang); bawaan: semua tugas")

    roster = sub.add_parser("roster", help="kelola daftar peserta",
                            description="Kelola daftar peserta kegiatan.")
    roster_sub = roster.add_subparsers(dest="aksi", metavar="AKSI", title="aksi")
    p = roster_sub.add_parser(
        "import", help="impor peserta dari berkas .xlsx atau .csv", formatter_class=_Formatter,
        description="Impor peserta dari berkas .xlsx atau .csv dengan kolom id, nama, instansi, "
                    "kabupaten_kota, kelas. Kolom lain (NIP, jabatan, golongan, gelombang, HP, "
                    "email, dan kolom apa pun yang berjudul) ikut disimpan dan tampil di laporan. "
                    "Bila ada kesalahan, tidak ada yang ditulis dan pesan menyebut baris serta "
                    "kolomnya.",
        epilog="Contoh:\n  bimtek roster import peserta.xlsx --course ~/bimtek-tirtamarta")
    p.add_argument("berkas", metavar="FILE", help="berkas daftar peserta (.xlsx atau .csv)")
    _course_option(p)

    p = sub.add_parser("grade", help="nilai otomatis semua pengumpulan satu tugas",
                       formatter_class=_Formatter,
                       description="Nilai otomatis semua pengumpulan satu tugas (nbgrader), "
                                   "beberapa sekaligus, lalu tampilkan ringkasan.",
                       epilog="Contoh:\n  bimtek grade m11_kurva_s --course ~/bimtek-tirtamarta "
                              "--results hasil_m11.csv")
    p.add_argument("tugas", metavar="ASSIGNMENT", help="id tugas, misalnya m11_kurva_s")
    _course_option(p)
    p.add_argument("--pekerja", type=_positive, metavar="N",
                   help="jumlah pengumpulan yang dinilai bersamaan (bawaan: jumlah inti prosesor)")
    p.add_argument("--batas-waktu", type=_positive, metavar="DETIK",
                   help="batas waktu per sel dalam detik (bawaan: pengaturan kegiatan, 10)")
    p.add_argument("--results", metavar="FILE.csv",
                   help="tulis hasil per peserta (id, assignment, status, score, max_score, reason)")
    p.add_argument("--tanpa-progres", action="store_true", help="jangan tampilkan bilah kemajuan")
    p.add_argument("--ulang", action="store_true",
                   help="nilai ulang semua pengumpulan; bawaan: yang berkasnya tidak berubah "
                        "sejak penilaian sebelumnya tidak dinilai ulang")
    p.add_argument("--tanpa-kotak-pasir-berisiko", action="store_true",
                   help="BERBAHAYA: jalankan kode peserta TANPA kotak pasir (kode itu dapat "
                        "membaca kunci jawaban, mengubah buku nilai, dan memakai jaringan); "
                        "hanya untuk keadaan darurat, dicatat di ringkasan dan berkas hasil")

    p = sub.add_parser("report", help="tulis laporan nilai (PDF resmi, Excel, HTML, umpan balik)",
                       formatter_class=_Formatter,
                       description="Tulis laporan.pdf (laporan resmi untuk ditandatangani), "
                                   "rekap_nilai.xlsx, laporan.html, dan umpan balik tiap peserta "
                                   "(PDF dan HTML, dinamai menurut nama peserta) ke folder "
                                   "keluaran. Laporan yang sudah ada di folder itu tidak ditimpa "
                                   "kecuali dengan --timpa. Keterangan kegiatan (kop, tempat, "
                                   "tanggal, penandatangan) diambil dari nbgrader_config.py.",
                       epilog="Contoh:\n  bimtek report --out ~/laporan --course ~/bimtek-tirtamarta\n"
                              "  bimtek report --out ~/laporan-gel1 --gelombang 1 --course "
                              "~/bimtek-tirtamarta\n"
                              "  bimtek report --out ~/laporan --timpa --wilayah \"Kota "
                              "Tirtamarta\" --course ~/bimtek-tirtamarta")
    p.add_argument("--out", metavar="DIR", required=True, help="folder keluaran laporan")
    _course_option(p)
    p.add_argument("--timpa", action="store_true",
                   help="ganti laporan yang sudah ada di folder keluaran")
    p.add_argument("--gelombang", metavar="NAMA", action="append",
                   help="hanya peserta gelombang ini (boleh diulang), misalnya --gelombang 1")
    p.add_argument("--kelas", metavar="NAMA", action="append",
                   help="hanya peserta kelas ini (boleh diulang)")
    p.add_argument("--wilayah", metavar="NAMA", action="append",
                   help="hanya peserta dari kabupaten/kota ini (boleh diulang)")

    p = sub.add_parser("demo", help="jalankan seluruh alur pada data sintetis",
                       formatter_class=_Formatter,
                       description="Buat kegiatan percobaan dengan peserta dan pengumpulan "
                                   "sintetis (termasuk kesalahan umum tiap modul), nilai, lalu "
                                   "tulis satu laporan untuk semua tugas yang dipilih.",
                       epilog="Contoh:\n  bimtek demo\n  bimtek demo --peserta 100 --out hasil-demo\n"
                              "  bimtek demo --tugas m11_kurva_s\n  bimtek demo --tugas semua")
    p.add_argument("--peserta", type=_positive, default=40, metavar="N",
                   help="jumlah peserta sintetis (bawaan: 40)")
    p.add_argument("--tugas", metavar="ID[,ID...]",
                   help="tugas yang disimulasikan, dipisah koma, atau 'semua' untuk seluruh "
                        "silabus (bawaan: modul contoh di course/silabus.toml)")
    p.add_argument("--out", metavar="DIR", default="hasil-demo",
                   help="folder keluaran laporan (bawaan: hasil-demo)")
    p.add_argument("--pekerja", type=_positive, metavar="N",
                   help="jumlah pengumpulan yang dinilai bersamaan (bawaan: jumlah inti prosesor)")
    p.add_argument("--jalur", metavar="NAMA",
                   help="simulasikan satu kegiatan utuh jalur ini (kota, musrenbang, desa): tes "
                        "awal, setiap tugas jalur yang sudah ada, tes akhir, lalu laporan dengan "
                        "gain, analisis butir, daftar kelulusan dan sertifikat")

    p = sub.add_parser("jadwal", help="tampilkan dan cetak jadwal kegiatan sebuah jalur",
                       formatter_class=_Formatter,
                       description="Tampilkan jadwal hari demi hari sebuah jalur (jam, materi, "
                                   "JP) dari silabus, dan tulis versi cetaknya (PDF) dengan --out. "
                                   "Dengan --course, jalur, tanggal, kop dan penandatangan "
                                   "diambil dari kegiatan itu.",
                       epilog="Contoh:\n  bimtek jadwal --jalur kota\n"
                              "  bimtek jadwal --course ~/bimtek-tirtamarta --out jadwal.pdf")
    p.add_argument("--jalur", metavar="NAMA", help="jalur di silabus (kota, musrenbang, desa)")
    p.add_argument("--course", metavar="DIR", help="folder kegiatan (jalur dan keterangannya)")
    p.add_argument("--out", metavar="FILE.pdf", help="tulis jadwal cetak ke berkas PDF ini")
    p.add_argument("--timpa", action="store_true", help="ganti berkas --out yang sudah ada")

    p = sub.add_parser("verifikasi", help="periksa keaslian kode sertifikat",
                       formatter_class=_Formatter,
                       description="Periksa kode verifikasi pada sertifikat (di bawah kode QR) "
                                   "terhadap daftar sertifikat kegiatan: SAH bila kode itu "
                                   "diterbitkan kegiatan ini, tidak diubah, dan masih berlaku.",
                       epilog="Contoh:\n  bimtek verifikasi ABCDE-23456 --course "
                              "~/bimtek-tirtamarta")
    p.add_argument("kode", metavar="KODE", help="kode verifikasi, misalnya ABCDE-23456")
    _course_option(p)

    p = sub.add_parser("hub", help="jalankan ruang pelatihan JupyterHub untuk peserta",
                       formatter_class=_Formatter,
                       description="Siapkan akun pengajar (akun sistem tanpa hak root yang menjadi "
                                   "pemilik folder kegiatan), akun peserta dari daftar peserta "
                                   "(akun_peserta.csv dan lembar cetak akun_peserta.html), "
                                   "lingkungan Python bersama untuk peserta, pelajaran, dan "
                                   "pertukaran tugas nbgrader; periksa bahwa peserta tidak dapat "
                                   "membaca jawaban, nilai, atau pekerjaan peserta lain; lalu "
                                   "jalankan JupyterHub sampai dihentikan dengan Ctrl-C. Perlu root. "
                                   "Dengan --kumpulkan: kumpulkan pengumpulan satu tugas ke "
                                   "submitted/ lalu keluar. Dengan --umpan-balik: kirim halaman "
                                   "umpan balik tiap peserta ke folder rumahnya lalu keluar.",
                       epilog="Contoh:\n  sudo bimtek hub --course /srv/bimtek-kegiatan/tirtamarta\n"
                              "  sudo bimtek hub --course /srv/bimtek-kegiatan/tirtamarta "
                              "--kumpulkan m11_kurva_s\n"
                              "  sudo bimtek hub --course /srv/bimtek-kegiatan/tirtamarta "
                              "--umpan-balik /srv/bimtek-kegiatan/tirtamarta/laporan")
    _course_option(p)
    p.add_argument("--port", type=_positive, default=8000, metavar="P",
                   help="port alamat ruang pelatihan (bawaan: 8000)")
    p.add_argument("--ip", default="0.0.0.0", metavar="IP",
                   help="alamat IP yang didengarkan (bawaan: 0.0.0.0, semua jaringan)")
    p.add_argument("--bersama", metavar="DIR",
                   help="folder bersama untuk pertukaran tugas (bawaan: /srv/bimtek/<id kegiatan>)")
    p.add_argument("--home", default="/home", metavar="DIR",
                   help="folder induk rumah akun peserta dan pengajar (bawaan: /home)")
    p.add_argument("--pengajar", default="pengajar", metavar="NAMA",
                   help="nama akun sistem pengajar, dibuat bila belum ada (bawaan: pengajar)")
    p.add_argument("--folder-hub", metavar="DIR",
                   help="folder milik root untuk basis data, catatan, dan sandi pengajar hub "
                        "(bawaan: /var/lib/bimtek)")
    p.add_argument("--lingkungan", metavar="DIR",
                   help="lingkungan Python bersama yang hanya dapat dibaca peserta "
                        "(bawaan: /opt/bimtek/lingkungan; dibuat dari requirements.lock)")
    p.add_argument("--pertukaran", choices=["berkas", "ngshare"], default="berkas",
                   help="pertukaran tugas nbgrader: 'berkas' (folder bersama, bawaan) atau "
                        "'ngshare' (layanan hub, seperti di Kubernetes)")
    p.add_argument("--kumpulkan", metavar="ASSIGNMENT",
                   help="kumpulkan pengumpulan tugas ini ke submitted/ lalu keluar")
    p.add_argument("--umpan-balik", metavar="DIR",
                   help="kirim umpan_balik/<id>.html dari folder laporan ke folder rumah tiap "
                        "peserta lalu keluar")

    p = sub.add_parser("pengaturan", help="tampilkan pengaturan kegiatan beserta penjelasannya",
                       description="Tampilkan pengaturan bimtek di nbgrader_config.py kegiatan.",
                       epilog="Contoh:\n  bimtek pengaturan --course ~/bimtek-tirtamarta",
                       formatter_class=_Formatter)
    _course_option(p)

    p = sub.add_parser("periksa", help="periksa kesiapan mesin ini untuk kegiatan",
                       formatter_class=_Formatter,
                       description="Periksa kesiapan mesin: paket Python terkunci, kotak pasir "
                                   "(percobaan sungguhan), configurable-http-proxy, PostgreSQL "
                                   "bila dipakai, pembuat laporan PDF, dan ruang disk. Setiap "
                                   "komponen yang belum siap disertai perintah perbaikannya.",
                       epilog="Contoh:\n  bimtek periksa\n"
                              "  bimtek periksa --course ~/bimtek-tirtamarta")
    p.add_argument("--course", metavar="DIR",
                   help="folder kegiatan yang juga diperiksa (buku nilai, pengaturan Autograde, "
                        "ruang disk)")
    return parser


def _print_grade_summary(run, out=sys.stdout) -> None:
    print(f"\nPenilaian {run.assignment_id} selesai dalam {run.seconds:.0f} detik "
          f"({run.workers} proses bersamaan).", file=out)
    for code, label in statuses.LABELS.items():
        print(f"  {label:<24}: {run.count(code)}", file=out)
    if run.unchanged:
        print(f"  ({run.unchanged} peserta tidak dinilai ulang karena berkasnya tidak berubah sejak "
              "penilaian sebelumnya; pakai --ulang untuk menilai semuanya)", file=out)
    attention = run.needs_attention
    if attention:
        print(f"\nPerlu perhatian ({len(attention)}):", file=out)
        for r in attention:
            print(f"  {r.student_id:<12} {statuses.LABELS[r.status]:<14} {r.reason}", file=out)
    if run.unknown_folders:
        print("\nFolder pengumpulan dengan id yang tidak ada di daftar peserta (tidak dinilai): "
              + ", ".join(run.unknown_folders), file=out)
        print("  Periksa ejaan id-nya, atau tambahkan peserta itu dengan 'bimtek roster import'.",
              file=out)
    if not run.sandboxed:
        print(f"\nPERINGATAN: kode peserta dijalankan TANPA kotak pasir ({run.sandbox_note}).",
              file=out)
    if run.log_file:
        print(f"\nCatatan teknis: {run.log_file}", file=out)


def _jp(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"harus angka, misalnya 32, bukan {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("tidak boleh negatif")
    return value


def _cmd_init(args):
    from . import event_info
    from .event import init_event
    given = {name: getattr(args, name) for name in (
        "nama_kegiatan", "penyelenggara", "tempat", "tanggal_mulai", "tanggal_selesai", "jp",
        "kop_baris", "kop_logo", "kota_ttd") if getattr(args, name) is not None}
    if args.penandatangan:
        given["penandatangan"] = [event_info.parse_signatory(p) for p in args.penandatangan]
    event_info.check(given)   # wrong flags are refused before anything is asked
    if not args.tanpa_tanya and sys.stdin.isatty():
        given = event_info.ask(given)
    if args.jalur:
        from .tracks_event import init_track_event
        made = init_track_event(args.folder, args.jalur, db_url=args.db_url, event=given)
        course = made.course
        print(f"Folder kegiatan siap: {course.root}")
        _print_track(made)
    else:
        course = init_event(args.folder, db_url=args.db_url, event=given)
        print(f"Folder kegiatan siap: {course.root}")
    empty = event_info.missing({n: getattr(course.settings, n) for n in (
        "penyelenggara", "tempat", "tanggal_mulai", "kop_baris", "penandatangan")})
    if empty:
        print(f"Keterangan laporan yang masih kosong: {', '.join(empty)}. Isi di "
              f"{course.root / 'nbgrader_config.py'} sebelum membuat laporan resmi.")
    print(f"Langkah berikutnya: bimtek roster import peserta.xlsx --course {course.root}")


def _print_track(made) -> None:
    """What an event of a track got: exercises, tests, and the modules not available yet."""
    from .tracks import POST, PRE
    track = made.track
    print(f"Jalur {track.id}: {track.title} ({track.days} hari, {track.jp:g} JP).")
    print(f"Tugas: {', '.join(m.assignment for m in track.modules)}; tes awal "
          f"{len(made.forms[PRE].items)} soal, tes akhir {len(made.forms[POST].items)} soal.")
    print(f"Syarat lulus: {track.rule.text()}.")
    for note in made.notes:
        print(f"Catatan: {note}.")


def _cmd_build(args):
    from .build import build
    for folder in build(assignments=args.tugas):
        print(f"Dibuat: {folder}")


def _cmd_roster(args):
    if args.aksi != "import":
        raise BimtekError("Sebutkan aksinya, misalnya: bimtek roster import peserta.xlsx")
    from .course import open_course
    from .roster import import_roster
    result = import_roster(course=open_course(args.course), file=args.berkas)
    print(f"Impor selesai: {len(result.added)} peserta baru, {len(result.updated)} diperbarui; "
          f"jumlah peserta sekarang {result.total}.")
    if result.kept:
        print(f"Kolom tambahan yang disimpan (ikut ke laporan): {', '.join(result.kept)}.")
    if result.ignored:
        print(f"Kolom yang tidak disimpan: {', '.join(result.ignored)} (nomor urut; laporan "
              "memberi nomor sendiri).")
    for note in result.notes:
        print(f"Catatan: {note}")


def _cmd_grade(args):
    from .course import open_course
    from .grade import grade
    from .grade.run import TANPA, WAJIB
    run = grade(course=open_course(args.course), assignment=args.tugas, workers=args.pekerja,
                timeout=args.batas_waktu, progress=not args.tanpa_progres,
                results_file=Path(args.results) if args.results else None, regrade=args.ulang,
                kotak_pasir=TANPA if args.tanpa_kotak_pasir_berisiko else WAJIB)
    _print_grade_summary(run)
    if args.results:
        print(f"Hasil per peserta: {Path(args.results).resolve()}")
    return EXIT_ATTENTION if run.needs_attention else 0


def _print_report(reports, out=sys.stdout) -> None:
    from .report import pdf
    results = reports.results
    if reports.replaced:
        print(f"Laporan lama diganti (--timpa): {', '.join(reports.replaced)}", file=out)
    print(f"Laporan resmi (PDF): {reports.pdf}", file=out)
    print(f"Rekap nilai (Excel): {reports.excel}", file=out)
    print(f"Laporan angkatan   : {reports.html}", file=out)
    print(f"Umpan balik peserta: {reports.feedback_dir} ({len(reports.feedback_pages)} peserta, "
          "PDF dan HTML)", file=out)
    scope = results.filter_text()
    print(f"Cakupan: {scope or 'seluruh peserta'} ({len(results.participants)} peserta).",
          file=out)
    for text in pdf.warnings_of(results):
        print(f"PERHATIAN: {text}", file=out)
    if results.untouched:
        print(f"Catatan: {results.untouched} pengumpulan masih kosong (tidak dikerjakan); "
              "lihat lembar \"Perlu perhatian\".", file=out)


def _cmd_report(args):
    from .course import open_course
    from .report import write_reports
    filters = {name: getattr(args, name) for name in ("gelombang", "kelas", "wilayah")
               if getattr(args, name)}
    reports = write_reports(course=open_course(args.course), out=Path(args.out),
                            overwrite=args.timpa, filters=filters)
    _print_report(reports)


def _cmd_demo_track(args):
    if args.tugas:
        raise BimtekError("--jalur dan --tugas tidak dapat dipakai bersamaan: jalur sudah "
                          "menentukan tugasnya. Pilih salah satu.")
    from .demo_jalur import run_track_demo
    result = run_track_demo(args.jalur, peserta=args.peserta, out=Path(args.out),
                            workers=args.pekerja)
    for run in result.runs.values():
        _print_grade_summary(run)
    print("\nCatatan: jawaban refleksi yang tercatat \"Perlu penilaian manual\" di atas kemudian "
          "dinilai oleh pengajar simulasi; laporan memakai nilai itu.")
    reports = result.reports
    ev = reports.results.evaluation
    print("\nDemo jalur selesai. Buka hasilnya:")
    print(f"  Laporan resmi (PDF, dengan gain dan analisis butir): {reports.pdf}")
    print(f"  Rekap nilai (Excel)  : {reports.excel}")
    print(f"  Daftar kelulusan     : {reports.passlist}")
    print(f"  Sertifikat           : {reports.pdf.parent / 'sertifikat_semua.pdf'} "
          f"({len(ev.certificates)} peserta lulus)")
    print(f"  Umpan balik peserta  : {reports.feedback_dir}")
    print(f"  Folder kegiatan      : {result.course.root}")
    if ev.certificates:
        print(f"  Coba: bimtek verifikasi {ev.certificates[0].code} --course {result.course.root}")
    print("Waktu (detik): " + ", ".join(f"{k} {v:.0f}" for k, v in result.seconds.items()))


def _cmd_jadwal(args):
    from . import tracks
    from .report import schedule
    from .tracks_event import course_track, minutes_per_jp
    course = track = None
    if args.course:
        from .course import open_course
        course = open_course(args.course)
        track = course_track(course)
    if args.jalur:
        track = tracks.get(args.jalur)
    if track is None:
        known = ", ".join(tracks.load()) or "(belum ada)"
        raise BimtekError(f"Sebutkan jalurnya dengan --jalur NAMA (jalur yang ada: {known}), "
                          "atau --course untuk kegiatan yang sudah punya jalur.")
    minutes = minutes_per_jp(course)
    event = first = None
    if course is not None:
        from .report.collect import _event
        event = _event(course, track.assignments)
        first = event.first_day
    slots = tracks.timetable(track, minutes_per_jp=minutes, first_day=first)
    print(schedule.text(track, slots, minutes))
    if args.out:
        out = Path(args.out).expanduser()
        if out.is_dir():
            raise BimtekError(f"--out {out} adalah folder; sebutkan nama berkas, misalnya "
                              f"{out / 'jadwal.pdf'}.")
        if out.exists() and not args.timpa:
            raise BimtekError(f"{out} sudah ada; tidak ditimpa. Tambahkan --timpa untuk "
                              "menggantinya, atau pilih nama lain.")
        if not out.parent.is_dir():
            raise BimtekError(f"Folder {out.parent} tidak ada. Buat dulu atau pilih folder lain.")
        from datetime import datetime
        schedule.write(track, slots, out, minutes_per_jp=minutes, event=event,
                       generated=datetime.now() if event is not None else None)
        print(f"\nJadwal cetak: {out.resolve()}")


def _cmd_verifikasi(args):
    from .course import open_course
    from .report.certificates import verify
    verdict = verify(open_course(args.course).root, args.kode)
    print(verdict.message)
    return 0 if verdict.valid else EXIT_ERROR


def _cmd_demo(args):
    if args.jalur:
        return _cmd_demo_track(args)
    from .demo import run_demo
    result = run_demo(peserta=args.peserta, out=Path(args.out), workers=args.pekerja,
                      tugas=args.tugas)
    for run in result.runs.values():
        _print_grade_summary(run)
    print("\nDemo selesai. Buka hasilnya:")
    print(f"  Laporan resmi (PDF): {result.reports.pdf}")
    print(f"  Rekap nilai (Excel): {result.reports.excel}")
    print(f"  Laporan angkatan   : {result.reports.html}")
    print(f"  Umpan balik peserta: {result.reports.feedback_dir}")
    print(f"  Folder kegiatan    : {result.course.root}")


def _cmd_hub(args):
    from .hub.launcher import collect_submissions, deliver_feedback, prepare_room, run_hub
    shared = Path(args.bersama) if args.bersama else None
    env = Path(args.lingkungan) if args.lingkungan else None
    if args.kumpulkan:
        result = collect_submissions(args.course, args.kumpulkan, shared_dir=shared,
                                     instructor=args.pengajar, env_dir=env)
        print(f"Dikumpulkan: {len(result['collected'])} peserta "
              f"({', '.join(result['collected']) or '-'}).")
        for entry in result["refused"]:
            print(f"  Tidak dikumpulkan: {entry}")
        for entry in result["skipped"]:
            print(f"  Berkas tidak diambil: {entry}")
        return 0
    if args.umpan_balik:
        result = deliver_feedback(args.course, args.umpan_balik, instructor=args.pengajar,
                                  env_dir=env)
        print(f"Umpan balik terkirim ke {len(result['delivered'])} peserta "
              "(folder umpan_balik di rumah masing-masing, hanya dapat dibaca pemiliknya).")
        if result["missing"]:
            print(f"  Tanpa halaman umpan balik: {', '.join(result['missing'])}")
        if result["refused"]:
            print("  Tidak dikirim (nama berkasnya sama dengan peserta lain; ubah id-nya): "
                  + ", ".join(result["refused"]))
        return 0
    from . import periksa
    from .course import open_course
    periksa.require(["proksi", "postgresql", "autograde", "kotak_pasir"], open_course(args.course))
    room = prepare_room(args.course, port=args.port, ip=args.ip, shared_dir=shared,
                        home_base=Path(args.home), instructor=args.pengajar,
                        hub_root=Path(args.folder_hub) if args.folder_hub else None,
                        env_dir=env, exchange_kind=args.pertukaran, out=sys.stdout)
    print(f"{len(room.accounts)} akun peserta siap: {room.config.course_root / 'akun_peserta.csv'}")
    return run_hub(room)


def _cmd_settings(args):
    from .course import open_course
    course = open_course(args.course)
    settings = course.settings
    print(f"Pengaturan bimtek di {course.root / 'nbgrader_config.py'}:")
    for name, trait in sorted(settings.traits(config=True).items()):
        print(f"  c.Bimtek.{name} = {getattr(settings, name)!r}")
        print(f"      {trait.help}")


def _cmd_periksa(args):
    from . import periksa
    course = None
    if args.course:
        from .course import open_course
        course = open_course(args.course)
    rows = periksa.run(course)
    print(periksa.render(rows))
    return 0 if all(r.ok for r in rows) else EXIT_ERROR


COMMANDS = {"init": _cmd_init, "build": _cmd_build, "roster": _cmd_roster, "grade": _cmd_grade,
            "report": _cmd_report, "demo": _cmd_demo, "pengaturan": _cmd_settings,
            "hub": _cmd_hub, "periksa": _cmd_periksa, "jadwal": _cmd_jadwal,
            "verifikasi": _cmd_verifikasi}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.perintah:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.perintah](args) or 0
    except BimtekError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\nDihentikan oleh pengguna.", file=sys.stderr)
        return 130
    except Exception as exc:  # a defect: one line here, the traceback in a file
        if os.environ.get("BIMTEK_DEBUG"):
            raise
        log = _crash_log(exc)
        print(f"galat: kesalahan tak terduga di bimtek ({exc.__class__.__name__}); tidak ada "
              f"yang rusak sengaja, tetapi perintah tidak selesai. Rincian teknis: {log}. "
              "Kirim berkas itu kepada pengembang bimtek.", file=sys.stderr)
        return EXIT_ERROR


def _crash_log(exc: Exception) -> str:
    """Write the traceback of an unexpected error to a file; return its path."""
    import tempfile
    import traceback
    try:
        fd, path = tempfile.mkstemp(prefix="bimtek-galat-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return "(tidak dapat ditulis)"


if __name__ == "__main__":
    sys.exit(main())
