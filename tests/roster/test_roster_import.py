"""``import_roster``: good files are merged into the event; bad ones are refused, untouched."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import OperationalError

from grader import roster
from grader.errors import RosterError
from grader.roster import import_roster, read_roster_file
from grader.roster_file import read_roster

FILES = Path(__file__).parent / "files"
HEADER = ["ID", "Nama", "Instansi", "Kabupaten/Kota", "Kelas"]


def students(course) -> dict[str, tuple[str, str]]:
    """The gradebook's students: id -> (first_name, last_name)."""
    with Gradebook(course.db_url, course.course_id) as gb:
        return {s.id: (s.first_name, s.last_name) for s in gb.students}


def snapshot(course):
    return students(course), course.roster_path.read_bytes()


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def assert_rejected(course, file, *expected: str) -> str:
    """Import ``file``, expect a RosterError containing ``expected``, and check that neither
    the gradebook nor peserta.csv changed. Returns the message."""
    before = snapshot(course)
    with pytest.raises(RosterError) as info:
        import_roster(course=course, file=file)
    message = str(info.value)
    for text in expected:
        assert text in message, message
    assert snapshot(course) == before
    return message


# --- good files -------------------------------------------------------------------------

def test_semicolon_csv_with_variant_headers_fills_the_gradebook(course):
    """Does a ';' CSV with a BOM and headers like "Nama Lengkap" and "Kota/Kabupaten" put
    its participants, with their names, into the gradebook and peserta.csv?"""
    result = import_roster(course=course, file=FILES / "titik_koma_kolom_varian.csv")

    assert result.added == ["101", "102", "103"]
    assert result.updated == []
    assert result.total == 5
    got = students(course)
    assert got["101"] == ("Budi Santoso, S.T.", "")
    assert got["102"] == ("Siti Rahma, S.E., M.Si.", "")
    assert got["103"] == ("Andi Wijaya", "")
    table = read_roster(course.roster_path).set_index("id")
    # the NIP column is kept, as text with all 18 digits; empty for a participant without one
    assert list(table.columns) == ["nama", "instansi", "kabupaten_kota", "kelas", "nip"]
    assert table.loc["101", "nip"] == "198001012005011001"
    assert table.loc["103", "nip"] == ""
    assert table.loc["102", "kabupaten_kota"] == "Kabupaten Sukamaju"
    assert table.loc["103", "kelas"] == "B"


def test_xlsx_imports_numeric_ids_and_optional_gelombang(course, tmp_path):
    """Does an .xlsx with headers in odd case and spelling ("NOMOR_PESERTA", "kab. / kota"),
    numeric ids (101, 102.0) and an "Angkatan" column import with ids "101"/"102" and a
    gelombang column in peserta.csv?"""
    file = write_xlsx(tmp_path / "peserta.xlsx", [
        ["NOMOR_PESERTA", " nama peserta ", "opd", "kab. / kota", "KELOMPOK", "Angkatan"],
        [101, "Rina Marlina", "Bappeda", "Kota Tirtamarta", "A", 1],
        [102.0, " Agus  Salim ", "Dinas PUPR", "Kabupaten Sukamaju", "B", 2.0],
    ])
    result = import_roster(course=course, file=file)

    assert result.added == ["101", "102"]
    assert students(course)["102"] == ("Agus Salim", "")
    table = read_roster(course.roster_path).set_index("id")
    assert table.loc["101", "gelombang"] == "1"
    assert table.loc["102", "gelombang"] == "2"
    assert table.loc["P001", "gelombang"] == ""


def test_reimport_updates_and_adds_without_deleting(course, tmp_path):
    """Does a second file that renames P001, adds P003 and omits P002 keep P002 in both
    the gradebook and peserta.csv?"""
    file = tmp_path / "peserta_revisi.csv"
    file.write_text("ID,Nama,Instansi,Kabupaten/Kota,Kelas\n"
                    "P001,Budi Santoso,Bappeda,Kota Tirtamarta,A\n"
                    "P003,Dewi Sartika,Bappeda,Kota Tirtamarta,B\n", encoding="utf-8")
    result = import_roster(course=course, file=file)

    assert (result.added, result.updated, result.total) == (["P003"], ["P001"], 3)
    assert students(course) == {"P001": ("Budi Santoso", ""), "P002": ("Sri Wahyuni", ""),
                                "P003": ("Dewi Sartika", "")}
    table = read_roster(course.roster_path)
    assert list(table["id"]) == ["P001", "P002", "P003"]
    assert table.set_index("id").loc["P002", "instansi"] == "Dinas Kesehatan"


def test_same_file_twice_changes_nothing_the_second_time(course):
    """Is importing the same file again harmless (nothing added or updated)?"""
    import_roster(course=course, file=FILES / "titik_koma_kolom_varian.csv")
    before = snapshot(course)
    result = import_roster(course=course, file=FILES / "titik_koma_kolom_varian.csv")
    assert (result.added, result.updated, result.total) == ([], [], 5)
    assert snapshot(course) == before


def test_windows_1252_csv_is_read(tmp_path):
    """Is a CSV saved by an old Excel in Windows-1252 (not UTF-8) read correctly?"""
    file = tmp_path / "peserta_ansi.csv"
    file.write_bytes("ID;Nama;Instansi;Kabupaten/Kota;Kelas\n"
                     "P020;Andr\u00e9 Siregar;Bappeda;Kota Tirtamarta;A\n".encode("cp1252"))
    assert read_roster_file(file)[0]["nama"] == "Andr\u00e9 Siregar"


def test_csv_id_written_as_decimal_becomes_whole_number(tmp_path):
    """Is an id written "101.0" (a spreadsheet exported by a program) read as "101"?"""
    file = tmp_path / "ekspor.csv"
    file.write_text(",".join(HEADER) + "\n101.0,Rina,Bappeda,Kota Tirtamarta,A\n",
                    encoding="utf-8")
    assert read_roster_file(file)[0]["id"] == "101"


def test_bom_is_not_part_of_the_first_header(tmp_path):
    """In a "CSV UTF-8" file from Excel (with a BOM), is the first header quoted as the user
    wrote it, without an invisible character?"""
    file = tmp_path / "excel_utf8.csv"
    file.write_bytes(b"\xef\xbb\xbf" + (";".join(HEADER) + "\n;Rina;B;K;A\n").encode())
    with pytest.raises(RosterError, match='excel_utf8.csv baris 2, kolom "ID": id kosong'):
        read_roster_file(file)


def test_title_row_above_header_keeps_excel_row_numbers(tmp_path):
    """With a title in row 1 and the header in row 3, is an empty name reported at the row
    Excel shows (6), under the header as written?"""
    file = write_xlsx(tmp_path / "daftar.xlsx", [
        ["DAFTAR PESERTA BIMTEK PERENCANAAN"], [], HEADER,
        ["P010", "Rina Marlina", "Bappeda", "Kota Tirtamarta", "A"],
        [],
        ["P011", None, "Bappeda", "Kota Tirtamarta", "A"],
    ])
    with pytest.raises(RosterError, match='daftar.xlsx baris 6, kolom "Nama": nama kosong'):
        read_roster_file(file)


# --- bad files: refused, nothing written --------------------------------------------------

def test_missing_file_is_refused(course, tmp_path):
    """Does a path that does not exist raise a RosterError naming it, writing nothing?"""
    assert_rejected(course, tmp_path / "tidak_ada.xlsx", "tidak_ada.xlsx", "tidak ditemukan")


@pytest.mark.parametrize("suffix", [".pdf", ".ods", ".xls"])
def test_unsupported_format_is_refused(course, tmp_path, suffix):
    """Is a .pdf/.ods/.xls refused with the advice to save as .xlsx or .csv?"""
    file = tmp_path / f"peserta{suffix}"
    file.write_bytes(b"%PDF-1.4 bukan daftar peserta")
    assert_rejected(course, file, f"peserta{suffix}", suffix, ".xlsx", ".csv")


def test_corrupt_xlsx_is_refused(course, tmp_path):
    """Does an .xlsx that is not a workbook give a clear message instead of a traceback?"""
    file = tmp_path / "rusak.xlsx"
    file.write_bytes(b"PK\x03\x04 ini bukan berkas Excel yang utuh" * 10)
    assert_rejected(course, file, "rusak.xlsx", "tidak dapat dibuka sebagai berkas Excel")


def test_empty_file_is_refused(course):
    """Is a 0-byte CSV refused as empty, with the columns it should have?"""
    assert_rejected(course, FILES / "kosong.csv", "kosong.csv", "kosong", "kabupaten_kota")


def test_empty_xlsx_is_refused(course, tmp_path):
    """Is a workbook with no cells at all refused as empty?"""
    assert_rejected(course, write_xlsx(tmp_path / "kosong.xlsx", []), "kosong.xlsx", "kosong")


def test_header_only_is_refused(course):
    """Is a file with a header row but no participants refused, saying where to start?"""
    assert_rejected(course, FILES / "hanya_judul.csv", "hanya_judul.csv",
                    "tanpa peserta", "baris 2")


def test_missing_required_column_names_it_and_lists_headers(course):
    """Does a file without a name column say which column is missing and which it has?"""
    message = assert_rejected(course, FILES / "kolom_nama_hilang.csv",
                              'kolom_nama_hilang.csv baris 1: kolom wajib "nama"',
                              '"ID", "Instansi", "Kabupaten/Kota", "Kelas"', "Nama Lengkap")
    assert message.splitlines()[0].startswith("Daftar peserta kolom_nama_hilang.csv tidak")


def test_duplicate_id_names_both_rows(course):
    """Does a duplicate id name both rows and leave the gradebook unchanged?"""
    assert_rejected(course, FILES / "id_ganda.csv",
                    'id_ganda.csv baris 5, kolom "ID": id "P010" sudah dipakai di baris 3')


def test_ids_differing_only_in_case_are_duplicates(course, tmp_path):
    """Are "P010" and "p010" in one file refused (they would share a folder on Windows)?"""
    file = tmp_path / "huruf.csv"
    file.write_text(",".join(HEADER) + "\nP010,Rina,B,K,A\np010,Rina M,B,K,A\n",
                    encoding="utf-8")
    assert_rejected(course, file, "huruf.csv baris 3", "sudah dipakai di baris 2")


def test_id_differing_in_case_from_registered_one_is_refused(course, tmp_path):
    """Is "p001" refused when "P001" is already registered, writing nothing?"""
    file = tmp_path / "huruf.csv"
    file.write_text(",".join(HEADER) + "\nP010,Rina,B,K,A\np001,Budi,B,K,A\n",
                    encoding="utf-8")
    assert_rejected(course, file, 'huruf.csv baris 3, kolom "ID": id "p001"',
                    'peserta terdaftar "P001"')


def test_empty_id_is_refused(course):
    """Does an empty id give its row and header ("ID Peserta") and leave everything as is?"""
    assert_rejected(course, FILES / "id_kosong.csv",
                    'id_kosong.csv baris 3, kolom "ID Peserta": id kosong')


def test_id_with_space_or_slash_is_refused_with_a_suggestion(course):
    """Are ids with a space or "/" refused, each at its row, with a usable replacement?"""
    message = assert_rejected(course, FILES / "id_karakter_terlarang.csv",
                              'baris 3, kolom "ID": id "P 010" berisi karakter',
                              'misalnya "P-010"', 'baris 4, kolom "ID": id "12/A"')
    assert message.splitlines()[0].startswith(
        "Daftar peserta id_karakter_terlarang.csv tidak diimpor: 2 masalah")


def test_empty_name_is_refused(course):
    """Does a blank name at data row 7 report "baris 7" and the header "Nama Lengkap"?"""
    assert_rejected(course, FILES / "nama_kosong.csv",
                    'nama_kosong.csv baris 7, kolom "Nama Lengkap": nama kosong. Isi nama '
                    "peserta atau hapus baris itu.")


def test_two_headers_for_one_column_are_refused(course):
    """Are "Kota" and "Kabupaten" in one file refused as ambiguous, naming both?"""
    assert_rejected(course, FILES / "kolom_ganda.csv",
                    'kolom "Kota" dan "Kabupaten" sama-sama dibaca sebagai kabupaten_kota')


def test_xlsx_errors_give_excel_row_and_header(course, tmp_path):
    """In an .xlsx, are an empty id and a duplicate id reported at Excel's row numbers?"""
    file = write_xlsx(tmp_path / "peserta.xlsx", [
        ["No Peserta", "Nama", "Unit Kerja", "Kota", "Rombel"],
        [101, "Rina", "Bappeda", "Tirtamarta", "A"],
        [None, "Agus", "Bappeda", "Tirtamarta", "A"],
        [101.0, "Dewi", "Bappeda", "Tirtamarta", "A"],
    ])
    assert_rejected(course, file, 'peserta.xlsx baris 3, kolom "No Peserta": id kosong',
                    'peserta.xlsx baris 4, kolom "No Peserta": id "101" sudah dipakai di baris 2')


def test_many_problems_are_listed_up_to_ten(course, tmp_path):
    """With 13 bad rows, are ten listed and the rest counted ("dan 3 masalah lain")?"""
    file = tmp_path / "banyak.csv"
    file.write_text(",".join(HEADER) + "\n" + "".join(f"P{i:03d},,B,K,A\n" for i in range(13)),
                    encoding="utf-8")
    message = assert_rejected(course, file, "13 masalah", "dan 3 masalah lain")
    assert len(message.splitlines()) == 1 + 10 + 1


# --- failures while writing ------------------------------------------------------------------

def test_gradebook_failure_leaves_roster_unchanged(course, monkeypatch):
    """If the gradebook commit fails (e.g. locked), are gradebook and peserta.csv unchanged?"""
    class LockedGradebook(roster.Gradebook):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

            def commit():
                self.db.flush()  # the rows reach the database, then the commit fails
                raise OperationalError("COMMIT", {}, Exception("database is locked"))
            self.db.commit = commit

    monkeypatch.setattr(roster, "Gradebook", LockedGradebook)
    assert_rejected(course, FILES / "titik_koma_kolom_varian.csv",
                    "gradebook.db tidak dapat diperbarui", "tidak ada yang disimpan")


def test_roster_write_failure_says_to_import_again(course, monkeypatch):
    """If peserta.csv cannot be written (open in Excel), does the message say to re-import?"""
    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(roster, "write_roster", locked)
    with pytest.raises(RosterError, match="jalankan impor yang sama lagi"):
        import_roster(course=course, file=FILES / "titik_koma_kolom_varian.csv")
