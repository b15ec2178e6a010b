"""The PHI dev set: its integrity, and the detector's scores on it.

The first half checks the data itself (offsets, coverage, check digits, the
JSONL matching its hand-written source), so a broken annotation cannot make
the detector look better or worse than it is. The second half is table-driven
from the data: the detector is run on every case and held to the issue's
targets.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from curbside.deid.scoring import CATEGORIES, Score, Span, SpanLike, score_spans

from tests.deid_corpora import DEVSET_PATH, Document, evaluate, load_devset

DEVSET = load_devset()
PHI_CASES = [doc for doc in DEVSET if not doc.is_clean]
CLEAN_CASES = [doc for doc in DEVSET if doc.is_clean]
ALL_SPANS = [(doc, span) for doc in DEVSET for span in doc.spans]


def _spans(label: str) -> list[Span]:
    return [span for _, span in ALL_SPANS if span.label == label]


def _load_builder() -> ModuleType:
    path = Path(DEVSET_PATH).parent / "build_devset.py"
    spec = importlib.util.spec_from_file_location("build_devset", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the data -------------------------------------------------------------


def test_jsonl_is_built_from_the_case_files() -> None:
    built = _load_builder().build()
    assert built == DEVSET_PATH.read_text(encoding="utf-8"), "run tests/data/deid/build_devset.py"


def test_builder_rejects_bad_markup() -> None:
    builder = _load_builder()
    with pytest.raises(builder.CaseError, match="unknown label"):
        builder.parse_case("x", "s", "seen by [[DOCTOR:Rose]]")
    with pytest.raises(builder.CaseError, match="whitespace"):
        builder.parse_case("x", "s", "seen by [[NAME:Rose ]]")
    with pytest.raises(builder.CaseError, match="markup"):
        builder.parse_case("x", "s", "seen by [[NAME:Rose")
    row = builder.parse_case("x", "s", "Dr. [[NAME:Rose]] on [[DATE:3/14]]")
    assert row["text"] == "Dr. Rose on 3/14"
    assert row["spans"][1] == {"start": 12, "end": 16, "label": "DATE", "text": "3/14"}


def test_sizes_meet_the_issue() -> None:
    assert len(PHI_CASES) >= 80
    assert len(ALL_SPANS) >= 400
    assert len(CLEAN_CASES) >= 30
    assert len({doc.id for doc in DEVSET}) == len(DEVSET)


def test_every_category_is_covered() -> None:
    counts = Counter(span.label for _, span in ALL_SPANS)
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 5, counts


def test_styles_clinicians_paste_are_covered() -> None:
    styles = {doc.style for doc in DEVSET}
    wanted = {
        "ed_note",
        "ehr_header",
        "signature",
        "discharge_summary",
        "consult_question",
        "nursing_note",
        "referral_letter",
        "lab_report",
        "imaging_report",
        "allcaps_note",
        "lowercase_sloppy",
    }
    assert wanted <= styles


@pytest.mark.parametrize("doc", DEVSET, ids=[doc.id for doc in DEVSET])
def test_spans_are_clean_and_disjoint(doc: Document) -> None:
    ordered = sorted(doc.spans, key=lambda s: s.start)
    for span in ordered:
        assert span.text == span.text.strip() and span.text
        assert doc.text[span.start : span.end] == span.text
    for left, right in itertools.pairwise(ordered):
        assert left.end <= right.start, (left, right)


def test_names_exclude_titles() -> None:
    titled = [s.text for s in _spans("NAME") if re.match(r"(?i)(dr|mrs?|ms|rev)\.?\s", s.text)]
    assert titled == []


def test_ages_are_all_over_89() -> None:
    assert all(int(span.text) >= 90 for span in _spans("AGE"))


def test_no_bare_year_is_annotated() -> None:
    assert [s.text for s in _spans("DATE") if re.fullmatch(r"(19|20)\d\d", s.text)] == []


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _dea_ok(dea: str) -> bool:
    d = [int(c) for c in dea[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


_VIN_LETTERS = "ABCDEFGH" + "JKLMN" + "PR" + "STUVWXYZ"  # I, O, Q never occur
_VIN_VALUES = {str(i): i for i in range(10)} | dict(
    zip(_VIN_LETTERS, [*range(1, 9), *range(1, 6), 7, 9, *range(2, 10)], strict=True)
)
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def _vin_ok(vin: str) -> bool:
    remainder = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True)) % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


def test_check_digit_helpers_know_good_from_bad() -> None:
    assert _luhn_ok("808401234567893") and not _luhn_ok("808401234567894")
    assert _dea_ok("AB1234563") and not _dea_ok("AB1234564")
    assert _vin_ok("1M8GDM9AXKP042788") and not _vin_ok("1M8GDM9A1KP042788")


def test_npi_and_dea_numbers_have_valid_check_digits() -> None:
    npis = [s.text for s in _spans("LICENSE") if re.fullmatch(r"[12]\d{9}", s.text)]
    deas = [s.text for s in _spans("LICENSE") if re.fullmatch(r"[A-Z]{2}\d{7}", s.text)]
    assert len(npis) >= 5 and len(deas) >= 4
    assert [n for n in npis if not _luhn_ok("80840" + n)] == []
    assert [d for d in deas if not _dea_ok(d)] == []


def test_vins_have_valid_check_digits() -> None:
    vins = [s.text for s in _spans("VEHICLE") if len(s.text) == 17]
    assert len(vins) >= 3
    assert [v for v in vins if not _vin_ok(v)] == []


def test_full_ssns_have_a_valid_structure() -> None:
    full = [re.sub(r"\D", "", s.text) for s in _spans("SSN")]
    full = [d for d in full if len(d) == 9]
    assert len(full) >= 3
    for d in full:
        assert d[:3] not in {"000", "666"} and d[0] != "9"
        assert d[3:5] != "00" and d[5:] != "0000"


def test_the_yardstick_gives_a_perfect_guard_one_and_a_blind_guard_zero() -> None:
    gold = {doc.text: doc.spans for doc in DEVSET}
    perfect = evaluate(lambda text: gold[text], DEVSET)
    blind = evaluate(lambda text: [], DEVSET)
    for score in (perfect.spans, perfect.tokens, perfect.spans_with_years):
        assert (score.overall.recall, score.overall.precision) == (1.0, 1.0)
    assert blind.spans.overall.recall == 0.0
    assert blind.spans.overall.gold == len(ALL_SPANS)


# --- the detector on the dev set --------------------------------------------

# Targets from issue 4. Should a change leave one unmet for a while, mark that
# test as a strict expected failure carrying the measured figure, so the marker
# turns red (and is removed) the day the target is met again.
RECALL_TARGET, PRECISION_TARGET = 0.98, 0.90
# Clean cases the detector flags, id -> what it flags (none at the last measure,
# 2026-11-29 13:20 UTC: recall 0.995, precision 0.985 by span overlap).
CLEAN_CASE_FLAGGED: dict[str, str] = {}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[SpanLike]]:
    from curbside.deid import detect

    return {doc.id: list(detect(doc.text)) for doc in DEVSET}


@pytest.fixture(scope="module")
def score(findings: dict[str, list[SpanLike]]) -> Score:
    return score_spans((doc.id, doc.text, doc.spans, findings[doc.id]) for doc in DEVSET)


def test_recall_meets_the_target(score: Score) -> None:
    assert score.overall.recall >= RECALL_TARGET, score.report(60)


def test_precision_meets_the_target(score: Score) -> None:
    assert score.overall.precision >= PRECISION_TARGET, score.report(60)


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param(doc, marks=pytest.mark.xfail(strict=True, reason=CLEAN_CASE_FLAGGED[doc.id]))
        if doc.id in CLEAN_CASE_FLAGGED
        else doc
        for doc in CLEAN_CASES
    ],
    ids=[doc.id for doc in CLEAN_CASES],
)
def test_a_clean_case_raises_nothing(doc: Document, findings: dict[str, list[SpanLike]]) -> None:
    assert [(f.label, doc.text[f.start : f.end]) for f in findings[doc.id]] == []


def test_findings_are_sorted_disjoint_and_labelled(findings: dict[str, list[SpanLike]]) -> None:
    for doc in DEVSET:
        found = findings[doc.id]
        for left, right in itertools.pairwise(found):
            assert left.end <= right.start, (doc.id, left, right)
        for finding in found:
            assert finding.label in CATEGORIES, (doc.id, finding)
            assert 0 <= finding.start < finding.end <= len(doc.text), (doc.id, finding)
            assert getattr(finding, "text", None) == doc.text[finding.start : finding.end]
