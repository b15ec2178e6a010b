"""The PHI guard's state for one case: dismissals, numbering, and what is still unresolved.

:class:`CaseGuard` is what the editor talks to, minus Qt: it remembers which
findings the clinician marked "not PHI" (by category and text, so the mark
survives edits that move offsets), keeps one placeholder numbering and one
Day 0 for the whole case, and lists with :meth:`CaseGuard.categories` what is
still unresolved. Whether a message may then go is decided by
:func:`curbside.privacy.decide`, the one rule for every send, save and export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from curbside.deid.date_parse import parse_date
from curbside.deid.detector import detect
from curbside.deid.findings import Finding
from curbside.deid.redact import Placeholders, Redaction, redact
from curbside.infra.limits import MAX_SCAN_CHARS

UNSCANNED = "UNSCANNED"
"""Category recorded when a text too large to scan is sent on override."""

_KEY = re.compile(r"[\W_]+")


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

    def categories(self, text: str, findings: Sequence[Finding]) -> list[str]:
        """Return the categories still unresolved in ``text`` (``UNSCANNED`` when too large).

        What follows from them (blocked, or sent on override) is decided by
        :func:`curbside.privacy.decide`, the one rule for every send.
        """
        if self.too_large(text):
            return [UNSCANNED]
        return sorted({f.label for f in findings})


def _key(finding: Finding) -> tuple[str, str]:
    return finding.label, _KEY.sub(" ", finding.text.casefold()).strip()


def _earliest_date(findings: Sequence[Finding]) -> dt.date | None:
    dates = [
        parse_date(f.text) for f in findings if f.label == "DATE" and f.reason != "date of birth"
    ]
    known = [d for d in dates if d is not None]
    return min(known) if known else None
