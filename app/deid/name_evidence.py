"""Names found without a cue word before them: dictionary pairs and the way notes write people.

A Census given name followed by a surname ("lorrie morales"), two capitalized
words that are neither words nor medicine ("Adaeze Nwosu"), a lone surname
that is no ordinary word, a name right before "aware" or "notified" ("grace
dudak aware"), and a given name before a role in brackets ("Kevin
(hospitalist)"). Each rule yields (token index, reason) pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import MONTHS
from curbside.deid.tokens import Token, gap
from curbside.deid.wordclass import FUNCTION_NAMES, Strength, looks_proper, strength

NOTIFY_WORDS = frozenset({"aware", "notified", "paged", "made", "informed", "updated"})

_AWARE_CREDENTIALS = frozenset({"md", "np", "pa", "rn", "do", "rrt"})
_NOT_FIRST = frozenset({"son", "sis", "bro", "mom", "dad", "pa", "ma", "do", "my", "an", "in"})
_ROLE_AFTER = re.compile(
    r"[ \t]?\((?:pt'?s[ \t])?(?:[a-z\-]{0,12}[ \t])?(?:wife|husband|son|daughter|mother|father"
    r"|sister|brother|friend|partner|spouse|proxy|hcp|niece|nephew|rn|md|np|pa|hospitalist"
    r"|resident|intern|attending|fellow|nurse|pharmacist|pharmd|sw|social worker|case manager)\b",
    re.IGNORECASE,
)


def aware_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "grace dudak aware", "Dr Gillan at bedside": a name right before "aware", "notified"."""
    for i, tok in enumerate(tokens):
        if tok.low not in NOTIFY_WORDS or i == 0:
            continue
        if tok.low == "made" and (i + 1 >= len(tokens) or tokens[i + 1].low != "aware"):
            continue
        j = i - 1
        credential = tokens[j].low in _AWARE_CREDENTIALS and gap(text, tokens[j], tok) == " "
        if credential:
            j -= 1  # "B. KARGAS PA AWARE", "mary o'hara np aware"
        run: list[int] = []
        while j >= 0 and len(run) < 3 and _aware_gap(text, tokens[j], tokens[j + 1], run):
            cand = tokens[j]
            level = strength(cand)
            if (
                (cand.is_initial and cand.text.isupper() and run)
                or level >= Strength.UNKNOWN
                or (level == Strength.WORD_NAME and plain_first(cand))
            ):
                run.append(j)
            else:
                break
            j -= 1
        if credential and any(strength(tokens[k]) >= Strength.UNKNOWN for k in run):
            for k in run:
                yield k, f"before '{tokens[i - 1].text}'"
        elif any(strength(tokens[k]) == Strength.NAME or plain_first(tokens[k]) for k in run):
            for k in run:
                yield k, f"before '{tok.text}'"


def _aware_gap(text: str, tok: Token, following: Token, run: list[int]) -> bool:
    between = gap(text, tok, following)
    return between == " " or (between == ". " and bool(run) and tok.is_initial)


def plain_first(tok: Token) -> bool:
    return lexicon.is_first_name(tok.low) and tok.low not in FUNCTION_NAMES and len(tok.low) > 2


def role_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "Kevin (hospitalist)", "Dawn (pt's wife)": a given name, then a role in brackets."""
    for i, tok in enumerate(tokens[:-1]):
        if not lexicon.is_first_name(tok.low) or tok.low in FUNCTION_NAMES:
            continue
        if not _ROLE_AFTER.match(text, tok.end):
            continue
        if not (looks_proper(tok) or tok.text.isupper() or plain_first(tok)):
            continue
        yield i, "before a role in brackets"


def dictionary_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Names without a cue: a given name + surname pair, or a lone proper surname."""
    for i, tok in enumerate(tokens):
        level = strength(tok)
        if level == Strength.NEVER:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and _pair(text, tok, nxt):
            yield i, "given name and surname"
            yield i + 1, "given name and surname"
        elif (
            level == Strength.NAME
            and tok.low not in MONTHS
            and ((looks_proper(tok) and not _sentence_start(text, tok)) or _rare_caps_name(tok))
        ):
            yield i, "name in the Census lists"


def _pair(text: str, first: Token, second: Token) -> bool:
    if gap(text, first, second) != " " or not lexicon.is_first_name(first.low):
        return False
    if first.low in _NOT_FIRST:
        return False  # "SON DESHAWN", "MOM ROSE": a relation, then the name
    if first.mixed and not (first.capitalized and second.capitalized):
        return False
    second_level = strength(second)
    if second_level == Strength.NAME and first.low not in FUNCTION_NAMES:
        return True  # "ANN GREENE", "lorrie morales": a given name, then a surname that is no word
    first_strong = strength(first) == Strength.NAME
    if second_level < Strength.UNKNOWN and not (
        first.mixed
        and first_strong
        and second_level == Strength.WORD_NAME
        and lexicon.is_surname(second.low)
    ):
        return False
    return strength(first) == Strength.NAME or looks_proper(first)


def capitalized_pairs(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "Adaeze Nwosu": two capitalized words that are neither words nor medicine."""
    for i in range(len(tokens) - 1):
        first, second = tokens[i], tokens[i + 1]
        if not (looks_proper(first) and looks_proper(second)) or gap(text, first, second) != " ":
            continue
        both = strength(first) >= Strength.UNKNOWN and strength(second) >= Strength.UNKNOWN
        if both and (not lexicon.is_place(first.low) or lexicon.is_person_name(first.low)):
            yield i, "capitalized name"
            yield i + 1, "capitalized name"


def _sentence_start(text: str, tok: Token) -> bool:
    """True for the first word of a line or sentence, where capitals say nothing."""
    before = text[max(0, tok.start - 3) : tok.start].rstrip(" \t")
    return before == "" or before[-1] in '.!?:;\n-*•("' or tok.start == 0


def _rare_caps_name(tok: Token) -> bool:
    """In ALL CAPS or lowercase text, a Census surname that is no word at all counts alone."""
    if tok.mixed or len(tok.low) < 4:
        return False
    return lexicon.is_surname(tok.low) or lexicon.is_first_name(tok.low)
