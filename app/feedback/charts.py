"""Feedback counts and the summary charts (matplotlib's Agg/PDF backends, no Qt, no pyplot).

Figures are built with :class:`matplotlib.figure.Figure` directly, never
through pyplot's global state, so a chart can be drawn on a worker thread or
in the CLI without a display.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from curbside.feedback.model import CATEGORIES, HELPFUL, Feedback

if TYPE_CHECKING:  # matplotlib loads on first chart, not when the app starts
    from matplotlib.figure import Figure

UP_COLOUR, DOWN_COLOUR = "#2da44e", "#cf222e"


@dataclass
class Summary:
    """Counts over a set of ratings.

    Attributes:
        total: Ratings counted.
        helpful: Thumbs up.
        not_helpful: Thumbs down.
        by_model_mode: ``(model, mode)`` → ``[up, down]``.
        categories: Error category code → count.
        severities: ``major`` / ``minor`` → count.
    """

    total: int = 0
    helpful: int = 0
    not_helpful: int = 0
    by_model_mode: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    categories: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        """One line of counts for the view's header and the CLI."""
        major = self.severities.get("major", 0)
        return (
            f"{self.total} rated answers: {self.helpful} helpful, "
            f"{self.not_helpful} not helpful, {major} with a major error"
        )


def summarize(ratings: Iterable[Feedback]) -> Summary:
    """Count ``ratings`` by verdict, model and mode, category and severity."""
    summary = Summary()
    for feedback in ratings:
        summary.total += 1
        up = feedback.rating.rating == HELPFUL
        summary.helpful += up
        summary.not_helpful += not up
        key = (feedback.model_name or "unknown model", feedback.mode or "no mode")
        pair = summary.by_model_mode.setdefault(key, [0, 0])
        pair[0 if up else 1] += 1
        summary.categories.update(feedback.rating.categories)
        if feedback.rating.severity:
            summary.severities[feedback.rating.severity] += 1
    return summary


def ratings_figure(summary: Summary, width: float = 7.0, height: float = 3.6) -> Figure:
    """Return a figure: ratings by model and mode (stacked bars) and error categories."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[3, 2])
    keys = sorted(summary.by_model_mode)[:12]
    labels = [f"{model}\n{mode}" for model, mode in keys]
    ups = [summary.by_model_mode[k][0] for k in keys]
    downs = [summary.by_model_mode[k][1] for k in keys]
    rows = range(len(keys))
    left.barh(rows, ups, color=UP_COLOUR, label="helpful")
    left.barh(rows, downs, left=ups, color=DOWN_COLOUR, label="not helpful")
    left.set_yticks(list(rows), labels, fontsize=7)
    left.invert_yaxis()
    left.set_title("Ratings by model and mode", fontsize=9)
    left.tick_params(axis="x", labelsize=7)
    if keys:
        left.legend(fontsize=7, loc="lower right")
    codes = [code for code in CATEGORIES if summary.categories.get(code)]
    right.barh(range(len(codes)), [summary.categories[c] for c in codes], color="#8250df")
    right.set_yticks(list(range(len(codes))), [CATEGORIES[c] for c in codes], fontsize=7)
    right.invert_yaxis()
    right.set_title("Error categories", fontsize=9)
    right.tick_params(axis="x", labelsize=7)
    for axis in (left, right):
        axis.xaxis.get_major_locator().set_params(integer=True)
        axis.spines[["top", "right"]].set_visible(False)
    return figure


def chart_png(summary: Summary, width: float = 7.0, height: float = 3.6, dpi: int = 96) -> bytes:
    """Return the summary chart as PNG bytes (for the Feedback view)."""
    buffer = io.BytesIO()
    ratings_figure(summary, width, height).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
