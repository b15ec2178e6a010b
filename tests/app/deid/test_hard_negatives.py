"""De-identified sentences dense with eponyms, scores, place-named terms, brand drugs and numbers.

Two sets, both written for issue 17 from clinical knowledge, without looking at
any corpus: ``hard_negatives.tsv`` (1,734 sentences: 695 from the first pass; 298
then 208 added in the second with named scores, units, ventilator settings,
Snellen fractions, place-named viruses, instruments, dressings, brand drugs and
abbreviations that look like titles; 203 in the third with named procedures,
radiology signs, microbiology, ophthalmology, obstetrics, psychiatry scales,
growth, pharmacy brands and units, then 330 probe sentences in six batches) is
the development set the clinical-vocabulary layer is tuned on; ``hard_negatives_heldout.tsv`` (295
sentences, other eponyms, scores and drugs) was written before any tuning and
scored only at the end. Every finding in either is a false alarm.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from curbside.deid import detect

DATA = Path(__file__).resolve().parents[2] / "data" / "deid"
TARGET = 0.01
"""Issue 17: at most 1% of de-identified sentences flagged."""


def _rows(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            kind, sentence = line.split("\t")
            rows.append((kind, sentence))
    return rows


DEV = _rows("hard_negatives.tsv")
HELD_OUT = _rows("hard_negatives_heldout.tsv")


def _flagged(rows: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    return [(s, [f"{f.label} {f.text!r}" for f in found]) for _, s in rows if (found := detect(s))]


def test_the_sets_are_the_size_the_issue_asks_for() -> None:
    assert len(DEV) >= 300 and len(HELD_OUT) >= 250
    assert not {s for _, s in DEV} & {s for _, s in HELD_OUT}
    kinds = Counter(kind for kind, _ in DEV + HELD_OUT)
    assert {"eponym", "score", "place", "organism", "drug", "time", "anatomy", "guideline"} <= set(
        kinds
    )


# Measured 2026-12-01 (issue 17). Before the clinical-vocabulary layer: 68 of 695
# (9.8%) and 20 of 295 (6.8%) flagged; after: 13 of 695 (1.9%) on the set it was
# tuned on, 8 of 295 (2.7%) on the held-out set. Second pass (in-sample: its rules
# were written from the development set's misses): 1 of the first 695 is flagged,
# and of the 298 sentences added then 9 were flagged at first sight (2.8%) and 4
# after the rules they prompted; of the 208 after them 6 at first sight (2.8%) and
# 4 after (all four a title before an everyday word, "Dr. Google", kept on purpose:
# a title is nearly always followed by a name). So 9 of 1,201 (0.75%) meet the
# target. The held-out set was scored after each batch (its count only, never its
# sentences): 8 of 295 every time, so the rules written from fresh sentences do
# not reach its misses, and that test stays a strict expected failure.
# Third pass (2026-12-02), general rules only: the 203 new sentences were written
# before any rule for them and 4 were flagged at first sight (1.97%); the probe
# batches after them 2 of 90, 2 of 80, 3 of 60, 1 of 40, 3 of 60, 6 of 20 at
# first sight (each batch's rules written after its count was taken; 16 probe
# sentences the set already had were dropped, and 4 that the held-out set also
# holds, found by the disjointness test below: none of those 4 had been flagged,
# so no rule was written from them). The whole
# development set: 8 of 1,734 (0.46%; six a title before an everyday word, kept
# on purpose, "ROUX EN Y" in capitals and "Junel Fe"). The held-out set, scored
# five times after batches of general rules (count only, never its sentences):
# 8, 7, 5, 4, 4 of 295. After the name pass merged beside it (its lone-name
# gates), 3 of 295 (1.0%) and 9 of 1,734 development sentences (0.52%). Still
# above the 1% target (at most 2 sentences): a strict expected failure with the
# floor at 3.
def test_development_set_meets_the_target() -> None:
    flagged = _flagged(DEV)
    assert len(flagged) <= TARGET * len(DEV), flagged


def test_held_out_set_stays_at_its_measured_figure() -> None:
    assert len(_flagged(HELD_OUT)) <= 3


@pytest.mark.xfail(strict=True, reason="3 of 295 (1.02%) flagged; target 1%")
def test_held_out_set_meets_the_target() -> None:
    flagged = _flagged(HELD_OUT)
    assert len(flagged) <= TARGET * len(HELD_OUT), flagged
