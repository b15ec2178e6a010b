"""The run of name words after a cue: "Dr. Ferdinand Halfpenny", "Name: GARCIA, MARIA L".

:func:`forward` walks right from the word after a title, label, relative or
credential and yields the tokens that continue the name, stopping at the first
word that cannot be part of one ("Dr. aware", "TOBIAS IN TO VISIT").
"""

from __future__ import annotations

from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import LANGUAGES, is_medical, words
from curbside.deid.name_credentials import name_gap
from curbside.deid.name_evidence import plain_first
from curbside.deid.tokens import Token, gap
from curbside.deid.wordclass import (
    FUNCTION_NAMES,
    POST_TITLE_WORDS,
    STOP_WORDS,
    Strength,
    looks_proper,
    name_after_cue,
    strength,
)

TITLES = words(
    """
    dr drs doctor mr mrs ms miss mister prof professor mx dra rev reverend pastor rabbi
    imam fr
    """
)
_MAX_NAME_TOKENS = 4


def forward(
    text: str, tokens: list[Token], start: int, *, strong: bool, reason: str
) -> Iterator[tuple[int, str]]:
    """Yield the run of name tokens starting at ``tokens[start]`` after a cue."""
    for j in range(start, min(start + _MAX_NAME_TOKENS + 1, len(tokens))):
        tok = tokens[j]
        between = gap(text, tokens[j - 1], tok) if j > 0 else ""
        if j == start:
            if len(between) > 6 or "\n" in between.strip(" \t") or not _cue_gap(between):
                return
            if not strong and ". " in between and tokens[j - 1].low not in TITLES:
                return  # "Proxy. Copy of it": a relation does not reach past a full stop
            if not strong and tok.low in LANGUAGES:
                return  # "Interpreter (Spanish)": the language, not the person
            if (tok.low in POST_TITLE_WORDS and not looks_proper(tok)) or not name_after_cue(
                tok, strong_cue=strong
            ):
                return  # "Rabbi sees pt", "Dr. aware"
        elif between == ", " and j == start + 1 and strong and _given_after_comma(tok):
            pass  # "Name: GARCIA, MARIA L": last name, comma, given name
        elif between == " " and j == start + 1 and strong and _word_surname(tokens[j - 1], tok):
            pass  # "Dr Ferdinand Halfpenny": after a title and a given name, a word-surname
        elif not name_gap(between, tokens[j - 1]) or not _continues_name(tok):
            return
        yield j, reason


def _given_after_comma(tok: Token) -> bool:
    """ "Okafor, Chidinma": a given name, or a capitalized word no dictionary knows."""
    if plain_first(tok):
        return True
    return strength(tok) >= Strength.UNKNOWN and (tok.capitalized or tok.text.isupper())


def _word_surname(given: Token, tok: Token) -> bool:
    """ "Ferdinand Halfpenny", "Sarah Baker": a capitalized word after a capitalized given name."""
    if not (looks_proper(given) and looks_proper(tok)) or not lexicon.is_first_name(given.low):
        return False
    return tok.low not in POST_TITLE_WORDS and not is_medical(tok.low) and len(tok.low) > 2


def _cue_gap(between: str) -> bool:
    return all(c in " \t.,:;-(#'\"“" for c in between)


def _continues_name(tok: Token) -> bool:
    level = strength(tok)
    if level == Strength.NEVER and tok.low in STOP_WORDS:
        return False  # "TOBIAS IN TO VISIT", "dr chang in 1 wk"
    if tok.is_initial or (lexicon.is_first_name(tok.low) and tok.low not in FUNCTION_NAMES):
        return not tok.mixed or tok.capitalized or tok.is_initial or tok.text.isupper()
    if tok.mixed:
        upper = tok.text.isupper() and level >= Strength.UNKNOWN
        return upper or (tok.capitalized and level > Strength.NEVER)
    return level >= Strength.UNKNOWN or (
        level == Strength.WORD_NAME and lexicon.is_surname(tok.low)
    )
