"""Assemble a track's pre-test and post-test from its modules' items: two parallel forms.

The pre-test takes form A of every module, the post-test form B, so that the two measure the
same objectives with different items. For every objective of every module of the track that
is in the catalogue, each test holds ``items_per_objective`` items (0: all the form has); the
post-test prefers the twins (setara) of the pre-test's items. An objective that a module's form
lacks borrows the other form's items (noted); an objective with no item at all is reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..tracks import POST, PRE, Track
from .items import Item, read

FORM_OF = {PRE: "A", POST: "B"}


@dataclass
class Form:
    assignment: str              # PRE or POST
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def covered(self) -> set[tuple[str, int]]:
        return {(item.module, item.objective) for item in self.items}


def _pick(candidates: list[Item], limit: int, prefer: set[str]) -> list[Item]:
    ordered = sorted(candidates, key=lambda i: (i.id not in prefer, i.id))
    return ordered if not limit else ordered[:limit]


def assemble(track: Track) -> dict[str, Form]:
    """The two forms (PRE, POST) for ``track`` over the modules present in the catalogue."""
    forms = {PRE: Form(PRE), POST: Form(POST)}
    for module in track.modules:
        items = read(module)
        if not items:
            for form in forms.values():
                form.notes.append(f"{module.id} belum punya butir tes (butir_tes.toml)")
            continue
        chosen_pre: list[Item] = []
        for assignment, form in forms.items():
            wanted = FORM_OF[assignment]
            prefer = {i.twin for i in chosen_pre} if assignment == POST else set()
            for objective in range(1, len(module.objectives) + 1):
                own = [i for i in items if i.objective == objective and i.form == wanted]
                other = [i for i in items if i.objective == objective and i.form != wanted]
                if own:
                    picked = _pick(own, track.items_per_objective, prefer)
                elif other:
                    # a borrowed item should differ from the one the other test uses
                    used = {i.id for i in chosen_pre} if assignment == POST else set()
                    picked = _pick([i for i in other if i.id not in used] or other,
                                   track.items_per_objective, set())
                    form.notes.append(f"{module.id} tujuan {objective}: tidak ada butir bentuk "
                                      f"{wanted}, dipakai butir bentuk lain "
                                      f"({', '.join(i.id for i in picked)})")
                else:
                    form.notes.append(f"{module.id} tujuan {objective} belum punya butir tes")
                    picked = []
                form.items += picked
                if assignment == PRE:
                    chosen_pre += picked
    return forms


def uncovered(track: Track, form: Form) -> list[tuple[str, int]]:
    """(module id, objective) of the track's present modules that ``form`` does not test."""
    return [(m.id, n) for m in track.modules for n in range(1, len(m.objectives) + 1)
            if (m.id, n) not in form.covered()]
