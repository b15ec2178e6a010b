"""What an evaluation runs on: items (one question or vignette each) and the set they form.

An item carries whatever it can be scored by: ``options`` and ``answer`` (a
multiple-choice question, scored by the letter chosen), ``gold`` (diagnoses a
vignette's differential should contain, each with the synonyms the set
supplies), and ``rubric`` (physician-written criteria a judge model grades,
HealthBench style). One item may carry several.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from curbside.errors import InputError


class CaseSetError(InputError):
    """A case set cannot be read as given: says file, line and field."""


@dataclass(frozen=True)
class GoldDiagnosis:
    """A diagnosis the differential should contain, and other names that count for it."""

    name: str
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The diagnosis first, then its synonyms."""
        return (self.name, *self.synonyms)


@dataclass(frozen=True)
class RubricItem:
    """One criterion a judge grades met or not met.

    Attributes:
        criterion: What the answer should (positive points) or should not
            (negative points) do, in the physician's words.
        points: Signed weight, non-zero.
        tags: Free labels (``axis:accuracy`` ...), kept for the report.
    """

    criterion: str
    points: float
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvalItem:
    """One question or vignette.

    Attributes:
        id: Unique within the set; results are keyed by it, so a rerun resumes.
        case_text: The vignette (empty for a self-contained question).
        question: What the model is asked.
        options: Letter to option text, for multiple choice.
        answer: The correct letter, for multiple choice.
        gold: Diagnoses that count as correct, for vignettes.
        rubric: Criteria for a judge.
        category: Grouping for per-category figures ("step1", a specialty ...).
    """

    id: str
    case_text: str
    question: str
    options: dict[str, str] = field(default_factory=dict)
    answer: str | None = None
    gold: tuple[GoldDiagnosis, ...] = ()
    rubric: tuple[RubricItem, ...] = ()
    category: str = ""

    @property
    def is_choice(self) -> bool:
        """True for a multiple-choice question."""
        return bool(self.options) and self.answer is not None


@dataclass(frozen=True)
class CaseSet:
    """A validated case set.

    Attributes:
        path: The file read.
        format: ``medqa``, ``agentclinic`` or ``cases``.
        sha256: Digest of the file's bytes (the report's header shows it).
        items: Every item, in file order.
    """

    path: Path
    format: str
    sha256: str
    items: tuple[EvalItem, ...]

    @property
    def name(self) -> str:
        """The file name, for headers and JSON."""
        return self.path.name

    @property
    def kind(self) -> str:
        """``choice`` when every item is multiple choice, else ``vignette``."""
        return "choice" if self.items and all(i.is_choice for i in self.items) else "vignette"
