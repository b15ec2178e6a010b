"""Score a PHI detector against gold annotations.

Two views of the same question, "did the guard hide what it had to hide, and
nothing else?":

* :class:`SpanScorer` counts spans. A gold span is *found* when any predicted
  span overlaps it by at least one character; a predicted span is *correct*
  when it overlaps any gold span. Labels are ignored by default, because a
  redaction hides an identifier whatever it is called; pass
  ``same_label=True`` to demand the category too. Recall per category is
  keyed by the gold label, precision per category by the predicted label.
* :class:`TokenScorer` counts word tokens (runs of letters and digits), the
  unit the PhysioNet authors report: a token is PHI when a gold span covers
  any of its characters and redacted when a predicted span does. One huge
  predicted span cannot look good here the way it can with span overlap.

Both accept ``exclude_bare_years``: gold spans that are only a year (label
:data:`YEAR`, or a DATE whose text is a four-digit year) are dropped, so a
detector that rightly leaves "MI in 1992" alone is not charged with a miss,
and one that flags it is charged with a false positive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from curbside.deid.score_types import (
    CATEGORIES,
    YEAR,
    Score,
    Slip,
    Span,
    SpanLike,
    Tally,
    as_span,
    is_bare_year,
    overlaps,
)

_TOKEN = re.compile(r"[^\W_]+")

__all__ = [
    "CATEGORIES",
    "YEAR",
    "Score",
    "Slip",
    "Span",
    "SpanLike",
    "SpanScorer",
    "Tally",
    "TokenScorer",
    "as_span",
    "is_bare_year",
    "overlaps",
    "score_spans",
    "score_tokens",
]


def _slip(doc_id: str, span: Span, text: str, width: int = 25) -> Slip:
    """Record a miss or false positive with the text around it (empty without text)."""
    if not text:
        return Slip(doc_id, span, span.text)
    left = text[max(0, span.start - width) : span.start]
    right = text[span.end : span.end + width]
    return Slip(doc_id, span, f"{left}[{text[span.start : span.end]}]{right}")


class _Scorer:
    def __init__(self, *, exclude_bare_years: bool = False, same_label: bool = False) -> None:
        self.exclude_bare_years = exclude_bare_years
        self.same_label = same_label
        self.score = Score()

    def _gold(self, gold: Iterable[SpanLike]) -> list[Span]:
        spans = [as_span(g) for g in gold]
        if self.exclude_bare_years:
            spans = [g for g in spans if not is_bare_year(g)]
        return spans

    def _hits(self, a: Span, b: Span) -> bool:
        return overlaps(a, b) and (not self.same_label or a.label == b.label)

    def _count(self, label: str, **counts: int) -> None:
        for tally in (self.score.overall, self.score.category(label)):
            for name, value in counts.items():
                setattr(tally, name, getattr(tally, name) + value)

    def result(self) -> Score:
        """Return the score accumulated so far."""
        return self.score


class SpanScorer(_Scorer):
    """Accumulate span-overlap recall and precision over many documents.

    Args:
        exclude_bare_years: Drop gold spans that are only a year.
        same_label: Require a predicted span to carry the gold label to count.
    """

    def add(
        self,
        doc_id: str,
        gold: Iterable[SpanLike],
        predicted: Iterable[SpanLike],
        text: str = "",
    ) -> None:
        """Score one document; ``text`` (optional) only feeds the slip contexts."""
        golds, preds = self._gold(gold), [as_span(p) for p in predicted]
        for g in golds:
            hit = any(self._hits(g, p) for p in preds)
            self._count(g.label, gold=1, found=int(hit))
            if not hit:
                self.score.missed.append(_slip(doc_id, g, text))
        for p in preds:
            hit = any(self._hits(g, p) for g in golds)
            self._count(p.label, predicted=1, correct=int(hit))
            if not hit:
                self.score.spurious.append(_slip(doc_id, p, text))


class TokenScorer(_Scorer):
    """Accumulate token-level recall and precision (the PhysioNet authors' unit).

    A token is a maximal run of letters and digits. Per-category recall is keyed
    by the label of the first gold span covering the token, precision by the
    label of the first predicted span covering it.

    Args:
        exclude_bare_years: Drop gold spans that are only a year.
        same_label: Require the covering predicted span to carry the gold label.
    """

    def add(
        self, doc_id: str, text: str, gold: Iterable[SpanLike], predicted: Iterable[SpanLike]
    ) -> None:
        """Score one document's tokens."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        starts = [start for start, _ in tokens]
        golds = _cover(tokens, starts, self._gold(gold))
        preds = _cover(tokens, starts, [as_span(p) for p in predicted])
        for index in sorted(golds.keys() | preds.keys()):
            g, p = golds.get(index), preds.get(index)
            agree = g is not None and p is not None and (not self.same_label or g.label == p.label)
            token = Span(*tokens[index], "", text[slice(*tokens[index])])
            if g is not None:
                self._count(g.label, gold=1, found=int(agree))
                if not agree:
                    self.score.missed.append(_slip(doc_id, _relabel(token, g), text))
            if p is not None:
                self._count(p.label, predicted=1, correct=int(agree))
                if g is None:
                    self.score.spurious.append(_slip(doc_id, _relabel(token, p), text))


def _cover(tokens: list[tuple[int, int]], starts: list[int], spans: list[Span]) -> dict[int, Span]:
    """Map each token index to the first span (in given order) sharing a character with it."""
    covered: dict[int, Span] = {}
    for span in spans:
        # Tokens never overlap one another, so those touching ``span`` are contiguous.
        index = max(bisect_right(starts, span.start) - 1, 0)
        while index < len(tokens) and tokens[index][0] < span.end:
            if tokens[index][1] > span.start:
                covered.setdefault(index, span)
            index += 1
    return covered


def _relabel(token: Span, source: Span) -> Span:
    return Span(token.start, token.end, source.label, token.text)


def score_spans(
    documents: Iterable[tuple[str, str, Sequence[SpanLike], Sequence[SpanLike]]],
    *,
    exclude_bare_years: bool = False,
    same_label: bool = False,
) -> Score:
    """Span-overlap score over ``(doc_id, text, gold, predicted)`` tuples."""
    scorer = SpanScorer(exclude_bare_years=exclude_bare_years, same_label=same_label)
    for doc_id, text, gold, predicted in documents:
        scorer.add(doc_id, gold, predicted, text)
    return scorer.result()


def score_tokens(
    documents: Iterable[tuple[str, str, Sequence[SpanLike], Sequence[SpanLike]]],
    *,
    exclude_bare_years: bool = False,
    same_label: bool = False,
) -> Score:
    """Token-level score over ``(doc_id, text, gold, predicted)`` tuples."""
    scorer = TokenScorer(exclude_bare_years=exclude_bare_years, same_label=same_label)
    for doc_id, text, gold, predicted in documents:
        scorer.add(doc_id, text, gold, predicted)
    return scorer.result()
