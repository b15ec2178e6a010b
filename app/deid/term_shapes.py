"""Shapes of clinical terms beside an eponym: grades, class codes, strains and results.

"Tanner IV breasts", "Prague C2M5", "Coxsackie A16" and "positive Murphy's"
name a finding, a class or a test, not a person: the word beside the eponym
says so by its shape (a Roman-numeral grade, a letter-digit code, a result
before a possessive). A title, a given name or a cue word such as "by" before
the word makes it a person again ("seen by Smith II", "John Smith III").
"""

from __future__ import annotations

import re

from curbside.deid import lexicon
from curbside.deid.allowlist import words
from curbside.deid.tokens import Token

TITLES = words("dr doctor mr mrs ms miss mx prof professor")
_GRADE = re.compile(r" (?:(?:II|III|IV|V|VI)(?:[a-c]|F)?|I[a-c]|(?:[A-Z]\d{1,2}){2,4}[a-c]?)\b")
"""A Roman-numeral grade ("IV", "IIIa", "IIF") or a letter-digit code ("C2M5", "T2N0M0")."""
_RESULT_BEFORE = re.compile(r"\b(?:positive|negative|\+ve|-ve)[ \t]+$", re.IGNORECASE)
"""A result before an eponym's possessive names its sign: "positive Murphy's"."""
_STRAIN = re.compile(r" [A-Z]\d{1,2}\b(?![/.:]\d)")
_PERSON_CUES = words("by per with saw see seen called paged spoke told asked")
"""Words that put a person next ("seen by Smith II"), not a grade."""


def sign_after_result(text: str, token: Token) -> bool:
    """ "positive Murphy's", "negative Kernig's": a result before an eponym's possessive."""
    return token.bare_end != token.end and bool(
        _RESULT_BEFORE.search(text, max(0, token.start - 12), token.start)
    )


def graded_end(text: str, tokens: list[Token], i: int) -> int | None:
    """ "Tanner IV breasts", "Prague C2M5": one capitalized word and a grade or a class code.

    Returns the end of the grade. A given name or a title before the word makes
    a person with a suffix ("John Smith III").
    """
    token = tokens[i]
    if not (token.capitalized and token.mixed):
        return None
    m = _GRADE.match(text, token.end)
    if m is None and lexicon.is_place(token.low):
        m = _STRAIN.match(text, token.end)  # "Coxsackie A16", "Montreal L3"
    if m is None:
        return None
    if i > 0:
        prev = tokens[i - 1]
        if adjacent(text, prev, token, " .") and (
            prev.low in TITLES or prev.low in _PERSON_CUES or (prev.capitalized and prev.mixed)
        ):
            return None
    return m.end()


def adjacent(text: str, left: Token, right: Token, allowed: str) -> bool:
    """True when at most two characters, each a space or in ``allowed``, part two words."""
    gap = text[left.end : right.start]
    return len(gap) <= 2 and all(ch in allowed or ch == " " for ch in gap)
