"""Read queries of the history: the list, one conversation, full-text search."""

from __future__ import annotations

import json
from typing import Any

from curbside.storage.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Conversation,
    ConversationSummary,
    Message,
    SearchHit,
    fts_query,
)
from sqlite_utils import Database

_SUMMARY_SQL = """
SELECT c.id, c.title, c.created, c.updated, c.model_id, c.model_sha256, c.pinned,
       c.archived,
       (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count,
       (SELECT m.role = 'assistant' FROM messages m WHERE m.conversation_id = c.id
        ORDER BY m.id DESC LIMIT 1) AS answered
FROM conversations c
WHERE {where}
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
ORDER BY c.pinned DESC, c.updated DESC, c.id DESC
LIMIT ? OFFSET ?
"""

_MESSAGE_HITS_SQL = f"""
SELECT m.conversation_id, c.title, m.id, m.role, m.created,
       snippet(messages_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16)
FROM messages_fts
JOIN messages m ON m.id = messages_fts.rowid
JOIN conversations c ON c.id = m.conversation_id
WHERE messages_fts MATCH ?
ORDER BY messages_fts.rowid DESC
LIMIT ?
"""

_TITLE_HITS_SQL = f"""
SELECT c.id, c.title, NULL, NULL, c.updated,
       highlight(conversations_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}')
FROM conversations_fts
JOIN conversations c ON c.id = conversations_fts.rowid
WHERE conversations_fts MATCH ?
ORDER BY conversations_fts.rowid DESC
LIMIT ?
"""


def list_conversations(
    db: Database, limit: int, offset: int, include_archived: bool
) -> list[ConversationSummary]:
    """Return summaries, pinned first, then most recently updated.

    A conversation with no message at all (the app was killed between creating
    it and saving the first message) is not listed: there is nothing to show.
    """
    # "archived = 0" lets the (archived, pinned, updated) index deliver the order
    # without a sort; listing archived ones too is rare and may sort.
    where = "1" if include_archived else "c.archived = 0"
    rows = db.query(_SUMMARY_SQL.format(where=where), [limit, offset])
    return [
        ConversationSummary(**_flags(row) | {"answered": bool(row["answered"])}) for row in rows
    ]


def get_conversation(db: Database, conversation_id: int) -> Conversation | None:
    """Return one conversation with its messages, or None."""
    head = next(
        db.query(
            "SELECT id, title, created, updated, model_id, model_sha256, pinned, archived "
            "FROM conversations WHERE id = ?",
            [conversation_id],
        ),
        None,
    )
    if head is None:
        return None
    rows = db.query(
        "SELECT id, conversation_id, role, content, created, prompt_tokens, completion_tokens, "
        "settings, model_sha256, stopped, meta FROM messages WHERE conversation_id = ? "
        "ORDER BY id",
        [conversation_id],
    )
    messages = [Message(**_decoded(row)) for row in rows]
    return Conversation(**_flags(head), messages=messages)


def search(db: Database, text: str, limit: int) -> list[SearchHit]:
    """Return title hits then message hits for ``text``, most recent first."""
    query = fts_query(text)
    if query is None or limit <= 0:
        return []
    titles = db.execute(_TITLE_HITS_SQL, [query, limit]).fetchall()
    messages = db.execute(_MESSAGE_HITS_SQL, [query, max(limit - len(titles), 0)]).fetchall()
    return [SearchHit(*row) for row in [*titles, *messages]]


def _flags(row: dict[str, Any]) -> dict[str, Any]:
    return row | {"pinned": bool(row["pinned"]), "archived": bool(row["archived"])}


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return row | {
        "settings": _load(row["settings"]),
        "meta": _load(row["meta"]),
        "stopped": bool(row["stopped"]),
    }


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))
