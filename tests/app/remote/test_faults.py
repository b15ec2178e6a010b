"""A remote server that misbehaves: each failure is one clear line and keeps what arrived."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from curbside.engine import GenerationParams, StreamResult
from curbside.remote import Backend, RemoteEngine, RemoteError
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.app.remote.conftest import answer_events, chunk, sse

PARAMS = GenerationParams(max_tokens=32)
QUESTION = [{"role": "user", "content": "Chest pain on exertion, what next?"}]


def stream_reply(events: Iterator[bytes], status: int = 200) -> Response:
    return Response(events, status=status, content_type="text/event-stream")


def run(engine: RemoteEngine, cancel: threading.Event | None = None) -> StreamResult:
    result = StreamResult(engine.stream(QUESTION, PARAMS, cancel or threading.Event()))
    for _ in result:
        pass
    return result


def failing(engine: RemoteEngine) -> tuple[RemoteError, StreamResult]:
    result = StreamResult(engine.stream(QUESTION, PARAMS, threading.Event()))
    with pytest.raises(RemoteError) as caught:
        for _ in result:
            pass
    return caught.value, result


def test_a_streamed_answer_arrives_in_chunks_with_the_servers_usage(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
        lambda _: stream_reply(sse(*answer_events()))
    )
    engine = RemoteEngine(fault_backend)
    result = run(engine)
    assert result.chunks == ["Consider ", "acute ", "coronary ", "syndrome."]
    assert result.usage is not None
    assert result.usage.prompt_tokens == 42
    assert result.usage.completion_tokens == 4
    assert result.usage.finish_reason == "stop" and not result.usage.stopped
    sent = json.loads(httpserver.log[0][0].get_data())
    assert sent["stream"] is True and sent["model"] == "test-model"
    assert sent["messages"] == QUESTION
    assert engine.last_sent is not None and engine.last_sent.backend == "faulty"
    engine.forget_context()  # the lock and "Next visitor" wipe what this side keeps
    assert engine.last_sent is None


@pytest.mark.parametrize(
    ("status", "headers", "body", "kind", "words"),
    [
        (429, {"Retry-After": "7"}, '{"error": {"message": "slow down"}}', "rate_limited", "7 s"),
        (500, {}, '{"error": {"message": "CUDA out of memory"}}', "server", "HTTP 500"),
        (503, {}, "upstream down", "server", "HTTP 503"),
        (401, {}, '{"error": {"message": "invalid key"}}', "auth", "API key"),
        (403, {}, "forbidden", "auth", "HTTP 403"),
        (404, {}, '{"error": {"message": "model not found"}}', "not_found", "test-model"),
        (413, {}, "payload too large", "too_long", "too long"),
        (
            400,
            {},
            '{"error": {"message": "Requested tokens (5000) exceed context window of 4096"}}',
            "too_long",
            "exceed context window",
        ),
        (400, {}, '{"error": {"message": "temperature must be positive"}}', "bad_request", "400"),
    ],
)
def test_an_http_error_is_one_line_naming_what_to_do(
    httpserver: HTTPServer,
    fault_backend: Backend,
    status: int,
    headers: dict[str, str],
    body: str,
    kind: str,
    words: str,
) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_data(
        body, status=status, headers=headers
    )
    error, result = failing(RemoteEngine(fault_backend))
    assert error.kind == kind
    assert words in str(error)
    assert "\n" not in str(error) and "faulty" in str(error)
    assert result.chunks == []
    if kind == "rate_limited":
        assert error.retry_after == 7
    assert len(httpserver.log) == 1  # no silent retry


@pytest.mark.parametrize(
    ("events", "what"),
    [
        (["{not json"], "not JSON"),
        (['{"id": 1}'], "without choices"),
        (["[1, 2]"], "not a JSON object"),
    ],
)
def test_malformed_events_fail_clearly(
    httpserver: HTTPServer, fault_backend: Backend, events: list[str], what: str
) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(
        lambda _: stream_reply(sse(chunk("Consider "), *events))
    )
    error, result = failing(RemoteEngine(fault_backend))
    assert error.kind == "malformed" and what in str(error)
    assert result.chunks == ["Consider "]  # what arrived is kept


def test_a_reply_that_is_not_an_event_stream_is_malformed(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_json({"choices": []})
    error, _ = failing(RemoteEngine(fault_backend))
    assert error.kind == "malformed" and "not an event stream" in str(error)


def test_an_error_event_mid_stream_keeps_the_part_received(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    events = sse(chunk("Consider "), {"error": {"message": "worker crashed"}})
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(
        lambda _: stream_reply(events)
    )
    error, result = failing(RemoteEngine(fault_backend))
    assert "worker crashed" in str(error)
    assert result.text == "Consider "


def test_the_server_closing_mid_answer_keeps_the_part_received(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(
        lambda _: stream_reply(sse(chunk("Consider "), chunk("acute ")))
    )
    error, result = failing(RemoteEngine(fault_backend))
    assert error.kind == "closed" and "mid-answer" in str(error)
    assert result.text == "Consider acute "


def pausing(before: list[object], pause_s: float) -> Callable[[Request], Response]:
    """A handler streaming ``before``, going silent for ``pause_s``, then a whole answer."""

    def handler(_: Request) -> Response:
        def events() -> Iterator[bytes]:
            yield from sse(*before)
            time.sleep(pause_s)
            yield from sse(*answer_events())

        return stream_reply(events())

    return handler


def test_a_slow_first_token_times_out(httpserver: HTTPServer, fault_backend: Backend) -> None:
    # Silent for longer than the backend's 0.5 s first-token timeout.
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(pausing([], 1.0))
    error, result = failing(RemoteEngine(fault_backend))
    assert error.kind == "first_token_timeout" and "0.5 s" in str(error)
    assert result.chunks == []


def test_a_server_going_quiet_mid_answer_times_out_keeping_the_part(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    handler = pausing([chunk("Consider ")], 1.0)
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(handler)
    error, result = failing(RemoteEngine(fault_backend))
    assert error.kind == "idle_timeout"
    assert result.text == "Consider "


def test_stop_while_the_server_is_silent_ends_the_stream_marked_stopped(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    handler = pausing([chunk("Consider ")], 0.4)
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(handler)
    cancel = threading.Event()
    result = StreamResult(RemoteEngine(fault_backend).stream(QUESTION, PARAMS, cancel))
    for _ in result:
        cancel.set()  # after the first chunk, while the server says nothing
    assert result.text == "Consider "
    assert result.usage is not None and result.usage.stopped
    assert result.usage.finish_reason == "cancelled"


def test_azure_gets_its_header_deployment_url_and_api_version(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/openai/deployments/clinical-27b/chat/completions",
        method="POST",
        query_string={"api-version": "2024-10-21"},
        headers={"api-key": "azure-secret"},
    ).respond_with_handler(lambda _: stream_reply(sse(*answer_events())))
    backend = Backend(
        name="foundry",
        url=httpserver.url_for("/").rstrip("/"),
        model="clinical-27b",
        auth="azure",
    )
    result = run(RemoteEngine(backend, "azure-secret"))
    assert result.text == "".join(answer_events_text())
    request = httpserver.log[0][0]
    assert "Authorization" not in request.headers
    sent = json.loads(request.get_data())
    assert "top_k" not in sent and "repeat_penalty" not in sent  # Azure refuses unknown fields


def answer_events_text() -> list[str]:
    return ["Consider ", "acute ", "coronary ", "syndrome."]


def test_bearer_auth_sends_the_key_as_a_bearer_token(
    httpserver: HTTPServer, fault_backend: Backend
) -> None:
    httpserver.expect_request(
        "/v1/chat/completions", headers={"Authorization": "Bearer s3cret"}
    ).respond_with_handler(lambda _: stream_reply(sse(*answer_events())))
    backend = Backend(**{**fault_backend.as_dict(), "auth": "bearer"})
    assert run(RemoteEngine(backend, "s3cret")).text.startswith("Consider")
