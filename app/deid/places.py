"""Rules for places: street addresses, ZIP codes, cities and named facilities.

Facilities are found by their head word ("Calvert Hospital", "kernan hosp",
"Sacred Heart Memorial", "Oakwood Nursing Home") and by transfer cues
("transferred to GH", "lives in Hagerstown"); cities by the ZIP-code list when
written as a proper noun or as "City, ST". A state name alone is never flagged.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from app.deid import lexicon
from app.deid.addresses import find_addresses
from app.deid.allowlist import US_STATES, is_medical, words
from app.deid.findings import Finding, make
from app.deid.place_context import find_context_places, place_phrases_after, suffixes
from app.deid.tokens import Token, anchored, cue_targets, gap
from app.deid.wordclass import FUNCTION_NAMES, Strength, looks_proper, strength

FACILITY_HEADS = words(
    """
    hospital hospitals hosp hospice clinic clinics infirmary sanatorium sanitarium
    memorial campus manor healthcare rehabilitation center centre ctr home facility
    associates partners pharmacy laboratories laboratory pediatrics cardiology neurology
    oncology orthopedics dermatology imaging radiology services inn shelter health living
    care adventist methodist baptist presbyterian lutheran episcopal regional institute medicine
    rehab
    """
)
_CONNECTORS = words(
    "university general memorial community county regional medical children's family internal "
    "women's"
)
_PROPER_HEADS = words("adventist methodist baptist presbyterian lutheran episcopal regional")
_COMPOUND_HEADS = words("center centre ctr home facility living care")
_PLAIN_HEADS = words("hospital hosp memorial")
_MONTH_LIKE = words(
    "january february march april may june july august september october november december"
)
_COMPOUND_FIRST = words(
    """
    medical med health nursing rehab rehabilitation care cancer heart senior assisted home
    urgent primary day wound
    """
)
_FACILITY_NAMES = words(
    """
    holy sacred good mercy providence saint st mount mt
    """
)
_GENERIC = words(
    """
    outside local community referring other another previous prior osh psychiatric psych
    rehab state county city university teaching private nearest area childrens
    children's home same this that the a an his her their our my your new old main
    medical surgical cancer trauma transplant dialysis wound pain sleep family to at
    from in for of on by with and or nursing before after next any urgent care primary
    health mental behavioral day skilled nursing assisted living
    """
)
_PLACE_CUES = re.compile(
    r"\b(?:transferred|transfered|tranfered|transfer|trans|tx|admitted|admit|sent|taken|brought"
    r"|discharged|d/c'?d|dc'?d|moved|flown|flighted|arrived|came|returned|going|go|c/o)\s{1,2}"
    r"(?:back\s{1,2})?(?:to|from|at)\s{1,2}(?:the\s{1,2})?(?:\d{1,4}\s{1,2})?"
    r"|\b(?:lives|living|resides|residing|home|vacationing|visiting|born|raised|works?)\s{1,2}"
    r"(?:in|at|near)\s{1,2}",
    re.IGNORECASE,
)
_PLACE_FIRSTS = words(
    """
    transferred transfered tranfered transfer trans tx admitted admit sent taken brought
    discharged d dc dc'd moved flown flighted arrived came returned going go lives
    living resides residing home vacationing visiting born raised work works c
    """
)
_PREPOSITIONS = frozenset(["to", "at", "from", "in", "on", "by", "into"])
_PREPOSITION = re.compile(
    r"(?:to|at|from|in|on|by|into)[ \t]{1,2}(?:the[ \t]{1,2})?", re.IGNORECASE
)
_DOSE_WORDS = ("mg", "mcg", "ml", "unit", "u ", "bid", "tid", "qd", "qhs", "daily", "%", "cc", "g ")
_WARD_NUMBER = re.compile(r"[ \t]\d{1,2}\b(?![.:/]\d)")
_ACRONYM = re.compile(r"[A-Z]{1,3}(?:H|VA)|[A-Z]{1,4}(?:MC|HC|MH)")
_CLINICAL_ACRONYMS = words(
    "NASH ICH SAH IVH SDH EDH LVH RVH BPH PPH TSH FSH PTH ACTH ETOH HOH DOH SIADH CH NH RH LH "
    "GH DH BH OH PH MH VA"
)
_NOT_ACRONYM = words(
    """
    ICU CCU MICU SICU CSRU PACU EW ER OR ED NH CH ACH VH OSH OH BATH BOTH WITH EACH SUCH
    """
)
_STATE_CODES = words(
    """
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
    """
)
_SAINTS = words("st saint mt mount")
_SAINT = re.compile(r"\b(?:St\.?|ST\.|st\.|Saint|SAINT)[ \t]{1,2}([A-Za-z]{2,20})(?:['’]s)?")
_SAINT_FIRSTS = frozenset({"st", "saint"})
_KNOWN_FIRSTS = words(
    "holy sacred good john johns mount mt mass massachusetts cleveland mayo kaiser shady beth "
    "brigham"
)
_UNIVERSITY_FIRSTS = frozenset({"university", "univ", "u"})
_KNOWN_FACILITY = re.compile(
    r"\b(?:holy[ \t]cross|sacred[ \t]heart|good[ \t]samaritan|johns?[ \t]hopkins|mount[ \t]sinai"
    r"|mt\.?[ \t]sinai|mass(?:achusetts)?[ \t]general|cleveland[ \t]clinic|mayo[ \t]clinic"
    r"|kaiser(?:[ \t]permanente)?|shady[ \t]grove|beth[ \t]israel|brigham)\b"
    r"(?:[ \t]{1,2}(?:hospital|hosp|memorial|medical[ \t]center|rehab|nursing[ \t]home)\b)?",
    re.IGNORECASE,
)
_UNIVERSITY = re.compile(
    r"\b(?:university|univ\.?|u)[ \t]{1,2}(?:of[ \t]{1,2})?(?:"
    + "|".join(
        [
            "maryland",
            "virginia",
            "pennsylvania",
            "michigan",
            "washington",
            "chicago",
            "california",
            "texas",
            "florida",
            "colorado",
            "iowa",
            "utah",
            "vermont",
            "miami",
            "rochester",
            "pittsburgh",
            "md",
            "va",
            "pa",
        ]
    )
    + r")\b",
    re.IGNORECASE,
)


def find_places(text: str, tokens: list[Token]) -> list[Finding]:
    """Return ADDRESS, ZIP, LOCATION and FACILITY findings in ``text``."""
    found = list(find_addresses(text))
    found.extend(_facilities(text, tokens))
    found.extend(_cued_places(text, tokens))
    found.extend(_cities(text, tokens))
    found.extend(_named_facilities(text, tokens))
    found.extend(find_context_places(text, tokens, is_hospital_acronym))
    found.extend(suffixes(text, tokens, found))
    found.extend(_propagate(text, tokens, found))
    return found


def _named_facilities(text: str, tokens: list[Token]) -> Iterator[Finding]:
    for m in anchored(_SAINT, text, tokens, _SAINT_FIRSTS):
        if lexicon.is_first_name(m.group(1)) and m.group(1).lower() not in FUNCTION_NAMES:
            yield make(text, m.start(), m.end(), "FACILITY", "saint's name (hospital)")
    for m in anchored(_KNOWN_FACILITY, text, tokens, _KNOWN_FIRSTS):
        yield make(text, m.start(), m.end(), "FACILITY", "hospital name")
    for m in anchored(_UNIVERSITY, text, tokens, _UNIVERSITY_FIRSTS):
        yield make(text, m.start(), m.end(), "FACILITY", "university")


def _propagate(text: str, tokens: list[Token], found: list[Finding]) -> Iterator[Finding]:
    """Flag every other mention of a place word already found ("Quartermain")."""
    starts = [tok.start for tok in tokens]
    words = set()
    for f in found:
        if f.label not in ("LOCATION", "FACILITY"):
            continue
        for tok in tokens[bisect.bisect_left(starts, f.start) : bisect.bisect_left(starts, f.end)]:
            if strength(tok) >= Strength.UNKNOWN and len(tok.low) > 3:
                words.add(tok.low)
            elif f.reason == "hospital abbreviation":
                words.add(tok.low)  # "GH" once cued, then "LEAVE GH", "GH cx"
    if not words:
        return
    for tok in tokens:
        if tok.low in words and (len(tok.low) > 3 or tok.text.isupper() or not tok.mixed):
            yield make(
                text, tok.start, tok.end, "LOCATION", "same place seen elsewhere in the text"
            )


def _facilities(text: str, tokens: list[Token]) -> Iterator[Finding]:
    for i, tok in enumerate(tokens):
        if tok.low not in FACILITY_HEADS:
            continue
        if tok.low in _PROPER_HEADS and not (tok.capitalized or tok.text.isupper()):
            continue  # "regional anesthesia" is no place
        compound = tok.low in _COMPOUND_HEADS
        if compound:
            if i == 0 or tokens[i - 1].low not in _COMPOUND_FIRST:
                continue
            i -= 1
        j = _name_start(text, tokens, i, strong_head=compound or tok.low in _PLAIN_HEADS)
        plain = j == i and i > 0 and tok.low in _PLAIN_HEADS
        if plain and _plain_word_name(text, tokens[i - 1], tokens[i]):
            j = i - 1  # "UNION HOSPITAL", "Harbor Hospital": one ordinary word as the name
        if (
            0 < j < i
            and tokens[j - 1].low in _SAINTS
            and gap(text, tokens[j - 1], tokens[j])
            in (
                " ",
                ". ",
            )
        ):
            j -= 1  # "ST MARY HOSPITAL"
        if j < i and (tok.low != "rehab" or all(map(_named_place, tokens[j:i]))):
            yield make(text, tokens[j].start, tok.end, "FACILITY", f"name before '{tok.text}'")


def _name_start(text: str, tokens: list[Token], i: int, *, strong_head: bool) -> int:
    """Index of the first word of the facility name ending before ``tokens[i]`` (``i``: none)."""
    j = i
    while j > 0 and i - j < 5 and _facility_word(text, tokens[j - 1], tokens[j]):
        j -= 1
    titled = j < i and all(t.capitalized for t in tokens[j : i + 1])
    while j < i and tokens[j].low in _CONNECTORS and not titled:
        j += 1  # "university hospital" names nothing; "Memorial Medical Center" does
    j = _letterhead_start(text, tokens, j, i)
    named = [t for t in tokens[j:i] if t.low not in FACILITY_HEADS]
    header = j == 0 or "\n" in text[tokens[j - 1].end : tokens[j].start]
    header = header and all(t.text.isupper() for t in tokens[j : i + 1])  # a letterhead
    if (header and named) or (titled and strong_head):
        return j  # "MERIDIAN REFERENCE LABORATORIES"; "Memorial Medical Center"; "X Home Care"
    if all(_ordinary(t) for t in named):
        return i  # "Device clinic", "Memory Clinic": ordinary words make no name
    return j


def _facility_word(text: str, tok: Token, following: Token) -> bool:
    if gap(text, tok, following) not in (" ", "  ", "-", " - "):
        return False
    if tok.low in _CONNECTORS and tok.text[:1].isupper():
        return True
    if len(tok.low) < 2 or tok.low in _GENERIC:
        return False
    if tok.low in FACILITY_HEADS:
        return tok.text[:1].isupper()  # "Neurology Associates", "Imaging Partners"
    if tok.low in _FACILITY_NAMES or tok.low in US_STATES:
        return True
    if tok.text in _STATE_CODES and following.low in _PLAIN_HEADS:
        return True  # "MD Hospital", "VA Hospital"
    level = strength(tok)
    if tok.mixed and not (tok.text.islower() and level >= Strength.UNKNOWN):
        return tok.capitalized and (level > Strength.NEVER or not is_medical(tok.low))
    return level >= Strength.UNKNOWN


def _letterhead_start(text: str, tokens: list[Token], j: int, i: int) -> int:
    """ "MERIDIAN REFERENCE LABORATORIES" heading a line: take the whole capitalized line start."""
    if not tokens[i].text.isupper():
        return j
    k = i
    while k > 0 and i - k < 4 and gap(text, tokens[k - 1], tokens[k]) == " ":
        if not tokens[k - 1].text.isupper() or tokens[k - 1].low in _GENERIC:
            return j
        k -= 1
    line_start = k == 0 or "\n" in gap(text, tokens[k - 1], tokens[k])
    return min(j, k) if line_start and k < i else j


def _named_place(tok: Token) -> bool:
    """ "Maryland Rehab", "Kessler rehab": a state, town or surname, not "CON'T REHAB"."""
    low = tok.low
    return low in US_STATES or lexicon.is_place(low) or lexicon.is_person_name(low)


def _ordinary(tok: Token) -> bool:
    """An ordinary word that is no place name either ("Memory", not "Riverside")."""
    common = lexicon.is_common_word(tok.low) or is_medical(tok.low)
    if tok.text in _STATE_CODES:
        return False  # "MD Hospital"
    return common and tok.low not in _FACILITY_NAMES and not lexicon.is_place(tok.low)


def is_hospital_acronym(tok: Token) -> bool:
    """ "GH", "MGH", "VAMC": capitals ending the way hospital abbreviations do."""
    if tok.text.islower() and len(tok.text) <= (4 if not tok.mixed else 3):
        return is_hospital_acronym(tok._replace(text=tok.text.upper()))  # "to gh" in lowercase
    if not _ACRONYM.fullmatch(tok.text) or tok.text in _NOT_ACRONYM:
        return False
    if tok.text in _CLINICAL_ACRONYMS and tok.text not in ("GH", "VA"):
        return False
    return not is_medical(tok.low) and not lexicon.is_common_word(tok.low)


def _ward(text: str, tok: Token) -> bool:
    """ "TO QUARTERMAIN 2": an unknown capitalized word and a ward number, not a dose."""
    if strength(tok) < Strength.UNKNOWN:
        return False
    m = _WARD_NUMBER.match(text, tok.end)
    if m is None:
        return False
    after = text[m.end() : m.end() + 8].lower().lstrip()
    return not after.startswith(_DOSE_WORDS)


def _city_after_preposition(tok: Token) -> bool:
    """ "called from WORCESTER", "drove to Providence": a US city right after to/from/in."""
    if len(tok.low) < 4 or not lexicon.is_place(tok.low) or is_medical(tok.low):
        return False
    if tok.low in US_STATES or tok.low in _MONTH_LIKE or tok.text in _CLINICAL_ACRONYMS:
        return False
    if looks_proper(tok):
        return True
    if tok.text.islower() and tok.mixed:
        return strength(tok) >= Strength.UNKNOWN  # "from baltimore rehab" in a mixed-case note
    plain = tok.text.isupper() or tok.text.islower()
    return plain and not lexicon.is_everyday_word(tok.low) and strength(tok) > Strength.NEVER


def _plain_word_name(text: str, tok: Token, head: Token) -> bool:
    if gap(text, tok, head) != " " or tok.low in _GENERIC or is_medical(tok.low):
        return False
    return tok.text.isupper() or tok.capitalized


def _cued_places(text: str, tokens: list[Token]) -> Iterator[Finding]:
    for i in cue_targets(_PREPOSITION, text, tokens, _PREPOSITIONS):
        tok = tokens[i]
        if is_hospital_acronym(tok):
            yield make(text, tok.start, tok.end, "FACILITY", "hospital abbreviation")
        elif _ward(text, tok):
            yield make(text, tok.start, tok.end, "LOCATION", "named ward or building")
        elif (end := place_phrases_after(text, tokens, i)) is not None:
            yield make(text, tok.start, tokens[end].end, "LOCATION", "US town after a preposition")
        elif _city_after_preposition(tok):
            yield make(text, tok.start, tok.end, "LOCATION", "US city after a preposition")
    for i in cue_targets(_PLACE_CUES, text, tokens, _PLACE_FIRSTS):
        tok = tokens[i]
        if is_hospital_acronym(tok):
            yield make(text, tok.start, tok.end, "FACILITY", "hospital abbreviation")
            continue
        run = _place_run(text, tokens, i)
        if run:
            start, end = tokens[i].start, tokens[run].end
            yield make(text, start, end, "LOCATION", "place after a transfer or home cue")


def _place_run(text: str, tokens: list[Token], i: int) -> int | None:
    last = None
    for j in range(i, min(i + 3, len(tokens))):
        tok = tokens[j]
        if j > i and gap(text, tokens[j - 1], tok) not in (" ", "-"):
            break
        level = strength(tok)
        proper = looks_proper(tok) and level > Strength.NEVER and tok.low not in _GENERIC
        if proper or level >= Strength.UNKNOWN or lexicon_place(tok.low, tok):
            last = j
        else:
            break
    return last


def lexicon_place(low: str, tok: Token) -> bool:
    """True for a US city or county name that is not also an ordinary word."""
    return low in lexicon.us_places() and not lexicon.is_common_word(low) and not is_medical(low)


def _person(window: list[Token]) -> bool:
    return lexicon.is_first_name(window[0].low) and lexicon.is_surname(window[-1].low)


def _lone_city(tok: Token, proper: bool) -> bool:
    if not (proper or not tok.mixed) or len(tok.low) < 4 or not lexicon_place(tok.low, tok):
        return False
    return tok.low not in US_STATES and not lexicon.is_person_name(tok.low)


def _city_word(tok: Token) -> bool:
    return looks_proper(tok) or (tok.text.isupper() and not tok.mixed)


def _cities(text: str, tokens: list[Token]) -> Iterator[Finding]:
    places = lexicon.us_places()
    firsts = lexicon.place_first_words()
    for i, tok in enumerate(tokens):
        proper = looks_proper(tok)
        if tok.low in firsts and (proper or (tok.text.isupper() and not tok.mixed)):
            for size in (3, 2):
                window = tokens[i : i + size]
                if len(window) < size or not all(map(_city_word, window)):
                    continue
                if not proper and all(lexicon.is_common_word(t.low) for t in window):
                    continue  # "NEW BEDFORD" yes; "GREAT FALLS" in capitals is too often words
                if any(gap(text, a, b) != " " for a, b in itertools.pairwise(window)):
                    continue
                phrase = " ".join(t.low for t in window)
                if phrase in places and phrase not in US_STATES and not _person(window):
                    yield make(text, tok.start, window[-1].end, "LOCATION", "US city name")
        if _lone_city(tok, proper):
            yield make(text, tok.start, tok.end, "LOCATION", "US city name")
