"""Rules for dates more specific than a year (the parser is in :mod:`curbside.deid.date_parse`).

Formats: 03/14/2024, 3/14/24, 2024-03-14, 14-Mar-2024, 14 March 2024, March
14th, Mar 14, 2024, March 2024, "on the 14th" and short "3/14". A bare year is
left alone (Safe Harbor keeps years). The short "3/14" form is the risky one:
"BP 120/80", "3/6 murmur", "5/5 strength", "pain 4/10" and "1/2 NS" share its
shape, so it must be a valid month/day and not sit next to a measurement cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid.allowlist import DRUGS, words
from curbside.deid.date_parse import date_parts
from curbside.deid.findings import Finding, make
from curbside.deid.tokens import Token, anchored, positions_of

_MONTH_WORDS = words(
    """
    jan january feb february mar march apr april may jun june jul july aug august sep
    sept september oct october nov november dec december
    """
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:['’]\d{2}|(?:1[89]|20)\d{2})"
_NUMERIC = re.compile(
    r"(?<![\d/])(?<!\d[.\-])(?:\d{1,2}([/\-.])\d{1,2}\1(?:\d{4}|\d{2})|(?:1[89]|20)\d{2}-\d{1,2}-\d{1,2})"
    r"(?![\d/\-]|\.\d)"
)
_SHORT = re.compile(r"(?<![\d/x])(?<!\d:)(?<!\d[.\-])(\d{1,2})/(\d{1,2})(?![\d/%]|\.\d)")
_MONTH_YEAR = re.compile(r"(?<![\d/.\-:])(?:0?[1-9]|1[0-2])[/\-](?:19|20)\d{2}(?![\d/\-])")
_DATE_CUE = re.compile(
    r"\b(?:on|since|from|until|thru|through|of|by|dated|admitted|date)\W{0,3}$", re.I
)
_NAMED = re.compile(
    r"\b(?:"
    + _DAY
    + r"[ \t\-]{0,2}(?:of[ \t]{1,2})?"
    + _MONTH
    + r"(?:[ \t,\-]{0,3}"
    + _YEAR
    + r")?"
    r"|" + _MONTH + r"[ \t\-]{0,2}" + _DAY + r"(?:[ \t,]{0,3}" + _YEAR + r")?"
    r"|" + _MONTH + r"[ \t,]{0,3}" + _YEAR + r")\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?:on|of|since|until|by|from)[ \t]{1,2}the[ \t]{1,2}(" + _DAY + r")\b"
    r"(?!(?<=\d)[ \t]+(?!(?:to|through|thru|until|and|of|at)\b)[a-z])"
    r"|\b(?:it['’]?s|is|was)[ \t]{1,2}the[ \t]{1,2}((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))"
    r"(?=[ \t]*(?:[.,;!?\"')]|$))",
    re.IGNORECASE,
)
_MONTH_OF_YEAR = re.compile(
    r"(" + _MONTH + r")[ \t]{1,2}of[ \t]{1,2}(?:1[89]|20)\d{2}\b",
    re.IGNORECASE,
)
_MONTH_AFTER_IN = re.compile(
    r"(?:in|since|until|during|early|late|mid)[ \t\-]{1,2}(" + _MONTH + r")(?=[ \t]*[.,;)])",
    re.IGNORECASE,
)
_RELATIVE_MONTH = re.compile(
    r"(?:last|next|past|coming|this[ \t]{1,2}(?:past|coming|last)?)[ \t]{1,2}(" + _MONTH + r")\b",
    re.IGNORECASE,
)
""" "last December", "this past March": a month placed in a year the note's date gives."""
_RELATIVE_WORDS = words("last next past coming this")
_MONTH_WORDS_AND_THE = _MONTH_WORDS | {"the"}
_IN_WORDS = words("in since until during early late mid")
_ON_WORDS = words("on since")
_HYPHEN_DAY = re.compile(
    r"(?:on|since)[ \t]{1,2}((?:1[0-2]|0?[1-9])-(?:[12]\d|3[01]|0?[1-9]))"
    r"(?=[ \t]*(?:[,;)]|\.(?!\d)|for\b|and\b|at\b|with\b|when\b|$))",
    re.IGNORECASE,
)
_AMBIGUOUS_MONTHS = words("may mar march dec")
_LEFT_CUES = words(
    """
    bp sbp dbp nbp abp map art cuff pressure pressures grade gr strength motor power
    pain peep ps psv cpap bipap ipap epap vent settings setting ratio score gcs apgar
    apgars ie murmur sem sm gait reflexes dtr dtrs rate tv pip flowby flow vision acuity
    severity intensity cas nihss mmse moca slums phq gad epds ipss sofa qsofa mrc
    """
)
_RIGHT_CUES = words(
    """
    murmur murmurs sem sm strength motor power ns tab tabs tablet tablets of sets
    bottles ratio mmhg mm systolic holosystolic
    diastolic hsm blowing pan bilat bilaterally throughout ue le grip dtrs reflexes pain
    vision cm strength ips cpap psv peep ps way up hr hrs hours amp
    """
)
_WORD = re.compile(r"[A-Za-z]+")
_SCALES = {
    "5": frozenset({"strength", "motor", "power", "reflexes", "dtrs", "grip"}),
    "6": frozenset({"murmur", "sem", "hsm", "systolic", "diastolic"}),
    "10": frozenset({"pain", "score", "scale", "rates", "rated", "cp", "discomfort", "ha"}),
}
# Steroids and other twice-daily drugs by their endings ("hydrocortisone", "prednisolone").
_DRUG_ENDING = re.compile(r"(?:cortisone|olone|isone|asone|olol|pril|sartan|statin|azepam)$")
_DOSE_DATE_WORD = re.compile(
    r"(?:start|stop|restart|resum|discontinu)\w*|held|hold|began|since|until|dc|dced|from"
)
_NEXT_WORD = re.compile(r"[ \t]{0,2}([A-Za-z]+)")
_SALINE = re.compile(r"[ \t]?(?:ns|nd)\b", re.IGNORECASE)
_WEANING = words("extubate extubated extubation wean weaning weaned abg abgs")
_PAIN = words("pain angina cp discomfort ha headache")
_DATE_VERB = re.compile(
    r"\b(?:on|since|from|until|of|dated|plac\w{0,3}|extubat\w{0,3}|intubat\w{0,3}|start\w{0,3}"
    r"|insert\w{0,3}|chang\w{0,3}|admit\w{0,4}|discharg\w{0,3}|done|perform\w{0,3}|drawn|sent"
    r"|due|began|stop\w{0,4}|d/c'?d)\W{0,3}$",
    re.IGNORECASE,
)
_VENT = words(
    "cpap bipap psv ps peep simv imv vent ventilation mask fio trial "
    "trialed settings ac prvc ipap epap niv vent's pap"
)
_BIRTH = re.compile(
    r"(?:\bdob|d\.o\.b\.?|birth|born)[\s:#\-]{0,4}(?:on[ \t]{1,2})?$", re.IGNORECASE
)


def find_dates(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """Yield DATE findings in ``text`` (tokenized as ``tokens``)."""
    for m in _NUMERIC.finditer(text):
        if _loose_date(m.group()) and text[m.end() : m.end() + 1] != "%":
            yield make(text, m.start(), m.end(), "DATE", _reason(text, m.start(), "numeric date"))
    for m in _MONTH_YEAR.finditer(text):
        yield make(text, m.start(), m.end(), "DATE", "month/year")
    for m in _SHORT.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 32 <= day <= 99 and not _measure_context(text, m):
            yield make(text, m.start(), m.end(), "DATE", "month/year")
        elif _valid_month_day(month, day) and not _measure_context(text, m):
            if _fraction_like(month, day) and not _DATE_CUE.search(
                text, max(0, m.start() - 12), m.start()
            ):
                continue
            yield make(text, m.start(), m.end(), "DATE", "month/day")
    yield from _loose_forms(text, tokens)
    for k in positions_of(tokens, _MONTH_WORDS_AND_THE):
        tok = tokens[k]
        if tok.low in _MONTH_WORDS:
            # Only around a month word: "14 March 2024" starts a few characters before it.
            named = _NAMED.search(text, max(0, tok.start - 8), min(len(text), tok.end + 16))
            if named and named.start() <= tok.start < named.end() and _named_ok(text, named):
                reason = _reason(text, named.start(), "date with a month name")
                yield make(text, named.start(), named.end(), "DATE", reason)
        elif tok.low == "the" and text[max(0, tok.start - 7) : tok.start].strip():
            ordinal = _ORDINAL.search(text, max(0, tok.start - 7), min(len(text), tok.end + 12))
            if ordinal:
                group = 1 if ordinal.group(1) else 2
                yield make(
                    text, ordinal.start(group), ordinal.end(group), "DATE", "day of the month"
                )


def _loose_forms(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """ "in March of 1993", "in sept.", "returned to OR on 7-8": dates written loosely."""
    for m in anchored(_MONTH_OF_YEAR, text, tokens, _MONTH_WORDS):
        yield make(text, m.start(), m.end(), "DATE", "month of a year")
    for m in anchored(_MONTH_AFTER_IN, text, tokens, _IN_WORDS):
        if m.group(1).lower().rstrip(".") not in _AMBIGUOUS_MONTHS:  # "in may." is a verb
            yield make(text, m.start(1), m.end(1), "DATE", "month after 'in'")
    for m in anchored(_RELATIVE_MONTH, text, tokens, _RELATIVE_WORDS):
        month = m.group(1)
        if month.lower().rstrip(".") not in _AMBIGUOUS_MONTHS or month[:1].isupper():
            yield make(text, m.start(), m.end(1), "DATE", "month relative to the note's date")
    for m in anchored(_HYPHEN_DAY, text, tokens, _ON_WORDS):
        yield make(text, m.start(1), m.end(1), "DATE", "month-day after 'on'")


def _reason(text: str, start: int, default: str) -> str:
    """Say "date of birth" when a DOB label stands just before the date."""
    return "date of birth" if _BIRTH.search(text, max(0, start - 24), start) else default


def _loose_date(value: str) -> bool:
    """A date as written, allowing day 31 in any month ("2/31/14" is a typo, still a date)."""
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    if len(numbers) != 3:
        return False
    if numbers[0] > 31:
        return 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31
    month, day = numbers[0], numbers[1]
    return (1 <= month <= 12 and 1 <= day <= 31) or (1 <= day <= 12 and 13 <= month <= 31)


def _fraction_like(month: int, day: int) -> bool:
    """ "1/2", "3/4", "2/2": read as a fraction or a count unless a date cue precedes."""
    return day <= 4 and month <= day


def _valid_month_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _vent_setting(text: str, m: re.Match[str], after: list[str]) -> bool:
    """Pressure support over PEEP ("10/5", "5/5") beside a ventilator word."""
    high, low = int(m.group(1)), int(m.group(2))
    if not (low <= 15 and high >= low):
        return False
    sentence = re.split(r"[.;\n]\s", text[max(0, m.start() - 40) : m.start()].lower())[-1]
    # "extubated 10/3" is a date; "change to 5/5 ... and extubate" is a setting.
    return bool(_VENT & set(_WORD.findall(sentence)) or (_VENT | _WEANING) & set(after))


def _measure_context(text: str, m: re.Match[str]) -> bool:
    """True when "3/6" sits beside a cue that makes it a grade, ratio or reading."""
    window = text[max(0, m.start() - 24) : m.start()].lower()
    window = re.split(r"[.;\n]\s", window)[-1]  # cues do not reach across sentences
    before = _WORD.findall(window)
    after = _WORD.findall(text[m.end() : m.end() + 24].lower().split("\n", 1)[0])[:3]
    if _SALINE.match(text, m.end()):
        return True  # "1/2NS", "1/4 NS": saline strength
    if _vent_setting(text, m, after):
        return True  # "EXTUBATED FROM 5/5 PSV", "trialed on 5/5 CPAP": pressures, high over low
    if _DATE_VERB.search(window):
        return False  # "extubated 3/11", "placed 8/14": a date whatever follows
    if (before and before[-1] in _LEFT_CUES) or (after and after[0] in _RIGHT_CUES):
        return True
    if before and _split_dose(before, m, after):
        return True  # "hydrocortisone 15/5", "prednisone 20/10": morning over evening dose
    if m.group(2) == "10" and _PAIN & set(after):
        return True
    scale = _SCALES.get(m.group(2))
    if scale is not None:
        # "Strength 4/5 hip flexors, 5/5 elsewhere": the scale's word anywhere in the sentence.
        sentence = re.split(r"[.;\n]\s", text[max(0, m.start() - 60) : m.start()].lower())[-1]
        if scale & set(_WORD.findall(sentence)) or scale & set(after[:3]):
            return True
    sentence = re.split(r"[.;\n]\s", text[max(0, m.start() - 40) : m.start()].lower())[-1]
    if int(m.group(2)) <= 15 and _VENT & (set(_WORD.findall(sentence)) | set(after[:3])):
        return True  # "CPAP 10/5", "PSV increased to 10/5": pressure support over PEEP
    return text[m.end() : m.end() + 2].lower() in ("ns", "nd")


def _split_dose(before: list[str], m: re.Match[str], after: list[str]) -> bool:
    """A drug right before "high/low" is a split dose, unless a start/stop verb dates it."""
    drug = before[-1] in DRUGS or _DRUG_ENDING.search(before[-1]) is not None
    dated = any(_DOSE_DATE_WORD.fullmatch(word) for word in before + after[:2])
    return drug and not dated and int(m.group(1)) >= int(m.group(2))


def _named_ok(text: str, m: re.Match[str]) -> bool:
    """Reject month words used as words: "may 2 units", "dec to 5", "MAR 2 mg"."""
    value = m.group()
    parts = date_parts(value)
    if not any(c.isdigit() for c in value) or parts is None:
        return False
    tail = text[m.end() : m.end() + 8].lower().lstrip()
    if tail.startswith(("mg", "ml", "mcg", "units", "u ", "%", "cc", "mm", "hr", "min", "x")):
        return False
    word = _WORD.findall(value)[0]
    if word.lower() not in ("may", "mar", "dec", "sept") or parts[0] is not None:
        return True
    # "May 5" only when written as a name: capitalized, or with an ordinal ("may 5th").
    return (word[0].isupper() and not word.isupper()) or value.lower().endswith(
        ("st", "nd", "rd", "th")
    )
