"""Offline word lists behind the PHI detector: who is a person, what is a word, where is a place.

The lists are derived at build time (``make train-deid``, see
:mod:`curbside.deid.train.build_lexicon`, which says why each source was
chosen) from public-domain data shipped by PyPI packages: the US Census
Bureau's 1990 name lists (``names``), Webster's Second (``english-words``),
English word frequencies from film subtitles (``pyspellchecker``), every US
ZIP code with its city and county (``zipcodes``) and the clinical vocabulary
(:mod:`curbside.deid.train.build_vocab`). The app ships the result as one
compact file (:mod:`curbside.deid.wordstore`) and opens it on the first
lookup; importing this module loads nothing.

All lists hold lowercase words; the ``is_*`` helpers lowercase for the caller.
"""

from __future__ import annotations

from curbside.deid.wordstore import BIT, WordSet, mask, word_set

_COMMON = BIT["common"]
_DICTIONARY = BIT["dictionary"]
_EVERYDAY = BIT["everyday"]
_VERY_FREQUENT = BIT["very_frequent"]
_FIRST = BIT["first"]
_SURNAME = BIT["surname"]
_PERSON = _FIRST | _SURNAME
_PLACE = BIT["place"]


def first_names() -> WordSet:
    """Given names from the Census lists (male and female) and common short forms."""
    return word_set("first")


def surnames() -> WordSet:
    """Census surnames up to rank 60,000 (rarer ones are mostly spelling variants)."""
    return word_set("surname")


def common_words() -> WordSet:
    """Ordinary English words in frequent use ("called", "rose"; not "john", "romero")."""
    return word_set("common")


def us_places() -> WordSet:
    """US city and county names (county without the word "County"; "new haven" as one entry)."""
    return word_set("place")


def place_first_words() -> WordSet:
    """First words of the US city and county names written in more than one word ("new")."""
    return word_set("place_first")


def zip_codes() -> WordSet:
    """Every five-digit US ZIP code in use."""
    return word_set("zip")


def is_common_word(word: str) -> bool:
    """Return True when ``word`` (any case) is an ordinary lowercase English word."""
    return bool(mask(word.lower()) & _COMMON)


def is_dictionary_word(word: str) -> bool:
    """Return True when ``word`` is a lowercase entry of Webster's Second ("night", not "ibm")."""
    return bool(mask(word.lower()) & _DICTIONARY)


def is_everyday_word(word: str) -> bool:
    """Return True when ``word`` is in frequent everyday use (not merely in a dictionary)."""
    return bool(mask(word.lower()) & _EVERYDAY)


def is_very_frequent_word(word: str) -> bool:
    """Return True for the ~3,000 commonest words ("in", "left"): a phrase of them is prose."""
    return bool(mask(word.lower()) & _VERY_FREQUENT)


def is_first_name(word: str) -> bool:
    """Return True when ``word`` is a Census given name."""
    return bool(mask(word.lower()) & _FIRST)


def is_surname(word: str) -> bool:
    """Return True when ``word`` is a Census surname."""
    return bool(mask(word.lower()) & _SURNAME)


def is_place(word: str) -> bool:
    """Return True when ``word`` is a US city or county name."""
    return bool(mask(word.lower()) & _PLACE)


def is_person_name(word: str) -> bool:
    """Return True when ``word`` is a Census given name or surname."""
    return bool(mask(word.lower()) & _PERSON)
