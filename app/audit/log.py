"""The append-only audit log in the encrypted history database.

Entries live in the ``audit_log`` table (created by the storage migration
``m004_audit_log``, whose triggers refuse UPDATE and DELETE). Appending reads
the last entry and inserts the next one in the same transaction, so the chain
never forks: ``seq`` is the primary key, and a second writer racing for the
same number fails and retries on the new head. A crash mid-append rolls the
transaction back and leaves the previous head, which still verifies.

:class:`AuditLog` works on any *transactor*: an object with ``write(fn)`` and
``read(fn)`` that run ``fn(db)`` under its lock (inside a transaction for
``write``), which :class:`curbside.storage.HistoryStore` provides. The log
knows nothing else of storage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from curbside.audit.chain import GENESIS, Entry, canonical, entry_hash

T = TypeVar("T")
_APPEND_ATTEMPTS = 5
_COLUMNS = "seq, time, event, details, prev, hash"
PAGE = 5000
"""Rows read per query while iterating the whole log."""


class Transactor(Protocol):
    """Runs functions against the database under a lock."""

    def write(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(db)`` inside one committed transaction."""
        ...

    def read(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(db)`` for reading."""
        ...


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def append_in(db: Any, event: str, details: dict[str, Any]) -> Entry:
    """Append one entry using ``db``, which must already be inside a transaction."""
    details_json = canonical(details)
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    time = utc_now()
    own = entry_hash(seq, time, event, details_json, prev)
    db.execute(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [seq, time, event, details_json, prev, own],
    )
    return Entry(seq, time, event, details, prev, own)


def row_entry(row: Any) -> Entry:
    """Turn a stored row into an :class:`Entry` (details that are not JSON become {})."""
    try:
        details = json.loads(row[3])
    except (TypeError, ValueError):
        details = {}
    return Entry(row[0], row[1], row[2], details if isinstance(details, dict) else {}, *row[4:6])


class AuditLog:
    """Appends to, reads and iterates the audit log of one open database.

    Args:
        store: The transactor (the open history store).
    """

    def __init__(self, store: Transactor) -> None:
        self.store = store

    def append(self, event: str, details: dict[str, Any]) -> Entry:
        """Append one event in its own transaction; return the entry written.

        Raises:
            ValueError: ``details`` are not plain JSON.
            KnownError: The database cannot be written (from the transactor).
        """
        canonical(details)  # fail before touching the database
        last: Exception | None = None
        for _ in range(_APPEND_ATTEMPTS):
            try:
                return self.store.write(lambda db: append_in(db, event, details))
            except Exception as exc:  # a racing writer took this seq: retry on the new head
                if "UNIQUE constraint failed: audit_log.seq" not in str(exc):
                    raise
                last = exc
        assert last is not None
        raise last

    def head(self) -> Entry | None:
        """Return the last entry, or None when the log is empty."""
        sql = f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1"
        row = self.store.read(lambda db: db.execute(sql).fetchone())
        return None if row is None else row_entry(row)

    def count(self) -> int:
        """Return how many entries are stored."""
        sql = "SELECT count(*) FROM audit_log"
        return int(self.store.read(lambda db: db.execute(sql).fetchone()[0]))

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Yield every stored row in stored order (by seq), a page at a time."""
        after: int | None = None
        while True:
            where = "" if after is None else f"WHERE seq > {int(after)}"
            sql = f"SELECT {_COLUMNS} FROM audit_log {where} ORDER BY seq LIMIT {PAGE}"
            page: list[tuple[Any, ...]] = self.store.read(_fetch_all(sql))
            if not page:
                return
            yield from page
            after = page[-1][0]

    def entries(
        self,
        *,
        events: tuple[str, ...] = (),
        since: str = "",
        until: str = "",
        limit: int | None = None,
    ) -> list[Entry]:
        """Return entries, oldest first, filtered by event type and time range.

        Args:
            events: Event types (or prefixes ending in ``.``) to keep; empty keeps all.
            since: Keep entries at or after this ISO time or date.
            until: Keep entries before this ISO time or date.
            limit: Keep at most this many of the most recent matches.
        """
        clauses, params = _filters(events, since, until)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order = "DESC" if limit is not None else "ASC"
        sql = f"SELECT {_COLUMNS} FROM audit_log {where} ORDER BY seq {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.store.read(lambda db: db.execute(sql, params).fetchall())
        found = [row_entry(row) for row in rows]
        return found if limit is None else found[::-1]

    def event_types(self) -> list[str]:
        """Return the distinct event types recorded so far."""
        sql = "SELECT DISTINCT event FROM audit_log ORDER BY event"
        return [r[0] for r in self.store.read(lambda db: db.execute(sql).fetchall())]


def _fetch_all(sql: str) -> Callable[[Any], list[tuple[Any, ...]]]:
    return lambda db: list(db.execute(sql).fetchall())


def _filters(events: tuple[str, ...], since: str, until: str) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if events:
        parts = []
        for event in events:
            if event.endswith("."):
                parts.append("substr(event, 1, ?) = ?")
                params += [len(event), event]
            else:
                parts.append("event = ?")
                params.append(event)
        clauses.append("(" + " OR ".join(parts) + ")")
    if since:
        clauses.append("time >= ?")
        params.append(since)
    if until:
        clauses.append("time < ?")
        params.append(until)
    return clauses, params
