"""Rules for identifying numbers: SSN, record and account numbers, licences, devices, ages.

Labels ("MRN", "DEA", "VIN", "S/N") make a number an identifier whatever its
shape; without a label, only check digits (NPI, DEA, VIN) or an unmistakable
shape (SSN structure, eight or more digits in a row) do. Ages are flagged only
above 89, as Safe Harbor asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid.allowlist import words
from curbside.deid.findings import Finding, make
from curbside.deid.tokens import Token, anchored
from curbside.deid.validate import dea_ok, npi_ok, ssn_ok, vin_ok

_STRONG_SEP = r"[ \t]{0,3}(?:no\.?|num(?:ber)?\.?|#|id)?[ \t]{0,2}[:#=.\-]?[ \t]{0,3}"
_WEAK_SEP = r"[ \t]{0,3}(?:(?:no\.?|num(?:ber)?\.?|id)[ \t]{0,2}[:#=.]?|[:#=])[ \t]{0,3}"
_ID_VALUE = r"([A-Za-z0-9][A-Za-z0-9\-]{1,24})"


def _cued(strong: str, weak: str) -> re.Pattern[str]:
    """Pattern for a value after a label; weak labels (ordinary words) need a ':' or '#'."""
    return re.compile(
        r"\b(?:(?:"
        + strong
        + r")\b"
        + _STRONG_SEP
        + r"|(?:"
        + weak
        + r")\b"
        + _WEAK_SEP
        + r")"
        + _ID_VALUE,
        re.IGNORECASE,
    )


_SSN = re.compile(r"(?<![\w\-])\d{3}-\d{2}-\d{4}(?![\w\-])")
_SSN_CUED = re.compile(
    r"\b(?:ssn|ss#|soc(?:ial)?\.?\s{0,2}sec(?:urity)?(?:\s{0,2}(?:number|no\.?|#))?)"
    r"[ \t:#]{0,4}(\d{3}[ \-]?\d{2}[ \-]?\d{4}|\d{4})\b",
    re.IGNORECASE,
)
_SSN_FIRSTS = frozenset({"ssn", "ss", "soc", "social"})
_LAST4_FIRSTS = frozenset({"xxx", "last", "ssn", "social"})
_SSN_LAST4 = re.compile(
    r"\b(?:[xX*]{3}[ \-]?[xX*]{2}[ \-]?(\d{4})|last[ \t]{1,2}(?:4|four)[^\n\d]{0,30}?(\d{4})"
    r"|(?:ssn|social)[^\n\d]{0,20}?ending[ \t]{1,2}(?:in[ \t]{1,2})?(\d{4}))\b",
    re.IGNORECASE,
)
_MRN = _cued(
    r"mrn|mr#|med(?:ical)?[ \t]{1,2}rec(?:ord)?|acct|account|fin|csn|har|ref(?:erence)?"
    r"|accession|patient[ \t]{1,2}id|pt[ \t]{1,2}id|unit[ \t]{1,2}no|hospital[ \t]{1,2}no"
    r"|medicaid|medicare|mbi|subscriber|beneficiary|id|unos|mrn#",
    r"mr|member|policy|group|insurance|claim|encounter|visit|case|id|identifier|chart|record"
    r"|health[ \t]{1,2}plan|plan|certificate|cert|account|docket|report|subject|specimen"
    r"|study|permit|badge|employee|screen|clia|lab|requisition|order|rx|prescription",
)
_LICENSE = _cued(
    r"dea|npi|lic|driver'?s?[ \t]{1,2}licen[cs]e|state[ \t]{1,2}licen[cs]e|upin|clia",
    r"licen[cs]e|dl|tin|ein|board[ \t]{1,2}cert(?:ification)?",
)
_VEHICLE = _cued(r"vin", r"tag|registration|vehicle")
_PLATE = re.compile(
    r"plate(?:[ \t]{1,2}(?:no\.?|number|#))?[ \t:#]{0,3}(?:[A-Z]{2}[ \t]{1,2})?"
    r"([A-Z0-9]{1,4}[ \-]?[A-Z0-9]{1,5})\b",
    re.IGNORECASE,
)
# Labels that name an identifier even without ":" or "#": "Claim 55102938", "badge 7731".
_BARE_ID = re.compile(
    r"\b(?:claim|member|policy|case|ticket|incident|badge|employee|confirmation|authorization"
    r"|auth|tracking|subscriber|certificate)[ \t]{1,2}([A-Za-z]{0,6}\d{4,20}[A-Za-z]{0,3})\b",
    re.IGNORECASE,
)
_GENERIC_ID = re.compile(r"#[ \t]?([A-Za-z0-9][A-Za-z0-9\-]{2,24})")
_CODE = re.compile(
    r"[A-Za-z]{1,5}\d{0,4}-\d{3,}(?:-[A-Za-z0-9]{1,6})?|\d{2,4}-\d{3,6}-[A-Za-z]{1,4}"
)
_QUANTITY_BEFORE = re.compile(r"[\d%][ \t]{0,2}$")
_MODEL_YEAR = re.compile(r"(?:19|20)\d\d")  # "Vehicle: 2018 Toyota" is the model year
_HYPHEN_DIGITS = re.compile(r"-\d{3,}")
_PLATE_FIRSTS = frozenset({"plate"})
_EXTENSION_FIRSTS = frozenset({"x", "ext", "extension"})
_UNITS = (
    r"(?:ng|pg|µg|ug|mcg|g|mmol|µmol|umol|nmol|pmol|meq|iu|u|mu|fl|ml|dl|l|min|sec|s|ms"
    r"|beats|breaths|pounds|kilograms|grams|percent|cells|copies|mosm|k|x)\b"
)
"""Units after a number: it is a measurement, so no age ("ferritin is 106 ng/mL")."""
_UNIT_AFTER = re.compile(_UNITS + r"|[µu]g/|g/|/(?:l|dl|ml|min|h|hr|hpf)\b")
_AGE_FIRSTS = frozenset({"is", "he's", "she's", "turned", "turns", "age", "aged"})
_AGE_SEX = re.compile(r"(?<![\w.])(9\d|1[01]\d)(?:[MF]|[ ]?y/?o[ ]?[MF])\b")
_TEMPERATURE = re.compile(r"(?:\bt|temp|tmax|tm|tc|temperature)[ \t:]{0,3}$", re.IGNORECASE)
_AGE_PAREN = re.compile(r"\((9\d|1[01]\d)(?:[ \t]?(?:y|yo|yrs?))?\)")
_EXTENSION = re.compile(r"\b(?:x|ext\.?|extension)[ \t]?(\d-\d{4}|\d{3,5})\b", re.IGNORECASE)
_AGE_BARE = re.compile(
    r"(?<!\w)(?:is|he's|she's|turned|turns|aged?)[ \t]{1,2}(9\d|1[01]\d)(?:[ \t]?(?:y|yo|yrs?))?"
    r"(?=[ \t,;)]|\.(?!\d)|$)"
    r"(?![ \t]?(?:%|°|mg|kg|bpm|mmhg|lbs?|cm|mm|units|degrees|/|" + _UNITS + r"))",
    re.IGNORECASE,
)
""""She is 94.": a bare age; "temperature is 102.2°F" and "ferritin is 106 ng/dL" are not."""
_DEVICE = _cued(
    r"serial|s/n|sn|serial[ \t]{1,2}(?:number|no)|device[ \t]{1,2}id|udi|transmitter"
    r"|pacemaker[ \t]{1,2}(?:serial|id)|icd[ \t]{1,2}serial",
    r"device|implant|model|lot|transmitter|sensor|pump",
)
_FIRSTS = {
    "ID": words(
        """
    mrn mr med medical acct account fin csn har ref reference accession patient pt unit
    hospital medicaid medicare subscriber beneficiary member policy group insurance
    claim encounter visit case id identifier chart record health plan certificate cert unos
    docket report subject specimen study permit badge employee screen clia lab
    requisition order rx prescription mbi ticket incident confirmation authorization auth
    tracking
    """
    ),
    "LICENSE": words(
        """
    dea npi lic driver driver's drivers state upin license licence dl tin ein board clia
    """
    ),
    "VEHICLE": words(
        """
    vin license licence plate tag registration vehicle
    """
    ),
    "DEVICE": words(
        """
    serial s sn device udi pacemaker icd implant model lot transmitter sensor pump
    """
    ),
}
_DIGIT_RUN = re.compile(r"\d{6,}")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
_DEA = re.compile(r"[A-Za-z][A-Za-z9]\d{7}")
_NPI = re.compile(r"(?:80840)?[12]\d{9}")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_LONG_NUMBER = re.compile(r"\d{8,30}|[A-Za-z]{1,3}-?\d{6,14}")
_AGE = re.compile(
    r"\b(\d{2,3})[ \t]{0,2}-?[ \t]{0,2}(?:y/o|y\.o\.?|yo|yrs?[ \t\-]{1,2}old|years?[ \t\-]{1,2}old"
    r"|year-old|years?[ \t]{1,2}of[ \t]{1,2}age|yo[mf]|y[ \t]old)(?![a-z])"
    r"|\b(?:age|aged)[ \t:]{1,3}(\d{2,3})\b"
    r"|\b(?:in[ \t]{1,2}(?:his|her|their)[ \t]{1,2})(\d0)'?s\b",
    re.IGNORECASE,
)


def find_numbers(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """Yield SSN, ID, LICENSE, VEHICLE, DEVICE and AGE findings in ``text``."""
    yield from _ssns(text, tokens)
    for label, pattern, reason in (
        ("ID", _MRN, "after a record-number label"),
        ("LICENSE", _LICENSE, "after a licence label"),
        ("VEHICLE", _VEHICLE, "after a vehicle label"),
        ("DEVICE", _DEVICE, "after a device label"),
    ):
        yield from _labelled(text, anchored(pattern, text, tokens, _FIRSTS[label]), label, reason)
    yield from _bare_ids(text, tokens)
    yield from _checked(text)
    yield from _ages(text)
    yield from _loose(text, tokens)


def _loose(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """Plates, "#"-numbers, hyphenated codes, extensions and bare ages over 89."""
    for m in anchored(_PLATE, text, tokens, _PLATE_FIRSTS):
        if any(c.isdigit() for c in m.group(1)):
            yield make(text, m.start(1), m.end(1), "VEHICLE", "licence plate")
    if "#" in text:
        for m in _GENERIC_ID.finditer(text):
            if sum(c.isdigit() for c in m.group(1)) >= 4:
                yield make(text, m.start(1), m.end(1), "ID", "number after '#'")
    for run in _HYPHEN_DIGITS.finditer(text):
        start, end = _word_around(text, run.start(), run.end())
        code = text[start:end]
        if _CODE.fullmatch(code) and sum(c.isdigit() for c in code) >= 5 and _not_range(code):
            yield make(text, start, end, "ID", "record-style code")
    for m in anchored(_EXTENSION, text, tokens, _EXTENSION_FIRSTS):
        quantity = _QUANTITY_BEFORE.search(text, max(0, m.start() - 4), m.start())
        if m.group().lower().startswith("ext") or (len(m.group(1)) >= 4 and not quantity):
            yield make(text, m.start(1), m.end(1), "PHONE", "phone extension")
    ages = list(anchored(_AGE_BARE, text, tokens, _AGE_FIRSTS))
    if "(" in text:
        ages.extend(_AGE_PAREN.finditer(text))
    ages.extend(
        m
        for m in _AGE_SEX.finditer(text)
        if not _TEMPERATURE.search(text, max(0, m.start() - 14), m.start())
    )
    for m in ages:
        yield make(text, m.start(1), m.end(1), "AGE", "age over 89")


def _bare_ids(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """ "Claim 55102938", "Ticket INC0044817": four or more digits after an id noun."""
    for m in anchored(_BARE_ID, text, tokens, _FIRSTS["ID"]):
        value = m.group(1)
        if _MODEL_YEAR.fullmatch(value) or _looks_like_measure(text, m.end(1)):
            continue  # "case 2019": a year; "policy 1000 mg": a dose
        yield make(text, m.start(1), m.end(1), "ID", "number after an id noun")


def _not_range(code: str) -> bool:
    """ "S24-11873" is a code; "s-300-400" and "130-140-UP" are ranges."""
    return any(sum(c.isdigit() for c in part) >= 4 for part in code.split("-")[1:])


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` to its word of letters, digits and hyphens."""
    first, last = start, end
    while first > 0 and text[first - 1] in _WORD_CHARS and start - first < 20:
        first -= 1
    while last < len(text) and text[last] in _WORD_CHARS and last - end < 20:
        last += 1
    return first, last


def _ssns(text: str, tokens: list[Token]) -> Iterator[Finding]:
    for m in _SSN.finditer(text):
        if ssn_ok(m.group()):
            yield make(text, m.start(), m.end(), "SSN", "SSN structure")
    for m in anchored(_SSN_CUED, text, tokens, _SSN_FIRSTS):
        yield make(text, m.start(1), m.end(1), "SSN", "after an SSN label")
    last4 = list(anchored(_SSN_LAST4, text, tokens, _LAST4_FIRSTS))
    if "***" in text:
        last4.extend(_SSN_LAST4.finditer(text))
    for m in last4:
        group = next(g for g in (1, 2, 3) if m.group(g))
        yield make(text, m.start(group), m.end(group), "SSN", "last four of an SSN")


def _labelled(
    text: str, matches: Iterator[re.Match[str]], label: str, reason: str
) -> Iterator[Finding]:
    for m in matches:
        value = m.group(1)
        digits = sum(c.isdigit() for c in value)
        has_letter = any(c.isalpha() for c in value)
        year = label == "VEHICLE" and _MODEL_YEAR.fullmatch(value) is not None
        if (
            (digits >= 3 or (digits >= 2 and has_letter))
            and not year
            and not _looks_like_measure(text, m.end(1))
        ):
            yield make(text, m.start(1), m.end(1), label, reason)


def _looks_like_measure(text: str, end: int) -> bool:
    """True when a number is followed by a unit ("group 2 mg"), so it is no identifier."""
    tail = text[end : end + 8].lower().lstrip()
    return tail.startswith(("mg", "ml", "mcg", "units", "%", "cc", "kg", "mm")) or bool(
        _UNIT_AFTER.match(tail)
    )


def _checked(text: str) -> Iterator[Finding]:
    """Check every word holding six or more digits in a row: DEA, NPI, VIN, long numbers."""
    seen: set[int] = set()
    for run in _DIGIT_RUN.finditer(text):
        start, end = run.start(), run.end()
        while start > 0 and text[start - 1] in _WORD_CHARS and run.start() - start < 20:
            start -= 1
        while end < len(text) and text[end] in _WORD_CHARS and end - run.end() < 20:
            end += 1
        if start in seen or _in_number(text, start, end):
            continue
        seen.add(start)
        word = text[start:end]
        finding = _classify_word(word)
        if finding is not None:
            yield make(text, start, end, finding[0], finding[1])


def _in_number(text: str, start: int, end: int) -> bool:
    """True when the digits continue a decimal or a date (".", ",", "/" on either side)."""
    before = text[start - 1 : start]
    after = text[end : end + 2]
    return before in (".", ",", "/") or (after[:1] in (".", ",", "/") and after[1:2].isdigit())


def _classify_word(word: str) -> tuple[str, str] | None:
    if _DEA.fullmatch(word) and dea_ok(word):
        return "LICENSE", "DEA number check digit"
    if _NPI.fullmatch(word) and npi_ok(word):
        return "LICENSE", "NPI check digit"
    if _VIN.fullmatch(word) and vin_ok(word):
        return "VEHICLE", "VIN check digit"
    if _LONG_NUMBER.fullmatch(word):
        return "ID", "long identifying number"
    return None


def _ages(text: str) -> Iterator[Finding]:
    for m in _AGE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g))
        if 90 <= int(m.group(group)) <= 130:
            yield make(text, m.start(group), m.end(group), "AGE", "age over 89")
