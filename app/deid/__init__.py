"""PHI guard: find and redact identifiers before a case is stored or sent.

The public API is three names::

    from curbside.deid import detect, redact, Finding

:func:`detect` returns the identifiers in a text (HIPAA Safe Harbor
categories) and :func:`redact` replaces them with consistent placeholders.
Everything runs offline, in pure Python, in time linear in the text.
"""

from __future__ import annotations

from curbside.deid.detector import detect
from curbside.deid.findings import LABELS, Finding
from curbside.deid.guard import MAX_SCAN_CHARS, UNSCANNED, CaseGuard
from curbside.deid.redact import Placeholders, Redaction, Replacement, redact

__all__ = [
    "LABELS",
    "MAX_SCAN_CHARS",
    "UNSCANNED",
    "CaseGuard",
    "Finding",
    "Placeholders",
    "Redaction",
    "Replacement",
    "detect",
    "redact",
]
