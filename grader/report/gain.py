"""Learning gain: pre-test and post-test per participant, normalised gain, means per group.

The normalised gain (Hake) of one participant is g = (post − pre) ÷ (max − pre), with the
scores in percent (max = 100); it is not defined when the pre-test is already at the maximum.
Bands: g below the first limit "rendah", below the second "sedang", otherwise "tinggi" (the
limits are the setting c.Bimtek.pita_gain, 0,3 and 0,7 by default). Per class, wave and region
the table gives the mean of the participants' g and the gain of the group's mean scores.
Only participants with both tests graded (an attempt, not an empty notebook) have a gain.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401  (Agg canvas)
from matplotlib.figure import Figure

from .. import statuses
from ..tracks import POST, PRE
from . import charts
from . import collect as c

ATTEMPTED = {statuses.DINILAI, statuses.PERLU_PENILAIAN_MANUAL, statuses.WAKTU_HABIS,
             statuses.KERNEL_MATI}
BAND_LOW, BAND_MID, BAND_HIGH, BAND_NONE = "Rendah", "Sedang", "Tinggi", "Tidak dihitung"

H_AWAL, H_AKHIR, H_GAIN, H_PITA = "Tes awal (%)", "Tes akhir (%)", "Gain (g)", "Kategori gain"
H_N = "Jumlah peserta dengan kedua tes"
H_RATA_AWAL, H_RATA_AKHIR = "Rata-rata tes awal (%)", "Rata-rata tes akhir (%)"
H_RATA_G, H_G_RATA = "Rata-rata g peserta", "g dari rata-rata kelompok"
H_NAIK = "Jumlah naik"


def normalised_gain(pre: float, post: float, maximum: float = 100.0) -> float:
    """g = (post − pre) ÷ (maximum − pre); NaN when pre is at the maximum or a score is missing."""
    if pre is None or post is None or math.isnan(pre) or math.isnan(post) or pre >= maximum:
        return math.nan
    return (post - pre) / (maximum - pre)


def band(g: float, limits: list[float]) -> str:
    """The band of ``g``: below limits[0] Rendah, below limits[1] Sedang, else Tinggi."""
    if g is None or math.isnan(g):
        return BAND_NONE
    return BAND_LOW if g < limits[0] else BAND_MID if g < limits[1] else BAND_HIGH


def _test_percent(results: c.Results, assignment: str) -> pd.Series:
    """Percent score of ``assignment`` per participant id; NaN unless it was attempted."""
    rows = results.frame[results.frame[c.TUGAS] == assignment].set_index(c.ID)
    scored = rows[rows[c.STATUS].isin(ATTEMPTED) & rows[c.ADA_NILAI]]
    maximum = float(rows[c.NILAI_MAKS].max()) if len(rows) else 0.0
    if not maximum:
        return pd.Series(dtype=float)
    return (scored[c.NILAI] / maximum * 100).astype(float)


def per_participant(results: c.Results, limits: list[float]) -> pd.DataFrame:
    """One row per participant: identity, pre and post percent, g and its band."""
    people = results.participants
    pre = people[c.ID].map(_test_percent(results, PRE)).astype(float)
    post = people[c.ID].map(_test_percent(results, POST)).astype(float)
    table = pd.DataFrame({c.ID: people[c.ID], c.NAMA: people[c.NAMA]})
    for column in (c.INSTANSI, c.KABKOTA, c.KELAS, c.GELOMBANG):
        if column in people.columns:
            table[column] = people[column]
    table[H_AWAL] = pre.round(1)
    table[H_AKHIR] = post.round(1)
    gains = [normalised_gain(a, b) for a, b in zip(pre, post)]
    table[H_GAIN] = [round(g, 2) if not math.isnan(g) else math.nan for g in gains]
    table[H_PITA] = [band(g, limits) for g in gains]
    return table.reset_index(drop=True)


def per_group(table: pd.DataFrame, column: str, limits: list[float]) -> pd.DataFrame:
    """Per value of ``column``: participants with both tests, mean pre, mean post, mean g,
    the g of the means and its band."""
    rows = []
    both = table.dropna(subset=[H_AWAL, H_AKHIR])
    for value, group in table.groupby(column, sort=True):
        done = both[both[column] == value]
        mean_pre = float(done[H_AWAL].mean()) if len(done) else math.nan
        mean_post = float(done[H_AKHIR].mean()) if len(done) else math.nan
        g_values = done[H_GAIN].dropna()
        mean_g = float(g_values.mean()) if len(g_values) else math.nan
        g_of_means = normalised_gain(mean_pre, mean_post)
        rows.append({c.ROSTER_LABELS.get(column, column): value, H_N: len(done),
                     H_RATA_AWAL: round(mean_pre, 1), H_RATA_AKHIR: round(mean_post, 1),
                     H_NAIK: int((done[H_AKHIR] > done[H_AWAL]).sum()),
                     H_RATA_G: round(mean_g, 2), H_G_RATA: round(g_of_means, 2),
                     H_PITA: band(mean_g, limits)})
    return pd.DataFrame(rows)


def overall(table: pd.DataFrame, limits: list[float]) -> dict:
    """The whole cohort's figures (as one group)."""
    frame = table.assign(_semua="Semua peserta")
    row = per_group(frame, "_semua", limits)
    return row.iloc[0].to_dict() if len(row) else {}


def chart(table: pd.DataFrame, limits: list[float], *, title: str) -> str:
    """Pre against post per participant, the line of no change, and the band limits as lines
    of equal gain (post = pre + g × (100 − pre)); a PNG data URI."""
    figure = Figure(figsize=(charts.WIDTH, 4.6), layout="constrained")
    axes = figure.subplots()
    both = table.dropna(subset=[H_AWAL, H_AKHIR])
    if len(both):
        x = np.linspace(0, 100, 101)
        axes.plot(x, x, color="#718096", linestyle="-", linewidth=1, label="Tidak berubah (g = 0)")
        for limit, style in zip(limits, ("--", ":")):
            axes.plot(x, x + limit * (100 - x), color=charts.LINE_COLOUR, linestyle=style,
                      linewidth=1, label=f"g = {limit:g}".replace(".", ","))
        colours = {BAND_LOW: "#c53030", BAND_MID: "#d69e2e", BAND_HIGH: "#276749",
                   BAND_NONE: "#718096"}
        for name, colour in colours.items():
            part = both[both[H_PITA] == name]
            if not len(part):
                continue
            # tests of a few items give the same scores to many: one dot per pair of scores,
            # its area growing with the number of participants, the number written beside it
            pairs = part.groupby([H_AWAL, H_AKHIR]).size().reset_index(name="n")
            axes.scatter(pairs[H_AWAL], pairs[H_AKHIR], s=24 + 22 * (pairs["n"] - 1),
                         color=colour, alpha=0.75, edgecolors="white", linewidths=0.5,
                         label=f"Gain {name.lower()} ({len(part)} peserta)")
            for row in pairs[pairs["n"] > 1].itertuples(index=False):
                axes.annotate(str(row.n), (row[0], row[1]), textcoords="offset points",
                              xytext=(7, -3), fontsize=7, color="#1a202c")
        axes.set_xlim(-2, 102)
        axes.set_ylim(-2, 102)
        axes.set_xlabel("Tes awal (persen)")
        axes.set_ylabel("Tes akhir (persen)")
        axes.legend(loc="lower right", fontsize=7.5)
        axes.grid(alpha=0.3)
    else:
        charts._empty(axes)
    axes.set_title(title)
    return charts._data_uri(figure)
