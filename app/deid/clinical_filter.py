"""Drop the findings the clinical-vocabulary layer shows to be medicine, not identifiers.

The rules that find names and places see capitalized words; this module sees
what they name. A finding is dropped, and so never shown to the clinician,
when it lies inside a clinical term (:mod:`curbside.deid.clinical_terms`:
"Ottawa ankle rules", "Sister Mary Joseph nodule"), when it rests on weak
evidence only (a dictionary hit, a capital letter) and every word of it is a
drug name or an ICD-10-CM word ("Keppra", "Camila"), or when it is an
ordinary lowercase word in a mixed-case text ("newborn", "anticoagulation
clinic"). Dates lose ordinals before an anatomical word ("5th metatarsal"),
fractions after a score or a day count ("power 4/5", "day 3/7") and a month
named alone ("in June", which dates nothing).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from curbside.deid.allowlist import words
from curbside.deid.clinical_terms import Term, clinical_terms, is_clinical, is_drug, vocabulary
from curbside.deid.findings import Finding
from curbside.deid.plain_words import as_city, explained_by_shape
from curbside.deid.tokens import Token

_WORD_LABELS = frozenset({"NAME", "LOCATION", "FACILITY"})
_WEAK_REASONS = frozenset(
    {
        "name in the Census lists",
        "given name and surname",
        "capitalized name",
        "initial and surname",
        "US city name",
        "US city after a preposition",
        "US town after a preposition",
        "hospital name",
        "same name seen elsewhere in the text",
        "same place seen elsewhere in the text",
    }
)
_SCORE_BEFORE = words(
    """
    score scores scale index grade class stage test recall power strength adl adls iadl cog
    mmse moca gcs nihss phq gad audit cage apgar apgars pain vas nrs katz barthel lawton
    """
)
"""Words a fraction scores ("MMSE 24/30", "power 4/5", "pain 7/10"): never a date."""
_DURATION_BEFORE = words("in for over within after every since x")
_DURATION_UNITS = frozenset({"7", "12", "52"})
_DATE_LIKE_CUES = words("since after every")
_PLAN_WORDS = words(
    "review follow-up followup fu f/u repeat recheck reassess see course total duration tto"
)
"""British shorthand: "in 3/12" is three months, "for 2/52" two weeks, "5/7" five days."""
_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)", re.IGNORECASE)
_ORDINAL_RANGE = re.compile(r"[–\-]\d{1,2}(?:st|nd|rd|th)", re.IGNORECASE)
_FRACTION = re.compile(r"\d{1,2}/\d{1,2}")
_GUIDE_BEFORE = re.compile(
    r"(?:recommendations?|guidelines?|guidance|criteria|protocols?|algorithms?)[ \t]+"
    r"(?:from|of|by|per|for)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
_MONTH_ALONE = re.compile(r"month after '[^']*'")
_HOLIDAYS = words(
    """
    christmas xmas easter thanksgiving halloween ramadan diwali eid hanukkah chanukah
    passover hogmanay new year years year's
    """
)
"""Feast days name a season, not a person ("over Christmas", "by New Year")."""
_DRUG_VERB_AFTER = re.compile(
    r"[ \t]+(?:was|were|is|has[ \t]+been|had[ \t]+been)[ \t]+"
    r"(?:stopped|discontinued|held|prescribed|restarted|tapered|titrated|dispensed|withdrawn"
    r"|switched|increased|decreased|reduced|uptitrated|weaned|changed|substituted)"
    r"(?=[ \t]*[.,;:)]|[ \t]*$|[ \t]+(?:for|because|due|after|at|in|and|since|when|as"
    r"|owing|until|but|by|with|without|twice|daily|once)\b)",
    re.IGNORECASE,
)
"""A medicine as the subject: "Yasmin was stopped because...", "X was prescribed for acne".

A person takes an object or "on" ("was started on", "was prescribed metformin")."""
_ACUITY_BEFORE = re.compile(
    r"(?:acuity|\bVA|vision|snellen|pinhole|\bPH)\b[^.;\n]{0,30}$", re.IGNORECASE
)
_CENTILES = words("centile centiles percentile percentiles")
_CENTILE_BEFORE = re.compile(r"\b(?:centiles?|percentiles?)\b[^.;\n]{0,60}$", re.IGNORECASE)
_STARTED_AFTER = re.compile(
    r"[ \t]+(?:was|were|is|has[ \t]+been|had[ \t]+been)[ \t]+"
    r"(?:continued|started|commenced|initiated|resumed)\b(?![ \t]+(?:on|in|at|with|by|to|from)\b)",
    re.IGNORECASE,
)
"""A person is "started on" something; "Heather was continued postpartum" is the pill."""
_SERVICE_HEADS = words("clinic clinics service services unit centre center practice")
_SERVICE_AFTER = re.compile(r"[ \t]+(?:clinics?|services?|unit|cent(?:er|re)|practice)\b")
_SEROTYPE_AFTER = re.compile(r" [A-Z0-9]\b")


def quiet(text: str, tokens: list[Token], found: Iterable[Finding]) -> list[Finding]:
    """Return ``found`` without the findings that the clinical vocabulary explains."""
    terms = clinical_terms(text, tokens)
    starts = [t.start for t in tokens]
    kept = []
    for finding in found:
        if finding.label in _WORD_LABELS and _explained(text, tokens, starts, terms, finding):
            continue
        if finding.label == "DATE" and _not_a_date(text, tokens, starts, finding):
            continue
        kept.append(as_city(text, finding))
    return kept


def _inside(terms: list[Term], finding: Finding) -> bool:
    """True when the finding shares a word with a clinical term ("San [Francisco syncope rule]")."""
    return any(t.start < finding.end and finding.start < t.end for t in terms)


def _words(tokens: list[Token], starts: list[int], finding: Finding) -> list[Token]:
    i = bisect.bisect_left(starts, finding.start)
    found = []
    while i < len(tokens) and tokens[i].start < finding.end:
        found.append(tokens[i])
        i += 1
    return found


def _explained(
    text: str, tokens: list[Token], starts: list[int], terms: list[Term], finding: Finding
) -> bool:
    if _inside(terms, finding):
        return True
    if _GUIDE_BEFORE.search(text, max(0, finding.start - 40), finding.start):
        return True
    words = _words(tokens, starts, finding)
    if not words:
        return False
    weak = finding.reason in _WEAK_REASONS or finding.reason.startswith(("before '", "name before"))
    if explained_by_shape(text, words, finding, weak):
        return True
    if not weak:
        return False
    if _not_a_person_or_place(text, words, finding):
        return True
    if all(w.mixed and w.text.islower() for w in words):
        return all(w.low in vocabulary()["clinical"] for w in words)
    return all(is_drug(w.low) for w in words)


def _not_a_person_or_place(text: str, words: list[Token], finding: Finding) -> bool:
    """Countries, feast days, a medicine as a subject, services and serotypes in lowercase."""
    seasons = all(w.low in _HOLIDAYS for w in words)
    if finding.reason in _WEAK_REASONS and (
        finding.text.lower() in vocabulary()["country"] or seasons
    ):
        return True  # "outside India", "over Christmas"; "Jordan was seen" stays a person
    if finding.label == "NAME" and _DRUG_VERB_AFTER.match(text, finding.end):
        return True  # "Yasmin was stopped because of the clot risk"
    if finding.label == "NAME" and len(words) == 1 and _STARTED_AFTER.match(text, finding.end):
        return True  # "Heather was continued postpartum": the pill, not a person
    lowercase = all(w.mixed and w.text.islower() for w in words)
    after = _SERVICE_AFTER.match(text, finding.end)
    if lowercase and (words[-1].low in _SERVICE_HEADS or after):
        return True  # "the anticoagulation clinic": a service, not a named place
    # "from coxsackie B", "with influenza A": a strain letter follows an organism.
    return (
        finding.label == "LOCATION" and lowercase and bool(_SEROTYPE_AFTER.match(text, finding.end))
    )


def _not_a_date(text: str, tokens: list[Token], starts: list[int], finding: Finding) -> bool:
    if _MONTH_ALONE.fullmatch(finding.reason):
        return True
    if _ORDINAL.fullmatch(finding.text):
        # "2nd–3rd intercostal space": a range of ordinals before the anatomy.
        span = _ORDINAL_RANGE.match(text, finding.end)
        nxt = _next_word(text, tokens, starts, span.end() if span else finding.end)
        if nxt is not None and nxt.low in _CENTILES:
            return True  # "on the 9th centile"
        if _CENTILE_BEFORE.search(text, max(0, finding.start - 70), finding.start):
            return True  # "weight on the 9th centile, height on the 25th"
        return nxt is not None and is_clinical(nxt.low) and not _month(nxt.low)
    if _FRACTION.fullmatch(finding.text):
        if text[finding.start - 1 : finding.start].isalpha():
            return True  # "L4/5", "C5/6": a spinal level, the letter glued on
        numerator, _, unit = finding.text.partition("/")
        if numerator in ("6", "20") and _ACUITY_BEFORE.search(
            text, max(0, finding.start - 40), finding.start
        ):
            return True  # "visual acuity 6/9 right and 6/12 left": Snellen fractions
        prev = _previous_word(text, tokens, starts, finding.start)
        if prev is not None and prev.low == "day" and finding.text.endswith("/7"):
            return True  # "day 3/7": the third of seven days
        # "10/7" is ten days, but "since 8/7" is a date: a long count of days needs a
        # cue of length ("for", "course of"), months and weeks stay under a year.
        long_days = unit == "7" and int(numerator) >= 7
        if unit in _DURATION_UNITS and (long_days or int(numerator) < int(unit)):
            cued = prev is not None and (prev.low in _DURATION_BEFORE or _course(tokens, prev))
            if cued and not (long_days and prev is not None and prev.low in _DATE_LIKE_CUES):
                return True  # "follow-up in 3/12", "review 3/12", "course of 10/7"
        # "Mini-Cog 2/5": the last part of a hyphenated test name counts too.
        return prev is not None and prev.low.rpartition("-")[2] in _SCORE_BEFORE
    return False


def _course(tokens: list[Token], prev: Token) -> bool:
    """ "review 3/12", "course of 10/7": a plan or a course before British shorthand."""
    if prev.low in _PLAN_WORDS:
        return True
    before = tokens[prev.position - 1] if prev.position > 0 else None
    return prev.low == "of" and before is not None and before.low in _PLAN_WORDS


def _month(word: str) -> bool:
    return word[:3] in {
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    }


def _next_word(text: str, tokens: list[Token], starts: list[int], offset: int) -> Token | None:
    """The word right after ``offset`` across one space ("5th metatarsal", not "11th. One")."""
    i = bisect.bisect_left(starts, offset)
    return tokens[i] if i < len(tokens) and text[offset : tokens[i].start] == " " else None


def _previous_word(text: str, tokens: list[Token], starts: list[int], offset: int) -> Token | None:
    """The word right before ``offset`` across one space or a colon ("power 4/5")."""
    i = bisect.bisect_left(starts, offset) - 1
    return tokens[i] if i >= 0 and text[tokens[i].end : offset] in (" ", ": ", ":") else None
