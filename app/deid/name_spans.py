"""From flagged name tokens to NAME findings: propagation, eponym protection, joining.

Every other mention of a name found with good evidence is flagged too
("Masci" everywhere once "Mr. Masci" was seen); eponyms with their clinical
head word or score ("Bell's palsy", "Braden 14") are never names; adjacent
flagged tokens become one finding ("John Q. Smith").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid.allowlist import EPONYM_HEADS, EPONYMS
from curbside.deid.findings import Finding
from curbside.deid.tokens import Token, gap
from curbside.deid.wordclass import Strength, looks_proper, strength

_SCORE_AFTER = re.compile(r"[ \t:]{1,2}\d")

_STRONG_REASONS = (
    "after 'dr",
    "after 'mr",
    "after 'mrs",
    "after 'miss",
    "after a name",
    "before '",
)


def propagate(tokens: list[Token], flagged: dict[int, str]) -> None:
    """Flag every other mention of a name already found in this text."""
    known = {
        tokens[i].low
        for i, reason in flagged.items()
        if not tokens[i].is_initial
        and strength(tokens[i]) >= Strength.UNKNOWN
        and (strength(tokens[i]) == Strength.NAME or reason.lower().startswith(_STRONG_REASONS))
    }
    proper = {
        tokens[i].low
        for i in flagged
        if strength(tokens[i]) == Strength.WORD_NAME and looks_proper(tokens[i])
    }
    for i, tok in enumerate(tokens):
        if i in flagged:
            continue
        if tok.low in known or (tok.low in proper and looks_proper(tok)):
            flagged[i] = "same name seen elsewhere in the text"


def protected(text: str, tokens: list[Token], titles: frozenset[str]) -> Iterator[int]:
    """Eponyms with their clinical head word ("Bell's palsy", "Fisher 3") are never names."""
    protected: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.low not in EPONYMS or (i > 0 and tokens[i - 1].low in titles):
            continue
        head = i + 1 < len(tokens) and tokens[i + 1].low in EPONYM_HEADS
        if head or _SCORE_AFTER.match(text, tok.end):  # "Braden 14": a scale and its score
            protected.add(i)
    for i in range(len(tokens) - 1, 0, -1):
        if i in protected and tokens[i - 1].low in EPONYMS:
            protected.add(i - 1)  # "Austin Flint murmur"
    yield from protected


def join_spans(text: str, tokens: list[Token], flagged: dict[int, str]) -> list[Finding]:
    """Join adjacent flagged tokens into one NAME finding each ("John Q. Smith")."""
    findings: list[Finding] = []
    run: list[int] = []
    for i in sorted(flagged):
        if run and i == run[-1] + 1 and _joinable(gap(text, tokens[run[-1]], tokens[i])):
            run.append(i)
            continue
        if run:
            findings.append(_finding(text, tokens, run, flagged[run[0]]))
        run = [i]
    if run:
        findings.append(_finding(text, tokens, run, flagged[run[0]]))
    return findings


def _joinable(between: str) -> bool:
    return between in (" ", ". ", ", ", "-", ".", "  ")


def _finding(text: str, tokens: list[Token], run: list[int], reason: str) -> Finding:
    start, end = tokens[run[0]].start, tokens[run[-1]].bare_end
    return Finding(start, end, "NAME", text[start:end], reason)
