"""How Curbside reaches a remote server: HTTPS rules, the client, the URL shapes, the headers.

* Any host that is not loopback needs HTTPS with a verified certificate; a
  backend may name a CA bundle for hospital PKI (added to the system's trust
  store, not replacing it). Plain HTTP goes only to loopback, or to a host an
  administrator's policy names (``allow_http_hosts``). A policy that lists
  ``allowed_endpoints`` limits remote servers to those base URLs.
* The system proxy is honoured (``trust_env``: ``HTTPS_PROXY``/``NO_PROXY``,
  and the OS proxy settings Python reads) for servers on the network, never
  for loopback: a proxy setting without a ``NO_PROXY`` for localhost must not
  carry a case off the machine. Redirects are not followed, so a case is
  never re-posted to a host nobody configured.
* Three URL shapes (:data:`~curbside.remote.config.API_SHAPES`):
  OpenAI-style servers take ``POST {base}/chat/completions``; Azure OpenAI
  takes ``{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=``
  with an ``api-key`` header; Azure AI Foundry's model inference endpoint
  takes ``{endpoint}/models/chat/completions?api-version=`` with the deployment
  as the body's ``model``, the key as ``api-key`` (auth ``azure``) or
  ``Authorization: Bearer`` (auth ``bearer``), and ``extra-parameters: drop``
  so a model that lacks an optional field ignores it instead of refusing the
  request; its ``/models/info`` says which model answers.
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from curbside.privacy import Rules, machine_rules
from curbside.remote.config import Backend, BackendError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_transport(backend: Backend, rules: Rules | None = None) -> None:
    """Refuse plain HTTP to a host that is neither loopback nor allowed by policy.

    Raises:
        BackendError: The URL would send the case unencrypted over the network.
    """
    rules = rules or machine_rules()
    allowed = {_normal(url) for url in rules.allowed_endpoints}
    if allowed and _normal(backend.url) not in allowed:
        raise BackendError(
            f"Your administrator's policy does not list {backend.base} as a remote server.",
            "Use one of the servers the policy allows, or ask IT to add this one.",
        )
    if backend.url.lower().startswith("https://"):
        return
    host = backend.host
    if is_loopback(host) or host in {h.lower() for h in rules.allowed_http_hosts}:
        return
    raise BackendError(
        f"Plain HTTP to {host} would send the case unencrypted over the network.",
        "Use an https:// URL (with --ca-bundle for your hospital's certificates), or ask "
        "IT to allow this host in the admin policy.",
    )


def _normal(url: str) -> str:
    """A base URL compared case-insensitively in scheme and host, without a trailing slash."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def ssl_context(backend: Backend) -> ssl.SSLContext:
    """The system's trust store, plus the backend's CA bundle if it names one.

    Raises:
        BackendError: The CA bundle is not a readable PEM file.
    """
    context = ssl.create_default_context()
    if backend.ca_bundle:
        try:
            context.load_verify_locations(cafile=backend.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise BackendError(
                f"The CA bundle {backend.ca_bundle} is not a readable PEM certificate file."
            ) from exc
    return context


def make_client(backend: Backend, *, read_timeout: float | None = None) -> httpx.Client:
    """Return an HTTP client for ``backend`` (verification on, proxy from the system).

    Args:
        backend: The server.
        read_timeout: Socket read timeout; the stream enforces first-token and
            idle timeouts itself, so this is only a backstop.
    """
    read = read_timeout or max(backend.first_token_timeout_s, backend.idle_timeout_s) + 5
    timeout = httpx.Timeout(connect=backend.connect_timeout_s, read=read, write=30.0, pool=5.0)
    return httpx.Client(
        verify=ssl_context(backend),
        trust_env=not is_loopback(backend.host),
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": "Curbside"},
    )


@dataclass(frozen=True)
class Endpoints:
    """The URLs, query and headers for one backend.

    Attributes:
        chat: The chat-completions URL.
        models: The URL listing the server's models.
        params: Query parameters sent with every request.
        headers: Authentication headers (empty with ``auth="none"``).
        server_root: The server's root (where llama-server's ``/tokenize`` is),
            or None for Azure.
    """

    chat: str
    models: str
    params: dict[str, str]
    headers: dict[str, str]
    server_root: str | None


def endpoints(backend: Backend, api_key: str | None) -> Endpoints:
    """Return where and how to talk to ``backend`` with ``api_key``.

    Raises:
        BackendError: The auth style needs a key and there is none.
    """
    if backend.auth != "none" and not api_key:
        raise BackendError(
            f"The server {backend.name} needs an API key and none is stored.",
            f"Store it with `curbside backends add {backend.name} --url ... --api-key-file F`, "
            "or pass --api-key-file / set CURBSIDE_API_KEY.",
        )
    base = backend.base
    shape = backend.api_shape
    if shape == "azure-deployment":
        root = base.split("/openai/", 1)[0]
        deployment = f"{root}/openai/deployments/{backend.model}"
        return Endpoints(
            chat=f"{deployment}/chat/completions",
            models=f"{root}/openai/models",
            params={"api-version": backend.query_api_version},
            headers=_auth_headers(backend, api_key),
            server_root=None,
        )
    if shape == "foundry":
        return Endpoints(
            chat=f"{base}/chat/completions",
            models=f"{base}/info",
            params={"api-version": backend.query_api_version},
            headers={**_auth_headers(backend, api_key), "extra-parameters": "drop"},
            server_root=None,
        )
    root = base[: -len("/v1")] if base.endswith("/v1") else base
    return Endpoints(
        chat=f"{base}/chat/completions",
        models=f"{base}/models",
        params={},
        headers=_auth_headers(backend, api_key),
        server_root=root,
    )


def _auth_headers(backend: Backend, api_key: str | None) -> dict[str, str]:
    """Azure's ``api-key`` header, a Bearer token, or nothing."""
    if not api_key or backend.auth == "none":
        return {}
    if backend.auth == "azure":
        return {"api-key": api_key}
    return {"Authorization": f"Bearer {api_key}"}
