"""The PHI detector: every rule run over a text, merged into one list of findings.

:func:`detect` is pure and offline. It runs the structured-number rules
(contacts, numbers, dates), then the word rules (names, places) and the name
model, lets the clinical-vocabulary layer drop what it shows to be medicine
("Ottawa ankle rules", "Keppra 500 mg"), and resolves overlaps so that each
character belongs to at most one finding.
"""

from __future__ import annotations

import gc
import re

from curbside.deid.clinical_filter import quiet
from curbside.deid.contact import find_contacts
from curbside.deid.dates import find_dates
from curbside.deid.findings import Finding, make, resolve
from curbside.deid.name_context import names_over_towns
from curbside.deid.name_model import model_names
from curbside.deid.names import find_names
from curbside.deid.numbers import find_numbers
from curbside.deid.places import find_places
from curbside.deid.tokens import tokenize


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
    places = find_places(text, tokens)
    found.extend(places)
    names = find_names(text, tokens) + model_names(text, tokens)
    found.extend(names)
    found.extend(names_over_towns(text, tokens, places))
    found.extend(_ages_after_names(text, names))
    return resolve(quiet(text, tokens, found), text)


_AGE_AFTER_NAME = re.compile(r",[ \t]?(9\d|1[01]\d)(?:[ \t]?(?:y|yo|yrs?))?(?=[,;.)]|[ \t]+[a-z])")


def _ages_after_names(text: str, names: list[Finding]) -> list[Finding]:
    """ "Leonard Vance, 90, more confused": an age right after a name."""
    found = []
    for name in names:
        m = _AGE_AFTER_NAME.match(text, name.end)
        if m:
            found.append(make(text, m.start(1), m.end(1), "AGE", "age over 89 after a name"))
    return found
