"""The test items (butir tes) of a module: ``solutions/<id>/butir_tes.toml``, read here.

The schema is documented at the top of ``solutions/m11_kurva_s/butir_tes.toml``: each item
has an id, a form (bentuk, default "A"), an objective (tujuan, 1-based in the catalogue), a kind
(pilihan_ganda or isian), the question, choices for multiple choice, the key, and optionally
its twin on the other form (setara) and an explanation.
"""
from __future__ import annotations

import random
import string
import tomllib
from dataclasses import dataclass

from ..catalogue import Module
from ..errors import BimtekError

MULTIPLE_CHOICE, SHORT_ANSWER = "pilihan_ganda", "isian"


@dataclass(frozen=True)
class Item:
    id: str
    module: str                  # module id
    form: str                    # "A", "B", ...
    objective: int               # 1-based
    kind: str                    # MULTIPLE_CHOICE or SHORT_ANSWER
    question: str
    key: str
    choices: tuple[str, ...] = ()
    twin: str = ""
    explanation: str = ""

    def shuffled(self) -> list[tuple[str, str]]:
        """(letter, choice) in a fixed order drawn from the item's id, so that the key is not
        always in the place the author wrote it."""
        order = list(self.choices)
        random.Random(f"bimtek-butir-{self.id}").shuffle(order)
        return list(zip(string.ascii_uppercase, order))

    @property
    def key_letter(self) -> str:
        """The letter of the key among the shuffled choices ("" for a short answer)."""
        return next((letter for letter, text in self.shuffled() if text == self.key), "")


def read(module: Module) -> list[Item]:
    """The module's items; [] when it has no butir_tes.toml. A malformed file is refused with
    the item at fault."""
    path = module.test_items
    if not path.is_file():
        return []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BimtekError(f"{path} tidak sah: {exc}.") from None
    items = []
    for index, entry in enumerate(raw.get("butir", []), start=1):
        where = f"{path}: butir ke-{index} ({entry.get('id', '?')})"
        kind = entry.get("jenis")
        objective = entry.get("tujuan")
        if (not isinstance(entry.get("id"), str) or kind not in (MULTIPLE_CHOICE, SHORT_ANSWER)
                or not isinstance(objective, int)
                or not 1 <= objective <= max(len(module.objectives), 1)
                or not str(entry.get("pertanyaan", "")).strip()
                or not str(entry.get("kunci", "")).strip()):
            raise BimtekError(f"{where}: perlu id, jenis (pilihan_ganda/isian), tujuan (nomor "
                              "tujuan modul), pertanyaan dan kunci.")
        choices = tuple(str(c) for c in entry.get("pilihan", []))
        if kind == MULTIPLE_CHOICE and (len(choices) < 3 or entry["kunci"] not in choices
                                        or len(set(choices)) != len(choices)):
            raise BimtekError(f"{where}: pilihan ganda perlu paling sedikit 3 pilihan berbeda "
                              "dan kunci yang sama persis dengan salah satunya.")
        items.append(Item(id=entry["id"], module=module.id, form=str(entry.get("bentuk", "A")),
                          objective=objective, kind=kind, question=str(entry["pertanyaan"]).strip(),
                          key=str(entry["kunci"]).strip(), choices=choices,
                          twin=str(entry.get("setara", "")),
                          explanation=str(entry.get("penjelasan", "")).strip()))
    return items
