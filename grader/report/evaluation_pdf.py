"""The pages a track adds to ``laporan.pdf``: learning gain and item analysis.

Built with the report's own layout helpers (grader/report/pdf.py), so the sections look like
the rest of the report.
"""
from __future__ import annotations

import math

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from . import collect as c
from . import gain as g
from . import items as it
from .evaluation import Evaluation
from .html import angka
from .pdf import _chart, _grid, _warning, esc

MAX_ITEM_ROWS = 80       # rows of the full item table in the PDF (all of them in the workbook)


def _n(value, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}".replace(".", ",") if isinstance(value, float) else str(value)


def gain_section(results: c.Results, ev: Evaluation, width: float, st) -> list:
    low, high = ev.limits
    total = ev.gain_overall
    story = [PageBreak(), Paragraph("Tes awal, tes akhir dan gain pembelajaran", st["h2"]),
             Paragraph(
                 "Gain ternormalisasi setiap peserta g = (tes akhir − tes awal) ÷ (100 − tes awal), "
                 "nilai tes dalam persen; dihitung bagi peserta yang mengerjakan kedua tes. "
                 f"Kategori: rendah bila g &lt; {_n(low)}, sedang bila {_n(low)} ≤ g &lt; "
                 f"{_n(high)}, tinggi bila g ≥ {_n(high)} (pembagian Hake; pengaturan "
                 "c.Bimtek.pita_gain). Kedua tes memakai butir yang berbeda untuk tujuan "
                 "pembelajaran yang sama.", st["kecil"]), Spacer(1, 4)]
    if total:
        story.append(_grid(
            [["Peserta dengan kedua tes", "Rata-rata tes awal", "Rata-rata tes akhir",
              "Naik", "Rata-rata g", "g dari rata-rata", "Kategori"],
             [str(total[g.H_N]), f"{_n(total[g.H_RATA_AWAL], 1)}%",
              f"{_n(total[g.H_RATA_AKHIR], 1)}%", str(total[g.H_NAIK]),
              _n(total[g.H_RATA_G]), _n(total[g.H_G_RATA]), total[g.H_PITA]]],
            [width / 7] * 7, numeric=set(range(6)), st=st))
    story += [Spacer(1, 4), _chart(g.chart(ev.gains, ev.limits,
                                           title="Tes awal dan tes akhir setiap peserta"),
                                   min(width, 150 * mm))]
    for column, table in ev.gain_groups.items():
        if table.empty:
            continue
        label = c.ROSTER_LABELS.get(column, column)
        rows = [[label, "Peserta", "Tes awal", "Tes akhir", "Naik", "Rata-rata g",
                 "g dari rata-rata", "Kategori"]]
        for r in table.itertuples(index=False):
            rows.append([str(r[0]), str(r[1]), _n(r[2], 1), _n(r[3], 1), str(r[4]), _n(r[5]),
                         _n(r[6]), str(r[7])])
        widths = [width * 0.28] + [width * 0.72 / 7] * 7
        story.append(KeepTogether([Paragraph(f"Gain per {esc(label.lower())}", st["h3"]),
                                   _grid(rows, widths, numeric=set(range(1, 7)), st=st)]))
    rows = [["No.", "Nama", "Tes awal", "Tes akhir", "g", "Kategori"]]
    for number, r in enumerate(ev.gains.itertuples(index=False), start=1):
        rows.append([str(number), getattr(r, c.NAMA), _n(r[-4], 1), _n(r[-3], 1), _n(r[-2]),
                     r[-1]])
    story += [Paragraph("Gain per peserta", st["h3"]),
              _grid(rows, [10 * mm, width - 10 * mm - 4 * 24 * mm] + [24 * mm] * 4,
                    numeric={0, 2, 3, 4}, st=st)]
    return story


def items_section(results: c.Results, ev: Evaluation, width: float, st) -> list:
    story = [PageBreak(), Paragraph("Analisis butir", st["h2"]), Paragraph(
        "Untuk setiap pemeriksaan otomatis tugas dan setiap soal tes, di antara peserta yang "
        "mengerjakan: tingkat kesukaran p (bagian peserta yang benar; sukar &lt; 0,30 ≤ sedang ≤ "
        "0,70 &lt; mudah), daya beda D (p kelompok atas 27% dikurangi p kelompok bawah 27%, "
        "diurutkan menurut nilai tugas yang sama; sangat baik ≥ 0,40, baik ≥ 0,30, cukup ≥ 0,20), "
        "dan korelasi point-biserial r dengan nilai sisa (nilai tanpa butir itu). Butir yang "
        "tidak dijawab benar oleh siapa pun, dijawab benar oleh semua, atau berdaya beda negatif "
        "ditandai: itulah umpan balik kurikulum bagi penyusunnya.", st["kecil"]), Spacer(1, 4)]
    if not ev.reliability.empty:
        rows = [["Tes", "Jumlah soal", "Peserta", "Rata-rata benar", "KR-20"]]
        rows += [[r[0], str(r[1]), str(r[2]), _n(r[3]), _n(r[4])]
                 for r in ev.reliability.itertuples(index=False)]
        story += [Paragraph("Reliabilitas tes (KR-20)", st["h3"]),
                  _grid(rows, [width * 0.3] + [width * 0.7 / 4] * 4, numeric={1, 2, 3, 4},
                        st=st)]
    for note in ev.notes:      # how the tests were assembled (items borrowed from a form)
        story += [Spacer(1, 3), _warning(esc(note), width, st)]
    flagged = ev.flagged
    story.append(Paragraph(f"Butir yang perlu ditelaah ({len(flagged)})", st["h3"]))
    if flagged.empty:
        story.append(Paragraph("Tidak ada.", st["isi"]))
    else:
        story.append(_item_grid(flagged, width, st))
    table = ev.items
    story.append(Paragraph("Semua butir", st["h3"]))
    if len(table) > MAX_ITEM_ROWS:
        story.append(_warning(f"Menampilkan {MAX_ITEM_ROWS} dari {len(table)} butir; daftar "
                              "lengkap ada di lembar \"Analisis butir\" pada rekap_nilai.xlsx.",
                              width, st))
    story.append(_item_grid(table.head(MAX_ITEM_ROWS), width, st))
    seen = ev.mistakes.dropna(subset=["Jumlah terlihat"])
    if not seen.empty:
        rows = [["Modul", "Kesalahan umum", "Soal", "Terlihat", "%"]]
        rows += [[r[0], r[1], r[2], angka(r[3]), _n(r[4], 1)] for r in seen.itertuples(index=False)]
        story += [Paragraph("Kesalahan umum yang terlihat", st["h3"]),
                  _grid(rows, [16 * mm, width - 16 * mm - 60 * mm, 20 * mm, 20 * mm, 20 * mm],
                        numeric={3, 4}, st=st)]
    return story


def _item_grid(table, width: float, st):
    rows = [["Tugas", "Butir", "N", "p", "D", "r", "Tanda"]]
    for r in table.itertuples(index=False):
        rows.append([r[0], r[1], str(r[3]), _n(r[4]), _n(r[6]), _n(r[8]), r[9] or ""])
    widths = [18 * mm, width - 18 * mm - 4 * 13 * mm - 42 * mm, 13 * mm, 13 * mm, 13 * mm,
              13 * mm, 42 * mm]
    return _grid(rows, widths, numeric={2, 3, 4, 5}, st=st)


def sections(results: c.Results, width: float, st) -> list:
    """The track's sections of the official report (empty for an event without a track)."""
    ev = results.evaluation
    if ev is None:
        return []
    return gain_section(results, ev, width, st) + items_section(results, ev, width, st)
