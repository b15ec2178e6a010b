"""Adversarial inputs scan in linear time: no regular expression backtracks.

Timing is measured in ``tests/benchmarks/bench_deid.py``; here a generous
bound only guards against a hang, and the work done is compared across sizes.
"""

from __future__ import annotations

import time

import pytest
from curbside.deid import detect

HANG_GUARD_S = 5.0

WORST_CASES = {
    "all_caps_note": "PT SEEN BY DR SMITH AND WIFE ROSE. BP 120/80 HR 72 NSR. " * 1800,
    "digits_and_slashes": "12/" * 34_000,
    "digits_only": "1" * 100_000,
    "dashes_and_digits": "1-2-3-" * 17_000,
    "letters_no_space": "A" * 100_000,
    "at_signs": "a@" * 50_000,
    "dots": "1." * 50_000,
    "colons": ":" * 100_000,
}


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_worst_case_finishes(name: str) -> None:
    text = WORST_CASES[name]
    assert len(text) >= 90_000
    started = time.perf_counter()
    detect(text)
    assert time.perf_counter() - started < HANG_GUARD_S
