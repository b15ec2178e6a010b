"""Search results for the history panel: one row per conversation, with its matching snippets.

The store returns one hit per matching message (or title); a clinician
looking for "troponin" wants to see *which conversations* match and where,
so hits are grouped by conversation (in the store's rank order) and each row
shows the title, how many messages match, and the first snippets. Snippets
are rendered by :func:`curbside.storage.highlight_html`, which escapes
everything except our own ``<b>`` highlight.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from curbside.storage import SearchHit
from curbside.ui.theme import themes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

SNIPPETS_SHOWN = 2


@dataclass
class HitGroup:
    """The hits of one conversation, best first."""

    conversation_id: int
    title: str
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def message_hits(self) -> list[SearchHit]:
        """The hits in messages (not in the title)."""
        return [h for h in self.hits if h.message_id is not None]


def group_hits(hits: list[SearchHit]) -> list[HitGroup]:
    """Group ``hits`` by conversation, keeping the order of each conversation's best hit."""
    groups: dict[int, HitGroup] = {}
    for hit in hits:
        group = groups.setdefault(hit.conversation_id, HitGroup(hit.conversation_id, hit.title))
        group.hits.append(hit)
    return list(groups.values())


def group_label(group: HitGroup) -> QLabel:
    """Return the rich-text label for one conversation's matches."""
    muted = themes.palette.muted
    count = len(group.message_hits)
    where = f"{count} matching message{'s' if count != 1 else ''}" if count else "title matches"
    lines = [
        f"<b>{html.escape(group.title)}</b> <span style='color:{muted}'>· {where}</span>",
        *(
            f"<span style='color:{muted}'>{_who(h)}:</span> {h.snippet_html()}"
            for h in group.message_hits[:SNIPPETS_SHOWN]
        ),
    ]
    label = QLabel("<br>".join(lines))
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setContentsMargins(4, 2, 4, 2)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


def group_text(group: HitGroup) -> str:
    """Return the row's text as plain text (what a screen reader reads)."""
    snippets = " … ".join(h.snippet_plain("", "") for h in group.message_hits[:SNIPPETS_SHOWN])
    return f"{group.title}: {snippets}" if snippets else group.title


def _who(hit: SearchHit) -> str:
    return "You" if hit.role == "user" else "Curbside"
