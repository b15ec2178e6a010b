"""One clear line for every way a remote server can fail.

Network failures (refused, DNS, TLS, timeouts), HTTP statuses (401/403 bad
key, 404 unknown model or deployment, 400/413 context too long, 429 with its
Retry-After, 5xx) and broken streams (malformed events, a close mid-answer)
each become a :class:`RemoteError` naming the server and saying what to do.
Nothing here retries: a clinician decides whether to ask again.

Server replies are untrusted: only a short, printable excerpt of an error
body is ever shown, and never more than a few kilobytes are read.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import ssl

import httpx
from curbside.errors import KnownError
from curbside.remote.config import Backend

DETAIL_CHARS = 160
_CONTEXT_WORDS = ("context", "too long", "maximum", "tokens", "length", "exceed")
_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
    "no address associated",
    "name resolution",
)


class RemoteError(KnownError):
    """A remote server could not answer; the message says which and why.

    Attributes:
        kind: A short code for tests and the audit trail (``refused``, ``dns``,
            ``tls``, ``auth``, ``not_found``, ``too_long``, ``rate_limited``,
            ``server``, ``bad_request``, ``malformed``, ``closed``,
            ``first_token_timeout``, ``idle_timeout``, ``connect_timeout``, ``network``).
        retry_after: Seconds the server asked to wait (429), if it said.
    """

    def __init__(
        self, kind: str, message: str, hint: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message, hint)
        self.kind = kind
        self.retry_after = retry_after


def _where(backend: Backend) -> str:
    return f"the remote server {backend.name} ({backend.host})"


def from_exception(exc: Exception, backend: Backend) -> RemoteError:
    """Return the one-line error for a transport exception from httpx."""
    where = _where(backend)
    text = " ".join(str(e) for e in _chain(exc)).lower()
    if isinstance(exc, httpx.ConnectTimeout):
        return RemoteError(
            "connect_timeout",
            f"No connection to {where} within {backend.connect_timeout_s:g} s.",
            "Check the network and the URL, then ask again.",
        )
    if any(isinstance(e, ssl.SSLError) for e in _chain(exc)) or "certificate" in text:
        return RemoteError(
            "tls",
            f"The secure connection to {where} failed: {short(_tls_reason(exc))}.",
            "If your hospital uses its own certificate authority, give the server a CA "
            "bundle (--ca-bundle); otherwise tell IT, the certificate may be wrong.",
        )
    if any(word in text for word in _DNS_WORDS):
        return RemoteError(
            "dns",
            f"The host name {backend.host} of the remote server {backend.name} was not found.",
            "Check the URL's spelling and the network (DNS).",
        )
    if isinstance(exc, httpx.ConnectError) and ("refused" in text or "errno 111" in text):
        return RemoteError(
            "refused",
            f"{where[0].upper()}{where[1:]} refused the connection.",
            "Check that the server is running and that the URL and port are right.",
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return closed_mid_answer(backend)
    return RemoteError(
        "network",
        f"The connection to {where} failed ({type(exc).__name__}).",
        "Check the network and the URL, then ask again.",
    )


def from_status(status: int, headers: httpx.Headers, body: bytes, backend: Backend) -> RemoteError:
    """Return the one-line error for an HTTP error reply."""
    where = _where(backend)
    detail = _detail(body)
    said = f": {detail}" if detail else ""
    if status in (401, 403):
        return RemoteError(
            "auth",
            f"{where[0].upper()}{where[1:]} refused the API key (HTTP {status}).",
            f"Store the right key: `curbside backends add {backend.name} --url {backend.url} "
            "--api-key-file FILE` (or Models → Remote servers).",
        )
    if status == 404:
        model = backend.model or "(server default)"
        what = "model" if backend.api_shape == "openai" else "deployment"
        return RemoteError(
            "not_found",
            f"{where[0].upper()}{where[1:]} does not know the {what} '{model}' (HTTP 404).",
            f"`curbside backends test {backend.name}` lists the models it serves.",
        )
    if status == 413 or (status == 400 and any(w in detail.lower() for w in _CONTEXT_WORDS)):
        return RemoteError(
            "too_long",
            f"The prompt is too long for {where}'s context window (HTTP {status}){said}.",
            "Shorten the case, lower the answer's length, or set the server's context size "
            "to what it was started with.",
        )
    if status == 429:
        retry = _retry_after(headers)
        wait = f" it asks to wait {retry:g} s" if retry is not None else " it gave no wait time"
        return RemoteError(
            "rate_limited",
            f"{where[0].upper()}{where[1:]} is limiting requests (HTTP 429);{wait}.",
            "Ask again after that; Curbside does not retry on its own.",
            retry_after=retry,
        )
    if status >= 500:
        return RemoteError(
            "server",
            f"{where[0].upper()}{where[1:]} failed (HTTP {status}){said}.",
            "Ask again later, or tell whoever runs the server.",
        )
    return RemoteError(
        "bad_request",
        f"{where[0].upper()}{where[1:]} rejected the request (HTTP {status}){said}.",
        "Check the server's model and settings.",
    )


def malformed(backend: Backend, what: str) -> RemoteError:
    """The server's reply is not a valid chat-completions event stream."""
    return RemoteError(
        "malformed",
        f"{_where(backend)[0].upper()}{_where(backend)[1:]} sent a reply Curbside cannot "
        f"read ({what}).",
        "Check that the URL points at an OpenAI-compatible /v1 endpoint.",
    )


def closed_mid_answer(backend: Backend) -> RemoteError:
    """The server closed the connection before the answer ended."""
    return RemoteError(
        "closed",
        f"{_where(backend)[0].upper()}{_where(backend)[1:]} closed the connection mid-answer.",
        "What arrived is kept, marked incomplete; ask again to get the whole answer.",
    )


def timed_out(backend: Backend, first: bool) -> RemoteError:
    """Nothing arrived in time: before the first chunk, or between chunks."""
    if first:
        return RemoteError(
            "first_token_timeout",
            f"{_where(backend)[0].upper()}{_where(backend)[1:]} sent nothing within "
            f"{backend.first_token_timeout_s:g} s.",
            "The server may be overloaded; ask again later or raise its first-token timeout.",
        )
    return RemoteError(
        "idle_timeout",
        f"{_where(backend)[0].upper()}{_where(backend)[1:]} stopped sending for "
        f"{backend.idle_timeout_s:g} s mid-answer.",
        "What arrived is kept, marked incomplete; ask again later.",
    )


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _tls_reason(exc: Exception) -> str:
    for error in _chain(exc):
        if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
            return f"certificate not accepted ({error.verify_message})"
        if isinstance(error, ssl.SSLError) and error.reason:
            return str(error.reason).replace("_", " ").lower()
    return "certificate not accepted"


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from ``Retry-After`` (a number, or an HTTP date), if sensible."""
    value = headers.get("retry-after", "").strip()[:64]
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = round((when - dt.datetime.now(dt.UTC)).total_seconds())
        seconds = max(seconds, 0)
    return seconds if 0 <= seconds < 86_400 else None


def _detail(body: bytes) -> str:
    """A short printable excerpt of an error body (OpenAI-style ``error.message`` if any)."""
    text = body.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        data = None
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", data.get("message")))
        if isinstance(error, dict):
            error = error.get("message")
        if isinstance(error, str):
            text = error
        elif data.get("detail") is not None:
            text = json.dumps(data.get("detail"))[:DETAIL_CHARS]
    return short(text)


def short(text: str) -> str:
    """Return ``text`` as one printable line of at most :data:`DETAIL_CHARS` characters."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= DETAIL_CHARS else flat[: DETAIL_CHARS - 1] + "…"
