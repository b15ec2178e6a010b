"""The conversation as cards: "You" and "Curbside", each with its own actions.

A card is an HTML table for Qt's rich-text engine (which knows tables, not
CSS boxes). The clinician's text is escaped; answers are sanitized Markdown.
Each card ends with a row of icon links (Copy, Quote, Regenerate, Feedback);
their ``curbside:`` URLs are handled by :class:`curbside.ui.chat_view.ChatView`
and never opened. Icons are qtawesome glyphs drawn in the theme's colours and
served by the view as in-memory images (the view loads nothing else).
Sizes are in points derived from the view's font, so zoom scales them.
"""

from __future__ import annotations

from dataclasses import dataclass

from curbside.chat import markdown_to_safe_html, plain_to_html
from curbside.ui.theme import Palette
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage

ACTION_SCHEME = "curbside"
ICONS = {
    "copy": "mdi6.content-copy",
    "quote": "mdi6.format-quote-close",
    "regenerate": "mdi6.refresh",
    "feedback": "mdi6.thumbs-up-down-outline",
}
LABELS = {"copy": "Copy", "quote": "Quote", "regenerate": "Regenerate", "feedback": "Feedback"}


@dataclass
class Turn:
    """One displayed message.

    Attributes:
        role: ``user`` or ``assistant``.
        text: The message (Markdown for answers).
        note: A note under the message (for example "Stopped: …").
        flag: A visible mark on the message (for example an identifier override).
        caveat: A caveat shown inside an answer (for example the demo model's).
        message_id: The saved message's id (answers only; None until saved).
        badge: A short mark shown after the speaker (the clinician's rating of an answer).
    """

    role: str
    text: str
    note: str = ""
    flag: str = ""
    caveat: str = ""
    message_id: int | None = None
    badge: str = ""


def css(p: Palette, base_pt: float) -> str:
    """Return the document stylesheet for palette ``p`` at ``base_pt`` points."""
    small = max(base_pt * 0.85, 6.0)
    return f"""
body {{ font-size: {base_pt:.1f}pt; color: {p.text}; }}
table.card {{ margin-bottom: 12px; }}
td.user {{ background-color: {p.user_card}; }}
td.assistant {{ background-color: {p.assistant_card}; border: 1px solid {p.border}; }}
p.who {{ color: {p.muted}; font-size: {small:.1f}pt; font-weight: bold; margin: 0; }}
span.badge {{ color: {p.link}; font-weight: normal; }}
p.note {{ color: {p.caution}; font-size: {small:.1f}pt; margin: 0; }}
p.flag {{ color: {p.danger}; font-size: {small:.1f}pt; font-weight: bold; margin: 0; }}
p.caveat {{ color: {p.demo_fg}; background-color: {p.demo_bg}; font-size: {small:.1f}pt; }}
p.actions {{ font-size: {small:.1f}pt; margin-top: 4px; }}
a.action {{ color: {p.muted}; text-decoration: none; }}
a {{ color: {p.link}; }}
pre {{ background-color: {p.code}; padding: 6px; }}
code {{ background-color: {p.code}; }}
th {{ background-color: {p.code}; }}
th, td {{ padding: 3px 6px; }}
"""


def action_icons(p: Palette, size_px: int) -> dict[str, QImage]:
    """Return the action icons by ``icon:`` URL, drawn in the theme's muted colour."""
    import qtawesome  # needs a running QApplication: imported when a view is built

    return {
        f"icon:{action}": qtawesome.icon(name, color=p.muted).pixmap(size_px, size_px).toImage()
        for action, name in ICONS.items()
    }


def card_html(
    turn: Turn, index: int, actions: tuple[str, ...], icon_px: int, streaming: bool = False
) -> str:
    """Return one message as a card with its ``actions`` (none while streaming)."""
    if turn.role == "user":
        who, cls, body = "You", "user", plain_to_html(turn.text)
    else:
        who, cls = "Curbside", "assistant"
        body = answer_html(turn.text) if turn.text else "<p>…</p>"
    badge = f' <span class="badge">{plain_to_html(turn.badge)}</span>' if turn.badge else ""
    parts = [f'<p class="who">{who}{" ▍" if streaming else ""}{badge}</p>']
    if turn.flag:
        parts.append(f'<p class="flag">⚠ {plain_to_html(turn.flag)}</p>')
    if turn.caveat and not streaming:
        parts.append(f'<p class="caveat">{plain_to_html(turn.caveat)}</p>')
    parts.append(body)
    if turn.note:
        parts.append(f'<p class="note">{plain_to_html(turn.note)}</p>')
    if actions and not streaming:
        links = "&nbsp;&nbsp;&nbsp;".join(
            f'<a class="action" href="{ACTION_SCHEME}:{action}/{index}">'
            f'<img src="icon:{action}" width="{icon_px}" height="{icon_px}">'
            f"&nbsp;{LABELS[action]}</a>"
            for action in actions
        )
        parts.append(f'<p class="actions">{links}</p>')
    return (
        f'<table class="card" width="100%" cellspacing="0" cellpadding="10">'
        f'<tr><td class="{cls}">{"".join(parts)}</td></tr></table>'
    )


def answer_html(text: str) -> str:
    """The answer as sanitized Markdown; on any rendering failure, as escaped plain text."""
    try:
        return markdown_to_safe_html(text)
    except Exception:  # the renderer must never wedge the conversation
        return f"<p>{plain_to_html(text)}</p>"


def parse_action(url: QUrl) -> tuple[str, int] | None:
    """Return (action, message index) for a card action link, else None."""
    if url.scheme() != ACTION_SCHEME:
        return None
    action, _, index = url.path().partition("/")
    if action not in ICONS or not index.isdigit():
        return None
    return action, int(index)
