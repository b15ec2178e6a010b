"""Names in the working frames: a third set, of unseen names in shapes no rule spells out.

``tests/data/deid/names_dev_frames.jsonl`` (built by ``build_dev_frames.py``)
holds 1,280 cases, 160 per naming tradition: names from the test half of
Faker's lists in 40 frames written before the name model's twin training
frames. Its misses may be read while working (unlike the held-out frames), so
its figure is a development figure. A name counts as caught when any finding
overlaps it.
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
    for line in (DATA / "names_dev_frames.jsonl").read_text(encoding="utf-8").splitlines()
]
TRADITIONS = sorted({row["tradition"] for row in ROWS})
TARGET = 0.97

DEV_RECALL: dict[str, float] = {
    "anglo_european": 0.871,
    "east_asian": 0.788,
    "hispanic": 0.891,
    "irish": 0.88,
    "other": 0.771,
    "slavic": 0.778,
    "south_asian": 0.719,
    "west_african": 0.762,
}
"""Recall per tradition, measured 2026-12-02 (see the comment on the floor test)."""


def _builder() -> object:
    spec = importlib.util.spec_from_file_location("build_dev_frames", DATA / "build_dev_frames.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _recall(tradition: str) -> float:
    return name_recall(detect, ROWS, tradition)


def test_the_set_covers_every_tradition_with_unseen_names() -> None:
    from curbside.deid.train.synth import TEST, half

    assert min(Counter(row["tradition"] for row in ROWS).values()) >= 150
    assert len({row["locale"] for row in ROWS}) >= 20
    assert all(half(name) == TEST for row in ROWS for name in row["person"])
    for row in ROWS:
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]


@pytest.mark.skipif(importlib.util.find_spec("faker") is None, reason="needs the train extra")
def test_jsonl_is_built_from_the_builder() -> None:
    built = _builder().build()  # type: ignore[attr-defined]
    assert built == (DATA / "names_dev_frames.jsonl").read_text(encoding="utf-8")


def test_the_trainer_uses_none_of_these_frames() -> None:
    from curbside.deid.train.frames import NAME_FRAMES
    from curbside.deid.train.twins import TWINS

    dev = set(_builder().DEV_FRAMES)  # type: ignore[attr-defined]
    assert not dev & set(NAME_FRAMES)
    # Nor a twin frame that reads the same once its slot is filled with "{first}".
    assert not dev & {frame.replace("{X}", "{first}") for frame, _, _ in TWINS}


# Measured 2026-12-02. Before the twin frames (main at 883380c): 0.539 (south
# Asian) to 0.874 (Hispanic), 0.695 overall. With the twin-frame name model and
# lone names in prose: 0.760-0.908 (0.835) with a lone name kept after any plain
# word; with the rule narrowed to a person's verb ("saw", "spoke with"), which
# the PhysioNet test half's precision asked for: 0.719 (south Asian) to 0.891
# (Hispanic), 0.808 overall.
# In-sample in part: these misses were read while the lone-word gates and a few
# twin frames ("{X} from radiology", "Bed 2 ({X})", "Hi all, {X}") were written.
# Under target (0.97) everywhere; a name in an all-capitals line with no cue is
# the largest share of what is left (73 of 277 misses before the last frames).
@pytest.mark.parametrize("tradition", TRADITIONS)
def test_name_recall_on_dev_frames_stays_at_its_figure(tradition: str) -> None:
    assert _recall(tradition) >= DEV_RECALL[tradition] - 0.005


@pytest.mark.parametrize(
    "tradition",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=f"recall {DEV_RECALL[t]}"))
        for t in sorted(DEV_RECALL)
    ],
)
def test_name_recall_on_dev_frames_meets_the_target(tradition: str) -> None:
    assert _recall(tradition) >= TARGET
