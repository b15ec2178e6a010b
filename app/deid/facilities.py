"""Named facilities: a name before a head word ("Arden Hospital"), saints, universities.

The head word ("hospital", "clinic", "home care", "rehab") says a facility is
named; the words before it say which ("Sacred Heart Memorial", "BRIXTON
REFERENCE LABORATORIES", "MD Hospital"), while ordinary words make no name
("Memory Clinic", "university hospital"). Saints' names, well-known hospital
names and state universities are found whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import US_STATES, is_medical, words
from curbside.deid.findings import Finding, make
from curbside.deid.tokens import Token, anchored, gap, positions_of
from curbside.deid.wordclass import FUNCTION_NAMES, Strength, strength, word_strength

FACILITY_HEADS = words(
    """
    hospital hospitals hosp hospice clinic clinics infirmary sanatorium sanitarium
    memorial campus manor healthcare rehabilitation center centre ctr home facility
    associates partners pharmacy laboratories laboratory pediatrics cardiology neurology
    oncology orthopedics dermatology imaging radiology services inn shelter health living
    care adventist methodist baptist presbyterian lutheran episcopal regional institute medicine
    rehab practice
    """
)
_CONNECTORS = words(
    "university general memorial community county regional medical children's family internal "
    "women's"
)
_PROPER_HEADS = words("adventist methodist baptist presbyterian lutheran episcopal regional")
_COMPOUND_HEADS = words("center centre ctr home facility living care")
_PLAIN_HEADS = words("hospital hosp memorial")
_DIRECTIONS = words("northern southern eastern western northwestern northeastern southwestern")
_VERBS_BEFORE_HEAD = words("leave left leaves leave discharge stay visit call")
_ORG_HEADS = words("partners associates laboratories laboratory group")
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
GENERIC = words(
    """
    outside local community referring other another previous prior osh psychiatric psych
    rehab state county city university teaching private nearest area childrens
    children's home same this that the a an his her their our my your new old main
    medical surgical cancer trauma transplant dialysis wound pain sleep family to at
    from in for of on by with and or nursing before after next any urgent care primary
    health mental behavioral day skilled nursing assisted living
    """
)
# "Harborview Medical Group", "Lotus Health Services": a proper name before a practice phrase.
_PRACTICE_KINDS = words("medical health healthcare physicians surgical dental specialty")
_PRACTICE_HEADS = words("group services system systems network partners associates alliance")
_NOT_PRACTICE_NAMES = words(
    """
    student employee employees public occupational environmental pediatric behavioral
    integrated veterans global population internal academic allied
    """
)
# Chains name a branch by its town: "DaVita Brockton", "Fresenius Kidney Care Quincy".
# The chain alone names no one; with the branch it is one facility.
_CHAIN = re.compile(
    r"\b(?:DaVita|DAVITA|Fresenius(?:[ \t]Kidney[ \t]Care|[ \t]Medical[ \t]Care)?"
    r"|Walgreens|CVS(?:[ \t]Pharmacy)?|Rite[ \t]Aid|Kindred(?:[ \t]Hospital)?"
    r"|Encompass[ \t]Health|MinuteClinic|US[ \t]Renal[ \t]Care)"
    r"((?:[ \t]{1,2}[A-Z][A-Za-z'\-]{2,20}){1,2})"
)
_CHAIN_FIRSTS = words("davita fresenius walgreens cvs rite kindred encompass minuteclinic us")
_STATE_CODES = words(
    """
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
    """
)
_SAINTS = words("st saint mt mount")
_STATE_AFTER = re.compile(r",[ \t]{0,2}([A-Z][a-z]+|[A-Z]{2})\b")
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


def named_facilities(text: str, tokens: list[Token]) -> Iterator[Finding]:
    for m in anchored(_SAINT, text, tokens, _SAINT_FIRSTS):
        if lexicon.is_first_name(m.group(1)) and m.group(1).lower() not in FUNCTION_NAMES:
            state = _STATE_AFTER.match(text, m.end())
            if state and (state.group(1).lower() in US_STATES or state.group(1) in _STATE_CODES):
                # "St. Louis, Missouri": a city with its state, not a hospital.
                yield make(text, m.start(), m.end(), "LOCATION", "city and its state")
            else:
                yield make(text, m.start(), m.end(), "FACILITY", "saint's name (hospital)")
    for m in anchored(_KNOWN_FACILITY, text, tokens, _KNOWN_FIRSTS):
        yield make(text, m.start(), m.end(), "FACILITY", "hospital name")
    for m in anchored(_UNIVERSITY, text, tokens, _UNIVERSITY_FIRSTS):
        yield make(text, m.start(), m.end(), "FACILITY", "university")
    yield from _practices(text, tokens)
    for m in anchored(_CHAIN, text, tokens, _CHAIN_FIRSTS):
        branch = m.group(1).split()
        while branch and not _branch_word(branch[-1]):
            branch.pop()
        if branch:
            end = m.start(1) + m.group(1).index(branch[-1]) + len(branch[-1])
            yield make(text, m.start(), end, "FACILITY", "chain with a branch name")


def _practices(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """ "Harborview Medical Group": capitalized name words before "Medical|Health + Group"."""
    for i in positions_of(tokens, _PRACTICE_HEADS):
        head, kind = tokens[i], tokens[i - 1]
        if i < 2 or kind.low not in _PRACTICE_KINDS:
            continue
        if not (head.text[:1].isupper() and kind.text[:1].isupper()):
            continue
        j = i - 1
        while j > 0 and i - j < 4 and _practice_name(text, tokens[j - 1], tokens[j]):
            j -= 1
        if j < i - 1:
            yield make(text, tokens[j].start, head.end, "FACILITY", f"name before '{kind.text}'")


def _branch_word(word: str) -> bool:
    low = word.lower()
    if low in FUNCTION_NAMES or is_medical(low) or low in _PRACTICE_HEADS:
        return False
    return lexicon.is_place(low) or word_strength(low) >= Strength.UNKNOWN


def _practice_name(text: str, tok: Token, following: Token) -> bool:
    if gap(text, tok, following) != " " or not tok.text[:1].isupper() or len(tok.low) < 2:
        return False
    low = tok.low
    return not (low in GENERIC or low in _NOT_PRACTICE_NAMES or low in FUNCTION_NAMES)


def head_facilities(text: str, tokens: list[Token]) -> Iterator[Finding]:
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
            j = i - 1  # "UNION HOSPITAL", "Lantern Hospital": one ordinary word as the name
        if 0 < j < i and _saint_before(text, tokens, j):
            j -= 1  # "ST AGNES HOSPITAL"
        if j == i and i > 0 and tokens[i - 1].low in _DIRECTIONS and tok.low == "memorial":
            j = i - 1  # "southwestern memorial" written in lowercase
        j = _lowercase_name_start(text, tokens, j, i)
        if j < i and (tok.low != "rehab" or all(map(_named_place, tokens[j:i]))):
            yield make(text, tokens[j].start, tok.end, "FACILITY", f"name before '{tok.text}'")


def _saint_before(text: str, tokens: list[Token], j: int) -> bool:
    return tokens[j - 1].low in _SAINTS and gap(text, tokens[j - 1], tokens[j]) in (" ", ". ")


def _lowercase_name_start(text: str, tokens: list[Token], j: int, i: int) -> int:
    """ "codman square health center": ordinary words back to a name, in lowercase notes."""
    k = j
    for _ in range(3):
        if k == 0 or gap(text, tokens[k - 1], tokens[k]) != " ":
            break
        prev = tokens[k - 1]
        if not prev.text.islower() or prev.low in GENERIC or is_medical(prev.low):
            break
        if prev.low in FACILITY_HEADS or len(prev.low) < 3:
            break
        k -= 1
        if strength(prev) >= Strength.UNKNOWN and (len(prev.low) > 4 or _person_or_place(prev)):
            return k  # the name proper ("codman", "franklin") ends the walk
        if strength(prev) == Strength.NEVER and not lexicon.is_common_word(prev.low):
            break
    return j


def _person_or_place(tok: Token) -> bool:
    return lexicon.is_person_name(tok.low) or lexicon.is_place(tok.low)


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
    org = titled and i - j >= 2 and tokens[i].low in _ORG_HEADS
    if (header and named) or (titled and strong_head) or org:
        return j  # "BRIXTON REFERENCE LABORATORIES"; "Memorial Medical Center"; "X Home Care"
    if all(_ordinary(t) for t in named):
        return i  # "Device clinic", "Memory Clinic": ordinary words make no name
    return j


def _facility_word(text: str, tok: Token, following: Token) -> bool:
    if gap(text, tok, following) not in (" ", "  ", "-", " - "):
        return False
    if tok.low in _CONNECTORS and tok.text[:1].isupper():
        return True
    if len(tok.low) < 2 or tok.low in GENERIC:
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
    """ "BRIXTON REFERENCE LABORATORIES" heading a line: take the whole capitalized line start."""
    if not tokens[i].text.isupper():
        return j
    k = i
    while k > 0 and i - k < 4 and gap(text, tokens[k - 1], tokens[k]) == " ":
        if not tokens[k - 1].text.isupper() or tokens[k - 1].low in GENERIC:
            return j
        k -= 1
    line_start = k == 0 or "\n" in gap(text, tokens[k - 1], tokens[k])
    return min(j, k) if line_start and k < i else j


def _named_place(tok: Token) -> bool:
    """ "Oregon Rehab", "Whitfield rehab": a state, town or surname, not "CON'T REHAB"."""
    low = tok.low
    return low in US_STATES or lexicon.is_place(low) or lexicon.is_person_name(low)


def _ordinary(tok: Token) -> bool:
    """An ordinary word that is no place name either ("Memory", not "Riverside")."""
    common = lexicon.is_common_word(tok.low) or is_medical(tok.low)
    if tok.text in _STATE_CODES:
        return False  # "MD Hospital"
    return common and tok.low not in _FACILITY_NAMES and not lexicon.is_place(tok.low)


def _plain_word_name(text: str, tok: Token, head: Token) -> bool:
    if gap(text, tok, head) != " " or tok.low in GENERIC or is_medical(tok.low):
        return False
    if tok.low.endswith(("ing", "ed")) or tok.low in _VERBS_BEFORE_HEAD:
        return False  # "FOUND WANDERING HOSPITAL", "LONG HOSPITAL STAY", "LEAVE HOSPITAL"
    return tok.text.isupper() or tok.capitalized
