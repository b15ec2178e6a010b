"""Scanning each distinct text once during a long export.

A feedback export redacts every conversation that holds a rated answer, and
the same texts recur across them: a mode's standard request, a stock
question, a comment pasted onto many answers, a model's identical reply to an
identical prompt. :class:`ScanCache` remembers the detector's findings for the
length of one export, keyed by the text's SHA-256 (the cache holds digests and
findings, not a second copy of the text), so each distinct text is scanned
once. :func:`curbside.deid.detect` is a pure function of its text, so a cached
result is exactly what a fresh scan would give.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from curbside.deid import Finding, detect

Detector = Callable[[str], list[Finding]]


class ScanCache:
    """A detector that scans each distinct text once.

    Args:
        detector: The scan to remember (default :func:`curbside.deid.detect`).

    Attributes:
        scans: How many texts were actually scanned.
        hits: How many were answered from memory.
    """

    def __init__(self, detector: Detector = detect) -> None:
        self._detector = detector
        self._found: dict[bytes, tuple[Finding, ...]] = {}
        self.scans = 0
        self.hits = 0

    def __call__(self, text: str) -> list[Finding]:
        """Return the findings in ``text`` (a new list; the findings are immutable)."""
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        found = self._found.get(key)
        if found is None:
            found = tuple(self._detector(text))
            self._found[key] = found
            self.scans += 1
        else:
            self.hits += 1
        return list(found)
