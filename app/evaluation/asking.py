"""Ask one model one item, as the app would, and score the answer.

The prompt is built by :class:`curbside.chat.ChatSession`, exactly as for a
clinician's question: the default system prompt, the case (if any) attached
the same way, and the question in the chosen reasoning mode. A multiple-choice
question gets its options and a fixed instruction (:data:`CHOICE_PROMPT`,
versioned by :data:`CHOICE_PROMPT_VERSION`).

The time spent inside the engine (prefill and generation) is measured apart
from everything else, so the harness's own overhead can be reported.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from curbside.chat.budget import CountTokens
from curbside.chat.case import Case
from curbside.chat.session import ChatSession
from curbside.engine.base import ChatMessage, Engine, GenerationParams, StreamResult
from curbside.errors import InputError
from curbside.evaluation.choice import parse_choice
from curbside.evaluation.diagnosis import find_gold
from curbside.evaluation.items import EvalItem
from curbside.infra.limits import MAX_MODEL_ANSWER_CHARS
from curbside.prompts import DEFAULT_SYSTEM_PROMPT, Mode

CHOICE_PROMPT_VERSION = "choice@1"
CHOICE_PROMPT = "Answer with the letter of the single best option, then one sentence of reasoning."


@dataclass
class Answered:
    """One answer with its figures and score.

    Attributes:
        text: The model's answer (empty when the item could not be asked).
        usage: Token counts, time to first token, tokens/s, model and total seconds.
        score: What scoring found (see :func:`score_answer`).
        stopped: True when Stop interrupted it (then it is not stored).
    """

    text: str
    usage: dict[str, Any] = field(default_factory=dict)
    score: dict[str, Any] = field(default_factory=dict)
    stopped: bool = False


def choice_question(item: EvalItem) -> str:
    """The question with its lettered options and the answering instruction."""
    options = "\n".join(f"{letter}. {text}" for letter, text in item.options.items())
    return f"{item.question}\n\n{options}\n\n{CHOICE_PROMPT}"


def item_messages(
    item: EvalItem, mode: Mode, count_tokens: CountTokens, n_ctx: int, max_tokens: int
) -> list[ChatMessage]:
    """Build the messages for ``item`` within the model's window.

    Raises:
        InputError: The case and question do not fit the window.
    """
    session = ChatSession(system_prompt=DEFAULT_SYSTEM_PROMPT)
    if item.case_text:
        session.set_case(Case.from_text(item.case_text))
    session.ask(choice_question(item) if item.is_choice else item.question, mode)
    return list(session.fit(count_tokens, n_ctx, max_tokens).messages)


def ask_item(
    engine: Engine,
    item: EvalItem,
    mode: Mode,
    params: GenerationParams,
    cancel: threading.Event,
    messages: list[ChatMessage] | None = None,
) -> Answered:
    """Ask ``engine`` about ``item`` and score the answer."""
    started = time.perf_counter()
    try:
        if messages is None:
            messages = item_messages(
                item, mode, engine.count_tokens, engine.n_ctx, params.max_tokens
            )
        model_started = time.perf_counter()
        result = StreamResult(engine.stream(messages, params, cancel))
        for _ in result:
            pass
        model_s = time.perf_counter() - model_started
    except InputError as exc:
        # A case too long for this model is that model's failure on the item, not the run's.
        failed = score_answer(item, "") | {"error": exc.message}
        return Answered("", {"total_s": time.perf_counter() - started}, failed)
    usage = result.usage.as_dict() if result.usage else {}
    text = result.text[:MAX_MODEL_ANSWER_CHARS]
    usage |= {"model_s": model_s, "total_s": time.perf_counter() - started, "chars": len(text)}
    stopped = bool(usage.get("stopped")) or cancel.is_set()
    return Answered(text, usage, score_answer(item, text), stopped)


def score_answer(item: EvalItem, text: str) -> dict[str, Any]:
    """Score ``text`` for ``item``: the letter chosen, and/or the gold diagnosis's rank."""
    gold = item.answer if item.is_choice else (item.gold[0].name if item.gold else "")
    # Category and gold travel with the score, so a report needs only the run, not the set.
    score: dict[str, Any] = {"category": item.category, "gold": gold}
    if item.rubric:
        score["rubric_points"] = [c.points for c in item.rubric]
    if item.is_choice:
        letter = parse_choice(text, item.options)
        score["choice"] = letter
        score["correct"] = None if letter is None else letter == item.answer
    if item.gold:
        match = find_gold(text, item.gold)
        score |= {"rank": match.rank, "line": match.line, "entries": match.entries}
    return score
