"""An in-memory chat session: the system prompt, the attached case, and the turns so far.

Both the desktop app and the CLI build the messages they send from a
:class:`ChatSession`, so what the model sees is exactly what is shown.

The message order is fixed so that the rendered prompt only ever grows at the
end: one system message (the system prompt, then the case as Markdown), then
the history, then the new question. llama.cpp then reuses the part of the
prompt it has already read, and a follow-up question does not re-read the
case. The case travels in the system message rather than in a user turn
because many chat templates (Gemma's, Mistral's) refuse two user turns in a
row; templates without a system role get it folded into the first user turn,
which keeps the same prefix property.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from curbside.chat.budget import BudgetPlan, CountTokens, plan_prompt
from curbside.chat.case import Case
from curbside.engine.base import ChatMessage, Role
from curbside.prompts.modes import Mode
from curbside.prompts.system import DEFAULT_SYSTEM_PROMPT

__all__ = ["DEFAULT_SYSTEM_PROMPT", "ChatSession", "TurnInfo"]


@dataclass(frozen=True)
class TurnInfo:
    """What the clinician saw for one turn, beside what the model got.

    Attributes:
        shown: The text as typed (a user turn) or as answered.
        mode: The reasoning mode's stamp (``"ddx@1"``) for turns asked in a mode,
            and for the answers to them; None otherwise.
        sent: The turn's content as the model gets it (to notice direct edits of turns).
    """

    shown: str
    mode: str | None = None
    sent: str = ""


@dataclass
class ChatSession:
    """The turns of one conversation, and the case it is about.

    Attributes:
        system_prompt: Sent first (folded into the first user turn for models
            without a system role).
        turns: Alternating user and assistant messages, as the model sees them.
        case: The case attached to the conversation; sent with every question.
        info: One :class:`TurnInfo` per turn (kept aligned with ``turns``).
        omitted_exchanges: Oldest exchanges no longer sent (see :meth:`fit`).
    """

    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    turns: list[ChatMessage] = field(default_factory=list)
    case: Case | None = None
    info: list[TurnInfo] = field(default_factory=list)
    omitted_exchanges: int = 0

    # ----- the case -----------------------------------------------------
    def set_case(self, case: Case | None) -> bool:
        """Attach ``case`` (None or an empty case detaches it); return True if it changed.

        A changed case is sent from the next question on; the prompt's start
        changes with it, so the model reads the case again once.
        """
        new = None if case is None or case.is_empty() else case.validate()
        changed = _markdown(new) != _markdown(self.case)
        self.case = new
        return changed

    def system_content(self) -> str:
        """The system message: the system prompt, then the case."""
        parts = [self.system_prompt.strip(), _markdown(self.case)]
        return "\n\n".join(part for part in parts if part)

    def head(self) -> list[ChatMessage]:
        """The messages that are always sent first and never left out."""
        content = self.system_content()
        return [{"role": "system", "content": content}] if content else []

    # ----- turns --------------------------------------------------------
    def add(self, role: Role, content: str, mode: Mode | None = None) -> None:
        """Append one turn (an answer inherits the mode of the question it answers)."""
        self._sync()
        stamp = mode.stamp if mode is not None else None
        if stamp is None and role == "assistant" and self.info and self.turns[-1]["role"] == "user":
            stamp = self.info[-1].mode
        self.turns.append({"role": role, "content": content})
        self.info.append(TurnInfo(content, stamp, content))

    def ask(self, question: str, mode: Mode) -> ChatMessage:
        """Add the clinician's question in ``mode``; return the user turn the model gets.

        Raises:
            InputError: The free mode got an empty question.
        """
        self._sync()
        content = mode.render_request(question)
        self.turns.append({"role": "user", "content": content})
        self.info.append(TurnInfo(question.strip(), mode.stamp, content))
        return self.turns[-1]

    def messages(self) -> list[ChatMessage]:
        """Return the message list to send: the head, then the turns not left out."""
        return [*self.head(), *self._sent_turns()]

    def fit(self, count_tokens: CountTokens, n_ctx: int, max_tokens: int) -> BudgetPlan:
        """Plan the prompt within the window, leaving out the oldest exchanges if needed.

        Exchanges left out stay out for the rest of the conversation, so that
        :meth:`messages` is always exactly what was last sent.

        Raises:
            CaseTooLongError: The case (or the case and the question) cannot fit.
        """
        plan = plan_prompt(
            self.head(),
            self.turns,
            count_tokens,
            n_ctx,
            max_tokens,
            self.omitted_exchanges,
            has_case=self.case is not None,
        )
        self.omitted_exchanges = plan.omitted_exchanges
        return plan

    def preview(self, draft: str, mode: Mode | None = None) -> list[ChatMessage]:
        """The messages that sending ``draft`` would produce (nothing is changed)."""
        return [*self.messages(), *self._draft_turn(draft, mode)]

    def preview_plan(
        self,
        draft: str,
        mode: Mode | None,
        count_tokens: CountTokens,
        n_ctx: int,
        max_tokens: int,
    ) -> BudgetPlan:
        """The budget plan sending ``draft`` would get, for a context meter (nothing is changed).

        Raises:
            CaseTooLongError: The case (or the case and the draft) cannot fit.
        """
        return plan_prompt(
            self.head(),
            [*self.turns, *self._draft_turn(draft, mode)],
            count_tokens,
            n_ctx,
            max_tokens,
            self.omitted_exchanges,
            has_case=self.case is not None,
        )

    def drop_last_answer(self) -> str | None:
        """Remove the last assistant turn (to regenerate it); return its text."""
        self._sync()
        if self.turns and self.turns[-1]["role"] == "assistant":
            self.info.pop()
            return self.turns.pop()["content"]
        return None

    def take_unsent_question(self) -> str | None:
        """Remove a trailing unanswered question; return it as the clinician typed it."""
        self._sync()
        if self.turns and self.turns[-1]["role"] == "user":
            self.turns.pop()
            return self.info.pop().shown
        return None

    def last_user_text(self) -> str | None:
        """Return the most recent user message as the model sees it, if any."""
        return next((t["content"] for t in reversed(self.turns) if t["role"] == "user"), None)

    def answer_modes(self) -> list[str | None]:
        """The mode stamp of each assistant turn, in order (for the audit trail)."""
        self._sync()
        return [
            i.mode for t, i in zip(self.turns, self.info, strict=True) if t["role"] == "assistant"
        ]

    def clear(self) -> None:
        """Forget every turn (a new conversation); the case stays until replaced."""
        self.turns.clear()
        self.info.clear()
        self.omitted_exchanges = 0

    def _draft_turn(self, draft: str, mode: Mode | None) -> list[ChatMessage]:
        text = draft.strip()
        if mode is not None and (text or not mode.needs_question):
            text = mode.render_request(text)
        return [{"role": "user", "content": text}] if text else []

    def first_sent_turn(self) -> int:
        """Index in :attr:`turns` of the first turn still sent (the view greys those before)."""
        if not self.omitted_exchanges:
            return 0
        starts = [i for i, turn in enumerate(self.turns) if turn["role"] == "user"]
        if not starts:
            return 0
        return starts[min(self.omitted_exchanges, len(starts) - 1)]

    def _sent_turns(self) -> list[ChatMessage]:
        return list(self.turns[self.first_sent_turn() :])

    def _sync(self) -> None:
        # Callers may edit ``turns`` directly (older UI code pops the last turn);
        # keep ``info`` aligned rather than failing.
        same = 0
        for turn, info in zip(self.turns, self.info, strict=False):
            if turn["content"] != info.sent:
                break
            same += 1
        del self.info[same:]
        for turn in self.turns[same:]:
            self.info.append(TurnInfo(turn["content"], None, turn["content"]))


def _markdown(case: Case | None) -> str:
    return case.to_markdown() if case is not None else ""
