"""Charts of the cohort report, as PNG data URIs so that the HTML page stands alone.

Figures are drawn with matplotlib's object API on the Agg canvas (no pyplot, no global
state), so the reports can be written from any thread or process.
"""
from __future__ import annotations

import base64
import functools
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

WIDTH = 7.0          # inches; fits the A4 text width at 120 dpi
DPI = 120
BAR_COLOUR = "#2b6cb0"
LINE_COLOUR = "#c53030"
NO_DATA = "Belum ada data"


def _data_uri(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _empty(axes) -> None:
    axes.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=axes.transAxes,
              fontsize=12, color="#555555")
    axes.set_xticks([])
    axes.set_yticks([])


def histogram(percents: list[float], *, threshold: float, title: str) -> str:
    """Distribution of final percents in steps of 10, with the pass mark as a line."""
    return _histogram(tuple(percents), threshold, title)


def bars(labels: list[str], values: list[float], *, title: str, xlabel: str,
         threshold: float | None = None) -> str:
    """Horizontal bars on a 0-100 scale, one per label (top to bottom in the given order)."""
    return _bars(tuple(labels), tuple(values), title, xlabel, threshold)


# The HTML and the PDF report show the same charts: each is drawn once (drawing is the
# expensive part of both), and the same data always gives the same PNG.
@functools.lru_cache(maxsize=32)
def _histogram(percents: tuple[float, ...], threshold: float, title: str) -> str:
    figure = Figure(figsize=(WIDTH, 3.2), layout="constrained")
    axes = figure.subplots()
    if percents:
        axes.hist(percents, bins=range(0, 101, 10), color=BAR_COLOUR, edgecolor="white")
        axes.axvline(threshold, color=LINE_COLOUR, linestyle="--",
                     label=f"Batas lulus {threshold:g}%".replace(".", ","))
        axes.legend(loc="upper center")
        axes.set_xlim(0, 100)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_xlabel("Nilai akhir (persen dari nilai maksimum)")
        axes.set_ylabel("Jumlah peserta")
    else:
        _empty(axes)
    axes.set_title(title)
    return _data_uri(figure)


@functools.lru_cache(maxsize=32)
def _bars(labels: tuple[str, ...], values: tuple[float, ...], title: str, xlabel: str,
          threshold: float | None) -> str:
    height = max(2.0, 0.8 + 0.35 * len(labels))
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = figure.subplots()
    if labels:
        positions = list(range(len(labels)))[::-1]
        shown = [0.0 if v != v else v for v in values]  # NaN (nothing graded yet) drawn as 0
        axes.barh(positions, shown, color=BAR_COLOUR)
        axes.set_yticks(positions, labels=[_shorten(label) for label in labels])
        for y, value in zip(positions, values):
            text = "–" if value != value else f"{value:.1f}".replace(".", ",")
            axes.text(min(value if value == value else 0, 100) + 1, y, text, va="center",
                      fontsize=8)
        if threshold is not None:
            axes.axvline(threshold, color=LINE_COLOUR, linestyle="--",
                         label=f"Batas lulus {threshold:g}%".replace(".", ","))
            axes.legend(loc="lower right", fontsize=8)
        axes.set_xlim(0, 108)
        axes.set_xlabel(xlabel)
    else:
        _empty(axes)
    axes.set_title(title)
    return _data_uri(figure)


def _shorten(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
