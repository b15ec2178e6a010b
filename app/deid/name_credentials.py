"""Names beside a credential: "Jon Devaux RRT", "J. Yi, MD", "Bernard Foley CRT".

A credential after a name is strong evidence, so the words before it are read
back as a name (initials, surnames that are also words after an initial,
double-barrelled names, eponym surnames); :func:`is_credential` tells "MD"
after a name from "MD 21740" (Maryland) and "PA line".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid.allowlist import EPONYMS, is_medical, words
from curbside.deid.name_evidence import plain_first
from curbside.deid.tokens import Token, gap
from curbside.deid.wordclass import POST_TITLE_WORDS, Strength, strength

CREDENTIALS = words(
    """
    md rn rrt crt lpn cna phd pharmd dpm dds crnp aprn fnp anp acnp msw licsw lcsw slp cnm
    crna facp facs mph dnp bsn msn ccrn mba dmd od lvn rd rph pa-c
    """
)
WEAK_CREDENTIALS = frozenset({"do", "pa", "np"})
_ROLE_WORDS = words(
    "day night evening charge primary float staff student floor covering oncoming house case "
    "this the unit icu er or team"
)
_NOT_AFTER_CREDENTIAL = words(
    "line lines catheter cath pressure pressures sat sats systolic diastolic mean notes note "
    "orders order aware notified"
)
_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])[A-Za-z]\.?[ \t]$")
_ZIP_AFTER = re.compile(r"[ \t]{0,2}\d{5}")
_NEXT_WORD = re.compile(r"[ \t]{1,2}([A-Za-z]+)")
_MAX_NAME_TOKENS = 4


def is_credential(text: str, tok: Token) -> bool:
    """ "RN", "MD", ", DO" after a name; not "MD 21740" (Maryland) or "2l NP" (nasal prongs)."""
    if tok.low not in CREDENTIALS and not (tok.low in WEAK_CREDENTIALS and _after_comma(text, tok)):
        return False
    if text[tok.start - 1 : tok.start].isalnum():
        return False  # "3RD", "2ND"
    nxt = _NEXT_WORD.match(text, tok.end)
    if nxt and nxt.group(1).lower() in _NOT_AFTER_CREDENTIAL:
        return False  # "PA line", "PA pressures"
    return not _ZIP_AFTER.match(text, tok.end)


def _after_comma(text: str, tok: Token) -> bool:
    return text[max(0, tok.start - 2) : tok.start].strip() == ","


def name_gap(between: str, previous: Token) -> bool:
    if between in (" ", "  ", "-") or (between in (".", ". ") and previous.is_initial):
        return True
    return between in (", ",) and previous.is_initial


def backward(text: str, tokens: list[Token], i: int, reason: str) -> Iterator[tuple[int, str]]:
    """Yield the name tokens before a credential ("Jon Devaux RRT", "J. Yi, MD")."""
    j = i - 1
    count = 0
    found: list[int] = []
    while j >= 0 and count < _MAX_NAME_TOKENS:
        tok = tokens[j]
        between = gap(text, tok, tokens[j + 1])
        if count == 0 and between.strip(" \t") not in ("", ","):
            break
        if count > 0 and not name_gap(between, tok) and between not in (".  ",):
            break
        if tok.low in POST_TITLE_WORDS or not (tok.is_initial or _backward_ok(text, tok)):
            break
        found.append(j)
        count += 1
        j -= 1
    if any(not tokens[k].is_initial for k in found):
        for k in found:
            yield k, reason


def _after_initial(text: str, tok: Token) -> bool:
    return bool(_INITIAL_BEFORE.search(text, max(0, tok.start - 4), tok.start))


def _backward_ok(text: str, tok: Token) -> bool:
    level = strength(tok)
    if tok.low in EPONYMS and not tok.text.islower():
        return True  # "Bernard Foley CRT", "FRANCIS G. LEVINE, RRT": an eponym signs as a person
    if tok.mixed and not tok.text.islower():
        return tok.capitalized and (level > Strength.NEVER or _capitalized_compound(tok))
    if level == Strength.WORD_NAME and tok.low not in _ROLE_WORDS and _after_initial(text, tok):
        return True  # "q. lander rrt": a surname that is also a word, after an initial
    return level >= Strength.UNKNOWN or plain_first(tok)


def _capitalized_compound(tok: Token) -> bool:
    """ "Stord-Painter": a double-barrelled name, each part capitalized, none medicine."""
    parts = tok.text.split("-")
    return len(parts) > 1 and all(p[:1].isupper() and not is_medical(p) for p in parts)
