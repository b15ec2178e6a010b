"""The pilot tools in the main window: the rating bar, and the Feedback and Audit windows.

One object so the main window wires them with a few lines: it builds the
:class:`FeedbackBar` under the conversation, a "Pilot" menu (rating actions
with their shortcuts, "Feedback on answers…", "Audit trail…"), and keeps the
two windows, created on first use. Without a history there is nothing to rate
or audit, and none of it appears.
"""

from __future__ import annotations

from typing import Any

from curbside.ui.audit_view import AuditView
from curbside.ui.feedback_panel import FeedbackBar
from curbside.ui.feedback_view import FeedbackView
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QMenuBar, QWidget


class PilotTools(QObject):
    """Feedback and audit for the main window.

    Args:
        window: The main window (its ``recorder.store``, ``view`` and ``show_error``).
        column: The layout holding the conversation view; the bar goes below it.
    """

    def __init__(self, window: Any, column: QBoxLayout) -> None:
        super().__init__(window)
        self.window = window
        self.feedback_window: FeedbackView | None = None
        self.audit_window: AuditView | None = None
        self.bar: FeedbackBar | None = None
        self._column = column
        self._menu_bar: QMenuBar | None = None
        self._chat: Any = None
        if window.recorder.store is not None:
            self._make_bar()

    def _make_bar(self) -> None:
        window = self.window
        self.bar = FeedbackBar(lambda: window.recorder.store, window.view)
        self._column.insertWidget(self._column.indexOf(window.view) + 1, self.bar)

    def history_attached(self) -> None:
        """History was unlocked after the window opened: bring in the bar, menu and badges."""
        if self.bar is not None or self.window.recorder.store is None:
            return
        self._make_bar()
        if self.bar is not None:
            self.bar.show()  # added to a window already on screen
        if self._menu_bar is not None:
            self.add_menu(self._menu_bar)
        if self._chat is not None:
            self.follow(self._chat)

    def add_menu(self, menu_bar: QMenuBar) -> None:
        """Add the "Pilot" menu (nothing without a history)."""
        self._menu_bar = menu_bar
        if self.bar is None:
            return
        menu = menu_bar.addMenu("&Pilot")
        for action in self.bar.actions_:
            menu.addAction(action)
        menu.addSeparator()
        self.feedback_action = QAction("&Feedback on answers…", self)
        self.feedback_action.triggered.connect(self.show_feedback)
        self.audit_action = QAction("&Audit trail…", self)
        self.audit_action.triggered.connect(self.show_audit)
        menu.addAction(self.feedback_action)
        menu.addAction(self.audit_action)

    def follow(self, chat: Any) -> None:
        """Follow the conversation: badges after each saved answer or reopened conversation."""
        self._chat = chat
        if self.bar is None:
            return
        for action in self.bar.actions_:  # after the copy actions in the view's menu
            self.window.view.addAction(action)
        chat.answer_saved.connect(self.bar.show_badges)
        self.window.view.feedback_enabled = True  # the cards' Feedback action opens the form
        self.window.feedback_requested.connect(self.bar.open_details_for)
        chat.changed.connect(self.bar.refresh)
        self.bar.message.connect(self.window.show_error)
        self.bar.rated.connect(self._on_rated)

    def show_feedback(self) -> FeedbackView | None:
        """Open (or raise) the Feedback window (None while the history is closed)."""
        store = self.window.recorder.store
        if store is None:
            return None
        if self.feedback_window is None or self.feedback_window.store is not store:
            # A new history object after an unlock: the old window held the closed one.
            self.feedback_window = FeedbackView(store, self.window)
            self.feedback_window.setWindowFlag(Qt.WindowType.Window)
        else:
            self.feedback_window.refresh()
        return _raise(self.feedback_window)

    def show_audit(self) -> AuditView | None:
        """Open (or raise) the Audit window (None while the history is closed)."""
        store = self.window.recorder.store
        if store is None:
            return None
        if self.audit_window is None or self.audit_window.store is not store:
            self.audit_window = AuditView(store, self.window)
            self.audit_window.setWindowFlag(Qt.WindowType.Window)
        else:
            self.audit_window.refresh()
        return _raise(self.audit_window)

    def _on_rated(self, _feedback: object) -> None:
        if self.feedback_window is not None and self.feedback_window.isVisible():
            self.feedback_window.refresh()


def _raise(widget: QWidget) -> Any:
    widget.show()
    widget.raise_()
    return widget
