"""The main window's history side: search, export, and unlocking history after a failed start.

A mixin of :class:`curbside.ui.main_window.MainWindow`. Wrong passphrases at
start no longer leave history off until a restart: Conversation → Unlock
history… asks again and, once the file opens, the History panel appears and
the conversation in progress is saved from its next message.
"""

from __future__ import annotations

from curbside.storage import HistoryStore
from curbside.ui.history_panel import HistoryPanel
from curbside.ui.history_unlock import AskPassphrase, ask_with_dialog, unlock_history
from curbside.ui.window_base import WindowParts
from curbside.ui.window_build import add_history_dock, connect_dock_toggle


class HistorySide(WindowParts):
    """History for the main window (see the module docstring)."""

    def _connect_history(self, panel: HistoryPanel) -> None:
        panel.conversation_opened.connect(self.open_conversation)
        panel.new_conversation_requested.connect(self.new_conversation)
        panel.conversation_deleted.connect(self.chat.forget_if_open)
        panel.history_cleared.connect(self._on_history_cleared)
        panel.conversation_exported.connect(
            lambda path: self.show_error(
                f"Exported (plaintext, not encrypted) to {path}", info=True
            )
        )

    def _on_history_cleared(self) -> None:
        """Every conversation was deleted: leave the open one at once (nothing to keep it in)."""
        self.chat.discard_and_start_new()
        self.case_editor.clear()
        self.setWindowTitle(self.base_title())

    def retry_unlock(self) -> None:
        """Conversation → Unlock history…: ask again, and turn history on if it opens."""
        store, problem = unlock_history(self.ask_passphrase())
        if store is None:
            self.status.set_history(problem)
            self.show_error(problem, info=True)
            return
        self.attach_history(store)

    def ask_passphrase(self) -> AskPassphrase:
        """The passphrase prompt used by :meth:`retry_unlock` (tests replace this)."""
        return ask_with_dialog(self)

    def attach_history(self, store: HistoryStore) -> None:
        """Start saving to ``store`` and show the History panel."""
        self.recorder.store = store
        self.history_panel = HistoryPanel(store)
        self.chat.history_panel = self.history_panel
        add_history_dock(self, self.history_panel)
        self._connect_history(self.history_panel)
        self.history_toggle.setVisible(True)
        if self.history_dock is not None:
            connect_dock_toggle(self.history_toggle, self.history_dock)
        self.unlock_action.setVisible(False)
        self.pilot.history_attached()
        self.status.set_history("History: encrypted")
        self.clear_error()

    def focus_search(self) -> None:
        """Ctrl+F: show the History panel and put the cursor in its search box."""
        if self.history_panel is None or self.history_dock is None:
            self.show_error("History is off, so there is nothing to search.")
            return
        self.history_dock.show()
        self.history_panel.search_box.setFocus()
        self.history_panel.search_box.selectAll()

    def export_current(self) -> None:
        """Ctrl+E: export the open conversation (after the plaintext warning)."""
        panel, cid = self.history_panel, self.recorder.conversation_id
        if panel is None or cid is None:
            self.show_error("Nothing to export yet: send a message first (history must be on).")
            return
        panel.set_current(cid)
        panel.export_selected()
