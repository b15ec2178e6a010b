"""Context budgeting: reserve the answer, drop the oldest exchanges, never the case."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from curbside.chat.budget import CaseTooLongError, plan_prompt, split_exchanges
from curbside.chat.samples import load_sample
from curbside.chat.session import ChatSession
from curbside.engine.base import ChatMessage
from curbside.engine.chat_template import CHATML, ChatTemplate
from curbside.errors import ContextOverflowError

_CHATML = ChatTemplate(CHATML, "", "", "test")


def words(messages: Sequence[ChatMessage]) -> int:
    """A stand-in tokenizer for the rule tests: one token per word of the rendered prompt."""
    return len(_CHATML.render(messages).split())


def _turn(role: str, n_words: int, tag: str) -> ChatMessage:
    return {"role": role, "content": " ".join([tag] * n_words)}  # type: ignore[typeddict-item]


HEAD = [_turn("system", 40, "case")]  # renders as 41 words with its markers
HISTORY = [
    _turn("user", 10, "q1"),
    _turn("assistant", 30, "a1"),
    _turn("user", 10, "q2"),
    _turn("assistant", 30, "a2"),
    _turn("user", 10, "q3"),
]


@pytest.mark.parametrize(
    ("n_ctx", "max_tokens", "already", "omitted", "kept_tags"),
    [
        (1000, 100, 0, 0, ["q1", "a1", "q2", "a2", "q3"]),  # everything fits
        (170, 40, 0, 1, ["q2", "a2", "q3"]),  # oldest exchange goes first
        (120, 40, 0, 2, ["q3"]),  # then the next one
        (1000, 100, 1, 1, ["q2", "a2", "q3"]),  # left out earlier: stays out
        (1000, 100, 9, 2, ["q3"]),  # never past the new question
    ],
    ids=["fits", "drop-one", "drop-two", "sticky", "clamped"],
)
def test_truncation_rules(
    n_ctx: int, max_tokens: int, already: int, omitted: int, kept_tags: list[str]
) -> None:
    plan = plan_prompt(HEAD, HISTORY, words, n_ctx, max_tokens, already)
    assert plan.messages[0] == HEAD[0]
    assert [m["content"].split()[0] for m in plan.messages[1:]] == kept_tags
    assert plan.omitted_exchanges == omitted
    assert plan.newly_omitted == max(omitted - already, 0)
    assert plan.prompt_tokens == words(plan.messages)
    assert plan.used == plan.prompt_tokens + max_tokens <= n_ctx
    assert plan.free == n_ctx - plan.used


def test_notice_says_what_was_left_out() -> None:
    plan = plan_prompt(HEAD, HISTORY, words, 120, 40)
    assert plan.notice().startswith("The 2 oldest exchanges were left out")
    assert "(120 tokens)" in plan.notice()
    assert (
        plan_prompt(HEAD, HISTORY, words, 170, 40)
        .notice()
        .startswith("The oldest exchange was left out")
    )
    assert plan_prompt(HEAD, HISTORY, words, 1000, 40).notice() == ""


def test_case_too_long_gives_both_numbers_before_anything_is_sent() -> None:
    with pytest.raises(CaseTooLongError) as caught:
        plan_prompt(HEAD, HISTORY, words, 60, 30)
    error = caught.value
    assert isinstance(error, ContextOverflowError)
    head_tokens = words(HEAD)
    assert (error.case_tokens, error.reserved, error.limit) == (head_tokens, 30, 60)
    assert error.tokens == head_tokens + 30
    assert f"takes {head_tokens} tokens" in str(error)
    assert "holds 60" in str(error)
    assert "Shorten the case" in str(error)


def test_question_that_does_not_fit_beside_the_case_is_named() -> None:
    long_question = [_turn("user", 200, "why")]
    with pytest.raises(CaseTooLongError, match="The case with your question takes"):
        plan_prompt(HEAD, long_question, words, 200, 50)


def test_split_exchanges_groups_by_question() -> None:
    groups = split_exchanges(HISTORY)
    assert [len(g) for g in groups] == [2, 2, 1]
    assert split_exchanges([]) == []


@pytest.mark.model
def test_real_tokenizer_long_case_in_a_small_window(default_model_path: Path) -> None:
    from curbside.engine.llama import LlamaEngine

    engine = LlamaEngine(default_model_path, n_ctx=1024)
    try:
        session = ChatSession()
        session.set_case(load_sample("aki").case)
        session.add("user", "Causes?")
        with pytest.raises(CaseTooLongError) as caught:
            session.fit(engine.count_tokens, engine.n_ctx, 256)
        assert caught.value.case_tokens == engine.count_tokens(session.head())
        assert caught.value.case_tokens > 1024
        session.set_case(load_sample("syncope").case)
        plan = session.fit(engine.count_tokens, engine.n_ctx, 256)
        assert plan.prompt_tokens == engine.count_tokens(session.messages())
        assert plan.used <= 1024
    finally:
        engine.close()


def test_without_a_case_the_error_talks_about_the_question() -> None:
    with pytest.raises(CaseTooLongError) as caught:
        plan_prompt(HEAD, [_turn("user", 200, "why")], words, 200, 50, has_case=False)
    assert str(caught.value).startswith("Your question takes")
    assert "Shorten the text" in str(caught.value)
