"""One streamed chat-completions request, read on its own thread.

The HTTP reply is read by a short-lived thread that puts each server-sent
event on a queue; the engine's generator takes them off with a short wait.
That split is what makes Stop and the timeouts exact whatever the socket is
doing: the generator notices Stop within :data:`POLL_S` even while the server
is silent (reading the case, or hung), and closing the exchange shuts the
socket down so the server sees the client leave and stops generating.

The reply is bounded: at most :data:`~curbside.infra.limits.MAX_REMOTE_REPLY_BYTES`
of events and a few kilobytes of an error body are read.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
from collections.abc import Iterator
from typing import Any, cast

import httpx
from curbside.infra.limits import MAX_REMOTE_ERROR_BYTES, MAX_REMOTE_REPLY_BYTES
from curbside.remote.transport import Endpoints
from httpx_sse import EventSource

POLL_S = 0.05
"""Longest the generator waits on the queue before looking at Stop and the clock."""

Item = tuple[Any, ...]
"""``("event", data)``, ``("status", code, headers, body)``, ``("error", exc)`` or ``("end",)``."""


class ReplyTooLarge(Exception):
    """The server sent more than the reply budget."""


class _BoundedText:
    """What :class:`httpx_sse.EventSource` reads, counting characters as they pass."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.headers = response.headers
        self._response = response
        self._limit = limit

    def iter_text(self) -> Iterator[str]:
        seen = 0
        for text in self._response.iter_text():
            seen += len(text)
            if seen > self._limit:
                raise ReplyTooLarge(self._limit)
            yield text


class Exchange:
    """POSTs ``body`` to the chat endpoint on a thread; events arrive on :attr:`items`.

    Args:
        client: The backend's HTTP client.
        where: URLs, query and headers.
        body: The JSON request.
    """

    def __init__(self, client: httpx.Client, where: Endpoints, body: dict[str, Any]) -> None:
        self.items: queue.SimpleQueue[Item] = queue.SimpleQueue()
        self._client, self._where, self._body = client, where, body
        self._closing = threading.Event()
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._run, name="curbside-remote", daemon=True)
        self._thread.start()

    def next_item(self, timeout: float) -> Item | None:
        """Return the next item, or None when nothing came within ``timeout`` seconds."""
        try:
            return self.items.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None

    def close(self) -> None:
        """Stop reading and close the connection (the server sees the client leave)."""
        self._closing.set()
        response = self._response
        if response is None:
            return
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            # Wakes the reading thread at once; close() alone would wait for data.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(Exception):  # the reader may be closing it too
            response.close()

    def _run(self) -> None:
        try:
            self._request()
        except Exception as exc:  # every failure is reported to the generator
            if not self._closing.is_set():
                self.items.put(("error", exc))

    def _request(self) -> None:
        headers = {**self._where.headers, "Accept": "text/event-stream"}
        with self._client.stream(
            "POST", self._where.chat, params=self._where.params, headers=headers, json=self._body
        ) as response:
            self._response = response
            if self._closing.is_set():
                return
            if response.status_code >= 400:
                self.items.put(("status", response.status_code, response.headers, _head(response)))
                return
            bounded = _BoundedText(response, MAX_REMOTE_REPLY_BYTES)
            source = EventSource(cast(httpx.Response, bounded))
            for event in source.iter_sse():
                if self._closing.is_set():
                    return
                self.items.put(("event", event.data))
            self.items.put(("end",))


def _head(response: httpx.Response) -> bytes:
    """Up to :data:`MAX_REMOTE_ERROR_BYTES` of an error reply's body."""
    data = b""
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= MAX_REMOTE_ERROR_BYTES:
            break
    return data[:MAX_REMOTE_ERROR_BYTES]
