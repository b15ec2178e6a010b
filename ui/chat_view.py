"""The conversation view: "You"/"Curbside" cards, streamed answers, per-message actions.

Streaming chunks are coalesced: the view re-renders at most every 40 ms, so a
fast model cannot flood the GUI thread with layout work. The browser loads no
resources at all (only the icons it registered itself) and never follows a
link by itself: a link in an answer is reported through
:attr:`ChatView.link_requested` so the window can ask before opening it, and a
card's action link through :attr:`ChatView.action_requested`. Text follows the
widget's font, so the window's zoom scales it; colours follow the theme.
"""

from __future__ import annotations

from curbside.ui.chat_cards import Turn, action_icons, card_html, css, parse_action
from curbside.ui.theme import Palette, themes
from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTextBrowser, QWidget

_RENDER_INTERVAL_MS = 40
__all__ = ["ChatView", "Turn"]


class ChatView(QTextBrowser):
    """Shows the conversation and streams the answer in progress.

    Attributes:
        feedback_enabled: Show a Feedback action on answers (set when a
            feedback store is connected to :attr:`action_requested`).

    Signals:
        link_requested(QUrl): The clinician clicked a link in an answer.
        action_requested(str, int): A card action (``copy``, ``quote``,
            ``regenerate``, ``feedback``) on the message at that index.
    """

    link_requested = Signal(QUrl)
    action_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Conversation")
        self.setAccessibleDescription(
            "Your messages and Curbside's answers. Tab moves between the actions of each message."
        )
        self.anchorClicked.connect(self._on_anchor)
        self.turns: list[Turn] = []
        self.feedback_enabled = False
        self._html_cache: list[str] = []
        self._streaming = False
        self._palette: Palette = themes.palette
        self._icons: dict[str, QImage] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self._render)
        themes.changed.connect(self.set_palette)
        self._restyle()

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Serve only the action icons: answers may reference images or files; none load."""
        return self._icons.get(url.toString() if isinstance(url, QUrl) else str(url))

    # ----- content --------------------------------------------------------
    def add_user(self, text: str, flag: str = "") -> None:
        """Show a clinician's message (``flag``: a visible mark, e.g. an override)."""
        self._append(Turn("user", text, flag=flag))

    def add_answer(
        self, text: str, note: str = "", caveat: str = "", message_id: int | None = None
    ) -> None:
        """Show a complete answer (for example from history)."""
        self._append(Turn("assistant", text, note, caveat=caveat, message_id=message_id))

    def set_badge(self, index: int, badge: str) -> None:
        """Show ``badge`` on the turn at ``index`` (re-rendered from there on)."""
        if 0 <= index < len(self.turns) and self.turns[index].badge != badge:
            self.turns[index].badge = badge
            self._html_cache = self._html_cache[:index]
            self._render()

    def begin_answer(self, caveat: str = "") -> None:
        """Start an empty answer that chunks will stream into."""
        self._streaming = True
        self._append(Turn("assistant", "", caveat=caveat))

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
        self._invalidate(len(self.turns) - 1)
        return self.turns[-1].text

    def set_note(self, index: int, note: str) -> None:
        """Replace the note under the message at ``index``."""
        if 0 <= index < len(self.turns):
            self.turns[index].note = note
            self._invalidate(index)

    def current_answer(self) -> str:
        """Return the text streamed so far into the answer in progress."""
        return self.turns[-1].text if self._streaming and self.turns else ""

    def is_streaming(self) -> bool:
        """True while an answer is streaming in."""
        return self._streaming

    def remove_last(self, role: str) -> None:
        """Remove the last turn if it has ``role`` (regenerate, or a failed send)."""
        if self.turns and self.turns[-1].role == role:
            self.turns.pop()
            self._streaming = False
            self._invalidate(len(self.turns))

    def clear_conversation(self) -> None:
        """Show an empty conversation."""
        self.turns.clear()
        self._streaming = False
        self._invalidate(0)

    # ----- look -------------------------------------------------------------
    def set_palette(self, palette: Palette) -> None:
        """Repaint every card in ``palette``'s colours."""
        self._palette = palette
        self._restyle()

    def changeEvent(self, event: QEvent) -> None:
        """Re-render at the new size when the font changes (zoom)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._restyle()

    def _icon_px(self) -> int:
        return max(12, self.fontMetrics().height())

    def _restyle(self) -> None:
        base_pt = self.font().pointSizeF()
        if base_pt <= 0:
            base_pt = self.font().pixelSize() * 0.75
        self._icons = action_icons(self._palette, self._icon_px())
        self.document().setDefaultStyleSheet(css(self._palette, base_pt))
        self._invalidate(0)

    # ----- rendering --------------------------------------------------------
    def _actions(self, index: int) -> tuple[str, ...]:
        turn = self.turns[index]
        if turn.role == "user":
            return ("copy", "quote")
        actions: list[str] = ["copy", "quote"]
        if index == len(self.turns) - 1:
            actions.append("regenerate")
        if self.feedback_enabled and turn.message_id is not None:
            actions.append("feedback")
        return tuple(actions)

    def _append(self, turn: Turn) -> None:
        self.turns.append(turn)
        # The previous last answer loses its Regenerate action.
        self._invalidate(max(len(self.turns) - 2, 0))

    def _invalidate(self, first: int) -> None:
        self._html_cache = self._html_cache[:first]
        self._render()

    def _render(self) -> None:
        icon = self._icon_px()
        for index in range(len(self._html_cache), len(self.turns)):
            if self._streaming and index == len(self.turns) - 1:
                break
            self._html_cache.append(card_html(self.turns[index], index, self._actions(index), icon))
        parts = list(self._html_cache)
        if self._streaming and self.turns and len(parts) < len(self.turns):
            parts.append(card_html(self.turns[-1], len(self.turns) - 1, (), icon, streaming=True))
        scrollbar = self.verticalScrollBar()
        at_bottom = scrollbar.value() >= scrollbar.maximum() - 4
        self.setHtml("".join(parts))
        if at_bottom:
            scrollbar.setValue(scrollbar.maximum())

    def _on_anchor(self, url: QUrl) -> None:
        action = parse_action(url)
        if action is not None:
            if 0 <= action[1] < len(self.turns):
                self.action_requested.emit(*action)
        else:
            self.link_requested.emit(url)
