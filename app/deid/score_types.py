"""What a PHI scorer counts with: gold and predicted spans, tallies, slips and the score.

The scorers themselves are in :mod:`curbside.deid.scoring`, which re-exports
these names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from curbside.deid.findings import LABELS

CATEGORIES: tuple[str, ...] = LABELS
"""The Safe Harbor categories the dev set is annotated with."""

YEAR = "YEAR"
"""Gold label for a bare year (PhysioNet's ``DateYear``); not a Safe Harbor identifier."""

_FOUR_DIGIT_YEAR = re.compile(r"['’]?(?:1[89]|20)\d\d")


class SpanLike(Protocol):
    """Anything with character offsets and a category (a detector finding, a gold span)."""

    @property
    def start(self) -> int:
        """Offset of the first character."""

    @property
    def end(self) -> int:
        """Offset one past the last character."""

    @property
    def label(self) -> str:
        """Category, such as ``NAME`` or ``DATE``."""


@dataclass(frozen=True, slots=True)
class Span:
    """A gold or predicted identifier: ``text[start:end]`` with a category."""

    start: int
    end: int
    label: str
    text: str = ""


def as_span(item: SpanLike) -> Span:
    """Copy any span-like object into a :class:`Span` (keeping ``text`` if it has one)."""
    return Span(item.start, item.end, item.label, str(getattr(item, "text", "")))


def is_bare_year(span: SpanLike) -> bool:
    """Return True for a gold span that is a year and nothing more specific."""
    if span.label == YEAR:
        return True
    text = str(getattr(span, "text", "")).strip(" .,;:()")
    return span.label == "DATE" and _FOUR_DIGIT_YEAR.fullmatch(text) is not None


def overlaps(a: SpanLike, b: SpanLike) -> bool:
    """Return True when the half-open ranges of ``a`` and ``b`` share a character."""
    return a.start < b.end and b.start < a.end


@dataclass(slots=True)
class Tally:
    """Counts behind recall and precision for one category or overall.

    Attributes:
        gold: Gold units (spans or tokens) to find.
        found: Gold units that were found.
        predicted: Predicted units.
        correct: Predicted units that hit gold.
    """

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """Share of gold found; 1.0 when there was nothing to find."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of predictions that hit gold; 1.0 when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of recall and precision."""
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Return the counts and rates, rates rounded to four places."""
        return {
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "gold": self.gold,
            "found": self.found,
            "predicted": self.predicted,
            "correct": self.correct,
        }


@dataclass(frozen=True, slots=True)
class Slip:
    """One miss or one false positive, with enough context to read it."""

    doc_id: str
    span: Span
    context: str


@dataclass(slots=True)
class Score:
    """The result of a scorer: overall, per category, and every slip."""

    overall: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=dict)
    missed: list[Slip] = field(default_factory=list)
    spurious: list[Slip] = field(default_factory=list)

    def category(self, label: str) -> Tally:
        """Return (creating if needed) the tally for ``label``."""
        return self.by_category.setdefault(label, Tally())

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready summary (no slips, so no case text)."""
        return {
            **self.overall.as_dict(),
            "by_category": {k: v.as_dict() for k, v in sorted(self.by_category.items())},
        }

    def report(self, limit: int = 20) -> str:
        """Return a readable list of the first ``limit`` misses and false positives."""
        lines = [f"recall {self.overall.recall:.4f} precision {self.overall.precision:.4f}"]
        for title, slips in (("missed", self.missed), ("false positive", self.spurious)):
            lines += [f"{title} {s.span.label} {s.context!r} in {s.doc_id}" for s in slips[:limit]]
        return "\n".join(lines)
