"""What the audit trail records about each remote answer.

Every answer from a remote server records which server, host and model said
it, and a SHA-256 digest of the exact messages sent (canonical JSON), never
the text. Until the audit log (``curbside.audit``) is on main, the record goes
into the answer's message metadata under ``"remote"``;
:func:`record_remote_answer` is the one hook the audit log plugs into.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

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
    """

    backend: str
    host: str
    model: str
    auth: str
    prompt_sha256: str
    sent_at: float

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
        )

    def as_meta(self) -> dict[str, Any]:
        """The record for a message's metadata."""
        return asdict(self)


def record_remote_answer(
    sent: SentPrompt, usage: dict[str, Any], meta: dict[str, Any]
) -> dict[str, Any]:
    """Add the remote record to an answer's ``meta`` (returned) and log the audit event.

    HOOK for the audit log (issue 13, ``curbside.audit``): when it lands, emit
    its ``remote_answer`` event here with ``sent.as_meta()`` and the answer's
    token counts and finish reason; callers already pass everything needed.
    """
    record = {
        **sent.as_meta(),
        "finish_reason": usage.get("finish_reason"),
        "completion_tokens": usage.get("completion_tokens"),
    }
    return {**meta, "remote": record}
