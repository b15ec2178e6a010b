"""The PHI guard's word lists in one compact file, opened on first use.

``data/lexicon.marisa`` (built by :mod:`curbside.deid.train.build_lexicon`)
holds every word of every list once: a marisa trie gives each word an id, and
a 16-bit mask per id says which lists the word is on. Compared with Python
sets of strings (what the lists used to be, built from their source packages
on each first scan: ~1.5 s, ~100 MB), the file opens in a few milliseconds and
takes ~2 MB. A trie lookup costs a few hundred nanoseconds, so the masks of
recently seen words are kept in a small dictionary: a note repeats its words.

Layout: a header line ``curbside-lexicon 1 <category,...>\\n``, the key count
(uint32, little-endian), one uint16 mask per key id (little-endian), then the
trie as ``marisa_trie.Trie.tobytes()`` writes it.
"""

from __future__ import annotations

import array
import functools
import struct
import sys
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import marisa_trie

DATA_DIR = Path(__file__).resolve().parent / "data"
LEXICON_FILE = DATA_DIR / "lexicon.marisa"

CATEGORIES = (
    "common",
    "dictionary",
    "everyday",
    "very_frequent",
    "first",
    "surname",
    "place",
    "place_first",
    "zip",
    "clinical",
    "eponym",
    "drug",
    "country",
)
"""The lists, in bit order (bit ``i`` of a mask is ``CATEGORIES[i]``); part of the file format."""

BIT = {name: 1 << i for i, name in enumerate(CATEGORIES)}

_S = TypeVar("_S")
_HEADER = ("curbside-lexicon 1 " + ",".join(CATEGORIES) + "\n").encode("ascii")
_COUNT = struct.Struct("<I")
_CACHE_LIMIT = 32_768
"""Masks remembered before the memo starts afresh (bounds memory on adversarial text)."""


class LexiconError(RuntimeError):
    """The shipped lexicon file is missing or not what this version expects (a packaging bug)."""


def encode(lists: dict[str, Iterable[str]]) -> bytes:
    """Return the file's bytes for ``lists`` (category name -> words); deterministic."""
    import marisa_trie

    masks: dict[str, int] = {}
    for name, found in lists.items():
        for word in found:
            masks[word] = masks.get(word, 0) | BIT[name]
    trie = marisa_trie.Trie(sorted(masks))
    by_id = array.array("H", bytes(2 * len(trie)))
    for word, mask in masks.items():
        by_id[trie[word]] = mask
    if sys.byteorder != "little":
        by_id.byteswap()
    return _HEADER + _COUNT.pack(len(trie)) + by_id.tobytes() + trie.tobytes()


@functools.cache
def _store() -> tuple[marisa_trie.Trie, array.array[int]]:
    """Open the lexicon file once per process."""
    import marisa_trie

    try:
        data = LEXICON_FILE.read_bytes()
    except OSError as exc:
        raise LexiconError(f"The PHI word lists are missing ({exc}); reinstall Curbside.") from exc
    if not data.startswith(_HEADER):
        raise LexiconError("The PHI word lists are from another version; reinstall Curbside.")
    (count,) = _COUNT.unpack_from(data, len(_HEADER))
    start = len(_HEADER) + _COUNT.size
    masks = array.array("H")
    masks.frombytes(data[start : start + 2 * count])
    if sys.byteorder != "little":
        masks.byteswap()
    trie = marisa_trie.Trie().frombytes(data[start + 2 * count :])
    if len(trie) != count:
        raise LexiconError("The PHI word lists are damaged; reinstall Curbside.")
    return trie, masks


class _Memo(dict[str, int]):
    """The masks of recently seen words; a missing word is looked up in the trie."""

    def __missing__(self, word: str) -> int:
        trie, masks = _store()
        try:
            key = trie.get(word) if isinstance(word, str) else None
        except UnicodeEncodeError:  # a lone surrogate: no listed word contains one
            key = None
        found = 0 if key is None else masks[key]
        if isinstance(word, str):
            if len(self) >= _CACHE_LIMIT:
                self.clear()
            self[word] = found
        return found


_memo = _Memo()
mask = _memo.__getitem__
"""Return the bit mask of the lists a word (exact, lowercase as listed) is on; 0 if none.

A bound ``dict.__getitem__``: a word seen before costs no Python call at all."""


def is_loaded() -> bool:
    """True once the file has been opened in this process (importing opens nothing)."""
    return _store.cache_info().currsize > 0


class WordSet(Set[str]):
    """One list of the lexicon, read like a frozenset: ``word in places``, ``sorted(drugs)``.

    Membership is exact (lists hold lowercase words); iteration yields the
    words in sorted order; comparisons with sets work as for sets.
    """

    __slots__ = ("_bit", "_members", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._bit = BIT[name]
        self._members: tuple[str, ...] | None = None

    def __contains__(self, word: object) -> bool:
        return bool(mask(word) & self._bit)  # type: ignore[arg-type]  # any hashable, like a set

    def __iter__(self) -> Iterator[str]:
        return iter(self.members())

    def __len__(self) -> int:
        return len(self.members())

    def members(self) -> tuple[str, ...]:
        """The list's words, sorted; collected once (only the trainer and tests iterate)."""
        if self._members is None:
            trie, masks = _store()
            bit = self._bit
            self._members = tuple(sorted(w for w, key in trie.items() if masks[key] & bit))
        return self._members

    @classmethod
    def _from_iterable(cls, it: Iterable[_S]) -> frozenset[_S]:
        """``places - states``, ``drugs | extra``: set operations give a plain frozenset."""
        return frozenset(it)

    def __repr__(self) -> str:
        return f"WordSet({self.name!r})"


@functools.cache
def word_set(name: str) -> WordSet:
    """Return the list called ``name`` (one of :data:`CATEGORIES`)."""
    return WordSet(name)
