"""Time stamps for history rows: UTC, ISO 8601 with microseconds, strictly increasing.

Strictly increasing within the process, so "most recent first" never depends
on two writes landing in the same clock tick.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

_stamp_lock = threading.Lock()
_last_stamp = datetime.min.replace(tzinfo=UTC)


def now_iso() -> str:
    """Return the current UTC time as ISO 8601 (microseconds), later than any returned before."""
    global _last_stamp
    now = datetime.now(UTC)
    with _stamp_lock:
        if now <= _last_stamp:
            now = _last_stamp + timedelta(microseconds=1)
        _last_stamp = now
    return now.isoformat(timespec="microseconds")
