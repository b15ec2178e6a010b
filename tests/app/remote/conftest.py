"""Fixtures for the remote-backend tests: a fault-injecting server, and a real llama.cpp one."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from curbside.remote import Backend

from tests.doubles.llama_server import LlamaServer, start_llama_server

ANSWER_WORDS = ["Consider ", "acute ", "coronary ", "syndrome."]


def sse(*events: object) -> Iterator[bytes]:
    """Encode events (dicts as JSON, strings as they are) as server-sent events."""
    for event in events:
        data = event if isinstance(event, str) else json.dumps(event)
        yield f"data: {data}\n\n".encode()


def chunk(content: str | None = None, finish: str | None = None) -> dict[str, object]:
    """One chat-completions stream chunk."""
    delta = {"content": content} if content is not None else {}
    return {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def answer_events(words: Iterable[str] = ANSWER_WORDS) -> list[object]:
    """A whole streamed answer: the words, a finish, usage, [DONE]."""
    words = list(words)
    return [
        *(chunk(w) for w in words),
        chunk(finish="stop"),
        {"choices": [], "usage": {"prompt_tokens": 42, "completion_tokens": len(words)}},
        "[DONE]",
    ]


@pytest.fixture
def fault_backend(httpserver: object) -> Backend:
    """A backend pointing at the local fault-injecting server, with short timeouts."""
    url = httpserver.url_for("/v1").rstrip("/")  # type: ignore[attr-defined]
    return Backend(
        name="faulty",
        url=url,
        model="test-model",
        first_token_timeout_s=0.5,
        idle_timeout_s=0.5,
        connect_timeout_s=2,
    )


@pytest.fixture(scope="session")
def llama_server(default_model_path: Path) -> Iterator[LlamaServer]:
    """``python -m llama_cpp.server`` on the default model, on loopback, for the session."""
    server = start_llama_server(default_model_path)
    yield server
    server.stop()
