"""The evaluation's door to the audit trail (:mod:`curbside.audit`).

Every run start and finish is appended to the history's hash-chained audit
log (settings and digests only, never case text), and the report's header
shows the log's head hash ("audit: not available" when the log is empty).
"""

from __future__ import annotations

from typing import Any

from curbside.audit import AuditLog
from curbside.storage import HistoryStore


def record(store: HistoryStore, event: str, details: dict[str, Any]) -> None:
    """Append ``event`` to the audit trail."""
    AuditLog(store).append(event, details)


def head_hash(store: HistoryStore) -> str | None:
    """The audit trail's current head hash, or None when it holds nothing yet."""
    head = AuditLog(store).head()
    return head.hash if head is not None else None
