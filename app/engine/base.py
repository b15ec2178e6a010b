"""The engine interface every model backend implements.

An engine turns a list of chat messages into a stream of text chunks.
``Engine.stream`` is a generator: it yields ``str`` chunks as they are
produced and *returns* a :class:`Usage` (available as ``StopIteration.value``,
or more simply through :class:`StreamResult`). Cancellation is cooperative: the
caller sets a ``threading.Event`` and the engine stops between chunks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal, Protocol, TypedDict

Role = Literal["system", "user", "assistant"]


class ChatMessage(TypedDict):
    """One turn of a conversation as the model sees it."""

    role: Role
    content: str


@dataclass(frozen=True)
class GenerationParams:
    """Sampling settings for one answer."""

    max_tokens: int = 512
    temperature: float = 0.2
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = 1.1
    seed: int | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the settings as a plain dict (for storage and JSON)."""
        return asdict(self)


@dataclass
class Usage:
    """Figures for one answer.

    Attributes:
        prompt_tokens: Tokens in the rendered prompt.
        completion_tokens: Tokens generated.
        ttft_s: Seconds from the call to the first chunk.
        tokens_per_s: Generation rate after the first token.
        cached_tokens: Prompt tokens reused from the previous call's state.
        stopped: True when the answer was cancelled before it ended.
        finish_reason: ``"stop"``, ``"length"`` or ``"cancelled"``.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_s: float = 0.0
    tokens_per_s: float = 0.0
    cached_tokens: int = 0
    stopped: bool = False
    finish_reason: str = "stop"

    def as_dict(self) -> dict[str, object]:
        """Return the figures as a plain dict."""
        return asdict(self)


ProgressCallback = Callable[[int, int], None]
"""Called with (prompt tokens processed, prompt tokens in all) during prefill."""


class Engine(Protocol):
    """A loaded model that streams answers.

    Implementations are not thread-safe: create and use one on a single thread.
    An engine that keeps state between calls (llama.cpp's KV cache holds the
    case) also offers ``forget_context()``, which wipes it; callers look for it
    with :func:`forget_context`.
    """

    @property
    def model_name(self) -> str:
        """A human-readable name of the loaded model."""
        ...

    @property
    def n_ctx(self) -> int:
        """The context window in tokens."""
        ...

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """Return how many tokens ``messages`` take once rendered as a prompt."""
        ...

    def stream(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event,
        on_prefill: ProgressCallback | None = None,
    ) -> Generator[str, None, Usage]:
        """Yield answer chunks; return the :class:`Usage` when done or cancelled."""
        ...


def forget_context(engine: object) -> None:
    """Wipe what ``engine`` remembers of earlier prompts, if it remembers anything."""
    forget = getattr(engine, "forget_context", None)
    if callable(forget):
        forget()


@dataclass
class StreamResult:
    """Drives an engine stream and keeps its text and usage.

    Example:
        >>> result = StreamResult(engine.stream(messages, params, cancel))
        >>> for chunk in result: print(chunk, end="")
        >>> result.usage.tokens_per_s
    """

    generator: Generator[str, None, Usage]
    chunks: list[str] = field(default_factory=list)
    usage: Usage | None = None

    def __iter__(self) -> Iterator[str]:
        try:
            while True:
                chunk = next(self.generator)
                self.chunks.append(chunk)
                yield chunk
        except StopIteration as stop:
            self.usage = stop.value
        finally:
            self.generator.close()

    @property
    def text(self) -> str:
        """Return everything streamed so far."""
        return "".join(self.chunks)
