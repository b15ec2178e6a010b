"""HistoryStore: the service object the app, the CLI and the UI use for history.

Every write is one short transaction, committed before the call returns, so a
crash loses at most the message that was in flight. A message and the audit
entry that records it (an answer's ``answer`` event) share one transaction, so
neither is ever committed without the other. Calls are serialized by a
lock, so the store may be shared between the GUI thread and a worker thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from curbside.audit import AuditLog, append_in
from curbside.errors import ConversationNotFoundError, HistoryError, InputError, KnownError
from curbside.storage import deletion, queries
from curbside.storage.clock import now_iso
from curbside.storage.driver import Connection
from curbside.storage.faults import translated
from curbside.storage.models import Conversation, ConversationSummary, SearchHit
from sqlite_utils import Database

ROLES = ("system", "user", "assistant")
T = TypeVar("T")
AuditBuilder = Callable[[int], tuple[str, dict[str, Any]]]
"""Given a new message's id, the audit event type and details to record with it."""


class HistoryStore:
    """An open, unlocked history database.

    Args:
        conn: A keyed sqlcipher3 connection (see :func:`curbside.storage.open_history`).
        path: The database file (for messages).
        keys: The unlocked key and its origin (:class:`curbside.storage.keystate.KeySource`),
            kept so backup and rekey can key new files.
    """

    def __init__(self, conn: Connection, path: Path, keys: Any) -> None:
        # execute_plugins=False: no third-party sqlite-utils plugin runs on patient data.
        self.db = Database(conn, execute_plugins=False)
        self.path = path
        self.keys = keys
        self._lock = threading.RLock()
        self._closed = False
        self.notices: list[str] = []
        """Things done on opening that the user must be told (e.g. orphan files moved aside)."""
        self.on_close: list[Callable[[], None]] = []
        """Run as the store closes (e.g. to stop recording settings changes into it)."""
        self.audit = AuditLog(self)

    @contextmanager
    def _locked(self) -> Iterator[Database]:
        with self._lock, translated(self.path):
            if self._closed:
                raise HistoryError("The history is closed.", "Reopen it (restart Curbside).")
            yield self.db

    def _write(self, fn: Callable[[Database], T]) -> T:
        with self._locked() as db, db.atomic():
            return fn(db)

    def write(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn(db)`` in one committed transaction under the store's lock.

        For packages that keep their own tables in the history (audit, feedback).
        """
        return self._write(fn)

    def read(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn(db)`` under the store's lock, for reading."""
        with self._locked() as db:
            return fn(db)

    def create_conversation(self, title: str, model_id: str, model_sha256: str | None) -> int:
        """Start a conversation; return its id."""
        stamp = now_iso()
        row: dict[str, Any] = {"title": title.strip() or "Untitled"}
        row |= {"created": stamp, "updated": stamp}
        row |= {"model_id": model_id, "model_sha256": model_sha256}
        return self._write(lambda db: _insert(db, "conversations", row))

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        settings: dict[str, Any] | None = None,
        model_sha256: str | None = None,
        stopped: bool = False,
        meta: dict[str, Any] | None = None,
        audit: AuditBuilder | None = None,
    ) -> int:
        """Save one message (committed before returning); return its id.

        Args:
            audit: Builds the audit entry that goes with the message (an answer's
                ``answer`` event). It is appended in the same transaction, so the
                message and its entry are committed together or not at all.

        Raises:
            InputError: ``role`` is not system, user or assistant.
            ConversationNotFoundError: No such conversation.
        """
        if role not in ROLES:
            raise InputError(f"Unknown message role {role!r}.", f"Use one of {', '.join(ROLES)}.")
        stamp = now_iso()
        row = {
            "conversation_id": conversation_id,
            "role": role,
            "content": content,
            "created": stamp,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "settings": _json(settings),
            "model_sha256": model_sha256,
            "stopped": int(stopped),
            "meta": _json(meta),
        }

        def insert(db: Database) -> int:
            deletion.require_conversation(db, conversation_id)
            message_id = _insert(db, "messages", row)
            db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", [stamp, conversation_id]
            )
            if audit is not None:
                append_in(db, *audit(message_id))
            return message_id

        return self._write(insert)

    def list_conversations(
        self, limit: int = 50, offset: int = 0, *, include_archived: bool = False
    ) -> list[ConversationSummary]:
        """Return conversations, pinned first, then most recently updated."""
        with self._locked() as db:
            return queries.list_conversations(db, limit, offset, include_archived)

    def count_conversations(self) -> int:
        """Return how many conversations are stored."""
        with self._locked() as db:
            return int(db.execute("SELECT count(*) FROM conversations").fetchone()[0])

    def get_conversation(self, conversation_id: int) -> Conversation:
        """Return a conversation with its messages, oldest first.

        Raises:
            ConversationNotFoundError: No such conversation.
        """
        with self._locked() as db:
            found = queries.get_conversation(db, conversation_id)
        if found is None:
            raise ConversationNotFoundError(conversation_id)
        return found

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search: title matches first, then messages, most recent first."""
        with self._locked() as db:
            return queries.search(db, query, limit)

    def rename(self, conversation_id: int, title: str) -> None:
        """Change a conversation's title."""
        clean = " ".join(title.split())
        if not clean:
            raise InputError("A conversation title cannot be empty.", "Type a title.")
        self._update(conversation_id, "title = ?", [clean[:200]])

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """Pin a conversation to the top of the list, or unpin it."""
        self._update(conversation_id, "pinned = ?", [int(pinned)])

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        """Hide a conversation from the default list, or show it again."""
        self._update(conversation_id, "archived = ?", [int(archived)])

    def delete(self, conversation_id: int) -> None:
        """Delete a conversation and its messages for good (secure_delete zeroes them)."""

        self._write(lambda db: deletion.remove_conversation(db, conversation_id))
        self._purge_wal()

    def delete_older_than(self, days: int) -> int:
        """Delete conversations not updated for ``days`` days (retention); return how many.

        Deleted text is overwritten (``secure_delete``) and the WAL is purged, as
        for a deletion by hand. ``days`` of 0 or less keeps everything.
        """
        if days <= 0:
            return 0
        cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="microseconds")
        removed, runs = self._write(lambda db: deletion.remove_older_than(db, cutoff, days))
        if removed or runs:
            self._purge_wal()
        return removed

    def delete_all(self) -> None:
        """Delete every conversation and message (and evaluation run), then compact the file."""

        self._write(deletion.remove_everything)
        with self._locked() as db:
            for fts in ("messages_fts", "conversations_fts"):
                db.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
            db.execute("VACUUM")
        self._purge_wal()

    def check_integrity(self) -> list[str]:
        """Run ``integrity_check`` and ``cipher_integrity_check``; return problems found."""
        with self._locked() as db:
            rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
            problems = [r for r in rows if r != "ok"]
            problems += [r[0] for r in db.execute("PRAGMA cipher_integrity_check").fetchall()]
        return problems

    @property
    def is_closed(self) -> bool:
        """True once :meth:`close` has run."""
        return self._closed

    def close(self) -> None:
        """Checkpoint the WAL into the database and close the connection (idempotent)."""
        with self._lock:
            if self._closed:
                return
            for hook in self.on_close:
                hook()
            self._record_lock()
            self._purge_wal()
            self._closed = True
            self.db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _record_lock(self) -> None:
        # Best effort: a store that cannot be written (read-only, disk full) still closes.
        if self.keys is None:
            return
        with suppress(KnownError):
            self.audit.append("history.lock", {"file": self.path.name})

    def _update(self, conversation_id: int, assignment: str, params: list[Any]) -> None:
        def update(db: Database) -> None:
            deletion.require_conversation(db, conversation_id)
            sql = f"UPDATE conversations SET {assignment} WHERE id = ?"
            db.execute(sql, [*params, conversation_id])

        self._write(update)

    def _purge_wal(self) -> None:
        # Old page images (encrypted, but holding deleted text) leave the WAL file.
        # Best effort: the change itself is committed; a busy reader or a full
        # disk only postpones the checkpoint, which SQLite retries later anyway.
        try:
            with self._lock, translated(self.path):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except KnownError:
            pass


def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
    pk = db.table(table).insert(row).last_pk
    assert isinstance(pk, int)
    return pk


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
