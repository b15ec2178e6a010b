"""Token features for the name model: what a word looks like and what stands around it.

The name model (:mod:`curbside.deid.name_model`) sees no particular names:
word identity is kept only for ordinary words, so it learns from shape
("Xx", "X."), endings ("-ova", "-ski", "-ez"), case of the line, the Census
and clinical word lists, and the words and punctuation around a token. That
is what carries to names from traditions it never saw in training.
"""

from __future__ import annotations

import functools
import unicodedata

from curbside.deid import lexicon
from curbside.deid.allowlist import words
from curbside.deid.clinical_terms import MODEL_HEADS, is_drug, vocabulary
from curbside.deid.tokens import Token

_TITLES = words(
    """
    dr doctor mr mrs ms miss mx prof professor sister nurse rn md np pa
    """
)
_MONTHS = words(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april
    june july august september october november december
    """
)
PERSON_VERBS = words(
    """
    saw see seen sees review reviewed examined examine told tell tells asked ask asks called
    call phoned phone rang ring texted text emailed email messaged visited visit met meet
    reassured reassure thanked thank admitted discharged referred refer booked consented
    encouraged gave give explained handed escorted reminded remind counselled counseled
    advised advise informed inform updated update contacted contact spoke speak talked
    talk discussed discuss greeted introduced assessed assess helped taught showed
    accompanied brought sent paged page wrote
    """
)
"""Verbs whose object or subject is often a person ("saw", "rang", "reassured")."""
_ROLES = words(
    """
    nurse sister matron registrar consultant sho fellow resident intern attending physio
    physiotherapist porter pharmacist hca assistant therapist dietitian midwife gp doctor
    sergeant sgt lieutenant lt private pte colonel col major captain capt corporal cpl
    constable officer detective inspector chief father fr reverend rev pastor imam rabbi
    chaplain councillor worker visitor student paramedic carer caregiver interpreter clerk
    secretary receptionist coordinator manager
    """
)
"""Roles and ranks written before a person's name ("Staff nurse", "Sergeant")."""
_CONTEXT = (-2, -1, 1, 2)


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:6]


def _gap(text: str) -> str:
    """The punctuation between two words, reduced to a few kinds."""
    if text == " ":
        return "_"
    if "\n" in text:
        return "NL"
    stripped = text.strip()
    return stripped[:2] if stripped else "_"


def _word_classes(low: str) -> list[str]:
    vocab = vocabulary()
    classes = []
    if lexicon.is_first_name(low):
        classes.append("first")
    if lexicon.is_surname(low):
        classes.append("sur")
    if lexicon.is_common_word(low):
        classes.append("common")
    if is_drug(low):
        classes.append("drug")
    if low in vocab["clinical"]:
        classes.append("clin")
    if low in vocab["eponym"]:
        classes.append("epo")
    if low in MODEL_HEADS:
        classes.append("head")
    if low in _TITLES:
        classes.append("title")
    if low in _MONTHS:
        classes.append("month")
    if low in PERSON_VERBS:
        classes.append("pverb")
    if low in _ROLES:
        classes.append("role")
    if lexicon.is_place(low):
        classes.append("place")
    decomposed = unicodedata.normalize("NFD", low) if not low.isascii() else ""
    if any(unicodedata.category(c) == "Mn" for c in decomposed):
        classes.append("accent")
    return classes


class _Word:
    """The features one written word contributes, to itself and to its neighbours."""

    __slots__ = ("context", "own")

    def __init__(self, text: str, low: str, mixed: bool) -> None:
        shape = _shape(text)
        classes = _word_classes(low)
        common = "common" in classes or low in _TITLES or low in MODEL_HEADS
        ident = low if common or len(low) <= 2 else ""
        line = "m" if mixed else "u" if text.isupper() else "l"
        own = ["bias", "s=" + shape, "L=" + line, "s2=" + low[-2:], "s3=" + low[-3:]]
        own += ["p2=" + low[:2], "n=" + str(min(len(low), 6))]
        if ident:
            own.append("w=" + ident)
        own.extend("g=" + c for c in classes)
        self.own = tuple(own)
        self.context: dict[int, tuple[str, ...]] = {}
        for k in _CONTEXT:
            tag = f"{k}:"
            seen = [tag + "w=" + ident] if ident else []
            seen.append(tag + "s=" + shape)
            seen.extend(tag + "g=" + c for c in classes)
            self.context[k] = tuple(seen)


@functools.lru_cache(maxsize=65_536)
def _word(text: str, low: str, mixed: bool) -> _Word:
    """The facts of one written word; notes repeat their words, so they are kept."""
    return _Word(text, low, mixed)


def features(text: str, tokens: list[Token]) -> list[list[str]]:
    """Return one feature list per token of ``text`` (crfsuite's item format)."""
    words = [_word(t.text, t.low, t.mixed) for t in tokens]
    gaps = [_gap(text[tokens[i - 1].end : tokens[i].start]) for i in range(1, len(tokens))]
    out = []
    n = len(tokens)
    for i, word in enumerate(words):
        feats = list(word.own)
        feats.append("gb=" + (gaps[i - 1] if i else "BOS"))
        feats.append("ga=" + (gaps[i] if i < n - 1 else "EOS"))
        for k in _CONTEXT:
            j = i + k
            if 0 <= j < n:
                feats.extend(words[j].context[k])
        if i >= 2:
            feats.append("gb2=" + gaps[i - 2])
        if i < n - 2:
            feats.append("ga2=" + gaps[i + 1])
        out.append(feats)
    return out
