"""Names told by the frame of the sentence around them, in any naming tradition.

The name lists know mostly US Census names; these rules need no list, only the
shape clinical writing gives a person's name wherever it comes from:

* the subject of an age ("Sami van de Pol is a 25-year-old man");
* the subject at the head of a sentence of "has been", "presents", "was
  brought" ("Boaz has been more withdrawn");
* a "Surname, Given I." line, or one after "From:", "Patient:", "To:"
  ("From: Kumi, Tom", "RIVIÈRE, LUCIE E.");
* the name after a sign-off ("Thanks, Liam");
* a given name with a single initial ("Plan reviewed with Bethan D.");
* a name followed by the person's role ("by Frédéric Blot (registrar)",
  "Accompanied by Zuzana, her carer").

Each yields (token index, reason) pairs like the other name rules. A word that
is medicine, a function word or an ordinary word is never taken from a weak
frame; the strong ones (an age, a header line) take any capitalized word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import is_medical, words
from curbside.deid.clinical_terms import is_clinical
from curbside.deid.tokens import Token, gap
from curbside.deid.wordclass import STOP_WORDS, Strength, strength

PARTICLES = words(
    "ó o ní ni nic mhic uí ua mac mc van von der den de da das do dos del della di du le la "
    "bin binti bint ibn al el ter ap"
)
"""Lowercase or short words inside a name ("Ó", "van de", "bin")."""

_AGE_AFTER = re.compile(
    r"[ \t]+(?:is|was)[ \t]+an?[ \t]+\d{1,3}(?:[ \t-]*(?:years?|yrs?|y/?o|months?|weeks?)\b"
    r"|[ \t]?[MF]\b)",
    re.IGNORECASE,
)
_DONE_TO_THINGS = (
    "applied changed placed removed held stopped discontinued started increased decreased "
    "given ordered added used sent cancelled canceled inserted restarted titrated done "
    "performed drawn pulled flushed replaced reviewed reduced switched weaned"
)
_PERSON_AFTER = re.compile(
    r"[ \t]+(?:(?:has|had)[ \t]+been[ \t]+(?!(?:" + _DONE_TO_THINGS.replace(" ", "|") + r")\b)"
    r"[a-z]|presents\b|presented\b|was[ \t]+brought\b|returns[ \t]+(?:today|with|for)\b)",
    re.IGNORECASE,
)
_NAME_WORD = r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*"
_NAME_PART = rf"{_NAME_WORD}(?:[ \t]{_NAME_WORD}){{0,2}}"
_HEADER = re.compile(
    rf"^[ \t]*(?:(?P<label>from|to|cc|patient|pt|name|patient[ \t]name|re|attn|sender"
    rf"|recipient)[ \t]*:[ \t]*)?(?P<last>{_NAME_PART}),[ \t]*(?P<given>{_NAME_PART})"
    rf"(?:[ \t]+(?P<initial>[A-Z])\.)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SIGN_OFF = re.compile(
    rf"^[ \t]*(?:thanks|thank[ \t]you|thx|regards|kind[ \t]regards|best|best[ \t]wishes"
    rf"|cheers|sincerely)[ \t]*[,.!\-]?[ \t]*(?P<name>{_NAME_WORD}(?:[ \t]{_NAME_WORD})?)"
    rf"[ \t]*\.?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_ROLES = words(
    "registrar consultant attending resident intern fellow hospitalist nurse midwife "
    "physio physiotherapist therapist pharmacist interpreter chaplain carer caregiver "
    "neighbour neighbor friend partner wife husband son daughter mother father brother "
    "sister niece nephew cousin aunt uncle grandson granddaughter guardian proxy gp sho "
    "student paramedic social_worker case_manager dietitian secretary"
)
_ROLE_AFTER = re.compile(
    r"(?:[ \t]?\([ \t]?|,[ \t](?:(?:her|his|their|the|a|pt'?s|patient'?s)[ \t])?)"
    r"(?:" + "|".join(role.replace("_", r"[ \t]") for role in sorted(_ROLES)) + r")s?\b",
    re.IGNORECASE,
)
_INITIAL_CUES = words("with by per to for from and cc dr saw see called paged")
_ROMAN = frozenset("IVX")


def frame_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Yield (token index, reason) for names the sentence frame shows."""
    starts = [t.start for t in tokens]
    yield from _subjects(text, tokens)
    yield from _headers(text, tokens, starts)
    yield from _sign_offs(text, tokens, starts)
    yield from _given_and_initial(text, tokens)
    yield from _before_roles(text, tokens)


def _namey(tok: Token, *, strong: bool) -> bool:
    """A word that may be (part of) a name here, whatever tradition it comes from.

    Medicine and function words never are, unless a strong frame (a header
    line, an age) holds a listed name that is also a brand ("Ivor", "Heather").
    On a mixed-case line a weak frame takes a capitalized word that is a listed
    name or no dictionary word; a strong one, any word but an everyday one. In
    capitals, where case says nothing, a weak frame needs a listed name or
    letters English does not use ("PHÚC").
    """
    low = tok.low
    if len(low) < 2 or is_medical(low) or low in STOP_WORDS:
        return False
    if tok.mixed and not tok.capitalized:
        return False
    parts = low.split("-")
    if len(parts[0]) < 2 or any(_plain(part) for part in parts[1:] if len(part) > 1):
        return False  # "P-pt has been called": shorthand, not "Hsin-I" or "Chiu-Yueh"
    listed = lexicon.is_first_name(low) or lexicon.is_surname(low)
    if is_clinical(low) and not (strong and listed):
        return False
    if strong:
        return listed or not lexicon.is_everyday_word(low)
    if tok.mixed:
        return listed or not lexicon.is_dictionary_word(low)
    level = strength(tok)
    return (
        level == Strength.NAME
        or lexicon.is_first_name(low)
        or not (low.isascii() or lexicon.is_dictionary_word(low))
    )


def _plain(low: str) -> bool:
    return is_medical(low) or is_clinical(low) or low in STOP_WORDS


def _run_before(text: str, tokens: list[Token], end: int, *, strong: bool) -> list[int]:
    """The name-like run ending at ``tokens[end]`` (up to four words and particles)."""
    run: list[int] = []
    k = end
    while k >= 0 and len(run) < 4:
        tok = tokens[k]
        if run and gap(text, tok, tokens[run[-1]]) not in (" ", "-"):
            break
        if _namey(tok, strong=strong) or (run and tok.low in PARTICLES and k > 0):
            run.append(k)
            k -= 1
        else:
            break
    while run and tokens[run[-1]].low in PARTICLES:
        run.pop()  # "de" alone opens no name
    return run[::-1]


def _sentence_head(text: str, tok: Token) -> bool:
    before = text[max(0, tok.start - 3) : tok.start].rstrip(" \t")
    return before == "" or before[-1] in ".!?:;\n"


def _subjects(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "Ante Vugec is a 41-year-old man", "Boaz has been more withdrawn"."""
    for i, tok in enumerate(tokens):
        age = _AGE_AFTER.match(text, tok.end)
        if age is None and not _PERSON_AFTER.match(text, tok.end):
            continue
        run = _run_before(text, tokens, i, strong=age is not None)
        if not run or not _sentence_head(text, tokens[run[0]]):
            continue
        verb = text[tok.end :].split(None, 2)[:2]
        reason = "name before an age" if age else f"name before '{' '.join(verb)}'"
        for k in run:
            yield k, reason


def _span_tokens(starts: list[int], begin: int, end: int) -> range:
    return range(bisect.bisect_left(starts, begin), bisect.bisect_left(starts, end))


def _headers(text: str, tokens: list[Token], starts: list[int]) -> Iterator[tuple[int, str]]:
    """ "From: Kumi, Tom", "RIVIÈRE, LUCIE E.": surname, comma, given name, as a header."""
    for m in _HEADER.finditer(text):
        if m.group("label") is None and m.group("initial") is None:
            continue  # "Headache, nausea" heads a line too: without a label, the initial decides
        run = list(_span_tokens(starts, m.start("last"), m.end("given")))
        named = [k for k in run if tokens[k].low not in PARTICLES]
        if not named or not all(_namey(tokens[k], strong=True) for k in named):
            continue
        if not any(strength(tokens[k]) > Strength.NEVER for k in named):
            continue  # "Headache, Nausea B.": one word at least must not be a plain word
        for k in run:
            yield k, "surname, given name in a header line"


def _sign_offs(text: str, tokens: list[Token], starts: list[int]) -> Iterator[tuple[int, str]]:
    """ "Thanks, Liam": the name that signs a message off."""
    for m in _SIGN_OFF.finditer(text):
        run = list(_span_tokens(starts, m.start("name"), m.end("name")))
        if run and all(_namey(tokens[k], strong=False) for k in run):
            for k in run:
                yield k, "name signing off a message"


def _given_and_initial(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "with Bethan D.", "WITH HEDVIGA R.": a given name and a single initial."""
    for i in range(len(tokens) - 1):
        tok, initial = tokens[i], tokens[i + 1]
        if not (initial.is_initial and initial.text.isupper()) or initial.text in _ROMAN:
            continue
        if gap(text, tok, initial) != " " or text[initial.end : initial.end + 1] != ".":
            continue
        if text[initial.end + 1 : initial.end + 2] not in ("", " ", "\n", ","):
            continue  # "J.R.R." or "Dr. A.B.": no initial ending a name here
        cued = i > 0 and tokens[i - 1].low in _INITIAL_CUES
        # Uncued, only a listed given name: "BUN 8 Creat P." is a lab line.
        listed = tok.mixed and lexicon.is_first_name(tok.low)
        if (listed or cued) and _namey(tok, strong=False):
            yield i, "given name and initial"
            yield i + 1, "given name and initial"


def _before_roles(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "Frédéric Blot (registrar)", "Zuzana, her carer": a name, then who the person is."""
    for i, tok in enumerate(tokens):
        if not _ROLE_AFTER.match(text, tok.end):
            continue
        run = _run_before(text, tokens, i, strong=True)
        if run and (len(run) > 1 or _namey(tokens[run[0]], strong=False)):
            for k in run:
                yield k, "name before the person's role"
