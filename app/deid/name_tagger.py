"""Running the name model's CRF over a window of words: the tagger, and what a window is made of.

The weights (``data/name_crf.bin``) are opened once per process; one
python-crfsuite tagger is shared by every thread under a lock. A window's
:func:`window_key` is everything its features are built from, so a text that
repeats a window (a template, 100 KB of the same capitals) is read once.
"""

from __future__ import annotations

import functools
import itertools
import threading
from typing import Any

from curbside.deid.name_features import features
from curbside.deid.tokens import Token
from curbside.deid.wordstore import DATA_DIR

_LOCK = threading.Lock()


@functools.cache
def _tagger() -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(DATA_DIR / "name_crf.bin"))
    return tagger


WindowKey = tuple[tuple[str, ...], tuple[bool, ...], tuple[str, ...]]


def window_key(text: str, tokens: list[Token]) -> WindowKey:
    """Everything the window's features are made of: its words, their lines' case, the gaps."""
    gaps = tuple(text[a.end : b.start] for a, b in itertools.pairwise(tokens))
    return tuple(t.text for t in tokens), tuple(t.mixed for t in tokens), gaps


def marginals(text: str, tokens: list[Token]) -> list[float]:
    """The model's probability that each word of the window is part of a name."""
    xseq = features(text, tokens)
    with _LOCK:  # one crfsuite tagger, shared by threads
        tagger = _tagger()
        tagger.set(xseq)
        return [tagger.marginal("N", i) for i in range(len(tokens))]
