"""Counting a prompt's tokens for a remote server: its own tokenizer if it has one.

llama-server offers ``POST /tokenize`` and llama-cpp-python's server
``POST /extras/tokenize/count``; vLLM, Ollama and Azure offer neither through
the OpenAI API. Where the server can count, each message's content is counted
there (and cached by digest, so the case is counted once), plus a few tokens
per message for the chat template's role markers. Elsewhere the count is an
estimate (UTF-8 bytes ÷ 3, on the high side so a budget errs towards room),
and :attr:`TokenCounter.exact` says so, for the context meter's label.

With ``background=True`` (the window) the server is asked on a thread of the
counter's own and :meth:`TokenCounter.count` never waits on the network: text
not counted yet is estimated until the server's figure arrives.

Text goes to the tokenizer only if the PHI gate would let it go to the
server (:func:`~curbside.remote.guard.may_leave`): a draft with identifiers
is estimated, never sent to be counted.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
from collections.abc import Sequence

import httpx
from curbside.engine.base import ChatMessage
from curbside.remote.config import Backend
from curbside.remote.guard import may_leave
from curbside.remote.transport import Endpoints

PER_MESSAGE = 4
"""Template tokens around one message (role marker, separators)."""
REPLY_PRIMER = 3
"""Template tokens that open the assistant's reply."""
BYTES_PER_TOKEN = 3
TOKENIZE_TIMEOUT_S = 5.0
CACHE_LIMIT = 512


def estimate(text: str) -> int:
    """A deliberately high estimate of ``text``'s tokens (no tokenizer at hand)."""
    return -(-len(text.encode("utf-8")) // BYTES_PER_TOKEN)


class TokenCounter:
    """Counts prompts for one backend.

    Args:
        backend: The server.
        where: Its endpoints (``server_root`` None: no tokenizer to ask).
        client: The HTTP client to ask with.
        background: Ask the server off the caller's thread.
    """

    def __init__(
        self, backend: Backend, where: Endpoints, client: httpx.Client, *, background: bool
    ) -> None:
        self._root = where.server_root
        self._headers = where.headers
        self._model = backend.model
        self._client = client
        self._style: str | None = None if self._root else "none"
        self._cache: dict[str, int] = {}
        self._lock = threading.Lock()
        self.exact = False
        self._wanted: queue.SimpleQueue[str | None] | None = None
        if background:
            self._wanted = queue.SimpleQueue()
            threading.Thread(target=self._serve, name="curbside-tokens", daemon=True).start()

    @property
    def source(self) -> str:
        """``"server tokenizer"`` when the last count was the server's, else ``"estimate"``."""
        return "server tokenizer" if self.exact else "estimate"

    def count(self, messages: Sequence[ChatMessage]) -> int:
        """Return the prompt length of ``messages`` (see :attr:`exact`)."""
        total, exact = REPLY_PRIMER, self._style != "none"
        for message in messages:
            counted = self._counted(message["content"])
            if counted is None:
                exact = False
                counted = estimate(message["content"])
            total += counted + PER_MESSAGE
        self.exact = exact
        return total

    def forget(self) -> None:
        """Drop every cached count."""
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        """Stop the background thread, if any."""
        if self._wanted is not None:
            self._wanted.put(None)

    def _counted(self, text: str) -> int | None:
        if self._style == "none":
            return None
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        if self._wanted is not None:
            self._wanted.put(text)
            return None
        return self._ask(key, text)

    def _serve(self) -> None:
        assert self._wanted is not None
        while (text := self._wanted.get()) is not None:
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()
            with self._lock:
                done = key in self._cache
            if not done and self._style != "none":
                self._ask(key, text)

    def _ask(self, key: str, text: str) -> int | None:
        """Ask the server; remember the answer (or that it has no tokenizer)."""
        if not may_leave(text):
            return None
        for style in (self._style,) if self._style else ("llama-server", "llama-cpp-python"):
            counted = self._request(style, text)
            if counted is not None:
                self._style = style
                with self._lock:
                    if len(self._cache) >= CACHE_LIMIT:
                        self._cache.clear()
                    self._cache[key] = counted
                return counted
        if self._style is None:
            self._style = "none"  # asked both ways and neither answered: estimate from now on
        return None

    def _request(self, style: str | None, text: str) -> int | None:
        if style == "llama-server":
            url, body = f"{self._root}/tokenize", {"content": text}
        else:
            url, body = f"{self._root}/extras/tokenize/count", {"input": text}
            if self._model:
                body["model"] = self._model
        try:
            reply = self._client.post(
                url, json=body, headers=self._headers, timeout=TOKENIZE_TIMEOUT_S
            )
            if reply.status_code != 200 or len(reply.content) > 4 << 20:
                return None
            data = json.loads(reply.content)
        except (httpx.HTTPError, json.JSONDecodeError, RecursionError, UnicodeDecodeError):
            return None
        except RuntimeError:  # the engine closed the client while a background count ran
            return None
        if not isinstance(data, dict):
            return None
        if isinstance(data.get("tokens"), list):
            return len(data["tokens"])
        count = data.get("count")
        return count if isinstance(count, int) and count >= 0 else None
