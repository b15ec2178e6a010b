"""Read a date as written ("3/14/24", "14-Mar-2024", "March 14th") into its parts.

Used by the relative-day redaction (Day 0 is the earliest date in a case) and
by the date rules to check that a match names a real calendar day.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")


def date_parts(value: str) -> tuple[int | None, int, int] | None:
    """Return (year or None, month, day) for a date as written, or None when it is no date."""
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    words = [w.lower()[:3] for w in _WORD.findall(value) if w.lower()[:3] in _MONTHS]
    year: int | None = None
    if words:
        month = _MONTHS[words[0]]
        years = [n for n in numbers if n > 31] or (
            [numbers[-1]] if "'" in value or "’" in value else []
        )
        days = [n for n in numbers if n <= 31 and n not in years]
        day = days[0] if days else 1
        year = years[-1] if years else None
    elif len(numbers) == 3 and numbers[0] > 31:
        year, month, day = numbers
    elif len(numbers) in (2, 3):
        month, day = numbers[0], numbers[1]
        if month > 12 and day <= 12:
            month, day = day, month
        year = numbers[2] if len(numbers) == 3 else None
    else:
        return None
    if year is not None and year < 100:
        year += 2000 if year <= 30 else 1900
    try:
        dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return None
    return year, month, day


def parse_date(value: str, default_year: int | None = None) -> dt.date | None:
    """Return the calendar date ``value`` names, or None when it names none.

    A date without a year takes ``default_year``; with neither it cannot be placed.
    """
    parts = date_parts(value)
    if parts is None:
        return None
    year = parts[0] if parts[0] is not None else default_year
    if year is None:
        return None
    try:
        return dt.date(year, parts[1], parts[2])
    except ValueError:
        return None
