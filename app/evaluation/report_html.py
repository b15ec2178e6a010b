"""The report as one self-contained HTML file: inline CSS, plots as PNG ``data:`` URIs.

Every piece of text (model names, gold answers, the models' lines) is escaped;
nothing is fetched from anywhere, so the page opens the same offline.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from pathlib import Path

from curbside.evaluation.plots import all_plots
from curbside.evaluation.report import (
    COMPARISON_COLUMNS,
    RESULT_COLUMNS,
    TIMING_COLUMNS,
    ReportTables,
)
from curbside.evaluation.summary import RunSummary
from curbside.infra import atomic_write

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:70em;
color:#1b1b1b;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f0f3f6}td.hash{font-family:monospace;word-break:break-all}
img{max-width:100%;height:auto}.note{color:#6b3b00}
"""


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _png(figure: object) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # type: ignore[attr-defined]
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_html(summary: RunSummary, tables: ReportTables) -> str:
    """Return the report as one HTML document."""
    header = "".join(
        f"<tr><th>{html.escape(k)}</th><td class='hash'>{html.escape(v)}</td></tr>"
        for k, v in tables.header
    )
    plots = "".join(
        f"<figure><img alt='{html.escape(caption)}' src='{_png(figure)}'>"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for caption, figure in all_plots(summary)
    )
    notes = "".join(f"<p class='note'>{html.escape(n)}</p>" for n in tables.notes)
    models = [m["name"] for m in summary.config["models"]]
    disagreement_columns = ["Item", "Category", "Gold", *models]
    if len(models) < 2:
        disagreements = "<p>One model: nothing to compare.</p>"
    else:
        disagreements = _table(disagreement_columns, tables.disagreements)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{html.escape(tables.title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(tables.title)}</h1><table>{header}</table>{notes}"
        f"<h2>Plots</h2>{plots}"
        f"<h2>Results</h2>{_table(RESULT_COLUMNS, tables.results)}"
        f"<h2>Paired comparisons</h2>{_table(COMPARISON_COLUMNS, tables.comparisons)}"
        f"<h2>Speed and answer length</h2>{_table(TIMING_COLUMNS, tables.timings)}"
        f"<h2>Items where the models disagree</h2>{disagreements}"
        "</body></html>"
    )


def write_html(summary: RunSummary, tables: ReportTables, output: Path) -> None:
    """Write the HTML report atomically."""
    atomic_write(output, render_html(summary, tables))
