"""The feedback PDF report: counts and summary charts, then one block per rated answer.

Written with matplotlib's PDF backend (no Qt), atomically. Texts are shown as
given (the caller redacts by default) and shortened, and at most
:data:`LISTED` answers are listed (a report, not a dump: pages cost about half
a second each); the full texts are in the JSONL export. The first page
carries the audit head the report was made at.
"""

from __future__ import annotations

import io
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from curbside.feedback.charts import ratings_figure, summarize
from curbside.feedback.model import CATEGORIES, HELPFUL
from curbside.feedback.report import RatedAnswer
from curbside.infra import atomic_write
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

PER_PAGE = 5
SNIPPET = 320
LISTED = 200
"""Rated answers listed after the charts (most recent first); the rest are counted."""
_A4 = (8.27, 11.69)


def write_pdf_report(answers: list[RatedAnswer], path: Path, *, text: bool, head: str) -> None:
    """Write the report to ``path``."""
    buffer = io.BytesIO()
    with PdfPages(
        buffer, metadata={"Title": "Curbside feedback report", "Creator": "Curbside"}
    ) as pdf:
        pdf.savefig(_cover(answers, head))
        listed = answers[:LISTED]
        for start in range(0, len(listed), PER_PAGE):
            pdf.savefig(_page(listed[start : start + PER_PAGE], text))
    atomic_write(path, buffer.getvalue())


def _cover(answers: list[RatedAnswer], head: str) -> Figure:
    summary = summarize(a.feedback for a in answers)
    figure = Figure(figsize=_A4)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    figure.text(0.08, 0.95, "Curbside — feedback report", fontsize=16, weight="bold")
    figure.text(0.08, 0.925, f"{stamp} · {summary.line()}", fontsize=9)
    figure.text(0.08, 0.905, f"Audit head: {head or 'none'}", fontsize=6.5, family="monospace")
    chart = ratings_figure(summary, 7.0, 4.2)
    image = io.BytesIO()
    chart.savefig(image, format="png", dpi=150)
    image.seek(0)
    from matplotlib.image import imread

    axis = figure.add_axes((0.07, 0.45, 0.86, 0.43))
    axis.imshow(imread(image))
    axis.set_axis_off()
    lines = [f"{CATEGORIES[c]}: {n}" for c, n in summary.categories.most_common()]
    if len(answers) > LISTED:
        lines.append(f"The {LISTED} most recent of {len(answers)} rated answers are listed; ")
        lines.append("the CSV and JSONL exports hold them all.")
    lines += [f"Severity {s}: {n}" for s, n in sorted(summary.severities.items())]
    figure.text(0.08, 0.42, "\n".join(lines) or "No error categories given.", fontsize=9, va="top")
    return figure


def _page(answers: list[RatedAnswer], text: bool) -> Figure:
    figure = Figure(figsize=_A4)
    y = 0.96
    for answer in answers:
        fb, rating = answer.feedback, answer.feedback.rating
        verdict = "helpful" if rating.rating == HELPFUL else "not helpful"
        header = (
            f"Answer {fb.message_id} · {fb.updated[:16]} · {fb.model_name or '?'} · "
            f"{fb.mode or '?'} · {verdict}"
            + (f" · {rating.helpfulness}/5" if rating.helpfulness else "")
            + (f" · {rating.severity}" if rating.severity else "")
        )
        body = [", ".join(CATEGORIES[c] for c in rating.categories)] if rating.categories else []
        if text:
            for label, value in (
                ("Q", answer.question),
                ("A", answer.answer),
                ("Comment", answer.comment),
            ):
                if value:
                    short = value if len(value) <= SNIPPET else value[: SNIPPET - 1] + "…"
                    body.append(textwrap.fill(f"{label}: {' '.join(short.split())}", 110))
        figure.text(0.06, y, header, fontsize=8.5, weight="bold", va="top")
        block = "\n".join(body)
        figure.text(0.06, y - 0.018, block, fontsize=7.5, va="top", wrap=False)
        y -= 0.03 + 0.0125 * (block.count("\n") + 1)
    return figure
