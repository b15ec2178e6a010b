"""How name-like one word is, from its spelling, its line's case style and the dictionaries.

The name and place rules ask the same questions of every token: is it on the
medical allow-list, an ordinary English word, a Census name, an unknown word
that only a proper noun would be? :func:`strength` answers them in one place.
"""

from __future__ import annotations

import functools
from enum import IntEnum

from curbside.deid import lexicon
from curbside.deid.allowlist import EPONYMS, US_STATES, is_medical, words
from curbside.deid.tokens import Token


class Strength(IntEnum):
    """How much a token looks like part of a person's or place's name."""

    NEVER = 0
    """Medicine, a function word, or an ordinary word that is no name."""
    WORD_NAME = 1
    """A name that is also an ordinary word ("Will", "Rose", "Brown"): context decides."""
    UNKNOWN = 2
    """Not a word and not in the name lists ("Whitcombe", "Szczepanik")."""
    NAME = 3
    """A Census name that is no ordinary word ("Okafor", "Brannigan")."""


FUNCTION_NAMES = words(
    """
    will may can mark art don guy sue pat rich frank grant
    """
)
"""Given names that are far more often verbs or adjectives in notes."""

STOP_WORDS = words(
    """
    a an the and or but nor of to in on at by for with from as is was were be been being
    are am has had have he she it they we you i his her hers their our my me him them
    this that these those who whom which what when where why how not no yes all any some
    per via pt pts patient patients family md team staff aware notified here there today
    tonight
    """
)


def strength(token: Token) -> Strength:
    """Return how name-like ``token`` is, ignoring its neighbours."""
    return word_strength(token.low)


@functools.lru_cache(maxsize=65_536)
def word_strength(low: str) -> Strength:
    """Return how name-like the lowercase word ``low`` is (cached: words repeat)."""
    if low in STOP_WORDS or is_medical(low):
        return Strength.NEVER
    if len(low) == 1:
        return Strength.WORD_NAME
    if "'" in low or "’" in low:
        bare = low.replace("'", "").replace("’", "")
        if (
            low[0] in "odl"
            and low[1:2] in ("'", "’")
            and len(bare) > 4
            and lexicon.is_surname(bare)
        ):
            return Strength.NAME  # "o'brien", "d'angelo": the Census writes "obrien"
    if "-" in low:
        parts = [p for p in low.split("-") if p]
        if any(is_medical(p) or p in EPONYMS for p in parts):
            return Strength.NEVER  # "Mallory-Weiss", "Kayser-Fleischer"
        if parts and all(lexicon.is_person_name(p) for p in parts):
            return Strength.NAME  # "Forman-Lyons", "Jean-Baptiste"
        if any(lexicon.is_common_word(p) for p in parts):
            return Strength.NEVER  # "started-trauma"
        return Strength.UNKNOWN
    common = lexicon.is_common_word(low)
    named = lexicon.is_person_name(low)
    if named and not common:
        return Strength.NAME
    if named:
        return Strength.WORD_NAME
    # No vowel makes shorthand ("bnx", "sbt"); "trần" has one English does not write.
    if common or len(low) < 3 or (low.isascii() and not any(v in low for v in "aeiouy")):
        return Strength.NEVER
    return Strength.UNKNOWN


def looks_proper(token: Token) -> bool:
    """True when the writing itself marks a proper noun: capitalized on a mixed-case line."""
    return token.mixed and token.capitalized


def name_after_cue(token: Token, *, strong_cue: bool) -> bool:
    """Return True when ``token`` right after a cue ("Dr.", "wife") is a name.

    A strong cue (a title) takes any name-like word, even an ordinary word that
    is a Census name ("Dr. White"); a weaker cue (a relative, "per") needs the
    word to be capitalized on a mixed-case line or to be no ordinary word.
    """
    level = strength(token)
    if level == Strength.NEVER and token.low in US_STATES and lexicon.is_first_name(token.low):
        level = Strength.WORD_NAME  # "NURSE VIRGINIA TOLLIVER", "wife Georgia"
    if level == Strength.NEVER:
        # A title is almost always followed by a name: "Dr. Vell", "DR CRANE"; after a
        # relative, a capitalized word on a mixed-case line is one too ("Sons Dusty").
        return _after_title_ok(token) and (strong_cue or looks_proper(token))
    if level >= Strength.UNKNOWN:
        return True
    if token.low in FUNCTION_NAMES:
        return looks_proper(token)
    if strong_cue or lexicon.is_first_name(token.low):
        return True
    return token.mixed and token.capitalized


POST_TITLE_WORDS = words(
    """
    aware notified called paged informed made was is in on at here there to and of order
    orders office team said says stated states note notes following feels wants would
    also already ok updated agrees ordered recommends recommended reviewed spoke saw
    came come has had be been will may did does do not who which re regarding about of
    visit visited hospital hosp clinic center into sees see seeing saw given
    """
)


def _after_title_ok(token: Token) -> bool:
    low = token.low
    if low in STOP_WORDS or low in POST_TITLE_WORDS or len(low) < 2:
        return False
    if is_medical(low) and not (token.capitalized and token.mixed):
        return False  # "Dr. Ng", "Dr. Foley" are people; "DR NG" is not safe to guess
    return any(c.isalpha() for c in low)
