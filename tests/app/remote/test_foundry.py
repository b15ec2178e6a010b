"""Azure AI Foundry's model inference shape: ``{endpoint}/models/chat/completions?api-version=``.

Checked three ways: the URLs and headers built (no network), a local server
that accepts only Foundry's exact request, and the real ``llama_cpp.server``
reached through a small path-rewriting gateway on loopback, which plays
Azure's front door: it accepts ``/models/...`` with ``api-version`` and an
``api-key`` (or Bearer) header, and forwards to the server's ``/v1/...``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx
import pytest
from curbside.engine import GenerationParams, StreamResult
from curbside.remote import Backend, RemoteEngine, check_connection
from curbside.remote.transport import endpoints
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.app.remote.conftest import answer_events, sse
from tests.doubles.llama_server import API_KEY, MODEL_ALIAS, LlamaServer

FOUNDRY = "https://clinic-res.services.ai.azure.com/models"
QUESTION = [{"role": "user", "content": "List two causes of syncope."}]
API_VERSION = "2024-05-01-preview"


@pytest.mark.parametrize(
    ("url", "auth", "shape", "expected"),
    [
        (FOUNDRY, "azure", "auto", "foundry"),
        (FOUNDRY, "bearer", "auto", "foundry"),  # an Azure host with /models
        (FOUNDRY + "/", "azure", "auto", "foundry"),
        ("https://res.openai.azure.com", "azure", "auto", "azure-deployment"),
        ("https://gpu.example.org/v1", "bearer", "auto", "openai"),
        ("https://gpu.example.org/models", "bearer", "auto", "openai"),  # not Azure: as it says
        ("http://127.0.0.1:8080/models", "azure", "auto", "foundry"),
        ("http://127.0.0.1:8080/models", "bearer", "foundry", "foundry"),
        ("https://res.services.ai.azure.com/models", "azure", "openai", "openai"),
    ],
)
def test_the_shape_follows_the_url_and_auth_unless_it_is_set(
    url: str, auth: str, shape: str, expected: str
) -> None:
    backend = Backend(name="b", url=url, model="m", auth=auth, shape=shape)  # type: ignore[arg-type]
    assert backend.validate().api_shape == expected


def test_foundry_urls_and_headers_with_an_api_key() -> None:
    backend = Backend(name="az", url=FOUNDRY, model="clinical-27b", auth="azure").validate()
    where = endpoints(backend, "k")
    assert where.chat == f"{FOUNDRY}/chat/completions"
    assert where.models == f"{FOUNDRY}/info"
    assert where.params == {"api-version": API_VERSION}
    assert where.headers == {"api-key": "k", "extra-parameters": "drop"}
    assert where.server_root is None  # no /tokenize: the meter's estimate is labelled


def test_foundry_with_bearer_auth_and_its_own_api_version() -> None:
    backend = Backend(
        name="az", url=FOUNDRY, auth="bearer", api_version="2025-04-01-preview"
    ).validate()  # a serverless endpoint needs no model name
    where = endpoints(backend, "k")
    assert where.headers == {"Authorization": "Bearer k", "extra-parameters": "drop"}
    assert where.params == {"api-version": "2025-04-01-preview"}


def test_azure_openai_keeps_its_deployment_shape_and_version() -> None:
    backend = Backend(name="az", url="https://res.openai.azure.com", model="g", auth="azure")
    where = endpoints(backend.validate(), "k")
    assert where.chat == "https://res.openai.azure.com/openai/deployments/g/chat/completions"
    assert where.params == {"api-version": "2024-10-21"}


def test_an_unknown_shape_is_refused() -> None:
    from curbside.remote import BackendError

    with pytest.raises(BackendError, match="Unknown URL shape"):
        Backend(name="b", url=FOUNDRY, shape="soap").validate()  # type: ignore[arg-type]


def test_a_foundry_server_gets_exactly_its_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/models/chat/completions",
        method="POST",
        query_string={"api-version": API_VERSION},
        headers={"api-key": "azure-secret", "extra-parameters": "drop"},
    ).respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )
    backend = Backend(
        name="foundry", url=httpserver.url_for("/models"), model="clinical-27b", auth="azure"
    )
    engine = RemoteEngine(backend, "azure-secret")
    result = StreamResult(
        engine.stream(QUESTION, GenerationParams(max_tokens=8), threading.Event())
    )
    assert "".join(result) == "Consider acute coronary syndrome."
    engine.close()
    request = httpserver.log[0][0]
    assert "Authorization" not in request.headers
    sent = json.loads(request.get_data())
    assert sent["model"] == "clinical-27b" and sent["messages"] == QUESTION
    assert "top_k" not in sent and "repeat_penalty" not in sent


class FoundryGateway:
    """Azure's front door in miniature: Foundry's URL shape in, the server's ``/v1`` out."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")  # ends in /v1
        self.seen: list[tuple[str, dict[str, str], str]] = []

    def handle(self, request: Request) -> Response:
        """Check the shape and the key; forward; stream the reply back."""
        self.seen.append((request.path, dict(request.args), request.headers.get("api-key", "")))
        if request.args.get("api-version") != API_VERSION:
            return Response('{"error": "missing api-version"}', status=400)
        key = request.headers.get("api-key") or request.headers.get("Authorization", "")[7:]
        tail = request.path.removeprefix("/models")
        if tail == "/info":
            models = httpx.get(
                f"{self.upstream}/models", headers=_bearer(key), trust_env=False
            ).json()
            return Response(json.dumps({"model_name": models["data"][0]["id"]}))
        if tail != "/chat/completions":
            return Response("{}", status=404)
        return self._forward(request.get_data(), key)

    def _forward(self, body: bytes, key: str) -> Response:
        client = httpx.Client(timeout=120, trust_env=False)
        headers = {**_bearer(key), "Content-Type": "application/json"}
        upstream = client.build_request(
            "POST", f"{self.upstream}/chat/completions", content=body, headers=headers
        )
        reply = client.send(upstream, stream=True)
        if reply.status_code >= 400:
            data = reply.read()
            client.close()
            return Response(data, status=reply.status_code, content_type="application/json")

        def relay() -> Iterator[bytes]:
            try:
                yield from reply.iter_raw()
            finally:
                reply.close()
                client.close()

        return Response(relay(), content_type="text/event-stream")


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def gateway(httpserver: HTTPServer, llama_server: LlamaServer) -> FoundryGateway:
    """The gateway on a loopback port, in front of the real llama.cpp server."""
    door = FoundryGateway(llama_server.url)
    httpserver.expect_request("/models/chat/completions").respond_with_handler(door.handle)
    httpserver.expect_request("/models/info").respond_with_handler(door.handle)
    return door


@pytest.mark.model
@pytest.mark.parametrize("auth", ["azure", "bearer"])
def test_a_real_server_answers_through_the_foundry_shape(
    gateway: FoundryGateway, httpserver: HTTPServer, auth: str
) -> None:
    backend = Backend(
        name="foundry-local",
        url=httpserver.url_for("/models"),
        model=MODEL_ALIAS,
        auth=auth,  # type: ignore[arg-type]
        shape="foundry",
    )
    engine = RemoteEngine(backend, API_KEY)
    result = StreamResult(
        engine.stream(QUESTION, GenerationParams(max_tokens=12, seed=1), threading.Event())
    )
    chunks = list(result)
    engine.close()
    assert len(chunks) > 2 and result.text.strip()
    assert result.usage is not None and result.usage.finish_reason in ("stop", "length")
    path, query, api_key = gateway.seen[-1]
    assert path == "/models/chat/completions" and query == {"api-version": API_VERSION}
    assert api_key == (API_KEY if auth == "azure" else "")
    report = check_connection(backend, API_KEY)
    assert report.models == [MODEL_ALIAS] and report.latency_ms > 0


@pytest.mark.model
def test_a_wrong_key_through_the_foundry_shape_is_one_line(
    gateway: FoundryGateway, httpserver: HTTPServer
) -> None:
    from curbside.remote import RemoteError

    backend = Backend(name="foundry-local", url=httpserver.url_for("/models"), auth="azure")
    engine = RemoteEngine(backend, "not-the-key")
    with pytest.raises(RemoteError) as caught:
        list(engine.stream(QUESTION, GenerationParams(max_tokens=4), threading.Event()))
    engine.close()
    assert caught.value.kind == "auth" and "\n" not in str(caught.value)
