"""Places told by the words around them: regions, employers, wards, towns after a preposition.

The head-word and transfer-cue rules in :mod:`curbside.deid.places` miss places
that notes name in passing:

* US regions that are no town ("the Eastern Shore", "North Shore", "Cape Cod");
* employers ("works for Vista Health", "CEO of IBM");
* a named ward or building and its number with no cue ("PLAN: WHITCOMBE 4");
* hospital abbreviations beside an emergency-room word ("WH ED", "leave WH");
* multi-word towns after a preposition in any case ("returned to new haven");
* a capitalized unknown word after "in", "near" ("lives in Tarrowby");
* a town name's second word ("DERBY LINE", "Cedar Rapids Heights").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import DRUGS, EPONYMS, US_STATES, is_medical, words
from curbside.deid.findings import Finding, make
from curbside.deid.tokens import Token, anchored, gap, positions_of
from curbside.deid.wordclass import Strength, looks_proper, strength

_REGION = re.compile(
    r"\b(?:(?:the[ \t])?(?:eastern|western|north|south)[ \t]shore|cape[ \t]cod|upper[ \t]peninsula"
    r"|the[ \t]berkshires|western[ \t]mass|inland[ \t]empire|lowcountry|low[ \t]country"
    r"|hill[ \t]country|twin[ \t]cities|tri-?state[ \t]area|bay[ \t]area|outer[ \t]banks"
    r"|panhandle|upstate|downstate|downeast|down[ \t]east|south[ \t]jersey|north[ \t]jersey"
    r"|long[ \t]island|staten[ \t]island|the[ \t]bronx|brooklyn|queens|manhattan)\b",
    re.IGNORECASE,
)
_REGION_FIRSTS = words(
    """
    the eastern western north south cape upper inland lowcountry low hill twin tri tristate
    tri-state bay outer panhandle upstate downstate downeast down long staten brooklyn
    queens manhattan
    """
)
_EMPLOYER = re.compile(
    r"\b(?:works?|worked|working|employed|employee|retired)[ \t]{1,2}(?:for|at|by|from)"
    r"[ \t]{1,2}(?:the[ \t]{1,2})?"
    r"|\b(?:ceo|president|owner|founder)[ \t]{1,2}(?:of|at)[ \t]{1,2}",
    re.IGNORECASE,
)
_EMPLOYER_FIRSTS = words(
    "work works worked working employed employee retired ceo president owner founder"
)
_WARD_NUMBER = re.compile(
    r"[ \t]([1-9]\d?)(?![\d.:/%]\d|[\d%])(?=[ \t]*(?:[.,;)\n]|$|[ \t]+(?:when|this|today"
    r"|tomorrow|tonight|once|if|later|after|pending|bed|asap)\b))",
    re.IGNORECASE,
)
_WARD_CUES = words("plan transfer transferred tx to")
_ER_WORDS = words(
    """
    ed er ew eu edu icu micu sicu ccu cvicu cticu csicu nicu picu nsicu tsicu csru pacu
    cath
    """
)
"""Emergency and critical-care units by their common abbreviations (US and UK usage):
hospital letters before one name the hospital ("WH ED")."""
_LEAVE_WORDS = words("leave left leaving")
_PLACE_SUFFIX = words(
    """
    mill mills heights park springs falls beach creek hills valley village point harbor
    harbour lake lakes city township junction ridge grove glen station landing bluff
    """
)
_NEAR = frozenset({"in", "near", "outside"})
_CUES = _WARD_CUES | _LEAVE_WORDS | _NEAR
_SOMEWHERE_BEFORE = words(
    """
    center centre hospital hosp clinic shelter home house apartment lives living live lived
    resides residing born raised vacation vacationing visiting staying stays stayed works
    worked grew moved family daughter son sister brother mother father wife husband friend
    """
)
_SOMEWHERE_AFTER = words("area county township neighborhood neighbourhood city town village")


def find_context_places(
    text: str, tokens: list[Token], acronym: Callable[[Token], bool]
) -> Iterator[Finding]:
    """Yield LOCATION and FACILITY findings from the rules in this module's docstring.

    Args:
        text: The case text.
        tokens: Its word tokens.
        acronym: Tells a hospital abbreviation ("GH", "MGH") from other capitals.
    """
    for m in anchored(_REGION, text, tokens, _REGION_FIRSTS):
        yield make(text, m.start(), m.end(), "LOCATION", "US region")
    starts = [t.start for t in tokens]
    for m in anchored(_EMPLOYER, text, tokens, _EMPLOYER_FIRSTS):
        yield from _employer(text, tokens, bisect.bisect_left(starts, m.end()), m.end())
    for k in positions_of(tokens, _CUES):
        prev, i = tokens[k], k + 1
        if i >= len(tokens):
            break
        tok = tokens[i]
        if prev.low in _WARD_CUES and _ward_cue(text, prev, tok) and _ward_name(tok):
            if _WARD_NUMBER.match(text, tok.end):
                yield make(text, tok.start, tok.end, "LOCATION", "named ward and its number")
        elif prev.low in _LEAVE_WORDS and hospital_abbreviation_near(text, tokens, i, acronym):
            yield make(text, tok.start, tok.end, "FACILITY", "hospital abbreviation")
        elif prev.low in _NEAR and _unknown_proper(text, prev, tok) and _place_frame(tokens, k):
            yield make(text, tok.start, tok.end, "LOCATION", "proper noun after 'in'")
    for k in positions_of(tokens, _ER_WORDS):
        if k > 0 and hospital_abbreviation_near(text, tokens, k - 1, acronym):
            tok = tokens[k - 1]
            yield make(text, tok.start, tok.end, "FACILITY", "hospital abbreviation")


def _employer(text: str, tokens: list[Token], i: int, offset: int) -> Iterator[Finding]:
    """ "works for Vista Health", "CEO OF IBM": up to three name-like words after the cue."""
    if i >= len(tokens) or tokens[i].start != offset:
        return
    last = None
    for j in range(i, min(i + 3, len(tokens))):
        tok = tokens[j]
        if j > i and gap(text, tokens[j - 1], tok) not in (" ", "-", " & "):
            break
        level = strength(tok)
        acronym = tok.text.isupper() and 1 < len(tok.text) < 6 and _acronym(tok)  # "works at UPS"
        named = level >= Strength.UNKNOWN or acronym or (looks_proper(tok) and level > 0)
        if j > i and tok.low in _EMPLOYER_TAILS:
            last = j  # "vista health": a plain word is a name when a company word follows
            break
        if named:
            last = j
        elif level == Strength.NEVER and tok.low not in _STOPS and not is_medical(tok.low):
            continue
        else:
            break
    if last is not None and not is_medical(tokens[i].low):
        yield make(text, tokens[i].start, tokens[last].end, "LOCATION", "employer")


_STOPS = words("a an the his her their my our your this that home")
_EMPLOYER_TAILS = words("health healthcare inc corp company co bank group systems labs")


def _acronym(tok: Token) -> bool:
    """Capitals that spell no word: "UPS", "IBM"; in an ALL-CAPS note "NIGHT" is a word."""
    if tok.mixed:
        return True
    return not lexicon.is_dictionary_word(tok.low) and not is_medical(tok.low)


def _ward_cue(text: str, prev: Token, tok: Token) -> bool:
    """ "PLAN: WHITCOMBE 4", "TRANSFER WHITCOMBE 4", "to Farnsworth 4": a move is planned."""
    return prev.low in _WARD_CUES and gap(text, prev, tok) in (" ", ": ")


def _ward_name(tok: Token) -> bool:
    """An unknown word that names a building: "WHITCOMBE", "whitcombe", not a drug."""
    if len(tok.low) < 5 or is_medical(tok.low):
        return False
    if strength(tok) >= Strength.UNKNOWN:
        return True
    # A rare surname that a dictionary also lists ("Farnsworth"), not an everyday word.
    rare = not lexicon.is_everyday_word(tok.low) and not lexicon.is_first_name(tok.low)
    return rare and lexicon.is_surname(tok.low)


def hospital_abbreviation_near(
    text: str, tokens: list[Token], i: int, acronym: Callable[[Token], bool]
) -> bool:
    """ "WH ED", "leave WH": hospital letters beside an emergency word or after "leave"."""
    tok = tokens[i]
    if len(tok.text) > 5 or not tok.text.isupper() or not acronym(tok):
        return False
    prev = tokens[i - 1] if i > 0 else None
    if prev is not None and prev.low in _LEAVE_WORDS and gap(text, prev, tok) == " ":
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.low in _ER_WORDS and gap(text, tok, nxt) == " "


def _place_frame(tokens: list[Token], k: int) -> bool:
    """ "Medical Center in Tarrowby", "shelter in Pelham area": the sentence speaks of a place.

    "in Trigeminy", "in Mepilex" are rhythms and dressings: an unknown word after
    "in" counts only beside a word for somewhere.
    """
    before = tokens[k - 1].low if k > 0 else ""
    after = tokens[k + 2].low if k + 2 < len(tokens) else ""
    return before in _SOMEWHERE_BEFORE or after in _SOMEWHERE_AFTER


def _unknown_proper(text: str, prev: Token, tok: Token) -> bool:
    if gap(text, prev, tok) != " " or len(tok.low) < 5 or is_medical(tok.low):
        return False
    if tok.low[:6] in _ALLOWED_PREFIXES or tok.low[:5] in _STATE_PREFIXES:
        return False  # "in Trendelberg", "in Conneticut": a misspelt eponym or state
    return looks_proper(tok) and strength(tok) == Strength.UNKNOWN


_ALLOWED_PREFIXES = frozenset(w[:6] for w in EPONYMS | DRUGS if len(w) >= 6)
_STATE_PREFIXES = frozenset(w[:5] for w in US_STATES if len(w) >= 5)


def place_phrases_after(text: str, tokens: list[Token], i: int) -> int | None:
    """End index of a two- or three-word US town at ``tokens[i]`` ("new haven"), else None."""
    places = lexicon.us_places()
    for size in (3, 2):
        window = tokens[i : i + size]
        if len(window) < size or any(gap(text, a, b) != " " for a, b in itertools.pairwise(window)):
            continue
        if all(t.low in US_STATES for t in window):
            continue  # "New York", "North Carolina": a state, not a town
        if not all(t.capitalized or t.text.isupper() for t in window) and _prose(window):
            continue  # "returned to new haven" yes; "in left hand" no
        if " ".join(t.low for t in window) in places:
            return i + size - 1
    return None


def _prose(window: list[Token]) -> bool:
    """Mixed capitals, or only very frequent words: not a town written in lowercase."""
    return any(not t.text.islower() for t in window) or all(map(_everyday, window))


def _everyday(tok: Token) -> bool:
    """A word so frequent that a lowercase phrase of them is prose ("in left hand")."""
    return lexicon.is_very_frequent_word(tok.low) or is_medical(tok.low)


def suffixes(text: str, tokens: list[Token], found: list[Finding]) -> Iterator[Finding]:
    """ "DERBY LINE", "Cedar Park": the place word after a town already found."""
    by_end = {t.end: k for k, t in enumerate(tokens)}
    for f in found:
        k = by_end.get(f.end) if f.label == "LOCATION" else None
        if k is None or k + 1 >= len(tokens):
            continue
        nxt = tokens[k + 1]
        if nxt.low not in _PLACE_SUFFIX or gap(text, tokens[k], nxt) != " ":
            continue
        if nxt.text[:1].isupper() or not tokens[k].mixed:
            yield make(text, nxt.start, nxt.end, "LOCATION", "second word of a place name")
