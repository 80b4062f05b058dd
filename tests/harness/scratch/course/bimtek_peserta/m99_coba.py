"""Display helpers of the scratch module's lesson (harness test)."""
from __future__ import annotations

from .tampil import angka


def juta(nilai) -> str:
    """A budget in million rupiah, Indonesian style: ``juta(1250)`` -> ``'Rp 1.250 juta'``."""
    return f"Rp {angka(nilai)} juta"
