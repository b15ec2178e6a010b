"""What the audit trail records about each remote answer.

Every answer from a remote server records which server (name, host, port, URL
shape), which model was asked for and which one the server says answered,
and a SHA-256 digest of the exact messages sent (canonical JSON) — never the
text, never the API key. :func:`record_remote_answer` puts that record into
the answer's message metadata under ``"remote"``; the conversation recorder
(:meth:`curbside.chat.recorder.ConversationRecorder.record_answer`) copies it
into the answer's audit entry, beside the generation settings, in the CLI and
the window alike (:func:`curbside.audit.events.remote_details` keeps only
these fields).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from curbside.engine.base import ChatMessage
from curbside.remote.config import Backend


def prompt_digest(messages: Sequence[ChatMessage]) -> str:
    """SHA-256 over the messages as canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(
        [dict(m) for m in messages], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SentPrompt:
    """One request that left the machine, as the audit trail sees it.

    Attributes:
        backend: The server's configured name.
        host: Its host name.
        model: The model or deployment asked for ("" for the server's default).
        auth: The auth style (never the key).
        prompt_sha256: Digest of the exact messages sent.
        sent_at: Unix time the request was made.
        port: The server's port (None: the scheme's default).
        shape: The URL shape used (``openai``, ``azure-deployment``, ``foundry``).
        n_ctx: The context size configured for the server.
        reported_model: The model id the server's reply named ("" until it names one).
    """

    backend: str
    host: str
    model: str
    auth: str
    prompt_sha256: str
    sent_at: float
    port: int | None = None
    shape: str = "openai"
    n_ctx: int | None = None
    reported_model: str = ""

    @classmethod
    def of(cls, backend: Backend, messages: Sequence[ChatMessage]) -> SentPrompt:
        """Describe sending ``messages`` to ``backend`` now."""
        return cls(
            backend.name,
            backend.host,
            backend.model,
            backend.auth,
            prompt_digest(messages),
            round(time.time(), 3),
            port=urlsplit(backend.url).port,
            shape=backend.api_shape,
            n_ctx=backend.n_ctx,
        )

    def answered_by(self, model: str) -> SentPrompt:
        """Return a copy naming the model the server says answered."""
        return replace(self, reported_model=model)

    def as_meta(self) -> dict[str, Any]:
        """The record for a message's metadata."""
        return asdict(self)


def record_remote_answer(
    sent: SentPrompt, usage: dict[str, Any], meta: dict[str, Any]
) -> dict[str, Any]:
    """Return ``meta`` with the remote record (``"remote"``) for the answer's message and audit.

    The record is what :class:`SentPrompt` holds plus how the answer ended and
    its token count; the recorder writes it into the ``answer`` audit entry.
    """
    record = {
        **sent.as_meta(),
        "finish_reason": usage.get("finish_reason"),
        "completion_tokens": usage.get("completion_tokens"),
    }
    return {**meta, "remote": record}
