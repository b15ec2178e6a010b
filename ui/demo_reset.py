""" "Next visitor": one key wipes a conference demo back to its start screen, model kept.

In demo mode the history lives in a throwaway profile. Next visitor (a button
and Ctrl+Shift+N) stops any answer, deletes every conversation, empties the
composer and the case editor, forgets the PHI guard's decisions and undo
snapshots, wipes the model's KV cache (which holds the last case) while keeping
the model loaded, and returns to the default reasoning mode. It can also run
by itself after N idle minutes (the policy's ``demo_auto_reset_minutes``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from curbside.chat import Case
from curbside.prompts import DEFAULT_MODE_ID
from curbside.ui.workstation_lock import IdleWatcher
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from curbside.ui.main_window import MainWindow


class NextVisitor(QObject):
    """Resets one demo window for the next visitor.

    Args:
        window: The main window.
        auto_reset_minutes: Reset by itself after this many idle minutes (0: never).

    Signals:
        reset_done(float): The window is back at its start; seconds the reset took.
    """

    reset_done = Signal(float)

    def __init__(self, window: MainWindow, auto_reset_minutes: float = 0) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("Next &visitor", window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.action.triggered.connect(self.reset)
        window.addAction(self.action)
        self.button = QPushButton("Next visitor")
        self.button.setAccessibleName("Next visitor: wipe this demo session")
        self.button.setToolTip("Wipe conversations, case and PHI decisions (Ctrl+Shift+N)")
        self.button.clicked.connect(self.reset)
        window.statusBar().addPermanentWidget(self.button)
        self.watcher = IdleWatcher(auto_reset_minutes, self)
        self.watcher.idle.connect(self.reset)

    @Slot()
    def reset(self) -> None:
        """Wipe everything of the last visitor; keep the model loaded."""
        started = time.perf_counter()
        window = self.window
        if window.recorder.store is not None and window.recorder.store.is_closed:
            return  # the window is closing: its history is gone already
        window.chat.discard_and_start_new()  # stops and discards an answer in progress
        store = window.recorder.store
        if store is not None:
            store.delete_all()
        if window.history_panel is not None:
            window.history_panel.refresh()
        window.composer.clear()
        window.case_editor.set_case(Case())
        window.phi_guard.reset()
        window.mode_bar.set_mode(DEFAULT_MODE_ID)
        window.clear_error()
        window.bridge.forget_context()
        window.remote_gate.forget()  # what the last visitor cleared
        window.composer.setFocus()
        self.watcher.restart()
        self.reset_done.emit(time.perf_counter() - started)
