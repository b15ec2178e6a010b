"""The conversation view: user turns as escaped text, answers as sanitized Markdown.

Streaming chunks are coalesced: the view re-renders at most every 40 ms, so a
fast model cannot flood the GUI thread with layout work. The browser loads no
resources at all (no images, no stylesheets from anywhere) and never follows a
link by itself; a click is reported through :attr:`ChatView.link_requested`
so the window can ask before opening it.
"""

from __future__ import annotations

from dataclasses import dataclass

from curbside.chat import markdown_to_safe_html, plain_to_html
from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

_STYLE = """
body { font-size: 11pt; }
table.turn { margin-bottom: 10px; }
td.user { background-color: #e8f0fe; padding: 8px; }
td.assistant { background-color: #ffffff; padding: 8px; border: 1px solid #d0d7de; }
p.who { color: #57606a; font-size: 9pt; font-weight: bold; margin: 0; }
p.note { color: #9a6700; font-size: 9pt; margin: 0; }
span.badge { color: #0969da; font-weight: normal; }
pre { background-color: #f6f8fa; padding: 6px; }
th { background-color: #f0f3f6; }
th, td { padding: 3px 6px; }
"""
_RENDER_INTERVAL_MS = 40


@dataclass
class Turn:
    """One displayed message."""

    role: str
    text: str
    note: str = ""
    message_id: int | None = None
    """The saved message's id (answers only; None until saved)."""
    badge: str = ""
    """A short mark shown after the speaker (the clinician's rating of an answer)."""


class ChatView(QTextBrowser):
    """Shows the conversation and streams the answer in progress.

    Signals:
        link_requested(QUrl): The clinician clicked a link in an answer.
    """

    link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(_STYLE)
        self.anchorClicked.connect(self.link_requested)
        self.turns: list[Turn] = []
        self._html_cache: list[str] = []
        self._streaming = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self._render)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Refuse every resource: answers may reference images or files; none load."""
        return None

    def add_user(self, text: str) -> None:
        """Show a clinician's message."""
        self._append(Turn("user", text))

    def add_answer(self, text: str, note: str = "", message_id: int | None = None) -> None:
        """Show a complete answer (for example from history)."""
        self._append(Turn("assistant", text, note, message_id))

    def set_badge(self, index: int, badge: str) -> None:
        """Show ``badge`` on the turn at ``index`` (re-rendered from there on)."""
        if 0 <= index < len(self.turns) and self.turns[index].badge != badge:
            self.turns[index].badge = badge
            self._html_cache = self._html_cache[:index]
            self._render()

    def begin_answer(self) -> None:
        """Start an empty answer that chunks will stream into."""
        self._streaming = True
        self._append(Turn("assistant", ""))

    def append_chunk(self, chunk: str) -> None:
        """Add streamed text to the answer in progress (rendered shortly after)."""
        if self._streaming and self.turns:
            self.turns[-1].text += chunk
            if not self._timer.isActive():
                self._timer.start()

    def end_answer(self, note: str = "") -> str:
        """Finish the streaming answer; return its text."""
        self._streaming = False
        self._timer.stop()
        if not self.turns:
            return ""
        self.turns[-1].note = note
        self._html_cache = self._html_cache[: len(self.turns) - 1]
        self._render()
        return self.turns[-1].text

    def current_answer(self) -> str:
        """Return the text streamed so far into the answer in progress."""
        return self.turns[-1].text if self._streaming and self.turns else ""

    def remove_last(self, role: str) -> None:
        """Remove the last turn if it has ``role`` (regenerate, or a failed send)."""
        if self.turns and self.turns[-1].role == role:
            self.turns.pop()
            self._html_cache = self._html_cache[: len(self.turns)]
            self._streaming = False
            self._render()

    def clear_conversation(self) -> None:
        """Show an empty conversation."""
        self.turns.clear()
        self._html_cache.clear()
        self._streaming = False
        self._render()

    def _append(self, turn: Turn) -> None:
        self.turns.append(turn)
        self._render()

    def _render(self) -> None:
        for index in range(len(self._html_cache), len(self.turns)):
            done = not (self._streaming and index == len(self.turns) - 1)
            if not done:
                break
            self._html_cache.append(_turn_html(self.turns[index]))
        parts = list(self._html_cache)
        if self._streaming and self.turns and len(parts) < len(self.turns):
            parts.append(_turn_html(self.turns[-1], streaming=True))
        scrollbar = self.verticalScrollBar()
        at_bottom = scrollbar.value() >= scrollbar.maximum() - 4
        self.setHtml("".join(parts))
        if at_bottom:
            scrollbar.setValue(scrollbar.maximum())


def _turn_html(turn: Turn, streaming: bool = False) -> str:
    if turn.role == "user":
        who, cls, body = "You", "user", plain_to_html(turn.text)
    else:
        who, cls = "Curbside", "assistant"
        body = _answer_html(turn.text) if turn.text else "<p>…</p>"
    note = f'<p class="note">{plain_to_html(turn.note)}</p>' if turn.note else ""
    cursor = " ▍" if streaming else ""
    badge = f' <span class="badge">{plain_to_html(turn.badge)}</span>' if turn.badge else ""
    return (
        f'<table class="turn" width="100%" cellspacing="0"><tr><td class="{cls}">'
        f'<p class="who">{who}{cursor}{badge}</p>{body}{note}</td></tr></table>'
    )


def _answer_html(text: str) -> str:
    """The answer as sanitized Markdown; on any rendering failure, as escaped plain text."""
    try:
        return markdown_to_safe_html(text)
    except Exception:  # the renderer must never wedge the conversation
        return f"<p>{plain_to_html(text)}</p>"
