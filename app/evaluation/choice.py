"""Which option a multiple-choice answer chose, parsed robustly and never guessed.

Tried in order, the first rule that yields exactly one letter wins:

1. An explicit statement: "Answer: C", "The answer is (C)", "correct option is C".
2. A letter opening the answer: "C", "(C)", "C.", "C) Aspirin", "**C**".
3. One distinct letter marked as an option anywhere: "(C)", or "C." / "C)" at a line start.
4. The text of exactly one option appears in the answer.

Anything else (no letter, two different letters, two options' texts) is
*unparsed*: counted and reported, never scored as right or wrong by chance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_EXPLICIT = re.compile(
    r"\b(?:answer|option|choice)\s*(?:is|would be|:|-)?\s*(?:option\s*)?[:\s]*"
    r"[\(\[*]*([A-J])(?![A-Za-z])",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^[\s*_#>\"']*[\(\[]?([A-J])(?:[\)\].:,*]|\s|$)")
_MARKED = re.compile(r"\(([A-J])\)|^\s*[*_]*([A-J])[.)]", re.MULTILINE)
_WORDS = re.compile(r"[a-z0-9]+")


def parse_choice(answer: str, options: Mapping[str, str]) -> str | None:
    """Return the option letter ``answer`` chose, or None when it cannot be told.

    Args:
        answer: The model's reply.
        options: Letter to option text (only these letters count).
    """
    text = answer.strip()
    if not text:
        return None
    for rule in (_explicit, _leading, _marked, _by_text):
        letters = rule(text, options)
        if len(letters) == 1:
            return letters.pop()
        if len(letters) > 1:
            return None
    return None


def _explicit(text: str, options: Mapping[str, str]) -> set[str]:
    found = [m.group(1).upper() for m in _EXPLICIT.finditer(text)]
    found = [letter for letter in found if letter in options]
    # The first explicit statement is the answer; models restate it, rarely change it.
    return {found[0]} if found else set()


def _leading(text: str, options: Mapping[str, str]) -> set[str]:
    match = _LEADING.match(text)
    if not match or match.group(1) not in options:
        return set()
    # "(A) or (C)" opens with a letter but names two: the caller treats that as unparsed.
    first_line = text.splitlines()[0]
    return {match.group(1)} | _marked(first_line, options)


def _marked(text: str, options: Mapping[str, str]) -> set[str]:
    found = {m.group(1) or m.group(2) for m in _MARKED.finditer(text)}
    return {letter for letter in found if letter in options}


def _by_text(text: str, options: Mapping[str, str]) -> set[str]:
    said = f" {' '.join(_WORDS.findall(text.lower()))} "
    hits = set()
    for letter, option in options.items():
        words = " ".join(_WORDS.findall(option.lower()))
        if words and f" {words} " in said:
            hits.add(letter)
    # An option whose text is inside another's ("Aspirin" in "Aspirin and heparin")
    # is not a second choice: keep only the longest matches.
    return {
        letter
        for letter in hits
        if not any(other != letter and _contains(options[other], options[letter]) for other in hits)
    }


def _contains(longer: str, shorter: str) -> bool:
    a = " ".join(_WORDS.findall(longer.lower()))
    b = " ".join(_WORDS.findall(shorter.lower()))
    return a != b and f" {b} " in f" {a} "
