"""Names beside a relation: "his wife Rose", "daughters sarah and margie", "Hank Przybylo (son)".

:data:`RELATIVES` lists the words for family, friends and carers that cue a
name; :func:`conjoined` follows "and" after the first name, and
:func:`relative_before` reads a name written before the relation in brackets.
"""

from __future__ import annotations

from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import words
from curbside.deid.name_evidence import plain_first
from curbside.deid.tokens import Token, gap
from curbside.deid.wordclass import Strength, looks_proper, strength

RELATIVES = words(
    """
    wife husband hsb husb son sons daughter daughters dtr dtrs dau sister sisters sis
    brother brothers bro mother mom father dad niece nieces nephew nephews neice
    grandson grandsons granddaughter grandaughter granddaughters grandchild grandmother
    grandfather grandma grandpa aunt uncle cousin friend friends boyfriend girlfriend
    fiance fiancee partner spouse proxy hcp guardian neighbor neighbour roommate
    caregiver companion stepdaughter stepson sibling siblings child children nok poa
    other nurse chaplain pharmacist interpreter therapist son-in-law daughter-in-law
    mother-in-law father-in-law brother-in-law sister-in-law inlaw inlaws
    grandniece grandnieces grandnephew grandnephews stepmother stepfather stepsister
    stepbrother godmother godfather goddaughter godson
    """
)
_JOINERS = frozenset({" ", ", ", " & ", ",", " and "})


def is_relative(tokens: list[Token], i: int) -> bool:
    """ "wife", "SON-IN-LAW", "COPING-SISTER"; "other" only as "significant other"."""
    low = tokens[i].low
    if low == "other":
        return i > 0 and tokens[i - 1].low == "significant"
    return low in RELATIVES or ("-" in low and low.rpartition("-")[2] in RELATIVES)


def conjoined(text: str, tokens: list[Token], i: int, reason: str) -> Iterator[tuple[int, str]]:
    """ "daughters sarah and margie", "Sons Smokey, Morris and Roger": names joined by "and"."""
    while i < len(tokens) and gap(text, tokens[i - 1], tokens[i]) in _JOINERS:
        tok = tokens[i]
        if tok.low in ("and", "&") and i + 1 < len(tokens):
            i += 1
            tok = tokens[i]
        if not (plain_first(tok) or (looks_proper(tok) and strength(tok) > Strength.NEVER)):
            return
        yield i, reason
        i += 1


def _strong_name(tok: Token) -> bool:
    """No ordinary word: unknown or a Census name, or a capitalized given name."""
    level = strength(tok)
    return level >= Strength.UNKNOWN or (looks_proper(tok) and lexicon.is_first_name(tok.low))


def relative_before(text: str, tokens: list[Token], i: int) -> Iterator[tuple[int, str]]:
    """Names written before the relation in brackets: "Hank Przybylo (son)"."""
    if i == 0 or gap(text, tokens[i - 1], tokens[i]).strip() not in ("(", "-", "- (", ",", "("):
        return
    j = i - 1
    while j >= 0 and i - j <= 3:
        tok = tokens[j]
        if not _strong_name(tok):
            return
        yield j, "before a relation"
        j -= 1
        if j >= 0 and gap(text, tokens[j], tokens[j + 1]) not in (" ",):
            return
