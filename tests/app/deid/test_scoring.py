"""The PHI scorer on hand-made cases: overlap rules, categories, bare years, tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from curbside.deid.scoring import (
    YEAR,
    Span,
    SpanScorer,
    TokenScorer,
    is_bare_year,
    score_spans,
    score_tokens,
)

TEXT = "Seen by Rose Alvarez on 3/14/2024 at St. Brigid Hospital; MI in 1992."
NAME = Span(8, 20, "NAME", "Rose Alvarez")
DATE = Span(24, 33, "DATE", "3/14/2024")
FACILITY = Span(37, 56, "FACILITY", "St. Brigid Hospital")
YEAR_1992 = Span(64, 68, YEAR, "1992")


@dataclass(frozen=True)
class Finding:
    """A detector-shaped finding with more fields than the scorer needs."""

    start: int
    end: int
    label: str
    reason: str


def test_fixture_offsets_are_right() -> None:
    for span in (NAME, DATE, FACILITY, YEAR_1992):
        assert TEXT[span.start : span.end] == span.text


# (case, gold, predicted, found, gold count, correct, predicted count)
SPAN_CASES = [
    ("exact match", [NAME], [NAME], 1, 1, 1, 1),
    ("one shared character is enough", [NAME], [Span(19, 22, "NAME")], 1, 1, 1, 1),
    ("touching is not overlapping", [NAME], [Span(20, 24, "NAME")], 0, 1, 0, 1),
    ("touching on the left", [NAME], [Span(0, 8, "NAME")], 0, 1, 0, 1),
    ("one wide prediction finds two", [NAME, DATE], [Span(8, 33, "NAME")], 2, 2, 1, 1),
    ("two pieces of one span", [NAME], [Span(8, 12, "NAME"), Span(13, 20, "NAME")], 1, 1, 2, 2),
    ("a prediction with no gold", [], [Span(0, 4, "NAME")], 0, 0, 0, 1),
    ("nothing predicted", [NAME, DATE], [], 0, 2, 0, 0),
    ("labels ignored by default", [NAME], [Span(8, 20, "LOCATION")], 1, 1, 1, 1),
]


@pytest.mark.parametrize(
    ("gold", "predicted", "found", "n_gold", "correct", "n_pred"),
    [case[1:] for case in SPAN_CASES],
    ids=[case[0] for case in SPAN_CASES],
)
def test_span_overlap_counts(
    gold: list[Span], predicted: list[Span], found: int, n_gold: int, correct: int, n_pred: int
) -> None:
    scorer = SpanScorer()
    scorer.add("doc", gold, predicted, TEXT)
    overall = scorer.result().overall
    assert (overall.found, overall.gold, overall.correct, overall.predicted) == (
        found,
        n_gold,
        correct,
        n_pred,
    )


def test_empty_corpus_scores_one_not_nan() -> None:
    overall = score_spans([]).overall
    assert (overall.recall, overall.precision) == (1.0, 1.0)


def test_rates_and_f1() -> None:
    scorer = SpanScorer()
    scorer.add("a", [NAME, DATE, FACILITY], [NAME, Span(0, 4, "NAME")], TEXT)
    overall = scorer.result().overall
    assert overall.recall == pytest.approx(1 / 3)
    assert overall.precision == pytest.approx(1 / 2)
    assert overall.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_same_label_demands_the_category() -> None:
    scorer = SpanScorer(same_label=True)
    scorer.add("a", [NAME, FACILITY], [Span(8, 20, "LOCATION"), Span(37, 56, "FACILITY")], TEXT)
    overall = scorer.result().overall
    assert (overall.found, overall.correct) == (1, 1)


def test_recall_by_gold_label_precision_by_predicted_label() -> None:
    score = score_spans([("a", TEXT, [NAME, DATE], [Span(8, 20, "LOCATION"), Span(0, 4, "NAME")])])
    assert score.by_category["NAME"].gold == 1
    assert score.by_category["NAME"].found == 1
    assert score.by_category["NAME"].predicted == 1
    assert score.by_category["NAME"].correct == 0
    assert score.by_category["LOCATION"].correct == 1
    assert score.by_category["DATE"].recall == 0.0


def test_slips_carry_context_for_reading_failures() -> None:
    score = score_spans([("case-7", TEXT, [DATE], [Span(0, 4, "NAME")])])
    assert [s.doc_id for s in score.missed] == ["case-7"]
    assert "[3/14/2024]" in score.missed[0].context
    assert score.spurious[0].context.startswith("[Seen]")
    assert "missed DATE" in score.report()
    assert "false positive NAME" in score.report()


def test_summary_is_json_and_has_no_case_text() -> None:
    score = score_spans([("a", TEXT, [NAME, DATE], [NAME])])
    dumped = json.dumps(score.as_dict())
    assert "Rose" not in dumped
    assert json.loads(dumped)["by_category"]["DATE"]["recall"] == 0.0


def test_detector_findings_with_extra_fields_are_accepted() -> None:
    finding = Finding(8, 20, "NAME", "capitalised word after 'seen by'")
    score = score_spans([("a", TEXT, [NAME], [finding])])
    assert score.overall.recall == 1.0
    assert score.overall.precision == 1.0


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (Span(0, 4, YEAR, "95"), True),
        (Span(0, 4, "DATE", "1977"), True),
        (Span(0, 5, "DATE", "'2019"), True),
        (Span(0, 4, "DATE", "3/14"), False),
        (Span(0, 4, "DATE", "1977-03-02"), False),
        (Span(0, 4, "ID", "1977"), False),
        (Span(0, 4, "DATE", "0942"), False),
    ],
)
def test_is_bare_year(span: Span, expected: bool) -> None:
    assert is_bare_year(span) is expected


def test_excluding_bare_years_drops_them_from_gold() -> None:
    gold = [NAME, YEAR_1992, Span(64, 68, "DATE", "1992")]
    with_years = score_spans([("a", TEXT, gold, [NAME])])
    without = score_spans([("a", TEXT, gold, [NAME])], exclude_bare_years=True)
    assert with_years.overall.recall == pytest.approx(1 / 3)
    assert (without.overall.recall, without.overall.gold) == (1.0, 1)


def test_flagging_a_bare_year_is_a_false_positive_once_years_are_excluded() -> None:
    predicted = [NAME, Span(64, 68, "DATE")]
    with_years = score_spans([("a", TEXT, [NAME, YEAR_1992], predicted)])
    without = score_spans([("a", TEXT, [NAME, YEAR_1992], predicted)], exclude_bare_years=True)
    assert with_years.overall.precision == 1.0
    assert without.overall.precision == 0.5


def test_token_scorer_counts_words_not_spans() -> None:
    score = score_tokens([("a", TEXT, [NAME, DATE], [Span(8, 12, "NAME"), DATE])])
    overall = score.overall
    # Gold tokens: Rose, Alvarez, 3, 14, 2024; "Alvarez" is missed.
    assert (overall.gold, overall.found) == (5, 4)
    assert (overall.predicted, overall.correct) == (4, 4)
    assert [s.span.text for s in score.missed] == ["Alvarez"]


def test_one_huge_prediction_looks_perfect_by_span_but_not_by_token() -> None:
    everything = [Span(0, len(TEXT), "NAME")]
    by_span = score_spans([("a", TEXT, [NAME], everything)]).overall
    by_token = score_tokens([("a", TEXT, [NAME], everything)]).overall
    assert (by_span.recall, by_span.precision) == (1.0, 1.0)
    assert by_token.recall == 1.0
    assert by_token.precision == pytest.approx(2 / 15)


def test_token_scorer_same_label_and_years() -> None:
    scorer = TokenScorer(same_label=True, exclude_bare_years=True)
    scorer.add("a", TEXT, [NAME, YEAR_1992], [Span(8, 20, "LOCATION"), Span(64, 68, "DATE")])
    overall = scorer.result().overall
    assert (overall.gold, overall.found) == (2, 0)
    assert (overall.predicted, overall.correct) == (3, 0)


def test_token_scorer_counts_partly_covered_tokens_and_ignores_punctuation() -> None:
    # "3/14/2024" is three tokens; a span over "/14/" touches only "14".
    score = score_tokens([("a", TEXT, [DATE], [Span(25, 29, "DATE"), Span(33, 34, "DATE")])])
    overall = score.overall
    assert (overall.gold, overall.found) == (3, 1)
    assert overall.predicted == 1  # the span over the space hits no token at all


def test_token_scorer_matches_span_scorer_on_whole_word_spans() -> None:
    gold, predicted = [NAME, DATE, FACILITY], [NAME, FACILITY, Span(0, 4, "NAME")]
    by_token = score_tokens([("a", TEXT, gold, predicted)]).overall
    assert (by_token.gold, by_token.found) == (2 + 3 + 3, 2 + 3)
    assert (by_token.predicted, by_token.correct) == (2 + 3 + 1, 2 + 3)
