"""Plain records the history returns: conversations, messages and search hits."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

HIGHLIGHT_START = "\ue000"
"""Private-use character FTS5 puts before a matched term (never shown as such)."""
HIGHLIGHT_END = "\ue001"

NO_ANSWER_NOTE = "no answer — Regenerate"
"""Shown beside a conversation whose last question has no saved answer."""


@dataclass(frozen=True)
class Message:
    """One saved turn."""

    id: int
    conversation_id: int
    role: str
    content: str
    created: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    settings: dict[str, Any] | None = None
    model_sha256: str | None = None
    stopped: bool = False
    meta: dict[str, Any] | None = None


@dataclass(frozen=True)
class ConversationSummary:
    """A conversation as listed in the history panel (no messages)."""

    id: int
    title: str
    created: str
    updated: str
    model_id: str
    model_sha256: str | None
    pinned: bool
    archived: bool
    message_count: int
    answered: bool = True
    """False when the last message is the clinician's (the app closed before the answer)."""

    @property
    def status_note(self) -> str:
        """Return ``"no answer — Regenerate"`` for an unanswered conversation, else ``""``."""
        return "" if self.answered else NO_ANSWER_NOTE


@dataclass(frozen=True)
class Conversation:
    """A conversation with all its messages, oldest first."""

    id: int
    title: str
    created: str
    updated: str
    model_id: str
    model_sha256: str | None
    pinned: bool
    archived: bool
    messages: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHit:
    """One match: a message (``message_id`` set) or a conversation title.

    ``snippet`` is raw text with matched terms between :data:`HIGHLIGHT_START`
    and :data:`HIGHLIGHT_END`; use :meth:`snippet_html` or :meth:`snippet_plain`.
    """

    conversation_id: int
    title: str
    message_id: int | None
    role: str | None
    created: str
    snippet: str

    def snippet_html(self) -> str:
        """Return the snippet as safe HTML: everything escaped, matches in ``<b>``."""
        return highlight_html(self.snippet)

    def snippet_plain(self, start: str = "[", end: str = "]") -> str:
        """Return the snippet as text with matches between ``start`` and ``end``."""
        return self.snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)


def highlight_html(snippet: str) -> str:
    """Escape ``snippet`` completely, then turn only our own markers into ``<b>`` tags.

    Escaping first means text such as ``<script>`` in a message can never become
    markup; the markers are private-use characters that ``html.escape`` leaves as
    they are, so the replacement cannot be forged by anything the escape produced.
    """
    escaped = html.escape(snippet, quote=True)
    return escaped.replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query, or None when nothing to search.

    Each word becomes a quoted phrase (so ``AND``, ``-``, ``:`` or quotes in the
    input are plain text, never FTS5 syntax); the last word matches as a prefix,
    so results appear while typing. All words must match.
    """
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
