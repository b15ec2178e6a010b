"""A scripted engine for UI tests: replies are enqueued, then streamed word by word.

Like ``llm``'s ``MockModel``. It is not a model and never used outside tests
and demos of the interface itself.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field

from curbside.engine.base import ChatMessage, GenerationParams, ProgressCallback, Usage
from curbside.errors import ContextOverflowError


@dataclass
class FakeReply:
    """One scripted reply.

    Attributes:
        text: What to stream.
        gate: If set, the engine waits on it before each chunk after the first,
            so a test can stop the stream at a known point.
        error: If set, raised instead of streaming.
    """

    text: str
    gate: threading.Event | None = None
    error: Exception | None = None


@dataclass
class FakeEngine:
    """Streams enqueued replies. Records every prompt it was given."""

    name: str = "Fake model"
    context: int = 4096
    replies: deque[FakeReply] = field(default_factory=deque)
    prompts: list[list[ChatMessage]] = field(default_factory=list)
    forgotten: int = 0

    def forget_context(self) -> None:
        """Count the wipes, so tests can see the engine's state was dropped."""
        self.forgotten += 1

    @property
    def model_name(self) -> str:
        """The fake model's name."""
        return self.name

    @property
    def n_ctx(self) -> int:
        """The pretend context window."""
        return self.context

    def enqueue(
        self, text: str, *, gate: threading.Event | None = None, error: Exception | None = None
    ) -> None:
        """Queue a reply for the next call to :meth:`stream`."""
        self.replies.append(FakeReply(text, gate, error))

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """Pretend every four characters are a token."""
        return sum(len(m["content"]) // 4 + 4 for m in messages)

    def stream(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event,
        on_prefill: ProgressCallback | None = None,
    ) -> Generator[str, None, Usage]:
        """Stream the next enqueued reply (or an echo when none is queued)."""
        self.prompts.append(list(messages))
        tokens = self.count_tokens(messages)
        if tokens + params.max_tokens > self.context:
            raise ContextOverflowError(tokens + params.max_tokens, self.context)
        reply = self.replies.popleft() if self.replies else FakeReply("(no reply queued)")
        if reply.error is not None:
            raise reply.error
        if on_prefill is not None:
            on_prefill(tokens, tokens)
        usage = Usage(prompt_tokens=tokens, ttft_s=0.001, tokens_per_s=100.0)
        for index, word in enumerate(reply.text.split(" ")):
            if index and reply.gate is not None:
                _wait_for(reply.gate, cancel)
            if cancel.is_set():
                usage.stopped, usage.finish_reason = True, "cancelled"
                return usage
            usage.completion_tokens += 1
            yield word if index == 0 else " " + word
        return usage


def _wait_for(gate: threading.Event, cancel: threading.Event) -> None:
    """Block until the test opens ``gate`` or the stream is cancelled."""
    while not gate.wait(0.005) and not cancel.is_set():
        pass
