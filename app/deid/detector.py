"""The PHI detector: every rule run over a text, merged into one list of findings.

:func:`detect` is pure and offline. It runs the structured-number rules
(contacts, numbers, dates), then the word rules (names, places), and resolves
overlaps so that each character belongs to at most one finding.
"""

from __future__ import annotations

import gc

from app.deid.contact import find_contacts
from app.deid.dates import find_dates
from app.deid.findings import Finding, resolve
from app.deid.names import find_names
from app.deid.numbers import find_numbers
from app.deid.places import find_places
from app.deid.tokens import tokenize


def detect(text: str) -> list[Finding]:
    """Return the identifiers in ``text`` as sorted, non-overlapping findings.

    Args:
        text: A case as pasted (any length the caller accepts; the scan is linear).

    Returns:
        Findings with Python string offsets into ``text``.
    """
    if not text:
        return []
    # Tens of thousands of small token tuples would trigger the cycle collector
    # over and over (it rescans everything each time), making long texts
    # superlinear; nothing here creates reference cycles, so pause it.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _detect(text)
    finally:
        if paused:
            gc.enable()


def _detect(text: str) -> list[Finding]:
    tokens = tokenize(text)
    found: list[Finding] = []
    found.extend(find_contacts(text))
    found.extend(find_numbers(text, tokens))
    found.extend(find_dates(text, tokens))
    found.extend(find_places(text, tokens))
    found.extend(find_names(text, tokens))
    return resolve(found, text)
