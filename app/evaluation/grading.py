"""The judge's pass over a run: grade every rubric criterion of every stored answer, resumably.

Each verdict is committed when it is given, keyed by answer, judge and
criterion, so a rerun grades only what is left. A reply with no clear verdict
is stored as a judge failure (``met`` NULL) with the reply, for the report.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from curbside.engine.base import Engine, StreamResult
from curbside.errors import InputError
from curbside.evaluation import backends
from curbside.evaluation.judge import JUDGE_PARAMS, grader_messages, parse_verdict

if TYPE_CHECKING:
    from curbside.evaluation.runner import RunOutcome

MAX_JUDGE_REPLY_CHARS = 2000


def grade_all(
    outcome: RunOutcome,
    judge_ref: backends.ModelRef,
    open_one: Callable[[backends.ModelRef], Engine],
    cancel: threading.Event,
    step: Callable[[str, float], None],
) -> bool:
    """Grade what is not graded yet; return False when stopped."""
    items = {item.id: item for item in outcome.items if item.rubric}
    graded = outcome.run.grades(judge_ref.key)
    work = [
        (answer, items[answer.item_id], index)
        for answer in outcome.run.answers()
        if answer.item_id in items
        for index in range(len(items[answer.item_id].rubric))
        if (answer.id, index) not in graded
    ]
    if not work:
        return True
    engine = open_one(judge_ref)
    try:
        for answer, item, index in work:
            if cancel.is_set():
                return False
            began = time.perf_counter()
            messages = grader_messages(item, answer.answer, item.rubric[index])
            try:
                result = StreamResult(engine.stream(messages, JUDGE_PARAMS, cancel))
                for _ in result:
                    pass
                reply = result.text[:MAX_JUDGE_REPLY_CHARS]
            except InputError as exc:  # the answer does not fit the judge's window
                reply = f"[not graded: {exc.message}]"
            if cancel.is_set():
                return False
            outcome.run.save_grade(answer.id, judge_ref.key, index, parse_verdict(reply), reply)
            step(f"judge {judge_ref.name}", time.perf_counter() - began)
    finally:
        backends.close_engine(engine)
    return True
