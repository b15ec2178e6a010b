"""The guard on exam vignettes: de-identified clinical text it should let through.

MedQA and AgentClinic items live beside the repository (``../shared/data`` or
``$CURBSIDE_VIGNETTES_DIR``; see :mod:`tests.deid_vignettes`); these tests read
them in place and skip, saying why, when they are not there. Each set is split
by item id: rules may be written looking at the development half, the test half
is only scored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from curbside.deid import detect

from tests import deid_vignettes
from tests.deid_vignettes import CleanRate, Vignette, available, clean_rate, load, split

TARGET = 0.01
"""At most 1% of de-identified items flagged, as for the hard-negative sentences."""

# Measured 2026-12-02 (issue 17). Before this pass the guard flagged 244 of the
# 636 MedQA development items (38.4%: lettered answer options read as "initial and
# surname", "He says" as a name, temperatures as ages) and 9 of 107 AgentClinic
# development items (8.4%). After the general rules written from the development
# halves: 4 of 636 (0.63%) and 1 of 107 (0.93%), and of those five, four are real
# Safe Harbor identifiers the vignettes carry (an age of 95; St. Louis, Missouri
# twice; Philadelphia, PA), one a false alarm ("his upstate cabin"). The test
# halves, scored once at the end and never read: MedQA 274 of 637 (43.0%) before,
# 22 (3.45%) after; AgentClinic 9 of 107 (8.4%) before, 6 (5.6%) after. Some of
# those may be real identifiers too (two are ages over 89); they were not looked
# at, so the test halves stay strict expected failures carrying their figures.
FLOORS = {"medqa": 22, "agentclinic": 6}
"""Items flagged in each test half when it was scored (its figure may only fall)."""


def _skip_reason(name: str) -> str:
    return (
        f"{name} not found under {deid_vignettes.vignettes_dir()} "
        f"(set ${deid_vignettes.VIGNETTES_ENV} or place shared/ beside the repository)"
    )


@pytest.fixture(scope="module", params=sorted(deid_vignettes.SETS))
def halves(request: pytest.FixtureRequest) -> tuple[str, list[Vignette], list[Vignette]]:
    name = str(request.param)
    if not available(name):
        pytest.skip(_skip_reason(name))
    dev, test = split(load(name))
    return name, dev, test


@pytest.fixture(scope="module")
def rates(halves: tuple[str, list[Vignette], list[Vignette]]) -> dict[str, CleanRate]:
    _, dev, test = halves
    return {"dev": clean_rate(detect, dev), "test": clean_rate(detect, test)}


@pytest.fixture
def record(
    halves: tuple[str, list[Vignette], list[Vignette]],
    rates: dict[str, CleanRate],
    record_property: Callable[[str, object], None],
) -> dict[str, CleanRate]:
    record_property(
        f"{halves[0]}_clean_rate", json.dumps({k: v.as_dict() for k, v in rates.items()})
    )
    return rates


def test_every_item_is_read_and_the_halves_are_fixed(
    halves: tuple[str, list[Vignette], list[Vignette]],
) -> None:
    name, dev, test = halves
    sizes = {"medqa": 1273, "agentclinic": 214}
    assert len(dev) + len(test) == sizes[name]
    assert len(dev) == sizes[name] // 2
    assert not {v.id for v in dev} & {v.id for v in test}
    again, _ = split(list(reversed(dev + test)))
    assert {v.id for v in again} == {v.id for v in dev}
    assert all(v.text.strip() for v in dev + test)


def test_development_half_meets_the_target(
    halves: tuple[str, list[Vignette], list[Vignette]], record: dict[str, CleanRate]
) -> None:
    assert record["dev"].share <= TARGET, record["dev"].as_dict()


def test_test_half_stays_at_its_figure(
    halves: tuple[str, list[Vignette], list[Vignette]], record: dict[str, CleanRate]
) -> None:
    assert record["test"].flagged <= FLOORS[halves[0]], record["test"].as_dict()


@pytest.mark.xfail(strict=True, reason="test halves: MedQA 3.45%, AgentClinic 5.6% flagged")
def test_test_half_meets_the_target(record: dict[str, CleanRate]) -> None:
    assert record["test"].share <= TARGET, record["test"].as_dict()


def test_env_var_points_the_loader_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "medqa-us"
    folder.mkdir()
    row = {
        "realidx": 7,
        "question": "A 40-year-old man has chest pain. Which test next?",
        "options": {"A": "ECG", "B": "Troponin"},
        "answer_idx": "A",
    }
    (folder / "test.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setenv(deid_vignettes.VIGNETTES_ENV, str(tmp_path))
    assert deid_vignettes.vignettes_dir() == tmp_path
    assert available("medqa") and not available("agentclinic")
    (item,) = load("medqa")
    assert item.id == "7"
    assert item.text.endswith("A. ECG\nB. Troponin")


def test_a_vignette_with_identifiers_is_still_flagged() -> None:
    # The general rules quiet exam text; they must not quiet a case that names someone.
    text = (
        "Maria Okonkwo, 94, was seen by Dr. Brannigan at Arden Hospital on 3/14/2026.\n\n"
        "Which of the following is the next step?\n\nA. Aspirin\nB. Heparin"
    )
    labels = {f.label for f in detect(text)}
    assert {"NAME", "AGE", "FACILITY", "DATE"} <= labels
