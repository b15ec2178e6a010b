"""Context budgeting: make the prompt fit the model's window, and say what was left out.

The whole rendered prompt (system prompt with the case, the history, the new
question) is counted with the loaded model's own tokenizer, and the answer's
``max_tokens`` is reserved. When that does not fit, the oldest exchanges
(a question and its answer) are left out first; the system prompt, the case
and the new question never are. If the case itself does not fit, nothing is
sent and the error gives both numbers.

Dropping whole exchanges from the front keeps the start of the prompt (system
prompt and case) identical, so llama.cpp still reuses what it has read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from curbside.engine.base import ChatMessage
from curbside.errors import ContextOverflowError

CountTokens = Callable[[Sequence[ChatMessage]], int]
"""The engine's ``count_tokens``: the rendered prompt's length in the model's tokens."""


class CaseTooLongError(ContextOverflowError):
    """The system prompt and the case alone (with the answer's room) exceed the window.

    Args:
        case_tokens: Tokens of the system prompt with the case (and the question, if any).
        reserved: Tokens reserved for the answer.
        limit: The context window.
        what: What was counted, for the message.
    """

    def __init__(
        self,
        case_tokens: int,
        reserved: int,
        limit: int,
        what: str = "The case with the system prompt",
    ) -> None:
        super().__init__(
            case_tokens + reserved,
            limit,
            f"{what} takes {case_tokens:,} tokens; with {reserved:,} reserved for the answer it",
        )
        self.case_tokens = case_tokens
        self.reserved = reserved
        shorten = "the case (keep the findings that matter)" if "case" in what else "the text"
        self.hint = (
            f"Shorten {shorten}, lower the answer's max tokens, or load the model with a "
            "larger context window."
        )


@dataclass(frozen=True)
class BudgetPlan:
    """What will be sent, and how it fits.

    Attributes:
        messages: The messages to send (head, kept history, new question).
        prompt_tokens: Their length in tokens.
        max_tokens: Tokens reserved for the answer.
        n_ctx: The context window.
        omitted_exchanges: Oldest exchanges left out (in all, not just this time).
        newly_omitted: Of those, how many were left out by this plan.
    """

    messages: list[ChatMessage]
    prompt_tokens: int
    max_tokens: int
    n_ctx: int
    omitted_exchanges: int = 0
    newly_omitted: int = 0

    @property
    def used(self) -> int:
        """Tokens the prompt and the reserved answer take."""
        return self.prompt_tokens + self.max_tokens

    @property
    def free(self) -> int:
        """Tokens left in the window after the prompt and the reserved answer."""
        return self.n_ctx - self.used

    def notice(self) -> str:
        """A sentence for the clinician when exchanges were left out, else ``""``."""
        if not self.omitted_exchanges:
            return ""
        count = self.omitted_exchanges
        what = "The oldest exchange was" if count == 1 else f"The {count} oldest exchanges were"
        return (
            f"{what} left out so the conversation fits the model's "
            f"context window ({self.n_ctx:,} tokens). The case and the system prompt are "
            "always kept."
        )


def split_exchanges(turns: Sequence[ChatMessage]) -> list[list[ChatMessage]]:
    """Group turns into exchanges, each starting at a user turn."""
    groups: list[list[ChatMessage]] = []
    for turn in turns:
        if turn["role"] == "user" or not groups:
            groups.append([turn])
        else:
            groups[-1].append(turn)
    return groups


def plan_prompt(
    head: Sequence[ChatMessage],
    turns: Sequence[ChatMessage],
    count_tokens: CountTokens,
    n_ctx: int,
    max_tokens: int,
    already_omitted: int = 0,
    has_case: bool = True,
) -> BudgetPlan:
    """Choose what to send so that the prompt plus ``max_tokens`` fits ``n_ctx``.

    Args:
        head: Never left out: the system message (which carries the case).
        turns: The whole history; the last exchange (usually the new question) is
            always kept.
        count_tokens: The loaded model's token counter for a rendered prompt.
        n_ctx: The context window.
        max_tokens: Tokens to reserve for the answer.
        already_omitted: Exchanges left out by earlier plans; they stay out, so what
            is sent does not jump back and forth between turns.
        has_case: Whether the head carries a case (only changes the error's wording).

    Raises:
        CaseTooLongError: The head (or the head with the last exchange) does not fit.
    """
    exchanges = split_exchanges(turns)
    start = skip = min(already_omitted, max(len(exchanges) - 1, 0))
    while True:
        kept = [turn for group in exchanges[skip:] for turn in group]
        messages = [*head, *kept]
        tokens = count_tokens(messages)
        if tokens + max_tokens <= n_ctx:
            return BudgetPlan(messages, tokens, max_tokens, n_ctx, skip, skip - start)
        if skip >= len(exchanges) - 1:
            raise _too_long(head, tokens, count_tokens, n_ctx, max_tokens, has_case)
        skip += 1


def _too_long(
    head: Sequence[ChatMessage],
    tokens: int,
    count_tokens: CountTokens,
    n_ctx: int,
    max_tokens: int,
    has_case: bool,
) -> CaseTooLongError:
    head_tokens = count_tokens(head) if head else 0
    if head_tokens + max_tokens > n_ctx:
        what = "The case with the system prompt" if has_case else "The system prompt"
        return CaseTooLongError(head_tokens, max_tokens, n_ctx, what)
    what = "The case with your question" if has_case else "Your question"
    return CaseTooLongError(tokens, max_tokens, n_ctx, what)
