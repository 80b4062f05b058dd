"""Render the track pages of a demo's reports to PNG for the README: one certificate, the
learning-gain page and the item-analysis page of laporan.pdf.

Usage: python docs/render_track_examples.py HASIL_DEMO_FOLDER [docs]
(the folder written by `bimtek demo --jalur kota`). Uses pypdf and pypdfium2.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader


def page_with(pdf: Path, words: str) -> int:
    for index, page in enumerate(PdfReader(pdf).pages):
        if words in " ".join(page.extract_text().split()):
            return index
    raise SystemExit(f"{pdf}: no page with {words!r}")


def render(pdf: Path, index: int, png: Path, scale: float = 1.4) -> None:
    document = pdfium.PdfDocument(str(pdf))
    try:
        document[index].render(scale=scale).to_pil().save(png, optimize=True)
    finally:
        document.close()
    print(png)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    reports = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent
    report = reports / "laporan.pdf"
    render(reports / "sertifikat_semua.pdf", 0, out / "sertifikat.png", scale=1.2)
    render(report, page_with(report, "Tes awal, tes akhir dan gain pembelajaran"),
           out / "gain.png")
    render(report, page_with(report, "Reliabilitas tes (KR-20)"), out / "analisis_butir.png")
