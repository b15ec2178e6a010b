"""The report as a PDF, drawn with matplotlib's PDF backend: text pages, then one page per plot.

Tables are set in a monospaced font, wrapped and paginated; no external tool
(LaTeX, a browser) is needed, so the PDF can be made on a locked-down
workstation.
"""

from __future__ import annotations

import textwrap
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
from curbside.infra import atomic_stream

PAGE = (8.27, 11.69)  # A4 portrait, inches
LINES_PER_PAGE = 62
WIDTH_CHARS = 100


def _rows_text(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return ["None."]
    widths = [
        min(40, max(len(str(c)), *(len(str(r[i])) for r in rows))) for i, c in enumerate(columns)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(cell)[:w].ljust(w) for cell, w in zip(cells, widths, strict=False))

    return [
        line(columns),
        "-" * min(WIDTH_CHARS, sum(widths) + 2 * len(widths)),
        *(line(r) for r in rows),
    ]


def _lines(summary: RunSummary, tables: ReportTables) -> list[str]:
    lines = [tables.title, ""]
    for key, value in tables.header:
        lines.extend(textwrap.wrap(f"{key}: {value}", WIDTH_CHARS, subsequent_indent="    "))
    lines.append("")
    for note in tables.notes:
        lines.extend(textwrap.wrap(f"Note: {note}", WIDTH_CHARS))
    sections = [
        ("Results", RESULT_COLUMNS, tables.results),
        ("Paired comparisons", COMPARISON_COLUMNS, tables.comparisons),
        ("Speed and answer length", TIMING_COLUMNS, tables.timings),
    ]
    models = [m["name"] for m in summary.config["models"]]
    if len(models) > 1:
        sections.append(
            (
                "Items where the models disagree",
                ["Item", "Category", "Gold", *models],
                tables.disagreements,
            )
        )
    for title, columns, rows in sections:
        lines.extend(["", title, ""])
        for row in _rows_text(columns, rows):
            lines.extend(textwrap.wrap(row, WIDTH_CHARS, subsequent_indent="    ") or [""])
    return lines


def write_pdf(summary: RunSummary, tables: ReportTables, output: Path) -> None:
    """Write the PDF report atomically."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    lines = _lines(summary, tables)
    with atomic_stream(output) as handle, PdfPages(handle) as pdf:
        for start in range(0, len(lines), LINES_PER_PAGE):
            page = Figure(figsize=PAGE)
            page.text(
                0.06,
                0.96,
                "\n".join(lines[start : start + LINES_PER_PAGE]),
                family="monospace",
                fontsize=7,
                va="top",
                parse_math=False,
            )
            pdf.savefig(page)
        for _caption, figure in all_plots(summary):
            pdf.savefig(figure)
        info = pdf.infodict()
        info["Title"] = tables.title
        info["Creator"] = "Curbside"
