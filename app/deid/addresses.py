"""Street addresses, post office boxes, ZIP codes and "City, ST" pairs.

A street address is a house number, up to five words and a street type
("23 Old Wharf Road", "212 Main St., Apt 2R"); a ZIP code counts after a
state code, a city name or a "ZIP" label and must be a ZIP code in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import US_STATES, is_medical, words
from curbside.deid.findings import Finding, make

_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV"
    "|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_CITY_STATE = re.compile(
    r"\b([A-Z][A-Za-z.'\-]{1,24}(?: [A-Z][A-Za-z.'\-]{1,24}){0,2}),[ \t]{0,2}"
    r"(?:" + _STATE_CODES + r")\b\.?(?:[ \t]{1,2}(\d{5}(?:-\d{4})?))?"
)
_STREET = re.compile(
    r"(?<![\d.,/])\b\d{1,6}[A-Za-z]?(?:[ \t]{1,2}[NSEWnsew]\.)?"
    r"(?:[ \t]{1,2}[A-Za-z0-9'\-]{1,30}){1,5}?[ \t]{1,2}"
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl"
    r"|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|route|rte|pike"
    r"|turnpike|alley|row|plaza|crossing|commons|wharf)\b\.?"
    r"(?:,?[ \t]{1,2}(?:(?:apt|apartment|unit|suite|ste|no)\b\.?|#)[ \t]{0,2}[A-Za-z0-9\-]{1,6})?",
    re.IGNORECASE,
)
# "41 Route 6", "12 State Hwy 30": the road type before its number.
_NUMBERED_ROAD = re.compile(
    r"(?<![\d.,/])\b\d{1,6}[ \t]{1,2}(?:(?:State|STATE|US|County|COUNTY)[ \t])?"
    r"(?:Route|ROUTE|Rte|RTE|Highway|HIGHWAY|Hwy|HWY|Road|ROAD|Rd|RD)\.?"
    r"[ \t]{1,2}\d{1,4}[A-Za-z]?\b"
)
# "12 Main St, Dedham": a capitalized word after a street and a comma is its town.
_TOWN_AFTER_STREET = re.compile(r",[ \t]{1,2}([A-Z][a-z]{2,24}(?:[ \t][A-Z][a-z]{2,24})?)\b")
_NOT_TOWNS = words("floor room building bldg box lot gate entrance door rear back front")
_ZIP_AFTER_PLACE = re.compile(r"\b([A-Za-z][A-Za-z]{1,24}),?[ \t]{1,2}(\d{5})(?:-\d{4})?\b")
_STATE_CODE_SET = frozenset(_STATE_CODES.lower().split("|"))
_FIVE_DIGITS = re.compile(r"(?<!\d)\d{5}(?!\d)")
_STATE_AFTER_COMMA = re.compile(r",[ \t]{0,2}(?:" + _STATE_CODES + r")\b")
_PO_BOX = re.compile(r"\bP\.?[ \t]?O\.?[ \t]{0,2}Box[ \t]{0,2}\d{1,8}\b", re.IGNORECASE)
_ZIP_CUED = re.compile(r"\b(?:zip|zip code|postal code)[ \t:#]{0,4}(\d{5}(?:-\d{4})?)\b", re.I)
_UNITS = words(
    """
    mg mcg ml cc units u tabs tab x times per of to at and in with q hrs min yo year
    years yr yrs male female man woman pt patient by from reg regular insulin insuln for
    given wo w acute episodes episode increased increase decreased rx'd ss sliding scale
    """
)


_UNIT_TAIL = re.compile(
    r",?[ \t]{1,2}(?:(?:apt|apartment|unit|suite|ste|no)\b\.?|#)[ \t]{0,2}[A-Za-z0-9\-]{1,6}$",
    re.IGNORECASE,
)
_DIRECTIONS = words(
    "N S E W NE NW SE SW NORTH SOUTH EAST WEST NORTHEAST NORTHWEST SOUTHEAST SOUTHWEST"
)


def find_addresses(text: str) -> Iterator[Finding]:
    streets = [m for m in _STREET.finditer(text) if _street_ok(m.group())]
    streets.extend(_NUMBERED_ROAD.finditer(text))
    for m in streets:
        yield make(text, m.start(), m.end(), "ADDRESS", "street address")
        town = _TOWN_AFTER_STREET.match(text, m.end())
        if town and town.group(1).lower() not in US_STATES | _NOT_TOWNS:
            yield make(text, town.start(1), town.end(1), "LOCATION", "town after a street")
    for m in _PO_BOX.finditer(text):
        yield make(text, m.start(), m.end(), "ADDRESS", "post office box")
    for m in _ZIP_CUED.finditer(text):
        yield make(text, m.start(1), m.end(1), "ZIP", "after a ZIP label")
    for m in _zip_after_place(text):
        if m.group(2) in lexicon.zip_codes():
            yield make(text, m.start(2), m.end(2), "ZIP", "ZIP code after a place name")
    for m in _city_state(text):
        city = m.group(1)
        known = city.lower() in lexicon.us_places() or (not city.isupper() and len(city) > 2)
        if city.lower() not in US_STATES and (known or m.group(2)) and not is_medical(city):
            yield make(text, m.start(1), m.end(1), "LOCATION", "city before a state code")
        if m.group(2):
            yield make(text, m.start(2), m.end(2), "ZIP", "ZIP code after a state")


def _place_word(word: str) -> bool:
    """Capitalized ("Amherst 01002"), or a state code or US place in any case ("ma 01002")."""
    low = word.lower()
    return word[0].isupper() or low in _STATE_CODE_SET or low in lexicon.us_places()


def _zip_after_place(text: str) -> Iterator[re.Match[str]]:
    """Try the "City 01234" pattern only just before five-digit runs."""
    for run in _FIVE_DIGITS.finditer(text):
        m = _ZIP_AFTER_PLACE.search(text, max(0, run.start() - 28), run.end() + 5)
        if m and m.start(2) == run.start() and _place_word(m.group(1)):
            yield m


def _city_state(text: str) -> Iterator[re.Match[str]]:
    """Try "City, ST 01234" only before a comma and a state code."""
    last_end = -1
    for code in _STATE_AFTER_COMMA.finditer(text):
        m = _CITY_STATE.search(text, max(last_end, code.start() - 80), code.end() + 12)
        if m and m.end() > code.start():
            last_end = m.end()
            yield m


def _medical(word: str) -> bool:
    return is_medical(word) and word.lower() not in ("unit", "suite", "floor")


def _street_ok(address: str) -> bool:
    """ "23 Old Wharf Road", not "9 over 48h after CT" or "5 mg per Dr"."""
    parts = _UNIT_TAIL.sub("", address).split()
    inner = [w.strip(".,") for w in parts[1:-1]]
    if len(inner) > 1 and inner[0].upper() in _DIRECTIONS:
        inner = inner[1:]  # "45 W 23rd Street": a compass point, not "w/" (with)
    if not inner or any(w.lower() in _UNITS or _medical(w) for w in inner):
        return False  # "4U REG SQ", "104 NSR ST": a dose or a rhythm, not a street
    if parts[0][-1:] in "uU" or parts[0].lower().endswith(("mg", "ml", "cc")):
        return False
    if all(w[:1].isupper() or w[:1].isdigit() for w in inner):
        return True
    suffix = parts[-1].lower().strip(".")
    return all(w.islower() for w in inner) and suffix not in ("ct", "dr", "st", "pl", "way", "row")
