"""PHI guard: find and redact identifiers before a case is stored or sent.

The public API is three names::

    from app.deid import detect, redact, Finding

:func:`detect` returns the identifiers in a text (HIPAA Safe Harbor
categories) and :func:`redact` replaces them with consistent placeholders.
Everything runs offline, in pure Python, in time linear in the text.
"""

from __future__ import annotations

from app.deid.detector import detect
from app.deid.findings import LABELS, Finding
from app.deid.guard import MAX_SCAN_CHARS, CaseGuard, SendDecision
from app.deid.redact import Placeholders, Redaction, Replacement, redact

__all__ = [
    "LABELS",
    "MAX_SCAN_CHARS",
    "CaseGuard",
    "Finding",
    "Placeholders",
    "Redaction",
    "Replacement",
    "SendDecision",
    "detect",
    "redact",
]
