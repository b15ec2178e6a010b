"""“Test connection”: can Curbside reach a server, how fast, and which models does it serve.

One ``GET`` of the models list (``{base}/models``; Azure OpenAI's
``/openai/models``; Foundry's ``/models/info``), timed, with the same transport rules, headers and
failures as an answer. The reply is bounded and only model ids are kept.
Nothing about a case is sent.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import httpx
from curbside.infra.limits import MAX_REMOTE_ERROR_BYTES
from curbside.privacy import Rules
from curbside.remote import failures
from curbside.remote.config import Backend
from curbside.remote.transport import check_transport, endpoints, make_client

MAX_MODELS_REPLY_BYTES = 1 << 20
MAX_MODELS_LISTED = 200


@dataclass(frozen=True)
class ConnectionReport:
    """What a connection test found.

    Attributes:
        latency_ms: Round trip of the models request, in milliseconds.
        models: Model (or deployment) ids the server lists.
        model_listed: Whether the backend's configured model is among them
            (True when no model is configured).
    """

    latency_ms: float
    models: list[str] = field(default_factory=list)
    model_listed: bool = True

    def summary(self, backend: Backend) -> str:
        """One line for the clinician or IT."""
        listed = ", ".join(self.models[:8]) + (" …" if len(self.models) > 8 else "")
        line = f"{backend.name}: reachable in {self.latency_ms:.0f} ms; models: {listed or 'none'}"
        if not self.model_listed:
            line += f". The configured model '{backend.model}' is not among them."
        return line


def check_connection(
    backend: Backend, api_key: str | None, rules: Rules | None = None
) -> ConnectionReport:
    """Ask ``backend`` for its models; return the latency and the list.

    Raises:
        BackendError: The transport rules refuse the URL, or a key is missing.
        RemoteError: The server could not be reached or refused.
    """
    check_transport(backend, rules)
    where = endpoints(backend, api_key)
    with make_client(backend, read_timeout=backend.connect_timeout_s + 10) as client:
        started = time.perf_counter()
        try:
            with client.stream(
                "GET", where.models, params=where.params, headers=where.headers
            ) as reply:
                body = _read(reply, MAX_MODELS_REPLY_BYTES)
        except httpx.HTTPError as exc:
            raise failures.from_exception(exc, backend) from exc
        latency = (time.perf_counter() - started) * 1000
    if reply.status_code >= 400:
        raise failures.from_status(
            reply.status_code, reply.headers, body[:MAX_REMOTE_ERROR_BYTES], backend
        )
    models = _model_ids(body, backend)
    # Azure lists models, not deployments: a deployment name cannot be checked there.
    listed = not backend.model or backend.model in models or backend.api_shape != "openai"
    return ConnectionReport(latency, models, listed)


def _read(reply: httpx.Response, limit: int) -> bytes:
    data = b""
    for chunk in reply.iter_bytes():
        data += chunk
        if len(data) > limit:
            break
    return data


def _model_ids(body: bytes, backend: Backend) -> list[str]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, RecursionError, UnicodeDecodeError) as exc:
        raise failures.malformed(backend, "a models list that is not JSON") from exc
    if backend.api_shape == "foundry" and isinstance(data, dict) and "model_name" in data:
        # Foundry's /models/info: the one model behind the endpoint.
        return [failures.short(str(data["model_name"]))]
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise failures.malformed(backend, "a models list without 'data'")
    ids = [
        failures.short(str(entry["id"]))
        for entry in entries[:MAX_MODELS_LISTED]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    ]
    return sorted(set(ids))
