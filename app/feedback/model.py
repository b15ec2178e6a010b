"""What a clinician says about an answer: rating, helpfulness, error categories, severity.

The error categories follow the CREOLA clinical-error taxonomy (Asgari et al.,
npj Digital Medicine 2025): fabrication, negation, causality, contextual
hallucination and omission; Curbside adds unsafe recommendation, outdated
guidance and formatting/other. Severity is *major* when the error could change
diagnosis or management if left uncorrected, else *minor*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from curbside.errors import InputError

CATEGORIES: dict[str, str] = {
    "fabrication": "Fabrication",
    "negation": "Negation",
    "causality": "Causality",
    "contextual": "Contextual hallucination",
    "omission": "Omission",
    "unsafe": "Unsafe recommendation",
    "outdated": "Outdated guidance",
    "other": "Formatting / other",
}
"""Error category code → label (CREOLA's five, then Curbside's three)."""

SEVERITIES: dict[str, str] = {
    "major": "Major: could change diagnosis or management if uncorrected",
    "minor": "Minor",
}
MAX_COMMENT_CHARS = 4000
HELPFUL, NOT_HELPFUL = 1, -1


@dataclass(frozen=True)
class Rating:
    """The clinician's judgement of one answer (what the detail form edits).

    Attributes:
        rating: ``1`` (thumbs up) or ``-1`` (thumbs down).
        helpfulness: 1–5, or None when not given.
        categories: Error category codes (see :data:`CATEGORIES`), sorted.
        severity: ``major``, ``minor`` or None.
        comment: Free text (PHI-checked before it is saved).
    """

    rating: int
    helpfulness: int | None = None
    categories: tuple[str, ...] = ()
    severity: str | None = None
    comment: str = ""

    def checked(self) -> Rating:
        """Return a normalized copy, or raise InputError naming what is wrong."""
        if self.rating not in (HELPFUL, NOT_HELPFUL):
            raise InputError("A rating is thumbs up or thumbs down.", "Choose one.")
        if self.helpfulness is not None and not 1 <= self.helpfulness <= 5:
            raise InputError("Helpfulness is from 1 to 5.", "Pick a number from 1 to 5.")
        unknown = sorted(set(self.categories) - set(CATEGORIES))
        if unknown:
            raise InputError(
                f"Unknown error category: {', '.join(unknown)}.",
                f"Use {', '.join(CATEGORIES)}.",
            )
        if self.severity not in (None, *SEVERITIES):
            raise InputError("Severity is major or minor.", "Choose major or minor, or none.")
        comment = self.comment.strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise InputError(
                f"The comment is {len(comment)} characters; the limit is {MAX_COMMENT_CHARS}.",
                "Shorten it.",
            )
        return Rating(
            self.rating,
            self.helpfulness,
            tuple(sorted(set(self.categories))),
            self.severity,
            comment,
        )


@dataclass(frozen=True)
class Feedback:
    """A stored rating, linked to its answer and to what produced the answer.

    Attributes:
        id: Row id.
        message_id: The rated answer.
        conversation_id: Its conversation.
        rating: The judgement.
        model_name: The model's name when it answered.
        model_sha256: The model file's SHA-256.
        mode: The mode stamp (``id@version``).
        params: The generation parameters.
        created: When the rating was first given (UTC ISO).
        updated: When it last changed.
        comment_phi: Identifier categories left in the comment on override.
    """

    id: int
    message_id: int
    conversation_id: int
    rating: Rating
    model_name: str | None
    model_sha256: str | None
    mode: str | None
    params: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    updated: str = ""
    comment_phi: tuple[str, ...] = ()

    @property
    def badge(self) -> str:
        """The small mark shown on the rated message."""
        thumb = "✓ helpful" if self.rating.rating == HELPFUL else "✗ not helpful"
        extra = f" {self.rating.helpfulness}/5" if self.rating.helpfulness else ""
        flag = f" · {self.rating.severity}" if self.rating.severity else ""
        return f"{thumb}{extra}{flag}"


@dataclass(frozen=True)
class FeedbackFilter:
    """Which rated answers to list (every field optional).

    Attributes:
        model: A model SHA-256 or name.
        mode: A mode stamp (``differential@2``) or id (``differential``).
        rating: ``1`` or ``-1``.
        category: One error category code.
        severity: ``major`` or ``minor``.
        since: From this ISO date or time on.
        until: Before this ISO date or time.
    """

    model: str = ""
    mode: str = ""
    rating: int | None = None
    category: str = ""
    severity: str = ""
    since: str = ""
    until: str = ""
