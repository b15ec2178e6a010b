"""Replace identifiers with placeholders, consistently across a case.

The same identifier gets the same placeholder everywhere in the text
("John Smith" and a later "Smith" both become ``[NAME-1]``), different ones
get different numbers, ages over 89 become ``90+`` and dates become either
``[DATE-n]`` or, on request, a day relative to the earliest date in the case
("Day 0", "Day +3") so the clinical timeline survives.

The :class:`Redaction` keeps where each placeholder came from, in memory only,
so the editor can highlight it and undo it; nothing here writes anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from curbside.deid.date_parse import parse_date
from curbside.deid.detector import detect
from curbside.deid.findings import Finding

DateMode = Literal["placeholder", "relative"]
_NORMALIZE = re.compile(r"[\W_]+")
_EXISTING = re.compile(r"\[([A-Z]+)-(\d{1,6})\]")


@dataclass(frozen=True, slots=True)
class Replacement:
    """One redacted span.

    Attributes:
        start: Start of the identifier in the original text.
        end: End of the identifier in the original text.
        label: Category of the identifier.
        placeholder: What replaced it ("[NAME-1]", "90+", "Day +3").
        new_start: Start of the placeholder in the redacted text.
        new_end: End of the placeholder in the redacted text.
    """

    start: int
    end: int
    label: str
    placeholder: str
    new_start: int
    new_end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    """The result of :func:`redact`: the redacted text and what was replaced where.

    Attributes:
        text: The text with every finding replaced.
        replacements: One entry per replaced finding, in text order.
    """

    text: str
    replacements: tuple[Replacement, ...]

    @property
    def categories(self) -> list[str]:
        """The distinct categories redacted, sorted (safe to record: no case text)."""
        return sorted({r.label for r in self.replacements})


def redact(
    text: str,
    findings: Sequence[Finding] | None = None,
    *,
    dates: DateMode = "placeholder",
    anchor: dt.date | None = None,
    placeholders: Placeholders | None = None,
) -> Redaction:
    """Return ``text`` with identifiers replaced by placeholders.

    Args:
        text: The case text.
        findings: What to replace; ``None`` runs :func:`detect` first. Findings
            must not overlap (as :func:`detect` returns them).
        dates: ``"placeholder"`` for ``[DATE-n]``, ``"relative"`` for "Day +n".
        anchor: Day 0 for relative dates; default the earliest date in the text.
        placeholders: Numbering to continue (one per case, so redacting one
            finding now and another later still gives "Smith" one placeholder).

    Returns:
        The :class:`Redaction`.
    """
    chosen = sorted(detect(text) if findings is None else findings, key=lambda f: f.start)
    namer = placeholders if placeholders is not None else Placeholders(text)
    days = _relative_days(chosen, anchor) if dates == "relative" else {}
    parts: list[str] = []
    replacements: list[Replacement] = []
    cursor = 0
    length = 0
    for finding in chosen:
        if finding.start < cursor:
            continue  # overlapping input: the earlier finding already covers it
        if finding.label == "AGE":
            placeholder = "90+"
        elif finding.start in days:
            placeholder = days[finding.start]
        else:
            placeholder = namer.get(finding)
        before = text[cursor : finding.start]
        parts.append(before)
        length += len(before)
        parts.append(placeholder)
        replacements.append(
            Replacement(
                finding.start,
                finding.end,
                finding.label,
                placeholder,
                length,
                length + len(placeholder),
            )
        )
        length += len(placeholder)
        cursor = finding.end
    parts.append(text[cursor:])
    return Redaction("".join(parts), tuple(replacements))


class Placeholders:
    """Numbers identifiers per category, reusing a number for the same identifier.

    Args:
        text: The case; numbering starts after any placeholder already in it,
            so a second redaction pass never reuses "[NAME-1]" for someone else.
    """

    def __init__(self, text: str = "") -> None:
        self._keys: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}
        for m in _EXISTING.finditer(text):
            self._counts[m.group(1)] = max(self._counts.get(m.group(1), 0), int(m.group(2)))

    def get(self, finding: Finding) -> str:
        """Return the placeholder for ``finding``, creating it on first sight."""
        key = (finding.label, _NORMALIZE.sub(" ", finding.text.casefold()).strip())
        if key not in self._keys and finding.label == "NAME":
            alias = self._name_alias(key[1])
            if alias is not None:
                self._keys[key] = alias
        if key not in self._keys:
            count = self._counts.get(finding.label, 0) + 1
            self._counts[finding.label] = count
            self._keys[key] = f"[{finding.label}-{count}]"
        return self._keys[key]

    def _name_alias(self, name: str) -> str | None:
        """A lone surname or given name reuses the placeholder of the full name it belongs to."""
        words = name.split()
        for (label, known), placeholder in self._keys.items():
            known_words = known.split()
            if label != "NAME" or len(known_words) < 2:
                continue
            if len(words) == 1 and len(words[0]) > 1 and words[0] in known_words:
                return placeholder
            if len(known_words) < len(words) and set(known_words) <= set(words):
                return placeholder
        return None


def _is_birth_date(finding: Finding) -> bool:
    """Birth dates stay placeholders: as a relative day they would give the age away."""
    return finding.reason == "date of birth"


def _relative_days(findings: Sequence[Finding], anchor: dt.date | None) -> dict[int, str]:
    """Map each DATE finding's start to "Day +n" relative to ``anchor`` (or the earliest date)."""
    date_findings = [f for f in findings if f.label == "DATE" and not _is_birth_date(f)]
    years = [d.year for f in date_findings if (d := parse_date(f.text)) is not None]
    default_year = anchor.year if anchor else (min(years) if years else 2000)
    parsed = {f.start: parse_date(f.text, default_year) for f in date_findings}
    known = [d for d in parsed.values() if d is not None]
    if not known:
        return {}
    day_zero = anchor or min(known)
    out: dict[int, str] = {}
    for start, day in parsed.items():
        if day is not None:
            offset = (day - day_zero).days
            out[start] = "Day 0" if offset == 0 else f"Day {offset:+d}"
    return out
