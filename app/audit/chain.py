"""The audit chain's canonical form: one entry, its bytes and its SHA-256.

An entry is ``seq``, ``time``, ``event``, ``details``, the previous entry's
hash and its own. Its hash is SHA-256 over the *canonical serialization*: the
five fields as one JSON object with keys sorted, no whitespace, UTF-8, no NaN
or infinity. ``details`` are stored as their own canonical JSON text, so a
verifier can check that the stored bytes are exactly what was hashed (a
re-spaced or re-ordered details text is an edit, and is reported as one).
The first entry's ``prev`` is :data:`GENESIS`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
"""The ``prev`` of the first entry."""


def canonical(value: Any) -> str:
    """Return the canonical JSON text of ``value`` (sorted keys, no spaces, no NaN).

    Raises:
        ValueError: ``value`` holds a float NaN or infinity, or is not JSON-able.
    """
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except TypeError as exc:
        raise ValueError(f"audit details must be plain JSON: {exc}") from exc


def digest(text: str) -> str:
    """Return the SHA-256 of ``text`` (UTF-8) in hex: how case text appears in the log."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(seq: int, time: str, event: str, details_json: str, prev: str) -> str:
    """Return the hash of one entry, its details given as their stored canonical JSON."""
    envelope = canonical({"seq": seq, "time": time, "event": event, "prev": prev})
    # The details text is spliced in verbatim: the hash covers the stored bytes.
    body = envelope[:-1] + ',"details":' + details_json + "}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One audit entry as stored.

    Attributes:
        seq: Position in the chain, from 1, without gaps.
        time: UTC time of the event (ISO 8601, microseconds).
        event: The event type (``answer``, ``model.load``, ``phi.override`` ...).
        details: What happened; never case text (digests instead).
        prev: The previous entry's hash (:data:`GENESIS` for the first).
        hash: This entry's hash (:func:`entry_hash`).
    """

    seq: int
    time: str
    event: str
    details: dict[str, Any]
    prev: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as plain data (for JSON export)."""
        return {
            "seq": self.seq,
            "time": self.time,
            "event": self.event,
            "details": self.details,
            "prev": self.prev,
            "hash": self.hash,
        }
