"""Rosters as organisers really keep them: Excel from the registration desk (NIP typed as a
number, a title above the header, extra columns), CSV exported from a regional system, a
CSV row shifted by an unquoted comma. Codes are read exactly or refused; every column kept."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from grader.errors import RosterError
from grader.roster import import_roster, nip_problem, read_roster_file
from grader.roster_file import read_roster

from .test_roster_import import FILES, assert_rejected, students, write_xlsx

NIPS = ["198001012005012001", "198001012005012002"]   # same first 15 digits


def test_excel_nip_stored_as_number_is_refused_with_row_and_fix(course, tmp_path):
    """An 18-digit NIP typed into Excel is kept as a float with 15 digits: is it refused at
    its row, saying the digits are lost and how to fix it, instead of a different number?"""
    file = write_xlsx(tmp_path / "pendaftaran.xlsx", [
        ["ID", "Nama", "NIP", "Instansi", "Kabupaten/Kota", "Kelas"],
        ["P010", "Rina Marlina", NIPS[0], "Bappeda", "Kota Tirtamarta", "A"],
        ["P011", "Agus Salim", float(NIPS[1]), "Dinas PUPR", "Kabupaten Sukamaju", "B"],
    ])
    stored = openpyxl.load_workbook(file).active["C3"].value
    assert isinstance(stored, float) and str(int(stored)) != NIPS[1]   # Excel lost digits
    message = assert_rejected(course, file, 'pendaftaran.xlsx baris 3, kolom "NIP"',
                              "tersimpan sebagai angka", "15 angka", "Teks")
    assert str(int(stored)) not in message and NIPS[1][:15] not in message
    assert "misalnya \"1" not in message   # no made-up replacement for a garbled number


def test_nips_sharing_a_prefix_are_kept_exactly(course, tmp_path):
    """Are NIPs that differ only in their last digits, typed as text, imported exactly and
    not mistaken for duplicates?"""
    file = write_xlsx(tmp_path / "pendaftaran.xlsx", [
        ["ID", "Nama", "NIP", "Instansi", "Kabupaten/Kota", "Kelas"],
        ["P010", "Rina Marlina", NIPS[0], "Bappeda", "Kota Tirtamarta", "A"],
        ["P011", "Agus Salim", NIPS[1], "Dinas PUPR", "Kabupaten Sukamaju", "B"],
    ])
    import_roster(course=course, file=file)
    table = read_roster(course.roster_path).set_index("id")
    assert [table.loc["P010", "nip"], table.loc["P011", "nip"]] == NIPS


def test_whole_number_ids_and_text_nips(tmp_path):
    """Are ids stored as numbers (101, 102.0) read as "101"/"102", and NIPs stored as text
    read digit for digit?"""
    file = write_xlsx(tmp_path / "ekspor.xlsx", [
        ["ID", "Nama", "NIP", "Instansi", "Kabupaten/Kota", "Kelas"],
        [101, "Rina", NIPS[0], "Bappeda", "Kota Tirtamarta", "A"],
        [102.0, "Agus", NIPS[1], "Bappeda", "Kota Tirtamarta", "A"],
    ])
    rows = read_roster_file(file)
    assert [(r["id"], r["nip"]) for r in rows] == [("101", NIPS[0]), ("102", NIPS[1])]


def test_id_column_holding_nips_as_numbers_is_refused_clearly(course, tmp_path):
    """When the id column holds NIPs typed as numbers, is the refusal about lost digits (not
    a duplicate with a garbled number, nor a suggested replacement id)?"""
    file = write_xlsx(tmp_path / "nip_sebagai_id.xlsx", [
        ["ID", "Nama", "Instansi", "Kabupaten/Kota", "Kelas"],
        [float(NIPS[0]), "Rina", "Bappeda", "Kota Tirtamarta", "A"],
        [float(NIPS[1]), "Agus", "Bappeda", "Kota Tirtamarta", "A"],
    ])
    message = assert_rejected(course, file, 'baris 2, kolom "ID": id tersimpan sebagai angka',
                              'baris 3, kolom "ID": id tersimpan sebagai angka')
    assert "sudah dipakai" not in message and "karakter" not in message


def test_title_rows_extra_columns_and_phone_number(course, tmp_path):
    """A registration workbook with two title rows, a running number, NIP with spaces,
    jabatan, golongan, a phone number stored as a number and a column bimtek does not know
    (NIK): is every column kept, the running number left out and the phone's 0 restored?"""
    file = write_xlsx(tmp_path / "registrasi.xlsx", [
        ["DAFTAR HADIR PESERTA BIMTEK"],
        ["Kota Tirtamarta, 10-14 Maret 2025"],
        ["No.", "No. Peserta", "Nama Lengkap", "NIP", "Jabatan", "Gol.", "Unit Kerja",
         "Kab/Kota", "Rombel", "No. HP", "E-mail", "NIK"],
        [1, "P010", "Rina Marlina, S.E.", "19800101 200501 2 001", "Perencana Ahli Muda",
         "III/c", "Bappeda", "Kota Tirtamarta", "A", 81234567890, "rina@contoh.go.id",
         "3201010101800001"],
        [2, "P011", "Agus Salim", "-", "Tenaga Ahli", None, "Dinas PUPR",
         "Kabupaten Sukamaju", "B", "+6281298765432", None, None],
        [3],
    ])
    result = import_roster(course=course, file=file)
    assert result.added == ["P010", "P011"]
    assert result.kept == ["NIP", "Jabatan", "Pangkat/Golongan", "Nomor HP", "Email", "NIK"]
    assert result.ignored == ["No."]
    assert len(result.notes) == 1 and "baris 4" in result.notes[0]
    table = read_roster(course.roster_path).set_index("id")
    assert table.loc["P010", "nip"] == NIPS[0]
    assert table.loc["P011", "nip"] == ""
    assert table.loc["P010", "jabatan"] == "Perencana Ahli Muda"
    assert table.loc["P010", "golongan"] == "III/c"
    assert table.loc["P010", "hp"] == "081234567890"
    assert table.loc["P011", "hp"] == "+6281298765432"
    assert table.loc["P010", "NIK"] == "3201010101800001"
    assert table.loc["P001", "NIK"] == ""          # participants already there: empty
    assert "No." not in table.columns


def test_regional_system_csv_with_title_rows_and_extra_columns(course):
    """A ';' CSV exported from a regional system, with title rows, a running number, a NIP
    written with spaces and an unknown column: imported with every column?"""
    result = import_roster(course=course, file=FILES / "ekspor_simpeg.csv")
    assert result.added == ["101", "102", "103"]
    table = read_roster(course.roster_path).set_index("id")
    assert table.loc["101", "nip"] == "198001012005011001"
    assert table.loc["102", "golongan"] == "Penata Muda Tk. I (III/b)"
    assert table.loc["102", "NIK"] == "3201010202850002"
    assert table.loc["103", "nip"] == ""
    assert students(course)["102"] == ("Siti Rahma, S.E., M.Si.", "")


def test_csv_row_with_an_extra_cell_is_refused_at_its_line(course):
    """Does a CSV row with one cell too many (an unquoted comma in a name) stop the import,
    naming the line, instead of shifting NIP into Instansi?"""
    message = assert_rejected(course, FILES / "baris_bergeser.csv",
                              "baris_bergeser.csv baris 3", "7 sel", "6 judul kolom",
                              "tanda kutip")
    assert message.splitlines()[0].startswith("Daftar peserta baris_bergeser.csv tidak diimpor: 1")


def test_scientific_notation_in_csv_is_refused_with_the_fix(course):
    """Is a NIP that Excel turned into "1,98001E+17" before exporting refused, saying why?"""
    message = assert_rejected(course, FILES / "nip_notasi_ilmiah.csv",
                              'nip_notasi_ilmiah.csv baris 2, kolom "NIP"', "notasi ilmiah",
                              "Teks", 'nip_notasi_ilmiah.csv baris 3, kolom "NIP"')
    assert "misalnya" not in message


def test_id_in_scientific_notation_has_no_nonsense_hint(tmp_path):
    """An id "1.98001E+17" is refused as scientific notation, not with a made-up id."""
    file = tmp_path / "ekspor.csv"
    file.write_text("ID,Nama,Instansi,Kabupaten/Kota,Kelas\n1.98001E+17,Rina,B,K,A\n",
                    encoding="utf-8")
    with pytest.raises(RosterError) as info:
        read_roster_file(file)
    assert "notasi ilmiah" in str(info.value) and "misalnya" not in str(info.value)


@pytest.mark.parametrize("nip, normalised, problem", [
    ("198001012005011001", "198001012005011001", None),
    ("19800101 200501 1 001", "198001012005011001", None),
    ("'198001012005011001", "198001012005011001", None),
    ("-", "", None),
    ("", "", None),
    ("198001012005011000", "", "berakhir dengan 000"),
    ("19800101200501100", "", "17 angka"),
    ("198013012005011001", "", "tanggal lahir"),
    ("19800101200513 1001", "", "tanggal lahir"),
    ("1980O1012005011001", "", "selain angka"),
])
def test_nip_rules(nip, normalised, problem):
    """Is a NIP normalised to 18 digits, and each kind of wrong NIP named?"""
    got, why = nip_problem(nip)
    assert got == normalised
    assert (why is None) if problem is None else (problem in why)


def test_duplicate_nip_names_both_rows(course, tmp_path):
    file = tmp_path / "ganda.csv"
    file.write_text("ID,Nama,NIP,Instansi,Kabupaten/Kota,Kelas\n"
                    f"P010,Rina,{NIPS[0]},B,K,A\nP011,Agus,{NIPS[0]},B,K,A\n", encoding="utf-8")
    assert_rejected(course, file, f"ganda.csv baris 3, kolom \"NIP\": NIP {NIPS[0]} sudah "
                                  "dipakai di baris 2")


def test_untitled_column_with_data_is_refused(course, tmp_path):
    """Is data under a column without a title refused rather than dropped silently?"""
    file = write_xlsx(tmp_path / "tanpa_judul.xlsx", [
        ["ID", "Nama", "Instansi", "Kabupaten/Kota", "Kelas"],
        ["P010", "Rina", "Bappeda", "Kota Tirtamarta", "A", "catatan penting"],
    ])
    assert_rejected(course, file, "tanpa_judul.xlsx baris 2, kolom F", "tidak berjudul",
                    "catatan penting")


def test_same_extra_header_twice_is_refused(course, tmp_path):
    file = tmp_path / "dua_nik.csv"
    file.write_text("ID,Nama,Instansi,Kabupaten/Kota,Kelas,NIK,nik\nP010,Rina,B,K,A,1,2\n",
                    encoding="utf-8")
    assert_rejected(course, file, 'judul kolom "nik" dipakai dua kali')


def test_reimport_with_a_new_column_adds_it(course, tmp_path):
    """Does a second file with a Jabatan column add it, keeping earlier extra columns?"""
    first = tmp_path / "satu.csv"
    first.write_text("ID,Nama,Instansi,Kabupaten/Kota,Kelas,NIK\nP010,Rina,B,K,A,3201\n",
                     encoding="utf-8")
    second = tmp_path / "dua.csv"
    second.write_text("ID,Nama,Instansi,Kabupaten/Kota,Kelas,Jabatan\nP011,Agus,B,K,A,Analis\n",
                      encoding="utf-8")
    import_roster(course=course, file=first)
    import_roster(course=course, file=second)
    table = read_roster(course.roster_path).set_index("id")
    assert list(table.columns) == ["nama", "instansi", "kabupaten_kota", "kelas", "jabatan",
                                   "NIK"]
    assert table.loc["P010", "NIK"] == "3201" and table.loc["P011", "jabatan"] == "Analis"


def test_dates_are_written_as_dates(tmp_path):
    """Is a date cell (Tanggal Lahir) kept as a date, not a serial number or a timestamp?"""
    import datetime as dt
    file = write_xlsx(tmp_path / "tgl.xlsx", [
        ["ID", "Nama", "Instansi", "Kabupaten/Kota", "Kelas", "Tanggal Lahir"],
        ["P010", "Rina", "B", "K", "A", dt.datetime(1980, 1, 1)],
    ])
    assert read_roster_file(file)[0]["Tanggal Lahir"] == "1980-01-01"


def test_folder_instead_of_file(course, tmp_path):
    assert_rejected(course, tmp_path, "adalah folder")


def test_file_from_disk_is_unchanged(tmp_path):
    """Reading a roster never changes the file itself."""
    source = FILES / "ekspor_simpeg.csv"
    before = source.read_bytes()
    read_roster_file(source)
    assert Path(source).read_bytes() == before
