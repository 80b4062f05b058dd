"""Render the first page of PDFs to PNG for the README (docs/*.png).

Usage: python docs/render_examples.py LAPORAN.pdf docs/laporan_halaman1.png [PDF PNG ...]
Uses pypdfium2 (from PyPI, no system packages).
"""
from __future__ import annotations

import sys

import pypdfium2 as pdfium


def render_first_page(pdf: str, png: str, scale: float = 1.4) -> None:
    document = pdfium.PdfDocument(pdf)
    try:
        document[0].render(scale=scale).to_pil().save(png, optimize=True)
    finally:
        document.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    for pdf, png in zip(args[::2], args[1::2]):
        render_first_page(pdf, png)
        print(png)
