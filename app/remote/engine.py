"""An :class:`~curbside.engine.Engine` whose model runs on a unit's own server.

``RemoteEngine.stream`` has the local engine's shape (a generator of text
chunks returning :class:`~curbside.engine.Usage`), so the chat session, the
window, ``curbside ask`` and the evaluation harness use it unchanged. It
POSTs ``{"stream": true}`` to the chat-completions endpoint and reads the
server-sent events; the server's usage figures are used when it sends them.

Before anything leaves the machine the PHI gate runs over the messages
(:mod:`.guard`): text with identifiers is refused, whatever the caller asks.
Stop is honoured within :data:`~curbside.remote.exchange.POLL_S`; a failure
after part of the answer arrived raises a :class:`~curbside.remote.failures.RemoteError`
while the chunks already yielded stay with the caller (``StreamResult.chunks``).
Nothing is retried.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Generator, Sequence
from typing import Any

from curbside.engine.base import ChatMessage, GenerationParams, ProgressCallback, Usage
from curbside.infra.limits import MAX_REMOTE_EVENT_BYTES
from curbside.privacy import Rules
from curbside.remote import failures
from curbside.remote.audit import SentPrompt
from curbside.remote.config import Backend
from curbside.remote.exchange import POLL_S, Exchange, ReplyTooLarge
from curbside.remote.failures import RemoteError
from curbside.remote.guard import refuse_identifiers
from curbside.remote.tokens import TokenCounter
from curbside.remote.transport import check_transport, endpoints, make_client
from httpx_sse import SSEError

PhiGate = Callable[[Sequence[ChatMessage]], None]
"""Raises when the messages may not leave the machine (see :mod:`.guard`)."""


class RemoteEngine:
    """Streams answers from an OpenAI-compatible server. Use it from one thread.

    Args:
        backend: The server.
        api_key: Its key (None with ``auth="none"``).
        rules: The admin rules (default: those in force).
        phi_gate: Replaces the default gate (which refuses any identifier the
            detector finds) with one that also honours findings the clinician
            marked "not PHI" in the window. It can never be turned off.
        count_in_background: Ask the server's tokenizer on a thread of its own,
            so :meth:`count_tokens` never waits on the network (the window).

    Raises:
        BackendError: The URL breaks the transport rules, or a key is missing.
    """

    is_remote = True

    def __init__(
        self,
        backend: Backend,
        api_key: str | None = None,
        *,
        rules: Rules | None = None,
        phi_gate: PhiGate | None = None,
        count_in_background: bool = False,
    ) -> None:
        self.backend = backend.validate()
        check_transport(backend, rules)
        self._rules = rules
        self._where = endpoints(backend, api_key)
        self._client = make_client(backend)
        self._phi_gate = phi_gate or (lambda messages: refuse_identifiers(messages, rules))
        self.counter = TokenCounter(
            backend, self._where, self._client, background=count_in_background
        )
        self.last_sent: SentPrompt | None = None

    @property
    def model_name(self) -> str:
        """The model or deployment, and where it runs."""
        return f"{self.backend.model or 'server model'} on {self.backend.name}"

    @property
    def n_ctx(self) -> int:
        """The context size configured for the backend."""
        return self.backend.n_ctx

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """The prompt's length: the server's tokenizer where it has one, else an estimate."""
        return self.counter.count(messages)

    def stream(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event,
        on_prefill: ProgressCallback | None = None,
    ) -> Generator[str, None, Usage]:
        """Yield the answer as it streams; return its :class:`Usage`.

        Raises:
            PhiRefusedError: The messages hold identifiers (nothing was sent).
            RemoteError: The server failed; chunks yielded before it stay valid.
        """
        self._phi_gate(messages)
        sent = list(messages)
        self.last_sent = SentPrompt.of(self.backend, sent)
        usage = Usage()
        started = time.perf_counter()
        exchange = Exchange(self._client, self._where, self._body(sent, params))
        try:
            yield from self._receive(exchange, cancel, usage, started)
        finally:
            exchange.close()
        return usage

    def forget_context(self) -> None:
        """Forget what this side remembers of earlier prompts (lock, next visitor).

        Only digests and counts are kept here; the server's own prompt cache is
        the server's to manage and cannot be wiped from the client.
        """
        self.counter.forget()
        self.last_sent = None

    def close(self) -> None:
        """Close the connections."""
        self.counter.close()
        self._client.close()

    def _body(self, messages: list[ChatMessage], params: GenerationParams) -> dict[str, Any]:
        body: dict[str, Any] = {
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
        }
        if self.backend.model:
            body["model"] = self.backend.model
        if params.seed is not None:
            body["seed"] = params.seed
        if self.backend.api_shape == "openai":
            # llama-server, vLLM and Ollama take these; Azure refuses unknown fields.
            body["top_k"] = params.top_k
            body["repeat_penalty"] = params.repeat_penalty
        return body

    def _receive(
        self, exchange: Exchange, cancel: threading.Event, usage: Usage, started: float
    ) -> Generator[str, None, None]:
        backend = self.backend
        deadline = started + backend.first_token_timeout_s
        first_at = last_at = 0.0
        finish: str | None = None
        while True:
            if cancel.is_set():
                usage.stopped, usage.finish_reason = True, "cancelled"
                break
            now = time.perf_counter()
            if now >= deadline:
                raise failures.timed_out(backend, first=not first_at)
            item = exchange.next_item(min(POLL_S, deadline - now))
            if item is None:
                continue
            kind = item[0]
            if kind == "status":
                raise failures.from_status(item[1], item[2], item[3], backend)
            if kind == "error":
                raise _stream_error(item[1], backend)
            if kind == "end" or item[1].strip() == "[DONE]":
                if finish is None:
                    raise failures.closed_mid_answer(backend)
                break
            text, reason, model = _read_chunk(item[1], usage, backend)
            finish = reason or finish
            if model and self.last_sent is not None and not self.last_sent.reported_model:
                self.last_sent = self.last_sent.answered_by(model)
            if text and not cancel.is_set():
                last_at = time.perf_counter()
                if not first_at:
                    first_at, usage.ttft_s = last_at, last_at - started
                usage.completion_tokens += 1
                yield text
            if first_at:
                deadline = time.perf_counter() + backend.idle_timeout_s
        if not usage.stopped:
            usage.finish_reason = finish or "stop"
        if usage.completion_tokens > 1 and last_at > first_at:
            usage.tokens_per_s = (usage.completion_tokens - 1) / (last_at - first_at)


def _read_chunk(data: str, usage: Usage, backend: Backend) -> tuple[str, str | None, str]:
    """Return the content, finish reason and model id in one event; take its usage figures."""
    if len(data) > MAX_REMOTE_EVENT_BYTES:
        raise failures.malformed(backend, "an event over the size limit")
    try:
        chunk = json.loads(data)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise failures.malformed(backend, "an event that is not JSON") from exc
    if not isinstance(chunk, dict):
        raise failures.malformed(backend, "an event that is not a JSON object")
    if "error" in chunk:
        error = chunk["error"]
        detail = error.get("message") if isinstance(error, dict) else error
        raise RemoteError(
            "server",
            f"The remote server {backend.name} ({backend.host}) stopped with an error: "
            f"{failures.short(str(detail))}.",
            "What arrived is kept, marked incomplete.",
        )
    figures = chunk.get("usage")
    if isinstance(figures, dict):
        usage.prompt_tokens = _count(figures.get("prompt_tokens"), usage.prompt_tokens)
        server_count = _count(figures.get("completion_tokens"), 0)
        usage.completion_tokens = max(usage.completion_tokens, server_count)
    choices = chunk.get("choices")
    if not isinstance(choices, list):
        raise failures.malformed(backend, "an event without choices")
    named = chunk.get("model")
    model = failures.short(named) if isinstance(named, str) else ""
    if not choices:
        return "", None, model
    choice = choices[0] if isinstance(choices[0], dict) else {}
    delta = choice.get("delta")
    content = delta.get("content") if isinstance(delta, dict) else None
    reason = choice.get("finish_reason")
    return (
        content if isinstance(content, str) else "",
        reason if isinstance(reason, str) else None,
        model,
    )


def _count(value: object, default: int) -> int:
    return value if isinstance(value, int) and 0 <= value < 1 << 31 else default


def _stream_error(exc: Exception, backend: Backend) -> RemoteError:
    if isinstance(exc, SSEError):
        return failures.malformed(backend, "not an event stream")
    if isinstance(exc, ReplyTooLarge):
        return failures.malformed(backend, "a reply over the size limit")
    if isinstance(exc, UnicodeDecodeError):
        return failures.malformed(backend, "text that is not UTF-8")
    return failures.from_exception(exc, backend)
