"""The PHI check for the structured case, before it is stored or sent.

The composer is guarded as the clinician types; the case editor's fields are
checked when the case is about to be sent. Redaction works field by field
with one set of placeholders, so the same person is [NAME-1] in every field.
"""

from __future__ import annotations

from dataclasses import fields, replace

from curbside.chat.case import Case
from curbside.deid import Placeholders, detect, redact


def case_phi_categories(case: Case) -> list[str]:
    """Return the sorted categories of identifiers found in any field of ``case``."""
    found = {f.label for field in fields(case) for f in detect(getattr(case, field.name))}
    return sorted(found)


def redacted_case(case: Case) -> Case:
    """Return ``case`` with identifiers in every field replaced by placeholders."""
    shared = Placeholders(case.to_markdown())
    changes = {
        field.name: redact(getattr(case, field.name), placeholders=shared).text
        for field in fields(case)
        if getattr(case, field.name)
    }
    return replace(case, **changes)
