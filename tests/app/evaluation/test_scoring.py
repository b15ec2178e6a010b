"""Scoring units: the letter chosen, the gold diagnosis's rank, judge verdicts, intervals."""

from __future__ import annotations

import pytest
from curbside.evaluation.choice import parse_choice
from curbside.evaluation.diagnosis import differential, find_gold, normalize
from curbside.evaluation.items import GoldDiagnosis
from curbside.evaluation.judge import parse_verdict, rubric_score
from curbside.evaluation.stats import bootstrap_mean, mcnemar_exact, paired, wilson

OPTIONS = {
    "A": "Aspirin",
    "B": "Aspirin and heparin",
    "C": "Alteplase",
    "D": "Observation only",
}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("C", "C"),
        ("c", None),  # a lower-case lone letter is a word, not a choice
        ("C.", "C"),
        ("(C)", "C"),
        ("**C** Alteplase", "C"),
        ("C) Alteplase because ...", "C"),
        ("Answer: C", "C"),
        ("The answer is (C) since thrombolysis ...", "C"),
        ("The correct answer is C. Option A would be wrong.", "C"),
        ("answer: d", "D"),
        ("I would choose alteplase here.", "C"),
        ("Aspirin and heparin is best.", "B"),  # the longer option, not "Aspirin" too
        ("Either aspirin or alteplase.", None),  # two options' texts: unparsed
        ("(A) or (C)", None),  # two letters: unparsed, never guessed
        ("I am not sure.", None),
        ("", None),
        ("Answer: F", None),  # not an option
    ],
)
def test_parse_choice(answer: str, expected: str | None) -> None:
    assert parse_choice(answer, OPTIONS) == expected


def test_normalize_handles_case_punctuation_plurals_and_abbreviations() -> None:
    assert normalize("Pulmonary Embolism!") == "pulmonary embolism"
    assert normalize("Kidney stones") == "kidney stone"
    assert normalize("PE") == "pulmonary embolism"
    assert normalize("Guillain–Barré syndrome") == "guillain barre syndrome"
    assert normalize("5 mg of all drugs") == "5 mg of all drug"  # lower-case: no expansion
    assert normalize("Crohn's disease") == "crohn disease"


DDX = """**Differential diagnosis**

1. **Guillain-Barré syndrome** – ascending weakness
   - For: areflexia
   - Against: no preceding infection
2. Myasthenia gravis (MG)
3. Botulism
4. Multiple sclerosis
"""


def test_differential_reads_top_level_entries_only() -> None:
    entries = differential(DDX)
    assert len(entries) == 4
    assert entries[1] == "2. Myasthenia gravis (MG)"


@pytest.mark.parametrize(
    ("gold", "rank"),
    [
        (GoldDiagnosis("Myasthenia gravis"), 2),
        (GoldDiagnosis("Ocular myasthenia", ("MG",)), 2),
        (GoldDiagnosis("Guillain-Barre syndrome"), 1),
        (GoldDiagnosis("Multiple sclerosis (MS)"), 4),
        (GoldDiagnosis("Lambert-Eaton syndrome"), None),
    ],
)
def test_find_gold_rank_and_line(gold: GoldDiagnosis, rank: int | None) -> None:
    match = find_gold(DDX, [gold])
    assert match.rank == rank
    if rank:
        assert match.line == differential(DDX)[rank - 1]
        assert match.within(5) and match.within(rank) and not match.within(rank - 1)


def test_find_gold_in_a_bullet_list_and_in_prose() -> None:
    bullets = "- Renal colic\n  - stone likely\n- Pyelonephritis"
    assert (
        find_gold(bullets, [GoldDiagnosis("Acute pyelonephritis", ("pyelonephritis",))]).rank == 2
    )
    prose = "This is most likely diabetic ketoacidosis.\nAlternatively HHS."
    assert find_gold(prose, [GoldDiagnosis("DKA")]).rank == 1


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ('{"explanation": "It names PE.", "criteria_met": true}', True),
        ('Sure! ```json\n{"explanation": "no", "criteria_met": false}\n```', False),
        ("criteria_met: true", True),
        ('"criteria_met": true ... "criteria_met": false', None),
        ("I think it is good.", None),
    ],
)
def test_parse_verdict(reply: str, verdict: bool | None) -> None:
    assert parse_verdict(reply) is verdict


def test_rubric_score_is_healthbench() -> None:
    points = [5.0, 3.0, -4.0]
    assert rubric_score(points, [True, True, False]) == 1.0
    assert rubric_score(points, [True, False, True]) == pytest.approx(1 / 8)
    assert rubric_score(points, [False, False, True]) == 0.0  # clipped at 0
    assert rubric_score(points, [True, None, False]) is None  # a judge failure
    assert rubric_score([-2.0], [False]) is None  # no positive points


def test_wilson_interval() -> None:
    lo, hi = wilson(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-3) and hi == pytest.approx(0.5962, abs=1e-3)
    assert wilson(0, 10)[0] == 0.0 and 0.2 < wilson(0, 10)[1] < 0.35
    assert wilson(10, 10)[1] == 1.0 and wilson(0, 7)[0] == 0.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_paired_difference_and_mcnemar() -> None:
    a = [1.0] * 30 + [0.0] * 70
    b = [1.0] * 30 + [1.0] * 20 + [0.0] * 50
    result = paired(a, b)
    assert result.difference == pytest.approx(0.2)
    assert result.only_a == 0 and result.only_b == 20
    assert result.ci95[0] > 0.1 and result.ci95[1] < 0.3
    assert result.p_value == pytest.approx(2 / 2**20)
    assert mcnemar_exact(5, 5) == 1.0
    same = paired(a, a)
    assert same.difference == 0 and same.p_value == 1.0


def test_bootstrap_is_seeded_and_covers_the_mean() -> None:
    values = [0.0, 0.5, 1.0, 0.25, 0.75] * 20
    assert bootstrap_mean(values, seed=3) == bootstrap_mean(values, seed=3)
    lo, hi = bootstrap_mean(values)
    assert lo < 0.5 < hi
