"""Rules for people's names: titles, credentials, relatives, labels, dictionary pairs.

A name is found from context first ("Dr. White", "his wife Rose", "Name:
SMITH, JOHN", "J. Yi, MD"), then from the Census lists (a given name followed
by a surname, or a capitalized surname that is no ordinary word), and finally
every other mention of a name already found in the same text is flagged too,
so "Masci" is caught in a line with no cue once "Mr. Masci" was seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curbside.deid import lexicon
from curbside.deid.allowlist import words
from curbside.deid.findings import Finding
from curbside.deid.name_context import (
    given_before,
    middle_initials,
    signature_lines,
    verb_subjects,
    vocatives,
    word_name_after_relative,
    word_name_alone,
)
from curbside.deid.name_credentials import (
    WEAK_CREDENTIALS,
    backward,
    is_credential,
)
from curbside.deid.name_evidence import (
    NOTIFY_WORDS,
    aware_names,
    capitalized_pairs,
    dictionary_names,
    plain_first,
    role_names,
)
from curbside.deid.name_frames import frame_names
from curbside.deid.name_relatives import RELATIVES, conjoined, is_relative, relative_before
from curbside.deid.name_runs import TITLES, forward
from curbside.deid.name_spans import join_spans, propagate, protected
from curbside.deid.tokens import Token, cue_targets, gap
from curbside.deid.wordclass import (
    FUNCTION_NAMES,
    Strength,
    looks_proper,
    strength,
    word_strength,
)

# "MS": mental status; "MR": mitral regurgitation; "fr": French (a catheter size)
_AMBIGUOUS_TITLES = frozenset({"ms", "mr", "pa", "fr"})
_LABEL = re.compile(
    r"(?:name|patient|pt|attending|pcp|referring|resident|intern|fellow|surgeon|physician"
    r"|provider|author|nurse|rn|md|contact|guardian|nok|next of kin|emergency contact"
    r"|spouse|parent|mother|father|proxy|hcp|poa|tech|technician|pharmacist|therapist"
    r"|interpreter|chaplain|coordinator|aide|scribe|witness|ordering|prescriber|assistant"
    r"|anesthesia|dietitian|manager|worker|attn|caller|first|last|surname"
    r"|given|signed|sender|recipient|subject|participant|client|member|insured|employer"
    r"|friend|relative)[ \t]{0,2}(?:name)?[ \t]{0,2}[:=][ \t]{0,3}",
    re.IGNORECASE,
)
_PHRASE = re.compile(
    r"(?:signed|cosigned|dictated|transcribed|seen|evaluated|examined|reviewed|followed"
    r"|attended|accompanied|covered|spoke with|spoken with|discussed with|d/w|paged|called"
    r"|informed|appt with|appointment with|care of|c/o|per|met with|spoke w/|pt is|patient is"
    r"|pt|patient|pharmacist|tech|interpreter|chaplain|manager|mgr|thx|thanks|this is|aide"
    r"|admission:|regarding|baby boy|baby girl|infant boy|infant girl|goes by|known as"
    r"|prefers to be called|nickname|reach|reached|contacted|spoke to|talked to|talked with"
    r"|message for|handover to|handed over to)"
    r"[ \t,:\-]{1,3}(?:by[ \t]{1,2})?[\"“']?",
    re.IGNORECASE,
)
_LABEL_FIRSTS = words(
    """
    name patient pt attending pcp referring resident intern fellow surgeon physician
    provider author nurse rn md contact guardian nok next cc emergency spouse parent
    mother father proxy hcp poa tech technician pharmacist therapist interpreter chaplain
    coordinator aide scribe witness ordering prescriber assistant anesthesia dietitian
    manager worker attn caller first last surname given signed sender
    recipient subject participant client member insured employer friend relative
    """
)
_PHRASE_FIRSTS = words(
    """
    signed cosigned dictated transcribed seen evaluated examined reviewed followed
    attended accompanied covered spoke spoken discussed d paged called informed appt
    appointment care c per with pt patient pharmacist tech interpreter chaplain manager
    mgr thx thanks this aide met regarding baby infant goes known prefers nickname reach
    reached contacted talked message handover handed
    """
)
_STATUS_BEFORE = words("in on of if monitor assess affect changes change no his her pt's baseline")
_MEASURE_BEFORE = frozenset("0123456789+")  # "16 Fr.", "3-4+MR"
_NICKNAME_CUES = ("goes by", "known as", "prefers to be called", "nickname")
_PRE_INITIAL = frozenset({"per", "by", "to", "with", "w", "meet", "and", "called", "dr", "np"})
_NEXT_WORD = re.compile(r"[ \t]{1,2}([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \t:/]{1,2}$")


def find_names(text: str, tokens: list[Token]) -> list[Finding]:
    """Return NAME findings in ``text`` (already tokenized as ``tokens``)."""
    flagged: dict[int, str] = {}
    for index, reason in _cued(text, tokens):
        flagged.setdefault(index, reason)
    for index, reason in dictionary_names(text, tokens):
        flagged.setdefault(index, reason)
    for index, reason in capitalized_pairs(text, tokens):
        flagged.setdefault(index, reason)
    for index, reason in role_names(text, tokens):
        flagged.setdefault(index, reason)
    rules = (aware_names, verb_subjects, signature_lines, middle_initials, vocatives, frame_names)
    for rule in rules:
        for index, reason in rule(text, tokens):
            if tokens[index].low not in RELATIVES:  # "son called" is no name
                flagged.setdefault(index, reason)
    for index in [i for i in flagged if tokens[i].low in RELATIVES]:
        del flagged[index]  # "WIFE, SON", "children, son": a relation is never the name
    propagate(tokens, flagged)
    for index in protected(text, tokens, TITLES):
        flagged.pop(index, None)
    flagged.update(given_before(text, tokens, flagged))
    return join_spans(text, tokens, flagged) + list(_hyphen_tails(text, tokens))


def _hyphen_tails(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """ "DAUGHTER-KRISSY", "Dr-Smith": a cue and a name written as one hyphenated word."""
    for tok in tokens:
        head, _, tail = tok.text.partition("-")
        cued = tail and head.lower() in RELATIVES | TITLES and "-" not in tail
        cued = cued and tail.lower() not in RELATIVES  # "son-inlaw"
        if cued and (
            word_strength(tail.lower()) >= Strength.UNKNOWN or lexicon.is_first_name(tail)
        ):
            start = tok.start + len(head) + 1
            yield Finding(start, tok.end, "NAME", tail, f"after '{head}'")


def _cued(text: str, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, tok in enumerate(tokens):
        low = tok.low
        if low in TITLES and tok.low != tok.text.lower():
            continue  # "doctor's letter", "the doctor's orders": a possessive title names no one
        if low in TITLES and _title_form(text, tok):
            strong = low not in _AMBIGUOUS_TITLES or tok.capitalized
            yield from forward(text, tokens, i + 1, strong=strong, reason=f"after '{tok.text}'")
        elif is_relative(tokens, i):
            run = list(forward(text, tokens, i + 1, strong=False, reason=f"after '{tok.text}'"))
            if not run and word_name_after_relative(text, tokens, i + 1):
                run = [(i + 1, f"after '{tok.text}'")]
            yield from run
            if run:
                yield from conjoined(text, tokens, run[-1][0] + 1, f"after '{tok.text}'")
            yield from relative_before(text, tokens, i)
        elif is_credential(text, tok):
            yield from backward(text, tokens, i, reason=f"before '{tok.text}'")
            after = gap(text, tok, tokens[i + 1]) if i + 1 < len(tokens) else ""
            if after == " " or (after == " (" and plain_first(tokens[i + 1])):
                yield from forward(text, tokens, i + 1, strong=False, reason=f"after '{tok.text}'")
        elif low in WEAK_CREDENTIALS and _notified_after(tokens, i + 2):
            yield from forward(text, tokens, i + 1, strong=False, reason=f"after '{tok.text}'")
    labels = cue_targets(_LABEL, text, tokens, _LABEL_FIRSTS)
    phrases = cue_targets(_PHRASE, text, tokens, _PHRASE_FIRSTS)
    for i, tok in enumerate(tokens):
        if i in labels and _label_value(tok):
            yield from forward(text, tokens, i, strong=True, reason="after a name label")
        elif (
            i in phrases
            and phrases[i].lower().startswith(("thx", "thanks"))
            and _signs_off(text, tokens, i)
        ):
            yield i, "name signing off a message"
        elif i in phrases and word_name_alone(text, tokens, i):
            yield i, "after 'by', 'per', 'with'"
        elif (
            i in phrases
            and phrases[i].lower().startswith(_NICKNAME_CUES)
            and tok.text[:1].isupper()
        ):
            yield i, "nickname in quotes"  # 'goes by "Skip"
        elif i in phrases and (
            strength(tok) == Strength.NAME
            or (looks_proper(tok) and strength(tok) > 0)
            or _plain_first_name(tok)
        ):
            yield from forward(text, tokens, i, strong=False, reason="after 'by', 'per', 'with'")
        elif _initial_start(text, tok) and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.start in (tok.end + 1, tok.end + 2) and _initial_surname(text, tok, nxt):
                yield i, "initial and surname"
                yield i + 1, "initial and surname"


def _plain_first_name(tok: Token) -> bool:
    """A given name that is no ordinary word, in any case ("maria", "KEVIN")."""
    if len(tok.low) < 3 or tok.low in FUNCTION_NAMES or strength(tok) == Strength.NEVER:
        return False
    return lexicon.is_first_name(tok.low) and not lexicon.is_common_word(tok.low)


def _initial_start(text: str, tok: Token) -> bool:
    """An initial stands alone: uppercase, after a space or a line start."""
    return (
        tok.is_initial
        and tok.text.isupper()
        and text[tok.start - 1 : tok.start] in ("", " ", "\n", "\t")
    )


def _initial_surname(text: str, initial: Token, tok: Token) -> bool:
    """ "E. WELSH", "M. Peppler", "J SMITH": an initial, then a surname."""
    between = gap(text, initial, tok)
    if between not in (". ", " "):
        return False
    level = strength(tok)
    if between == " ":
        return level == Strength.NAME
    if tok.mixed:
        return tok.capitalized and level >= Strength.UNKNOWN
    if level == Strength.UNKNOWN:
        # "N. GRANDONE AWARE", "PER B. KARGAS": an unknown word needs a cue on either side.
        return _next_low(text, tok) in NOTIFY_WORDS or _prev_word(text, initial) in _PRE_INITIAL
    return level == Strength.NAME


def _label_value(tok: Token) -> bool:
    """After "Name:", a name-like word, not an ordinary one ("Subject: blood pressure")."""
    level = strength(tok)
    if level >= Strength.UNKNOWN or looks_proper(tok) or plain_first(tok):
        return True
    return tok.text.isupper() and level > Strength.NEVER


def _notified_after(tokens: list[Token], i: int) -> bool:
    """ "NP DJURIC MADE AWARE": a notify word two tokens after the credential."""
    return i < len(tokens) and tokens[i].low in NOTIFY_WORDS


def _title_form(text: str, tok: Token) -> bool:
    """A title is followed by a name, not a full stop ending the sentence ("see Dr.")."""
    if text[tok.end : tok.end + 1] == ",":
        return False  # "Model XR DR, S/N": a model name, not a doctor
    if (
        tok.mixed
        and tok.text.isupper()
        and len(tok.text) > 1
        and text[tok.end : tok.end + 1] != "."
    ):
        nxt = _NEXT_WORD.match(text, tok.end)
        if nxt is None or nxt.group(1).islower():
            return False  # "no DR progression", "MRS scan": an abbreviation in a mixed-case line
    if tok.low in _AMBIGUOUS_TITLES:
        if text[max(0, tok.start - 2) : tok.start].strip()[-1:] in _MEASURE_BEFORE:
            return False  # "16 Fr. Foley", "14fr coude": a catheter size
        if not tok.capitalized and _prev_word(text, tok) in _STATUS_BEFORE:
            return False  # "changes in MS. Aspiration precautions": mental status
    if tok.low in _AMBIGUOUS_TITLES and not (tok.capitalized or text[tok.end : tok.end + 1] == "."):
        nxt = _NEXT_WORD.match(text, tok.end)
        return nxt is not None and word_strength(nxt.group(1).lower()) >= Strength.UNKNOWN
    return True


def _signs_off(text: str, tokens: list[Token], i: int) -> bool:
    """ "thx - becca": a name-like word that ends the message or its line."""
    tok = tokens[i]
    if strength(tok) < Strength.UNKNOWN and not plain_first(tok):
        return False
    rest = text[tok.end : tok.end + 3]
    return rest.strip(" \t.!)") == "" or rest.lstrip(" \t.!)")[:1] == "\n"


def _next_low(text: str, tok: Token) -> str:
    m = _NEXT_WORD.match(text, tok.end)
    return m.group(1).lower() if m else ""


def _prev_word(text: str, tok: Token) -> str:
    m = _PREV_WORD.search(text, max(0, tok.start - 12), tok.start)
    return m.group(1).lower() if m else ""
