"""Are the datasets reproducible from their seeded generators, and sane?"""
from __future__ import annotations

import importlib.util
import json
import re

import pandas as pd
import pytest

from grader import catalogue, paths

MODULES = catalogue.load().modules


def _load(path):
    spec = importlib.util.spec_from_file_location(f"gen_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_generator_reproduces_committed_files(module, tmp_path):
    """Does running the module's seeded generator give byte-identical files to the committed
    ones, and no file that is not committed?"""
    generator = module.dataset_dir / "generate.py"
    _load(generator).main(out_dir=tmp_path)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made
    for name in made:
        assert (tmp_path / name).read_bytes() == (generator.parent / name).read_bytes(), name


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_dataset_has_a_data_card_saying_synthetic(module):
    """Does every module's dataset have a data card that says the data is synthetic?"""
    card = module.dataset_dir / "KARTU_DATA.md"
    assert card.exists()
    assert "sintetis" in card.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_generator_is_seeded(module):
    """Does the generator fix its random seed (so the data are reproducible on any machine)?"""
    text = (module.dataset_dir / "generate.py").read_text(encoding="utf-8")
    assert re.search(r"(default_rng|Random|seed)\(\s*[A-Za-z_0-9]+", text), "no seeded generator"


def test_m11_contract_is_consistent():
    """Do the M11 files agree: contract value = RAB total, plan sums to 100, amounts = vol x price?"""
    folder = paths.dataset_dir("m11_kurva_s")
    rab = pd.read_csv(folder / "rab.csv")
    plan = pd.read_csv(folder / "rencana_mingguan.csv")
    actual = pd.read_csv(folder / "realisasi_mingguan.csv")
    contract = json.loads((folder / "kontrak.json").read_text(encoding="utf-8"))
    assert contract["nilai_kontrak_sebelum_ppn"] == rab["jumlah_harga"].sum()
    assert abs(plan["rencana_persen"].sum() - 100) < 1e-9
    assert ((rab["volume"] * rab["harga_satuan"]).round() - rab["jumlah_harga"]).abs().max() <= 1
    assert len(plan) == contract["durasi_minggu"]
    assert actual["minggu"].max() == contract["minggu_laporan"]
    assert (actual["realisasi_persen"].cumsum() <= plan["rencana_persen"].cumsum()[: len(actual)] + 1e-9).all()
    assert contract["sintetis"] is True and "fiktif" in contract["kota"]
