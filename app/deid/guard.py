"""The PHI guard's state for one case, and its verdict before a send or a save.

:class:`CaseGuard` is what the editor talks to, minus Qt: it remembers which
findings the clinician marked "not PHI" (by category and text, so the mark
survives edits that move offsets), keeps one placeholder numbering and one
Day 0 for the whole case, and decides with :meth:`CaseGuard.decide` whether a
message may go. An override is allowed but recorded as categories only: the
:class:`SendDecision` never carries case text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.deid.dates import parse_date
from app.deid.detector import detect
from app.deid.findings import Finding
from app.deid.redact import Placeholders, Redaction, redact
from app.input_check import MAX_INPUT_CHARS

MAX_SCAN_CHARS = MAX_INPUT_CHARS
"""The longest text the guard scans: the composer's own paste limit (200,000 characters)."""

UNSCANNED = "UNSCANNED"
"""Category recorded when a text too large to scan is sent on override."""

_KEY = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class SendDecision:
    """Whether a message may be sent or saved.

    Attributes:
        status: ``"clear"`` (nothing left), ``"blocked"`` (unresolved findings,
            listed in ``categories``) or ``"overridden"`` (the clinician chose to
            send anyway; record ``categories``, never the text).
        categories: Sorted distinct categories still unresolved.
        count: How many findings are unresolved.
        message: One sentence for the clinician.
    """

    status: Literal["clear", "blocked", "overridden"]
    categories: tuple[str, ...] = ()
    count: int = 0
    message: str = ""

    @property
    def allowed(self) -> bool:
        """True when the message may go (clear, or overridden)."""
        return self.status != "blocked"


class CaseGuard:
    """Scan, dismiss, redact and decide for one case (one composer message)."""

    def __init__(self) -> None:
        self._dismissed: set[tuple[str, str]] = set()
        self._placeholders: Placeholders | None = None
        self._anchor: dt.date | None = None

    def reset(self) -> None:
        """Forget dismissals, numbering and Day 0 (a new message begins)."""
        self.__init__()  # type: ignore[misc]

    @staticmethod
    def too_large(text: str) -> bool:
        """True when ``text`` is over :data:`MAX_SCAN_CHARS` and is not scanned."""
        return len(text) > MAX_SCAN_CHARS

    def scan(self, text: str) -> list[Finding]:
        """Return the findings in ``text`` that the clinician has not dismissed."""
        if self.too_large(text):
            return []
        return self.unresolved(detect(text))

    def unresolved(self, findings: Sequence[Finding]) -> list[Finding]:
        """Drop findings marked "not PHI"."""
        return [f for f in findings if _key(f) not in self._dismissed]

    def dismiss(self, finding: Finding) -> None:
        """Mark ``finding`` (and every mention of the same text) as not PHI."""
        self._dismissed.add(_key(finding))

    def redact(
        self, text: str, findings: Sequence[Finding], *, relative_dates: bool = False
    ) -> Redaction:
        """Redact ``findings`` in ``text`` with this case's numbering and Day 0."""
        if self._placeholders is None:
            self._placeholders = Placeholders(text)
        if relative_dates and self._anchor is None:
            self._anchor = _earliest_date(self.scan(text))
        return redact(
            text,
            findings,
            dates="relative" if relative_dates else "placeholder",
            anchor=self._anchor,
            placeholders=self._placeholders,
        )

    def decide(self, text: str, findings: Sequence[Finding], *, override: bool) -> SendDecision:
        """Return whether ``text`` may be sent, given its current unresolved ``findings``."""
        if self.too_large(text):
            categories: tuple[str, ...] = (UNSCANNED,)
            count = 1
            what = f"The text is over {MAX_SCAN_CHARS:,} characters and could not be checked."
        else:
            categories = tuple(sorted({f.label for f in findings}))
            count = len(findings)
            if not count:
                return SendDecision("clear")
            what = f"{count} possible identifier(s) remain: {', '.join(categories)}."
        if override:
            return SendDecision("overridden", categories, count, what + " Sent on override.")
        return SendDecision(
            "blocked", categories, count, what + " Redact them, mark them not PHI, or override."
        )


def _key(finding: Finding) -> tuple[str, str]:
    return finding.label, _KEY.sub(" ", finding.text.casefold()).strip()


def _earliest_date(findings: Sequence[Finding]) -> dt.date | None:
    dates = [
        parse_date(f.text) for f in findings if f.label == "DATE" and f.reason != "date of birth"
    ]
    known = [d for d in dates if d is not None]
    return min(known) if known else None
