"""The name model: a linear-chain CRF that reads people's names from how words look and sit.

Trained by :mod:`curbside.deid.train.fit` on synthetic notes (names from 31
Faker locales, never real people) and shipped as ``data/name_crf.bin``
(python-crfsuite's format, about 130 KB). It complements the cue rules in
:mod:`curbside.deid.names`: they know titles, labels and relatives by heart;
the model generalizes to names no list holds ("Aoife Ní Bhriain", "Chukwuemeka
Okonkwo", "Nguyễn Thị Hoa") from shape, endings and context.

The model proposes; the text must agree. Words the model rates as name-like
form runs ("Aoife B. Walsh", "Ó Briain"), and a run is kept when the model is
sure of it, or when the text supports it: a person cue before it ("nurse",
"Sgt.", "Inspector"), a verb of speaking or feeling after it ("reports",
"mentioned"), or the "Surname, Given" form at the head of a line. A lone word
the model is sure of is kept after a person's verb ("I saw Faizan today"), not
elsewhere, where notes capitalize devices and drugs too. In
all-caps lines, where a capital says nothing, only a supported run is kept.
Each finding says in plain words what was seen.
"""

from __future__ import annotations

import functools

from curbside.deid import lexicon
from curbside.deid.allowlist import words
from curbside.deid.clinical_terms import is_clinical, is_drug
from curbside.deid.findings import Finding, make
from curbside.deid.name_prose import in_prose
from curbside.deid.name_tagger import WindowKey, marginals, window_key
from curbside.deid.tokens import Token

SURE = 0.5
"""Probability at which the model's word alone makes a name (in a mixed-case line)."""

SUPPORTED = 0.15
"""Probability enough for a word the text supports (a cue before, a verb after)."""

ORDINARY = 0.9
"""Probability needed for a word that is also an ordinary or clinical word."""

ALONE = 0.9
"""Probability needed for a lone word with no cue around it, and only as the object of
a person's verb ("I saw Faizan today", "spoke with Oluwaseun about"; see
:mod:`curbside.deid.name_prose`). On ICU notes a lone capitalized word anywhere
else is as often a device or a drug ("Foley", "Levo")."""

_CHUNK = 200
_REACH = 2
_JOIN_GAPS = frozenset({" ", "-", "'", "’"})
_PARTICLES = words("ó o ní ni nic mac mc van von de da del della di du le la bin binti al el ter")


def model_names(text: str, tokens: list[Token]) -> list[Finding]:
    """Return the NAME findings the model reads in ``text``."""
    need = [_needed(text, tokens, i) for i in range(len(tokens))]
    found: list[Finding] = []
    # Marginals of windows already read in this text: a note that repeats a line
    # (a template, 100 KB of the same capitals) is read by the model once.
    seen: dict[WindowKey, list[float]] = {}
    for lo, hi in _windows(text, tokens, need):
        found.extend(_chunk_names(text, tokens[lo:hi], need[lo:hi], seen))
    return found


def _windows(text: str, tokens: list[Token], need: list[float]) -> list[tuple[int, int]]:
    """Token ranges around the words that could be names, cut at line breaks.

    Only a capitalized word of a mixed-case line, or a capital word next to a
    person cue, can become a name, so the model reads a few words around those
    and nothing else: the work stays linear in the text and small for a
    de-identified case. Features look two words either way, so a window of
    two words each side gives its centre the features the whole text would.
    """
    marks = [i for i in range(len(tokens)) if need[i] <= 1.0 and _eligible(tokens, i)]
    windows: list[tuple[int, int]] = []
    line_start, searched = -1, 0
    for i in marks:
        lo, hi = max(0, i - _REACH), min(len(tokens), i + _REACH + 1)
        # The last line break before the word, searched only since the previous mark:
        # from the text's start each time, a note without line breaks took quadratic time.
        newline = text.rfind("\n", searched, tokens[i].start)
        line_start = newline if newline != -1 else line_start
        searched = tokens[i].start
        while lo < i and tokens[lo].start < line_start:
            lo += 1
        if windows and lo <= windows[-1][1] and windows[-1][1] - windows[-1][0] < _CHUNK:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _eligible(tokens: list[Token], i: int) -> bool:
    if tokens[i].mixed:
        return True
    # In capitals only a cued word can be a name ("SGT. ADEYEMI", "ADEYEMI REPORTS").
    before = tokens[i - 1].low if i else ""
    after = tokens[i + 1].low if i + 1 < len(tokens) else ""
    return (
        before in _PERSON_CUES
        or after in _PERSON_VERBS
        or (i > 1 and tokens[i - 2].low in _PERSON_CUES)
    )


def _chunk_names(
    text: str, tokens: list[Token], need: list[float], seen: dict[WindowKey, list[float]]
) -> list[Finding]:
    key = window_key(text, tokens)
    probs = seen.get(key)
    if probs is None:
        probs = seen[key] = marginals(text, tokens)
    # A word the text supports needs less certainty, unless a list explains it too.
    name_like = [p >= (SUPPORTED if n == SURE else n) for p, n in zip(probs, need, strict=True)]
    for k in range(1, len(tokens)):
        # A surname that is also a word ("Jane Patch", "Rose Baker") is supported by a
        # given name the model is sure of right before it.
        if not name_like[k] and probs[k] >= SUPPORTED and _after_given(text, tokens, probs, k):
            name_like[k] = True
    found = []
    i = 0
    while i < len(tokens):
        if not name_like[i] and not _particle(tokens, name_like, i):
            i += 1
            continue
        j = i
        while (
            j + 1 < len(tokens)
            and _joins(text, tokens[j], tokens[j + 1])
            and (name_like[j + 1] or _particle(tokens, name_like, j + 1))
        ):
            j += 1
        why = _support(text, tokens, name_like, i, j)
        if why is not None or (tokens[i].mixed and _sure(text, tokens, probs, need, i, j)):
            reason = why or _plain_why(text, tokens, i)
            # A kept name runs on over capitalized words no list explains ("Ní Bhriain").
            while (
                j + 1 < len(tokens)
                and need[j + 1] == SURE
                and _joins(text, tokens[j], tokens[j + 1])
            ):
                j += 1
            found.append(make(text, tokens[i].start, _end(text, tokens[j]), "NAME", reason))
        i = j + 1
    return found


def _after_given(text: str, tokens: list[Token], probs: list[float], k: int) -> bool:
    """``tokens[k]`` is a capitalized word right after a listed given name the model is sure of."""
    first, word = tokens[k - 1], tokens[k]
    return (
        word.capitalized
        and first.capitalized
        and probs[k - 1] >= SURE
        and lexicon.is_first_name(first.low)
        and text[first.end : word.start] == " "
    )


def _sure(
    text: str, tokens: list[Token], probs: list[float], need: list[float], i: int, j: int
) -> bool:
    """The model alone: every word of a longer run name-like, or one word it is certain of."""
    if j > i:
        return all(
            probs[k] >= need[k]
            or tokens[k].is_initial
            or (k > i and probs[k] >= SUPPORTED and _after_given(text, tokens, probs, k))
            for k in range(i, j + 1)
        )
    # A lone word only inside running prose: at the head of a sentence or a section
    # label, drugs, devices and eponyms are capitalized as readily as people.
    return probs[i] >= max(need[i], ALONE) and in_prose(text, tokens, i)


def _needed(text: str, tokens: list[Token], i: int) -> float:
    """How sure the model must be of ``tokens[i]`` on its own (above 1: never)."""
    token = tokens[i]
    if token.is_initial:  # "B." in "Aoife B. Walsh", not the "c" of "c/o"
        after = text[token.end : token.end + 2]
        ok = token.text.isupper() and after[:1] == "." and after[1:2] in ("", " ", "\n")
        return SURE if ok else 2.0
    return _word_need(token.text, token.low, token.mixed, token.capitalized)


@functools.lru_cache(maxsize=65_536)
def _word_need(text: str, low: str, mixed: bool, capitalized: bool) -> float:
    """The part of :func:`_needed` that depends on the word alone (notes repeat words)."""
    if is_drug(low) or (mixed and not capitalized) or text.islower():
        return 2.0
    if mixed and len(text) > 1 and text[1].isupper():
        return 2.0  # "PVCs", "IVs": capitals inside a word make an abbreviation
    if lexicon.is_first_name(low) or lexicon.is_surname(low):
        return SURE
    if lexicon.is_common_word(low) or is_clinical(low):
        return ORDINARY
    return SURE


def _particle(tokens: list[Token], name_like: list[bool], i: int) -> bool:
    """ "Ó", "van", "de" inside a name: kept when a name-like word follows."""
    return tokens[i].low in _PARTICLES and i + 1 < len(tokens) and name_like[i + 1]


def _joins(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return gap in _JOIN_GAPS or (left.is_initial and gap in (". ", "."))


def _support(text: str, tokens: list[Token], name_like: list[bool], i: int, j: int) -> str | None:
    """What in the text says the run ``tokens[i..j]`` is a person, in plain words, or None."""
    if i and _cue(text, tokens[i - 1], tokens[i]):
        return f"name after '{tokens[i - 1].text}'"
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    if nxt is not None and nxt.low in _PERSON_VERBS and text[tokens[j].end : nxt.start] == " ":
        return f"name before '{nxt.text}'"
    # "Surname, Given" heads a line or follows a label ("From: Okafor, Ngozi").
    if not tokens[i].mixed:
        return None  # "CV: VSS, AFEB": in capitals a comma pair is a list
    k = j + 1
    comma_after = k < len(tokens) and text[tokens[j].end : tokens[k].start] in (", ", ",")
    if comma_after and name_like[k] and _line_head(text, tokens, i):
        return "surname, given name at the start of a line"
    if i and name_like[i - 1] and text[tokens[i - 1].end : tokens[i].start] in (", ", ","):
        m = i - 1
        while m and name_like[m - 1] and _joins(text, tokens[m - 1], tokens[m]):
            m -= 1
        if _line_head(text, tokens, m):
            return "surname, given name at the start of a line"
    return None


def _cue(text: str, cue: Token, name: Token) -> bool:
    """A person word right before the name: "nurse", "Sgt.", "Thanks," (not "MR." of a valve)."""
    gap = text[cue.end : name.start]
    if cue.low not in _PERSON_CUES or gap not in (" ", ". ", ": ", ", "):
        return False
    if gap == ". " and len(cue.text) > _ABBREVIATION:
        return False  # "college student. Non-smoker": a full word and a stop end the sentence
    return not (cue.mixed and cue.text.isupper() and len(cue.text) > 1)


_ABBREVIATION = 4
"""Longest cue a full stop may follow inside a name ("Dr.", "Sgt.", "Prof.", "Insp.")."""


def _line_head(text: str, tokens: list[Token], i: int) -> bool:
    """True when ``tokens[i]`` opens its line, or opens it after a label and a colon."""
    start = text.rfind("\n", 0, tokens[i].start) + 1
    before = text[start : tokens[i].start].strip().lower()
    return not before or (before.rstrip(":").strip() in _PERSON_LABELS and before.endswith(":"))


_PERSON_CUES = words(
    """
    dr doctor mr mrs miss mx prof professor sister brother nurse
    resident intern fellow attending surgeon physician pharmacist therapist interpreter
    chaplain pastor officer sgt lt cpl captain capt major col coach aide tech worker
    wife husband son daughter mother father mom dad partner friend niece nephew aunt
    uncle grandson granddaughter grandmother grandfather cousin neighbor fiance fiancee
    spouse called thanks thank hi hello dear regards best cheers signed contact proxy
    guardian caregiver clerk registrar consultant physio physiotherapist midwife carer
    porter paramedic student matron secretary receptionist dietitian counsellor
    psychologist saw told reassured thanked inspector constable detective corporal
    lieutenant sergeant colonel commander councillor imam rabbi reverend
    """
)


_PERSON_LABELS = words(
    """
    name patient pt from to cc attn re client member sender recipient resident attending
    nurse physician provider referring pcp contact guardian proxy
    """
)

_PERSON_VERBS = words(
    """
    says said reports reported states stated denies denied feels felt wants wanted asks
    asked agrees agreed thinks complains complained prefers refuses refused
    mentions mentioned tells told explains explained describes described remembers
    remembered recalls recalled understands understood declines declined
    insists insisted hopes hoped wishes wished believes believed rang phoned
    """
)
"""Verbs of speaking, feeling and choosing, which take a person as subject, not a drug."""


def _end(text: str, token: Token) -> int:
    """An initial keeps its period ("Aoife B.")."""
    if token.is_initial and text[token.end : token.end + 1] == ".":
        return token.end + 1
    return token.end


def _plain_why(text: str, tokens: list[Token], i: int) -> str:
    """Plain words for a name the model is sure of with no cue around it."""
    if i == 0 or "\n" in text[tokens[i - 1].end : tokens[i].start]:
        return "name at the start of a line"
    return f"written as a person's name (after '{tokens[i - 1].text}')"
