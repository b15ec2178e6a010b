"""Rules for places: street addresses, ZIP codes, cities and named facilities.

Facilities are found by their head word ("Arden Hospital", "tillford hosp",
"Sacred Heart Memorial", "Birchmont Nursing Home") and by transfer cues
("transferred to WH", "lives in Fairbury"); cities by the ZIP-code list when
written as a proper noun or as "City, ST". A state name alone is never flagged.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.addresses import find_addresses
from curbside.deid.allowlist import COUNTRIES, US_STATES, is_medical, words
from curbside.deid.clinical_terms import is_drug
from curbside.deid.facilities import GENERIC, head_facilities, named_facilities
from curbside.deid.findings import Finding, make
from curbside.deid.place_context import find_context_places, place_phrases_after, suffixes
from curbside.deid.tokens import Token, cue_targets, gap
from curbside.deid.wordclass import Strength, looks_proper, strength
from curbside.deid.wordstore import BIT, mask

_MONTH_LIKE = words(
    "january february march april may june july august september october november december"
)
_PLACE_CUES = re.compile(
    r"\b(?:transferred|transfered|tranfered|transfer|trans|tx|admitted|admit|sent|taken|brought"
    r"|discharged|d/c'?d|dc'?d|moved|flown|flighted|arrived|came|returned|going|go|c/o)\s{1,2}"
    r"(?:back\s{1,2})?(?:to|from|at)\s{1,2}(?:the\s{1,2})?(?:\d{1,4}\s{1,2})?"
    r"|\b(?:lives|living|resides|residing|home|vacationing|visiting|born|raised|works?)\s{1,2}"
    r"(?:in|at|near)\s{1,2}"
    r"|\bhome[ \t]{0,2}\([ \t]?",
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
_NOT_ACRONYM = words("NH CH ACH VH OSH OH BATH BOTH WITH EACH SUCH TECH MECH HIGH MUCH RICH")
"""Capitals shaped like a hospital's letters that are words or clinical shorthand ("OSH"
is any outside hospital). Unit names such as ICU or ED never take that shape."""


def find_places(text: str, tokens: list[Token]) -> list[Finding]:
    """Return ADDRESS, ZIP, LOCATION and FACILITY findings in ``text``."""
    found = list(find_addresses(text))
    found.extend(head_facilities(text, tokens))
    found.extend(_cued_places(text, tokens))
    found.extend(_cities(text, tokens))
    found.extend(named_facilities(text, tokens))
    found.extend(find_context_places(text, tokens, is_hospital_acronym))
    found.extend(suffixes(text, tokens, found))
    found.extend(_propagate(text, tokens, found))
    return found


def _propagate(text: str, tokens: list[Token], found: list[Finding]) -> Iterator[Finding]:
    """Flag every other mention of a place word already found ("Whitcombe")."""
    starts = [tok.start for tok in tokens]
    words = set()
    for f in found:
        if f.label not in ("LOCATION", "FACILITY"):
            continue
        for tok in tokens[bisect.bisect_left(starts, f.start) : bisect.bisect_left(starts, f.end)]:
            if strength(tok) >= Strength.UNKNOWN and len(tok.low) > 3:
                words.add(tok.low)
            elif f.reason == "hospital abbreviation":
                words.add(tok.low)  # "WH" once cued, then "LEAVE WH", "WH cx"
    if not words:
        return
    for tok in tokens:
        if tok.low in words and (len(tok.low) > 3 or tok.text.isupper() or not tok.mixed):
            yield make(
                text, tok.start, tok.end, "LOCATION", "same place seen elsewhere in the text"
            )


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
    """ "TO WHITCOMBE 4": an unknown capitalized word and a ward number, not a dose."""
    if strength(tok) < Strength.UNKNOWN or is_drug(tok.low) or tok.low in COUNTRIES:
        return False  # "switched to citalopram 6 months ago", "from India 15 years ago"
    m = _WARD_NUMBER.match(text, tok.end)
    if m is None:
        return False
    after = text[m.end() : m.end() + 8].lower().lstrip()
    return not after.startswith(_DOSE_WORDS)


def _city_after_preposition(tok: Token, nxt: Token | None) -> bool:
    """ "called from SCRANTON", "drove to Providence": a US city right after to/from/in."""
    if len(tok.low) < 4 or not lexicon.is_place(tok.low) or is_medical(tok.low):
        return False
    if tok.low in US_STATES or tok.low in _MONTH_LIKE or tok.text in _CLINICAL_ACRONYMS:
        return False
    if tok.low in COUNTRIES:
        return False  # "lives in Portugal": a country is no Safe Harbor identifier
    if looks_proper(tok):
        if nxt is not None and lexicon.is_everyday_word(tok.low):
            # "to Cool mist", "in Green folder", "to House rules": a word, not the town
            return not is_medical(nxt.low) and not (nxt.mixed and nxt.text.islower())
        return True
    if tok.text.islower() and tok.mixed:
        return strength(tok) >= Strength.UNKNOWN  # "from fresno rehab" in a mixed-case note
    plain = tok.text.isupper() or tok.text.islower()
    if not plain or lexicon.is_everyday_word(tok.low) or strength(tok) == Strength.NEVER:
        return False
    # "FROM SCRANTON" (a surname too) yes; "ABLE TO CONVERSE" (a dictionary word) no.
    return not lexicon.is_dictionary_word(tok.low) or lexicon.is_person_name(tok.low)


def _cued_places(text: str, tokens: list[Token]) -> Iterator[Finding]:
    for i in cue_targets(_PREPOSITION, text, tokens, _PREPOSITIONS):
        tok = tokens[i]
        if is_hospital_acronym(tok):
            yield make(text, tok.start, tok.end, "FACILITY", "hospital abbreviation")
        elif _ward(text, tok):
            yield make(text, tok.start, tok.end, "LOCATION", "named ward or building")
        elif (end := place_phrases_after(text, tokens, i)) is not None:
            yield make(text, tok.start, tokens[end].end, "LOCATION", "US town after a preposition")
        elif _city_after_preposition(tok, tokens[i + 1] if i + 1 < len(tokens) else None):
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
        if tok.low in COUNTRIES:
            break  # "lives in Portugal": a country is no Safe Harbor identifier
        level = strength(tok)
        proper = looks_proper(tok) and level > Strength.NEVER and tok.low not in GENERIC
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


_TOWN_WORDS = BIT["place"] | BIT["place_first"]


def _cities(text: str, tokens: list[Token]) -> Iterator[Finding]:
    places = lexicon.us_places()
    firsts = lexicon.place_first_words()
    for i, tok in enumerate(tokens):
        if not mask(tok.low) & _TOWN_WORDS:
            continue  # most words name no town: one lookup for both lists skips them
        proper = looks_proper(tok)
        if tok.low in firsts and (proper or (tok.text.isupper() and not tok.mixed)):
            for size in (3, 2):
                window = tokens[i : i + size]
                if len(window) < size or not all(map(_city_word, window)):
                    continue
                if not proper and all(lexicon.is_common_word(t.low) for t in window):
                    continue  # "NEW BRAUNFELS" yes; "GREAT FALLS" in capitals is too often words
                if any(gap(text, a, b) != " " for a, b in itertools.pairwise(window)):
                    continue
                phrase = " ".join(t.low for t in window)
                if phrase in places and phrase not in US_STATES and not _person(window):
                    yield make(text, tok.start, window[-1].end, "LOCATION", "US city name")
        if _lone_city(tok, proper):
            yield make(text, tok.start, tok.end, "LOCATION", "US city name")
