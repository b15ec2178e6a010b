"""Word tokens with offsets, and the letter case of the line each sits on.

Name and place rules work on words, not on raw characters, so one linear pass
(a regular expression with no nested repetition) splits the text into
:class:`Token` objects. Each token also knows whether its line is written in
mixed case, where a capital letter is evidence of a proper noun, or in ALL
CAPS or all lowercase, where only context and dictionaries can tell.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?(?:-[^\W\d_]+){0,3}")
_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
_DROP_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Token(NamedTuple):
    """A word: ``text[start:end]``, plus the case style of its line.

    Attributes:
        start: Index of the first character.
        end: Index one past the last character.
        text: The word as written.
        mixed: True when the word's line is in mixed case.
        position: Position of the token in the token list.
        low: The word in lowercase, without a possessive 's.
        bare_end: End offset without a possessive 's.
        capitalized: True for "Smith" (and "McDonald"), False for "smith" and "SMITH".
        is_initial: True for a single letter such as the "J" of "J. Yi".
    """

    start: int
    end: int
    text: str
    mixed: bool
    position: int
    low: str
    bare_end: int
    capitalized: bool
    is_initial: bool


_POSSESSIVE = ("'s", "’s")
_new_tuple = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Return the word tokens of ``text`` with their line's case style."""
    tokens: list[Token] = []
    append = tokens.append
    new = _new_tuple
    possessive = _POSSESSIVE
    line_start = 0
    # One loop body and no helper call per word: a 10,000-character case has ~1,700.
    for line in text.splitlines(keepends=True):
        mixed = _is_mixed_case(line)
        for match in _WORD.finditer(line):
            word = match.group()
            start = line_start + match.start()
            end = start + len(word)
            low = word.lower()
            bare_end = end
            if low.endswith(possessive):
                low, bare_end = low[:-2], end - 2
            capitalized = word[0].isupper() and not word.isupper()
            # tuple.__new__ skips the NamedTuple keyword handling.
            append(
                new(
                    Token,
                    (
                        start,
                        end,
                        word,
                        mixed,
                        len(tokens),
                        low,
                        bare_end,
                        capitalized,
                        end - start == 1,
                    ),
                )
            )
        line_start += len(line)
    return tokens


def token_at(tokens: list[Token], starts: list[int], offset: int) -> int | None:
    """Return the index of the first token starting at or after ``offset``."""
    i = bisect.bisect_left(starts, offset)
    return i if i < len(tokens) else None


_SENTENCE_START = re.compile(r"(?:^|[.!?][ \t]{1,3})[^A-Za-z\n]{0,3}([A-Za-z])")


def _is_mixed_case(line: str) -> bool:
    """Return True when capitals in ``line`` carry information (not ALL CAPS, not all lowercase)."""
    # Counted by deleting the letters (str.translate), cheaper than a regex listing them.
    lower = len(line) - len(line.translate(_DROP_LOWER))
    letters = lower + len(line) - len(line.translate(_DROP_UPPER))
    if letters < 4:
        return False
    upper = letters - lower
    if not (lower / letters > 0.3 and upper >= 1 and lower / letters < 0.995):
        return False
    # "its me (tamsin oakes) ... my dads address is 12 Maple St. thx": a writer who starts
    # several sentences and none with a capital writes names in lowercase too.
    starts = _SENTENCE_START.findall(line)
    return len(starts) < 2 or any(start.isupper() for start in starts)


def gap(text: str, left: Token, right: Token) -> str:
    """Return the characters between two tokens."""
    return text[left.end : right.start]


def cue_targets(
    pattern: re.Pattern[str], text: str, tokens: list[Token], firsts: frozenset[str]
) -> dict[int, str]:
    """Return {token index: cue text} for tokens starting right where a cue ends.

    The cue ``pattern`` is tried only at tokens whose word is in ``firsts``.
    """
    starts = [t.start for t in tokens]
    found: dict[int, str] = {}
    for m in anchored(pattern, text, tokens, firsts):
        i = token_at(tokens, starts, m.end())
        if i is not None and tokens[i].start == m.end():
            found[i] = m.group()
    return found


def anchored(
    pattern: re.Pattern[str], text: str, tokens: list[Token], firsts: frozenset[str]
) -> Iterator[re.Match[str]]:
    """Yield matches of ``pattern`` tried only where a token from ``firsts`` starts.

    Label patterns ("MRN:", "transferred to") begin with a word; trying them at
    those few words instead of at every character keeps the scan fast.
    """
    for k in positions_of(tokens, firsts):
        m = pattern.match(text, tokens[k].start)
        if m:
            yield m


def positions_of(tokens: list[Token], wanted: frozenset[str]) -> list[int]:
    """Return, in text order, the indexes of the tokens whose word is in ``wanted``.

    A rule that starts at a few words looks them up here instead of looping
    over every token of a long text.
    """
    index = _word_index(tokens)
    found: set[int] = set()
    for word in wanted & index.keys():
        found.update(index[word])
    return sorted(found)


_INDEX_CACHE: dict[int, tuple[list[Token], dict[str, list[int]]]] = {}


def _word_index(tokens: list[Token]) -> dict[str, list[int]]:
    """Map each word (lowercase, with and without 's) to its token indexes; cached per list."""
    cached = _INDEX_CACHE.get(id(tokens))
    if cached is not None and cached[0] is tokens:
        return cached[1]
    index: dict[str, list[int]] = {}
    for k, tok in enumerate(tokens):
        low = tok.low
        found = index.get(low)
        if found is None:
            index[low] = [k]
        else:
            found.append(k)
        if tok.bare_end != tok.end:  # a possessive: also under the word as written
            index.setdefault(tok.text.lower(), []).append(k)
        if "-" in low:
            index.setdefault(low.split("-", 1)[0], []).append(k)  # "xxx-xx-1234" starts with "xxx"
    _INDEX_CACHE.clear()  # one text at a time: keep memory flat
    _INDEX_CACHE[id(tokens)] = (tokens, index)
    return index
