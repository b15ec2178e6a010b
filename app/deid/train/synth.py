"""Synthetic notes for training the name model: templates filled by Faker in 30 locales.

Names come only from the *training half* of each locale's name lists (a
stable hash of the name decides the half, :func:`half`), so the evaluation
set in ``tests/data/deid/names_multilocale.jsonl`` is built from names the
model has never seen, in sentence frames it has never seen either.
Negative sentences come from the clinical vocabulary: eponyms before head
nouns, drug names before doses, organisms, scores with numbers.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

TRADITIONS: dict[str, tuple[str, ...]] = {
    "irish": ("ga_IE", "en_IE"),
    "slavic": ("pl_PL", "cs_CZ", "sk_SK", "hr_HR", "sl_SI"),
    "west_african": ("yo_NG", "ig_NG", "ha_NG", "en_NG", "tw_GH"),
    "south_asian": ("en_IN", "en_PK"),
    "east_asian": ("ja_JP", "zh_CN", "zh_TW", "vi_VN"),
    "hispanic": ("es_MX", "es_ES", "es_CO", "es_AR", "pt_BR"),
    "anglo_european": ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "nl_NL"),
    "other": ("tr_TR", "hu_HU", "fi_FI", "zu_ZA", "en_KE", "id_ID", "ro_RO"),
}
"""Naming traditions and the Faker locales that stand for each (31 locales)."""

_ROMANIZED = frozenset({"ja_JP", "zh_CN", "zh_TW"})
TRAIN, TEST = 0, 1
_NAME_SLOTS = frozenset({"first", "last", "full", "first2", "last2"})


def half(name: str) -> int:
    """Which half (:data:`TRAIN` or :data:`TEST`) a name belongs to; stable across runs."""
    return zlib.crc32(name.casefold().encode("utf-8")) % 2


@dataclass(frozen=True)
class Person:
    """A generated person: given name, surname, and whether the frames say "she"."""

    first: str
    last: str
    female: bool


def person(faker: object, locale: str, want: int, rng: random.Random) -> Person:
    """Draw a person whose given name and surname both fall in half ``want``."""
    f = faker
    for _ in range(5000):
        female = rng.random() < 0.5
        if locale in _ROMANIZED:
            first = f.first_romanized_name().title()  # type: ignore[attr-defined]
            last = f.last_romanized_name().title()  # type: ignore[attr-defined]
        else:
            first = f.first_name_female() if female else f.first_name_male()  # type: ignore[attr-defined]
            if female and hasattr(f, "last_name_female"):
                last = f.last_name_female()
            else:
                last = f.last_name()  # type: ignore[attr-defined]
        first = first.split()[0]
        if half(first) == want and half(last) == want:
            return Person(first, last, female)
    raise RuntimeError(f"no name in half {want} for {locale}")


def render(
    frame: str, who: Person, rng: random.Random, case: str, extra: dict[str, str] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """Fill ``frame``'s slots; return the text and the name spans in it.

    Slots: ``{first}``, ``{last}``, ``{full}`` (names), ``{initial}`` (joins the
    name before it), ``{age}``, ``{sex}``, ``{title}``, ``{pron}`` and any in ``extra``.
    """
    slots = {
        "first": who.first,
        "last": who.last,
        "full": f"{who.first} {who.last}",
        "initial": rng.choice("ABCDEFGHJKLMNPRSTW"),
        "age": str(rng.randint(19, 88)),
        "sex": "woman" if who.female else "man",
        "title": "Ms." if who.female else "Mr.",
        "pron": "she" if who.female else "he",
        **(extra or {}),
    }
    text = ""
    spans: list[list[int]] = []
    i = 0
    while i < len(frame):
        j = frame.find("{", i)
        if j < 0:
            text += frame[i:]
            break
        text += frame[i:j]
        k = frame.index("}", j)
        key = frame[j + 1 : k]
        value = slots[key]
        if key in _NAME_SLOTS:
            spans.append([len(text), len(text) + len(value)])
        elif key == "initial" and spans and spans[-1][1] == len(text) - 1:
            spans[-1][1] = len(text) + len(value)
        text += value
        i = k + 1
    if case == "upper":
        text = text.upper()
    elif case == "lower":
        text = text.lower()
    return text, [(s, e) for s, e in spans]


def locales() -> Iterator[tuple[str, str]]:
    """Every (tradition, locale) pair."""
    for tradition, names in TRADITIONS.items():
        for locale in names:
            yield tradition, locale
