"""An in-memory chat session: the system prompt and the turns so far.

Both the desktop app and the CLI build the messages they send from a
:class:`ChatSession`, so what the model sees is exactly what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.engine.base import ChatMessage, Role

DEFAULT_SYSTEM_PROMPT = (
    "You are Curbside, a careful clinical reasoning assistant for licensed clinicians. "
    "Reason step by step but answer concisely. State your uncertainty. Ask for the "
    "information that is missing. Never invent citations, doses or results. "
    "Format the answer in Markdown."
)


@dataclass
class ChatSession:
    """The turns of one conversation.

    Attributes:
        system_prompt: Sent first (folded into the first user turn for models
            without a system role).
        turns: Alternating user and assistant messages.
    """

    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    turns: list[ChatMessage] = field(default_factory=list)

    def add(self, role: Role, content: str) -> None:
        """Append one turn."""
        self.turns.append({"role": role, "content": content})

    def messages(self) -> list[ChatMessage]:
        """Return the full message list to send."""
        system: list[ChatMessage] = (
            [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        )
        return system + list(self.turns)

    def drop_last_answer(self) -> str | None:
        """Remove the last assistant turn (to regenerate it); return its text."""
        if self.turns and self.turns[-1]["role"] == "assistant":
            return self.turns.pop()["content"]
        return None

    def last_user_text(self) -> str | None:
        """Return the most recent user message, if any."""
        return next((t["content"] for t in reversed(self.turns) if t["role"] == "user"), None)

    def clear(self) -> None:
        """Forget every turn (a new conversation)."""
        self.turns.clear()
