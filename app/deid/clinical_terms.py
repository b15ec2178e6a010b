"""The clinical-vocabulary layer: words that look like names or places but are medicine.

Two kinds of evidence keep a de-identified case quiet:

* **The head-noun rule.** A capitalized word or run of words ("Ottawa",
  "Braxton Hicks", "Sister Mary Joseph", "Hunt and Hess") directly before a
  clinical head noun ("rules", "contractions", "nodule", "grade"), possibly
  through a few ordinary or clinical words ("Glasgow Coma Scale", "Seattle
  Heart Failure Model"), names a sign, score, criterion, instrument or
  disease, not a person or a town. So does one after "<anatomy word> of"
  ("circle of Willis"). The head nouns are a closed grammatical class, not a
  list of particular eponyms, so the rule covers eponyms it has never seen.
* **The vocabulary.** Brand and generic drug names and the words of the
  ICD-10-CM descriptions (``data/clinical_vocab.tsv.gz``, built by
  :mod:`curbside.deid.train.build_vocab`; sources and licences are listed
  there). A word found there is clinical unless context says it is a person.

A personal title right before the run ("Dr. Wells score") keeps the name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from curbside.deid import lexicon
from curbside.deid.allowlist import words
from curbside.deid.clinical_heads import (
    BODIES,
    BODY_LINKS,
    DOSING_AFTER,
    DRUG_FORM_HEADS,
    EXTRA_HEADS,
    MODEL_HEADS,
    RESULT_HEADS,
    shaped_like_a_head,
)
from curbside.deid.term_shapes import TITLES as _TITLES
from curbside.deid.term_shapes import adjacent as _adjacent
from curbside.deid.term_shapes import graded_end, sign_after_result
from curbside.deid.tokens import Token
from curbside.deid.wordstore import BIT, WordSet, mask, word_set

HEADS = MODEL_HEADS | EXTRA_HEADS | DRUG_FORM_HEADS | RESULT_HEADS
"""Clinical head nouns: what an eponym or a place-named term is a name *of*."""

_POSSESSIVE_HEADS = HEADS - words("test tests score scores monitor chart guide")
"""Heads an eponym may reach through "'s" ("Bell's palsy"); "John's test" stays a name."""

_JOINERS = words("and de von van der la le du di da del")
_OF_LEADS = words(
    """
    circle tetralogy ligament pouch loop sphincter ampulla islets islet canal organ triangle
    duct foramen angle space bundle crypts glands gland fossa fold folds node nodes valve
    tract column columns nucleus area law sign
    """
)
_DOSE = re.compile(
    r"[ \t]{1,2}(?:\d+(?:\.\d+)?(?:/\d+)?[ \t]?(?:mg|mcg|g|units?|mL|ml|meq|mEq)\b"
    r"|(\d+)/(\d+)\b)"
)
_FUNCTION = words(
    """
    the a an and or but with without to from in on at of for by as is was were be been
    per this that these those his her their our your my its no not on under over after
    before during while if then than so also both all any each every some such
    """
)
_MAX_RUN = 4
_MAX_BETWEEN = 3


_VOCABULARY = ("clinical", "eponym", "drug", "country")
_DRUG = BIT["drug"]
_CLINICAL_OR_DRUG = BIT["clinical"] | _DRUG


@functools.cache
def vocabulary() -> dict[str, WordSet]:
    """Return the clinical vocabulary by category (``clinical``, ``eponym``, ``drug``, ``country``).

    The words live in the PHI guard's lexicon file (:mod:`curbside.deid.wordstore`),
    built from ``data/clinical_vocab.tsv.gz``; nothing is read until a first lookup.
    """
    return {category: word_set(category) for category in _VOCABULARY}


def is_drug(word: str) -> bool:
    """True for a brand or generic drug name ("Keppra", "heparin")."""
    return bool(mask(word.lower()) & _DRUG)


def is_clinical(word: str) -> bool:
    """True for a word of the ICD-10-CM descriptions or a drug name."""
    return bool(mask(word.lower()) & _CLINICAL_OR_DRUG)


def is_head(word: str) -> bool:
    """True for a clinical head noun, singular or plural ("pupil", "pupils", "crises")."""
    return word in HEADS or (word.endswith("s") and (word[:-1] in HEADS or word[:-2] in HEADS))


def _head_token(token: Token) -> bool:
    """A head noun, or a lowercase word shaped like a procedure or disease ("myotomy").

    In an ALL-CAPS line only the trained heads count: there "R. OKONJO PLACING
    STITCH" is a nurse at work, and capitals tell nothing about the words before.
    """
    trained = token.low in MODEL_HEADS or (
        token.low.endswith("s") and token.low[:-1] in MODEL_HEADS
    )
    if not token.mixed or trained:
        return trained
    # The wider heads only in lowercase or as an abbreviation ("Katz ADL"): "Jane Patch"
    # may be a person, "Narcan kit" is not.
    if token.text.isupper():
        return is_head(token.low)
    return token.text.islower() and (is_head(token.low) or shaped_like_a_head(token.text))


def is_binomial(first: Token, second: Token) -> bool:
    """True for an organism written in binomial form ("Kingella kingae", "Candida auris")."""
    species = second.text
    return (
        first.capitalized
        and first.mixed
        and species.islower()
        and len(species) > 3
        and species.endswith(("ae", "i", "is", "us", "um", "a", "es", "ii", "ens", "ans"))
        and not lexicon.is_everyday_word(species)
    )


@dataclass(frozen=True, slots=True)
class Term:
    """A clinical term ``text[start:end]`` and the words a clinician would read as why."""

    start: int
    end: int
    why: str


def clinical_terms(text: str, tokens: list[Token]) -> list[Term]:
    """Return the eponym, place-named and organism terms in ``text``."""
    return sorted(_terms(text, tokens), key=lambda t: t.start)


def _terms(text: str, tokens: list[Token]) -> Iterator[Term]:
    n = len(tokens)
    for i, token in enumerate(tokens):
        if i > 0 and _head_token(token):
            term = _before_head(text, tokens, i)
            if term:
                yield term
        if token.low == "of" and 0 < i < n - 1 and tokens[i - 1].low in _OF_LEADS:
            nxt = tokens[i + 1]
            if _proper(nxt):
                yield Term(tokens[i - 1].start, nxt.end, f"eponym in '{tokens[i - 1].low} of'")
        if (
            token.capitalized  # is_binomial's own first test, asked before the gap is cut out
            and token.mixed
            and i + 1 < n
            and _adjacent(text, token, tokens[i + 1], " ")
            and is_binomial(token, tokens[i + 1])
        ):
            yield Term(token.start, tokens[i + 1].end, "organism name")
        if token.capitalized and token.mixed and _dose_after(text, token):
            yield Term(token.start, token.end, "drug name before a dose")
        if sign_after_result(text, token):
            yield Term(token.start, token.end, "eponym sign after its result")
        graded = graded_end(text, tokens, i)
        if graded is not None:
            yield Term(token.start, graded, "eponym before a grade")


def _before_head(text: str, tokens: list[Token], head_index: int) -> Term | None:
    """The proper-noun run that a head noun names, through a few ordinary words."""
    head = tokens[head_index]
    j = head_index - 1
    if head.low in RESULT_HEADS and not _proper(tokens[j]):
        return None  # "Zarnowski sign positive" is named by "sign"
    between = 0
    body = False
    # Walk back over ordinary or clinical modifiers ("Coma", "ankle", "Heart Failure"),
    # and through a learned body's name ("College of Rheumatology").
    while (
        j >= 0
        and between < _MAX_BETWEEN
        and not _proper(tokens[j])
        and not _in_place_name(tokens, j, j)
        and (_modifier(tokens[j]) or _body_link(tokens, j, body))
    ):
        if not _adjacent(text, tokens[j], tokens[j + 1], " -"):
            return None
        if tokens[j].low in BODIES and tokens[j].capitalized:
            body = True
        else:
            between += 1
        j -= 1
    end = j
    run = core = 0
    while j >= 0 and run < _MAX_RUN:
        tok = tokens[j]
        # A period joins "St. Jude" or "E. coli", never two sentences ("Okafor. Ottawa").
        joins = " -/." if len(tok.text) <= 3 else " -/"
        if not _adjacent(text, tok, tokens[j + 1], joins):
            break
        if _proper(tok) or _in_place_name(tokens, j, end):
            run += 1
            core += _core(tok)
        elif not (tok.low in _JOINERS and run and j > 0 and _proper(tokens[j - 1])):
            break
        j -= 1
    first = tokens[j + 1]
    # A town names a term only right before its head ("La Crosse virus", "Bethesda
    # category"); "to Sacred Heart Vital signs" is a place, then a sentence.
    place = run and end == head_index - 1 and _place_name(tokens[j + 1 : end + 1])
    if not core and not place and not (body and run):
        return None  # ordinary words, no eponym among them
    if tokens[end].text[-2:] in ("'s", "’s") and head.low not in _POSSESSIVE_HEADS:
        return None
    if j >= 0 and tokens[j].low in _TITLES and _adjacent(text, tokens[j], first, " ."):
        return None  # "Dr. Wells" is a person even before "score"
    return Term(first.start, head.end, f"clinical term before '{head.low}'")


def _body_link(tokens: list[Token], j: int, body: bool) -> bool:
    """ "of" in "College of Rheumatology": a small word right after a body's name."""
    return body and tokens[j].low in BODY_LINKS and j > 0 and tokens[j - 1].low in BODIES


def _place_name(run: list[Token]) -> bool:
    """ "West Haven", "La Crosse", "Bethesda": a run that is a town's whole name, capitalized."""
    return all(t.mixed and t.capitalized for t in run) and lexicon.is_place(
        " ".join(t.low for t in run)
    )


def _in_place_name(tokens: list[Token], j: int, end: int) -> bool:
    """ "Haven" of "West Haven grade": a capitalized word ending, with the one before, a town."""
    return j > 0 and _place_name(tokens[j - 1 : end + 1])


def _dose_after(text: str, token: Token) -> bool:
    """True when a dose follows ("Lyrica 75 mg", "Norco 5/325", "Seroquel XR"), not a date."""
    if DOSING_AFTER.match(text, token.bare_end):
        return True
    m = _DOSE.match(text, token.bare_end)
    if not m:
        return False
    if m.group(1) is None:
        return True
    return not (int(m.group(1)) <= 12 and int(m.group(2)) <= 31)


def _proper(token: Token) -> bool:
    """A word that may belong to an eponym run: capitalized in a mixed-case line, or a
    core word of an all-caps one ("OTTAWA", not "HOLY" or "WITH")."""
    if token.low in _FUNCTION:
        return False
    if not token.mixed:
        return token.text.isupper() and _core(token)
    if not (token.capitalized or (token.text.isupper() and len(token.text) > 1)):
        return False
    return _core(token) or token.low in lexicon.place_first_words()  # "West Haven grade"


def _core(token: Token) -> bool:
    """A word that can only be a name here: an eponym, or no ordinary word.

    In capitals a given name needs the vocabulary: "DIANE CHANGED LINES" is a nurse.
    """
    low = token.low
    if low in vocabulary()["eponym"]:
        return True
    if lexicon.is_common_word(low):
        return False
    return token.mixed or not lexicon.is_first_name(low)


def _modifier(token: Token) -> bool:
    if token.low in _FUNCTION:
        return False
    if not token.mixed:  # in capitals, only medicine links a name to its head ("COMA")
        return is_clinical(token.low)
    return (
        lexicon.is_common_word(token.low) or is_clinical(token.low) or token.low in HEADS
    ) and not lexicon.is_first_name(token.low)
