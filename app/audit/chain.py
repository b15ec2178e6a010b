"""The audit chain's canonical form: one entry, its bytes and its SHA-256.

An entry is ``seq``, ``time``, ``event``, ``details``, the previous entry's
hash and its own. Its hash is SHA-256 over the *canonical serialization*: the
five fields as one JSON object with keys sorted, no whitespace, UTF-8, no NaN
or infinity. ``details`` are stored as their own canonical JSON text and the
hash covers those stored bytes, so a re-spaced or re-ordered details text is
an edit, and is reported as one.
The first entry's ``prev`` is :data:`GENESIS`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from json.encoder import encode_basestring as _string  # the C encoder json.dumps uses
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
    """Return the hash of one entry, its details given as their stored canonical JSON.

    The bytes hashed are the canonical JSON of the whole entry (keys ``details``,
    ``event``, ``prev``, ``seq``, ``time`` in that sorted order), written out
    directly: the stored details text is spliced in verbatim, so the hash covers
    the stored bytes, and verifying 100,000 entries needs no JSON parsing.
    """
    body = (
        f'{{"details":{details_json},"event":{_string(event)},"prev":{_string(prev)},'
        f'"seq":{int(seq)},"time":{_string(time)}}}'
    )
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
