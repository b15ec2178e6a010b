"""The judge: a chosen model grades each rubric criterion met or not met, HealthBench style.

The grader prompt is fixed and versioned (:data:`GRADER_VERSION`): change its
text only together with the version, because scores from two prompt versions
are not comparable. The judge answers with a JSON object
``{"explanation": ..., "criteria_met": true|false}``; a reply without a clear
verdict is a *judge failure*, reported and never counted as met or not met.

Scoring follows HealthBench: an item's score is the points of the criteria met
(negative criteria subtract) divided by the total of the positive points,
clipped to [0, 1]. An item with a judge failure has no score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from curbside.engine.base import ChatMessage, GenerationParams
from curbside.evaluation.items import EvalItem, RubricItem

GRADER_VERSION = "grader@1"
JUDGE_PARAMS = GenerationParams(max_tokens=160, temperature=0.0, seed=0)

_GRADER_SYSTEM = (
    "You are grading an answer written by an AI assistant for a clinician. You are given "
    "the case, the question, the assistant's answer, and ONE rubric criterion written by a "
    "physician. Decide whether the answer meets the criterion. A criterion describing "
    "something undesirable is met when the answer does that undesirable thing. Judge only "
    "the criterion given; do not reward or punish anything else. Reply with a JSON object "
    'and nothing else: {"explanation": "<one sentence>", "criteria_met": true or false}'
)
_VERDICT = re.compile(r'"?criteria_met"?\s*:\s*(true|false)', re.IGNORECASE)
_OBJECT = re.compile(r"\{.*?\}", re.DOTALL)


def grader_messages(item: EvalItem, answer: str, criterion: RubricItem) -> list[ChatMessage]:
    """Return the judge's prompt for one criterion of one answer."""
    parts = []
    if item.case_text:
        parts.append(f"<case>\n{item.case_text}\n</case>")
    parts.append(f"<question>\n{item.question}\n</question>")
    parts.append(f"<answer>\n{answer}\n</answer>")
    parts.append(f'<criterion points="{criterion.points:g}">\n{criterion.criterion}\n</criterion>')
    parts.append("Does the answer meet the criterion? Reply with the JSON object only.")
    return [
        {"role": "system", "content": _GRADER_SYSTEM},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def parse_verdict(reply: str) -> bool | None:
    """Return ``criteria_met`` from the judge's reply, or None when it is not clear."""
    for match in _OBJECT.finditer(reply):
        try:
            value = json.loads(match.group(0))
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and isinstance(value.get("criteria_met"), bool):
            return bool(value["criteria_met"])
    verdicts = {m.group(1).lower() for m in _VERDICT.finditer(reply)}
    if len(verdicts) == 1:
        return verdicts.pop() == "true"
    return None


def rubric_score(points: Sequence[float], met: Sequence[bool | None]) -> float | None:
    """HealthBench score of one answer: met points ÷ positive points, clipped to [0, 1].

    Args:
        points: Each criterion's signed points.
        met: Each criterion's verdict (None: the judge gave none).

    Returns None when any criterion has no verdict (a judge failure) or the
    rubric has no positive points.
    """
    if any(verdict is None for verdict in met):
        return None
    positive = sum(p for p in points if p > 0)
    if positive <= 0:
        return None
    achieved = sum(p for p, verdict in zip(points, met, strict=True) if verdict)
    return min(1.0, max(0.0, achieved / positive))
