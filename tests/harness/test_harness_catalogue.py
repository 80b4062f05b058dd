"""Is the catalogue (course/silabus.toml) the single, complete source of the curriculum?"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader import catalogue, layout, paths
from grader.errors import BimtekError

from harness_support import MODULES, module_ids

CATALOGUE = catalogue.load()


def test_catalogue_lists_modules_in_order():
    """Does the catalogue hold at least one module, ordered by number, with an exemplar?"""
    assert MODULES, "course/silabus.toml has no [[modul]]"
    numbers = [m.number for m in MODULES]
    assert numbers == sorted(numbers)
    assert CATALOGUE.exemplar_module in MODULES


@pytest.mark.parametrize("module", MODULES, ids=module_ids())
def test_module_entry_and_files(module):
    """Does the entry follow the layout (id, paths, 3-6 objectives, prerequisites, a time plan
    that adds up with a graded slot) and does every file of the module exist?"""
    problems = layout.entry_problems(CATALOGUE, module)
    assert not problems, "\n".join(problems)


def test_no_module_folder_without_an_entry():
    """Is every module folder or file (course/, solutions/, datasets/, exercises/) in the catalogue?"""
    problems = layout.orphan_problems(CATALOGUE)
    assert not problems, "\n".join(problems)


def test_readme_module_table_comes_from_the_catalogue():
    """Does the README's module table say exactly what the catalogue says? (`bimtek build`
    rewrites it.)"""
    text = (paths.REPO / "README.md").read_text(encoding="utf-8")
    block = layout.readme_block(text)
    assert block is not None, "README.md has no module-table markers"
    assert block == layout.readme_table(CATALOGUE), (
        "README.md module table differs from course/silabus.toml: run `bimtek build`")


def test_titles_for_reports_follow_the_catalogue():
    """Are the report titles one per assignment, in curriculum order, labelled 'MNN title'?"""
    titles = CATALOGUE.titles()
    assert list(titles) == [m.assignment for m in MODULES]
    for module in MODULES:
        assert titles[module.assignment] == f"M{module.number:02d} {module.title}"


# --- validation messages name what is wrong ------------------------------------------------

ENTRY = '''
[[modul]]
nomor = 12
id = "m12_coba"
judul = "Coba"
jp = 2
pelajaran = "course/m12_coba.ipynb"
tugas = "m12_coba"
data = "datasets/m12_coba"
tujuan = ["Satu", "Dua", "Tiga"]
jadwal = [{ bagian = "1. Satu", menit = 50 }, { bagian = "Tugas bernilai", menit = 40, tugas = true }]
'''


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "course").mkdir(exist_ok=True)
    path = tmp_path / "course" / "silabus.toml"
    path.write_text("menit_per_jp = 45\n" + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace('judul = "Coba"\n', ""), "tidak punya judul"),
    (lambda t: t + t, "dipakai lebih dari satu modul"),
    (lambda t: t.replace("jp = 2", 'jp = "dua"'), "jp"),
    (lambda t: t.replace("menit = 50", "menit = -5"), "jadwal ke-1"),
    (lambda t: t.replace('tujuan = ["Satu", "Dua", "Tiga"]', "tujuan = 3"), "tujuan harus daftar"),
    (lambda t: t.replace("[[modul]]", "[[modul]"), "tidak sah"),
])
def test_a_broken_entry_is_refused_naming_it(tmp_path, change, message):
    """Is a catalogue with a missing key, a duplicate id, a wrong type or bad TOML refused with
    a message that names the entry and the key?"""
    path = _write(tmp_path, change(ENTRY))
    with pytest.raises(BimtekError) as caught:
        catalogue.load(path)
    assert message in str(caught.value)
    assert "silabus.toml" in str(caught.value)


def test_missing_files_and_bad_timing_are_named(tmp_path):
    """Does the layout check name each missing file and the time plan's sum and wanted total?"""
    path = _write(tmp_path, ENTRY)
    loaded = catalogue.load(path)
    problems = layout.entry_problems(loaded, loaded.modules[0])
    text = "\n".join(problems)
    for module_file in ("course/m12_coba.ipynb", "course/m12_coba/ringkasan.md",
                        "course/bimtek_peserta/m12_coba.py", "solutions/m12_coba/m12_coba.ipynb",
                        "solutions/m12_coba/kesalahan.toml", "solutions/m12_coba/catatan_pengajar.md",
                        "solutions/m12_coba/butir_tes.toml", "datasets/m12_coba/generate.py",
                        "datasets/m12_coba/KARTU_DATA.md"):
        assert f"Modul m12_coba: berkas {module_file} tidak ada" in text, module_file
    assert not any("jadwal" in line for line in problems), problems   # 50 + 40 = 2 x 45
    loaded = catalogue.load(_write(tmp_path, ENTRY.replace("menit = 50", "menit = 45")))
    timing = layout.schedule_problems(loaded, loaded.modules[0])
    assert timing == ["Modul m12_coba: jumlah menit jadwal 85, seharusnya 90 (2 JP x 45 menit)."]


def test_a_module_folder_without_entry_is_named(tmp_path):
    """Is a solutions/ or datasets/ folder, or a lesson, with no catalogue entry named?"""
    path = _write(tmp_path, ENTRY)
    for folder in ("solutions/m12_coba", "solutions/m13_lain", "datasets/m13_lain"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "course" / "m14_sisa.ipynb").write_text("{}", encoding="utf-8")
    problems = layout.orphan_problems(catalogue.load(path), tmp_path)
    assert problems == [
        f"{name} tidak punya entri di course/silabus.toml: tambahkan [[modul]] dengan "
        f"id = \"{stem}\", atau hapus {kind} itu."
        for name, stem, kind in [("course/m14_sisa.ipynb", "m14_sisa", "berkas"),
                                 ("datasets/m13_lain", "m13_lain", "folder"),
                                 ("solutions/m13_lain", "m13_lain", "folder")]]


def test_update_readme_rewrites_only_the_table(tmp_path):
    """Does refreshing the README table leave the rest of the README as it was?"""
    readme = tmp_path / "README.md"
    shutil.copy(paths.REPO / "README.md", readme)
    before = readme.read_text(encoding="utf-8")
    start, end = before.index(layout.README_START), before.index(layout.README_END)
    readme.write_text(before[:start + len(layout.README_START)] + "\n| lama |\n"
                      + before[end:], encoding="utf-8")
    assert layout.update_readme(CATALOGUE, readme) is True
    assert readme.read_text(encoding="utf-8") == before
    assert layout.update_readme(CATALOGUE, readme) is False
