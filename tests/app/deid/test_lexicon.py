"""The PHI guard's word lists: shipped prebuilt, opened on first use, rebuilt byte for byte."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable

import pytest
from curbside.deid import lexicon, wordstore
from curbside.deid.clinical_terms import is_clinical, is_drug, vocabulary

_SOURCE_PACKAGES = ("names", "english_words", "spellchecker", "zipcodes")

_PROBE = """
import json, sys
import curbside.deid
from curbside.deid import wordstore
imported = {"loaded": wordstore.is_loaded(), "marisa": "marisa_trie" in sys.modules}
curbside.deid.detect("Seen by Dr. Rose Alvarez in Springfield, MA 01101.")
sources = [m for m in ("names", "english_words", "spellchecker", "zipcodes") if m in sys.modules]
print(json.dumps({**imported, "loaded_after_scan": wordstore.is_loaded(), "sources": sources}))
"""


def test_import_loads_no_data_and_a_scan_never_touches_the_source_packages() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    state = json.loads(out.stdout)
    assert state == {"loaded": False, "marisa": False, "loaded_after_scan": True, "sources": []}


@pytest.mark.parametrize(
    ("check", "word", "expected"),
    [
        (lexicon.is_first_name, "Rose", True),
        (lexicon.is_first_name, "bob", True),  # a short form added to the Census list
        (lexicon.is_first_name, "hypertension", False),
        (lexicon.is_surname, "ALVAREZ", True),
        (lexicon.is_surname, "patient", False),
        (lexicon.is_common_word, "rose", True),  # a name that is also an ordinary word
        (lexicon.is_common_word, "john", False),  # frequent, but only ever a proper noun
        (lexicon.is_common_word, "okay", True),
        (lexicon.is_dictionary_word, "night", True),
        (lexicon.is_dictionary_word, "ibm", False),
        (lexicon.is_everyday_word, "visited", True),
        (lexicon.is_everyday_word, "romero", False),
        (lexicon.is_very_frequent_word, "left", True),
        (lexicon.is_very_frequent_word, "haven", False),
        (lexicon.is_place, "Springfield", True),
        (lexicon.is_place, "stethoscope", False),
        (lexicon.is_person_name, "smith", True),
        (is_drug, "Keppra", True),
        (is_clinical, "pneumonia", True),
        (is_clinical, "alvarez", False),
        (lexicon.is_first_name, "", False),
        (lexicon.is_first_name, "\ud800", False),  # a lone surrogate from a bad paste
    ],
)
def test_lookup(check: Callable[[str], bool], word: str, expected: bool) -> None:
    assert check(word) is expected


def test_lists_read_like_sets() -> None:
    assert "new haven" in lexicon.us_places() and "new" in lexicon.place_first_words()
    assert "02115" in lexicon.zip_codes() and "00000" not in lexicon.zip_codes()
    assert 2115 not in lexicon.zip_codes()
    assert len(lexicon.first_names()) > 5_000 and len(lexicon.surnames()) == 60_000
    drugs = vocabulary()["drug"]
    assert len(drugs) == sum(1 for _ in drugs) and "heparin" in set(drugs)


def test_memo_stays_bounded() -> None:
    for i in range(wordstore._CACHE_LIMIT + 10):
        lexicon.is_surname(f"zz{i}")
    assert len(wordstore._memo) <= wordstore._CACHE_LIMIT
    assert lexicon.is_surname("smith")


@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in _SOURCE_PACKAGES),
    reason="needs the train extra",
)
def test_lexicon_file_is_rebuilt_byte_for_byte() -> None:
    from curbside.deid.train import build_lexicon

    assert build_lexicon.build() == build_lexicon.OUTPUT.read_bytes()
