"""Names told by the words around them: the verb after a subject, a signature line, a first name.

Three kinds of evidence that need no title or label:

* a person is the subject of a reporting verb ("bob visited", "Radu verbalizes",
  "Will is doing better": a modal verb is never followed by "is");
* a line holding nothing but a given name (and perhaps a surname) signs a note;
* once a surname is flagged, a given name or an initial right before it belongs
  to the same person ("pat rixford", "d. renna", "Bernard Foley").

Each rule yields (token index, reason) pairs, like the other name rules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import MONTHS, US_STATES, is_medical, words
from curbside.deid.findings import Finding
from curbside.deid.tokens import Token, anchored, gap
from curbside.deid.wordclass import FUNCTION_NAMES, Strength, looks_proper, strength

MODAL_NAMES = frozenset({"will", "may", "can"})
"""Given names that are also modal verbs: only the next word can tell."""

SUBJECT_VERBS = words(
    """
    called calls phoned phones visited visits verbalizes verbalized wishes wished states
    stated says said reports reported agrees agreed understands understood requests
    requested asked asks spoke speaks came comes arrived stayed stays remains remained
    expressed expresses wants wanted feels felt knows is was has had does did
    """
)
"""Finite verbs (never the base form a modal takes) that follow a person as subject."""

_PERSON_VERBS = words(
    """
    called calls phoned phones visited visits verbalizes verbalized wishes wished states
    stated says said reports reported agrees agreed understands understood requests
    requested asked asks spoke speaks wants wanted feels felt knows
    """
)
"""The verbs an unknown capitalized word may take to count as a person ("Radu wishes")."""
_NOT_BEFORE_SUBJECT = words(
    "the a an his her their my our your this that which what no any some of pt's patient's"
)
_NOT_FIRST = words("son sis bro mom dad pa ma do my an in md rn np")
_SUBJECT_START = frozenset("\n:;,.(-")
_SIGNATURE_LINE = re.compile(
    r"^[ \t]*(?:-{1,2}|~)?[ \t]*"
    r"([A-Za-z][A-Za-z'\-]{1,20}(?:\.?[ \t][A-Za-z][A-Za-z'\-]{0,20}){0,2}\.?)[ \t]*\r?$",
    re.MULTILINE,
)


def verb_subjects(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "social: bob visited", "JANET HAS PHONED", "Will is doing better": a name, then its verb."""
    for i in range(len(tokens) - 1):
        tok, verb = tokens[i], tokens[i + 1]
        if verb.low not in SUBJECT_VERBS or gap(text, tok, verb) != " " or tok.is_initial:
            continue
        if i > 0 and tokens[i - 1].low in _NOT_BEFORE_SUBJECT and _joined(text, tokens, i):
            continue  # "the will is", "his rose was"
        if _subject_name(text, tok, verb):
            yield i, f"before '{verb.text}'"


def _joined(text: str, tokens: list[Token], i: int) -> bool:
    return gap(text, tokens[i - 1], tokens[i]) in (" ", "  ")


def _subject_name(text: str, tok: Token, verb: Token) -> bool:
    level = strength(tok)
    if level == Strength.NEVER or tok.low in MONTHS:
        return False
    if lexicon.is_first_name(tok.low) and len(tok.low) > 2:
        if tok.mixed and not tok.capitalized and not tok.text.isupper():
            return _after_label(text, tok)  # "social: bill called"; not "rose was" in prose
        if level == Strength.NAME or tok.low in MODAL_NAMES:
            return True  # "JANET HAS PHONED"; a modal never takes "is" or "called"
        if looks_proper(tok) and not _subject_position(text, tok):
            return True  # "then Rose called": capitals mid-sentence mark the name
        # "social: bill called" is a person; "Bill was sent", "Grant was approved" are not.
        return verb.low in _PERSON_VERBS and (looks_proper(tok) or _subject_position(text, tok))
    if level == Strength.UNKNOWN and len(tok.low) >= 4 and looks_proper(tok):
        return verb.low in _PERSON_VERBS  # "Radu verbalizes"; "Duoderm remains" is no person
    return False


def _subject_position(text: str, tok: Token) -> bool:
    """First word of a clause: after a line start or a colon ("social: bill called")."""
    before = text[max(0, tok.start - 3) : tok.start].rstrip(" \t")
    return before == "" or before[-1] in _SUBJECT_START


def _after_label(text: str, tok: Token) -> bool:
    return text[max(0, tok.start - 2) : tok.start].rstrip(" \t").endswith(":")


def signature_lines(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """A line that is only a given name, perhaps with an initial and a surname ("SUSAN")."""
    starts = [t.start for t in tokens]
    for m in _SIGNATURE_LINE.finditer(text):
        begin, end = m.span(1)
        run = list(range(bisect.bisect_left(starts, begin), bisect.bisect_left(starts, end)))
        if run and _signature(tokens, run):
            for k in run:
                yield k, "signature line"


def _signature(tokens: list[Token], run: list[int]) -> bool:
    first = tokens[run[0]]
    if first.mixed and not first.capitalized:
        return False
    if not (lexicon.is_first_name(first.low) and strength(first) == Strength.NAME):
        return False
    rest = [tokens[k] for k in run[1:]]
    return all(t.is_initial or strength(t) >= Strength.UNKNOWN for t in rest)


def given_before(text: str, tokens: list[Token], flagged: dict[int, str]) -> dict[int, str]:
    """A given name or an initial right before a flagged name ("pat rixford", "d. renna")."""
    found: dict[int, str] = {}
    for i in sorted(flagged):
        j = i - 1
        if j < 0 or j in flagged or tokens[i].is_initial:
            continue
        prev, between = tokens[j], gap(text, tokens[j], tokens[i])
        if _initial_before(text, prev, between) or _given_before(prev, between):
            found[j] = "given name or initial before a name"
    return found


def _initial_before(text: str, prev: Token, between: str) -> bool:
    if not prev.is_initial or between not in (". ", ".", " "):
        return False
    if text[prev.start - 1 : prev.start] not in ("", " ", "\n", "(", "\t"):
        return False
    return between != " " or prev.low not in ("a", "i")


def _given_before(prev: Token, between: str) -> bool:
    if between != " " or len(prev.low) < 3 or prev.low in _NOT_FIRST:
        return False
    if not lexicon.is_first_name(prev.low):
        return False
    if strength(prev) == Strength.NEVER and (is_medical(prev.low) or prev.low not in US_STATES):
        return False  # "VIRGINIA SALLESE" is a person; "max", "amber" are not
    if prev.low in MODAL_NAMES:
        return looks_proper(prev)  # "Will Hang" is no name in capitals
    if prev.mixed and not prev.capitalized:
        return prev.text.isupper()
    return True


def word_name_after_relative(text: str, tokens: list[Token], i: int) -> bool:
    """ "daughter pat", "DAUGHTER MAY AND SON-IN-LAW": a word-name after a relation.

    "pat", "don", "sue" after "daughter" are names; "will" and "may" only when
    no verb follows ("son will visit" is a plan, not a person).
    """
    if i >= len(tokens) or gap(text, tokens[i - 1], tokens[i]) not in (" ", ", ", ": ", " - "):
        return False
    tok = tokens[i]
    if tok.low not in FUNCTION_NAMES:
        return False
    if tok.low not in MODAL_NAMES:
        return True
    if i + 1 >= len(tokens):
        return True
    after = gap(text, tok, tokens[i + 1])
    nxt = tokens[i + 1]
    if after.strip(" \t") != "" or nxt.low in ("and", "&") or nxt.low in SUBJECT_VERBS:
        return True
    return nxt.low in _NOT_AFTER_MODAL and not tok.text.islower()  # not "son will in turn"


_NOT_AFTER_MODAL = words("and & in at with from of on who lives")
"""Words a modal verb never takes next: "wife May in Ellicott City" names her."""

_AFTER_ALONE = words("in and at from here is was")


def word_name_alone(text: str, tokens: list[Token], i: int) -> bool:
    """ "thx rob", "this is frank in bed 4": a word-name after a cue, standing alone.

    "frank", "rob", "pat" are names here when the sentence ends or moves on
    ("in", "and"); "this is frank blood" goes on with a noun and is no name.
    """
    tok = tokens[i]
    if tok.low in MODAL_NAMES or tok.low in _NOT_FIRST or len(tok.low) < 3:
        return False  # "per son", "c/o ha"
    if strength(tok) != Strength.WORD_NAME:
        return False
    if tok.low not in FUNCTION_NAMES and not lexicon.is_first_name(tok.low):
        return False
    if i + 1 >= len(tokens):
        return True
    after = gap(text, tok, tokens[i + 1])
    return after.strip(" \t") != "" or tokens[i + 1].low in _AFTER_ALONE


_MIDDLE_INITIAL = re.compile(r"(?:MI|M\.I\.|[Mm]iddle [Ii]nitial)[ \t]{0,2}[:=][ \t]{0,3}[A-Z]\b")
_MIDDLE_FIRSTS = frozenset({"mi", "m", "middle"})


def middle_initials(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """ "MI: K" in a registration header: the middle initial is part of the name."""
    starts = [t.start for t in tokens]
    for m in anchored(_MIDDLE_INITIAL, text, tokens, _MIDDLE_FIRSTS):
        k = bisect.bisect_left(starts, m.end() - 1)
        if k < len(tokens) and tokens[k].start == m.end() - 1 and tokens[k].is_initial:
            yield k, "middle initial label"


def names_over_towns(text: str, tokens: list[Token], places: list[Finding]) -> list[Finding]:
    """ "pat rixford", "j. o'brien": a given name or initial before a surname read as a town."""
    starts = [t.start for t in tokens]
    found = []
    for place in places:
        if place.label != "LOCATION" or place.reason != "US city name":
            continue
        k = bisect.bisect_left(starts, place.start)
        if k == 0 or k >= len(tokens) or tokens[k].end != place.end:
            continue
        prev, tok = tokens[k - 1], tokens[k]
        between = gap(text, prev, tok)
        if not lexicon.is_surname(tok.low.replace("'", "")) and strength(tok) != Strength.UNKNOWN:
            continue  # "Mary Boston" may be a person; "saw John Denver" too rare to tell
        given = _given_before(prev, between) or (
            prev.low in FUNCTION_NAMES and prev.low not in MODAL_NAMES and between == " "
        )
        if given or _initial_before(text, prev, between):
            found.append(Finding(prev.start, tok.end, "NAME", text[prev.start : tok.end], _TOWN))
    return found


_TOWN = "given name before a surname that is also a town"


_VOCATIVE = re.compile(r"[\"“][ \t]?([A-Z][a-z]{2,20}|[A-Z]{3,20}),[ \t]")


def vocatives(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """'S: "Elaine, I know I'm in GH"': a quote that opens by calling someone by name."""
    starts = [t.start for t in tokens]
    for m in _VOCATIVE.finditer(text):
        k = bisect.bisect_left(starts, m.start(1))
        if k < len(tokens) and tokens[k].start == m.start(1) and _called_by_name(tokens[k]):
            yield k, "name called in a quote"


def _called_by_name(tok: Token) -> bool:
    return lexicon.is_first_name(tok.low) and strength(tok) == Strength.NAME
