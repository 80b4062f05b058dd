"""The cohort report ``laporan.html``: one self-contained page, printable on A4."""
from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import jinja2
import pandas as pd

from . import charts
from . import collect as c

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]


def tanggal(moment: datetime) -> str:
    """A date and time written the Indonesian way: "5 Maret 2025 pukul 14.07"."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} pukul {moment:%H.%M}"


def angka(value) -> str:
    """A number with a decimal comma and at most two decimals ("66,7", "2,25", "20")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def environment() -> jinja2.Environment:
    """The template environment shared by the report and the feedback pages."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("grader", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["angka"] = angka
    env.filters["tanggal"] = tanggal
    return env


def table(frame: pd.DataFrame) -> dict:
    """A DataFrame as headers and rows for a template; roster column names become labels."""
    return {"headers": [c.COLUMN_LABELS.get(h, h) for h in frame.columns],
            "numeric": [pd.api.types.is_numeric_dtype(frame[h]) for h in frame.columns],
            "rows": frame.to_dict("split")["data"]}


def _group_section(results: c.Results, column: str) -> dict:
    data = c.per_group(results, column)
    label = c.COLUMN_LABELS.get(column, column)
    return {
        "title": f"Hasil per {label.lower()}",
        "chart": charts.bars(
            [str(v) for v in data.iloc[:, 0]], list(data[c.H_RATA_PERSEN]),
            title=f"Rata-rata nilai akhir per {label.lower()}",
            xlabel="Rata-rata nilai akhir (persen)", threshold=results.threshold),
        "alt": f"Grafik rata-rata nilai akhir per {label.lower()}",
        "table": table(data),
    }


def render_report(results: c.Results) -> str:
    people = results.participants
    questions = c.per_question(results)
    question_labels = [q if len(results.assignments) < 2 else f"{a} · {q}"
                       for a, q in zip(questions[c.H_TUGAS], questions[c.H_SOAL])]
    from .pdf import rentang, warnings_of
    event = results.event or c.Event(name=results.event_name)
    return environment().get_template("laporan.html.j2").render(
        results=results, event=event, dates=rentang(event.first_day, event.last_day),
        warnings=warnings_of(results), scope=results.filter_text(),
        counts=c.summary_counts(results),
        statuses=table(c.status_counts(results)),
        histogram=charts.histogram(
            list(people[c.PERSEN]), threshold=results.threshold,
            title="Sebaran nilai akhir peserta"),
        questions_chart=charts.bars(
            question_labels, list(questions[c.H_PERSEN]),
            title="Rata-rata capaian per soal (persen dari poin maksimum)",
            xlabel="Rata-rata capaian (persen)"),
        questions=table(questions),
        groups=[_group_section(results, column) for column in results.groups],
        attention=table(c.needs_attention(results)),
    )


def write_html(results: c.Results, path: Path) -> Path:
    """Write the cohort report to ``path`` and return it."""
    path.write_text(render_report(results), encoding="utf-8")
    return path
