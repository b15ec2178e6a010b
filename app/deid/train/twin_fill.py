"""Fill the twin frames (:mod:`curbside.deid.train.twins`) for the name model's training notes.

:func:`person_frame` turns a twin frame into an ordinary person frame (its
slot becomes ``{first}``, ``{full}``, ``{title} {last}`` and so on) for
:func:`curbside.deid.train.synth.render`; :func:`clinical_sentence` fills the
same frame, or a person-free sentence, with clinical capitalized words, so the
model sees each shape with and without a person in it.
"""

from __future__ import annotations

import functools
import random

from curbside.deid.clinical_terms import MODEL_HEADS, vocabulary
from curbside.deid.train.twins import (
    CALENDAR,
    CAPITALIZED,
    DEVICES,
    LANGUAGES,
    NEGATIVES,
    SERVICES,
    TWINS,
)

_FORMS = {
    "f": "{first}",
    "F": "{full}",
    "t": "{title} {last}",
    "i": "{first} {initial}.",
    "l": "{last}",
    "c": "{last}, {first}",
}
_KINDS = "SDEMPOWHVL"


def person_frame(rng: random.Random) -> str:
    """A twin frame with a person in its slot (a lone given name half the time it may be)."""
    frame, forms, _ = rng.choice(TWINS)
    form = "f" if "f" in forms and rng.random() < 0.5 else rng.choice(forms)
    return frame.replace("{X}", _FORMS[form])


def clinical_sentence(rng: random.Random, slots: dict[str, str]) -> str:
    """A twin frame, or a person-free sentence, filled with clinical words (no person)."""
    if rng.random() < 0.4:
        sentence = rng.choice(NEGATIVES)
    else:
        frame, _, kinds = rng.choice(TWINS)
        kind = rng.choice(kinds)  # a kind that fits the sentence, as a clinician writes it
        sentence = frame.replace("{X}", "{" + kind + "}")
    for kind in _KINDS:
        while "{" + kind + "}" in sentence:
            sentence = sentence.replace("{" + kind + "}", _filler(kind, rng, slots), 1)
    return sentence  # "{last2}" stays: render() fills it with a second, labelled person


@functools.cache
def _pool(name: str) -> tuple[str, ...]:
    """A sorted word list (sorted, so a seeded draw is the same on every run)."""
    if name == "head":
        return tuple(sorted(MODEL_HEADS))
    return tuple(sorted(vocabulary()[name]))


def _filler(kind: str, rng: random.Random, slots: dict[str, str]) -> str:
    if kind == "S":
        return rng.choice(SERVICES)
    if kind == "D":
        word = rng.choice(_pool("drug"))
        return word.title() if rng.random() < 0.8 else word.upper()
    if kind == "E":
        return f"{rng.choice(_pool('eponym')).title()} {rng.choice(_pool('head'))}"
    if kind == "M":
        return rng.choice(CALENDAR)
    if kind == "P":
        return slots["place"]
    if kind == "O":
        return f"{slots['genus']} {slots['species']}"
    if kind == "W":
        if rng.random() < 0.5:
            return rng.choice(CAPITALIZED)
        return rng.choice(_pool("clinical")).title()
    if kind == "V":
        return rng.choice(DEVICES)
    if kind == "L":
        return rng.choice(LANGUAGES)
    word = rng.choice(_pool("drug" if rng.random() < 0.6 else "clinical"))
    return word[: rng.randint(3, 5)].title()  # note-speak: "Levo", "Vanc", "Hepa"
