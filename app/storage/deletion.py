"""Deleting from the history: one conversation, those past the retention period, or all.

Content goes for good (the database runs with ``secure_delete``, and the
store purges the WAL afterwards); the audit log keeps *that* it went, with
ids and counts only. Evaluation runs hold model answers about case sets, so
retention and "Delete all history" remove them too. Each function runs inside
the store's write transaction.
"""

from __future__ import annotations

from curbside.audit import append_in
from curbside.errors import ConversationNotFoundError
from sqlite_utils import Database


def require_conversation(db: Database, conversation_id: int) -> None:
    """Raise :class:`ConversationNotFoundError` unless the conversation exists."""
    sql = "SELECT 1 FROM conversations WHERE id = ?"
    if db.execute(sql, [conversation_id]).fetchone() is None:
        raise ConversationNotFoundError(conversation_id)


def remove_conversation(db: Database, conversation_id: int) -> None:
    """Delete one conversation and its messages; audit the ids and the message count."""
    require_conversation(db, conversation_id)
    sql = "SELECT count(*) FROM messages WHERE conversation_id = ?"
    count = db.execute(sql, [conversation_id]).fetchone()[0]
    db.execute("DELETE FROM conversations WHERE id = ?", [conversation_id])
    details = {"conversation_id": conversation_id, "messages": count}
    append_in(db, "conversation.delete", details)


def remove_older_than(db: Database, cutoff: str, days: int) -> tuple[int, int]:
    """Delete conversations (and evaluation runs) older than ``cutoff``; return both counts."""
    cursor = db.execute("DELETE FROM conversations WHERE updated < ?", [cutoff])
    removed = int(cursor.rowcount or 0)
    if removed:
        append_in(db, "history.retention", {"days": days, "conversations": removed})
    runs = db.execute("DELETE FROM eval_runs WHERE created < ?", [cutoff])
    return removed, int(runs.rowcount or 0)


def remove_everything(db: Database) -> None:
    """Delete every conversation, message and evaluation run; audit the counts."""
    counts = db.execute("SELECT count(*), (SELECT count(*) FROM messages) FROM conversations")
    conversations, messages = counts.fetchone()
    db.execute("DELETE FROM conversations")
    db.execute("DELETE FROM eval_runs")
    details = {"conversations": conversations, "messages": messages}
    append_in(db, "history.delete_all", details)
