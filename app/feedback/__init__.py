"""Clinicians' feedback on answers: ratings stored in the encrypted history, and reports.

Public API::

    from curbside.feedback import FeedbackStore, Rating
    feedback = FeedbackStore(store)
    feedback.rate(message_id, Rating(-1, helpfulness=2, categories=("omission",),
                                     severity="major", comment="missed PE"))
    feedback.find(FeedbackFilter(mode="differential"))

:mod:`.model` holds the CREOLA-based categories, :mod:`.store` the ratings
(each change audited), :mod:`.report` the rated answers with their (redacted)
question and answer, :mod:`.export` CSV/JSONL, and :mod:`.charts` the summary
charts (matplotlib, no Qt) for the Feedback view and the PDF report.
"""

from __future__ import annotations

from curbside.feedback.charts import Summary, chart_png, summarize
from curbside.feedback.export import FEEDBACK_FORMATS, write_feedback_export
from curbside.feedback.model import (
    CATEGORIES,
    HELPFUL,
    NOT_HELPFUL,
    SEVERITIES,
    Feedback,
    FeedbackFilter,
    Rating,
)
from curbside.feedback.report import RatedAnswer, rated_answers
from curbside.feedback.store import FeedbackStore

__all__ = [
    "CATEGORIES",
    "FEEDBACK_FORMATS",
    "HELPFUL",
    "NOT_HELPFUL",
    "SEVERITIES",
    "Feedback",
    "FeedbackFilter",
    "FeedbackStore",
    "RatedAnswer",
    "Rating",
    "Summary",
    "chart_png",
    "rated_answers",
    "summarize",
    "write_feedback_export",
]
