"""What the history panel does to a saved conversation: rename, pin, export, delete.

A base class of :class:`curbside.ui.history_panel.HistoryPanel`, kept apart
from the listing and search so each file stays readable. Delete and "Delete
all history" ask first; exports go through the export dialog (which warns
that they are plaintext) and are written to the audit trail. Every known
failure is shown as a message and the list is reloaded, whatever happened.
The dialogs are methods so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.audit import export_details
from curbside.errors import KnownError
from curbside.storage import HistoryStore
from curbside.ui.export_dialog import ExportDialog
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton, QWidget


class HistoryActions(QWidget):
    """Actions on the selected conversation (see :class:`~curbside.ui.history_panel.HistoryPanel`).

    Signals:
        conversation_deleted(int): A conversation was deleted (close it if open).
        history_cleared(): Every conversation was deleted.
        conversation_exported(str): An export file was written (its path).
    """

    conversation_deleted = Signal(int)
    history_cleared = Signal()
    conversation_exported = Signal(str)

    store: HistoryStore
    pin_button: QPushButton
    _current: int | None

    # Provided by HistoryPanel.
    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def selected_id(self) -> int | None:  # pragma: no cover - overridden
        raise NotImplementedError

    # ----- actions --------------------------------------------------------
    def rename_selected(self) -> None:
        """Ask for a new title for the selected conversation."""
        cid = self.selected_id()
        if cid is None:
            return
        title = self.ask_text("Rename conversation", "New title:", self._title_of(cid))
        if title is not None:
            self._guarded(lambda: self.store.rename(cid, title))

    def toggle_pin_selected(self) -> None:
        """Pin the selected conversation to the top, or unpin it."""
        cid = self.selected_id()
        if cid is not None:
            pinned = self.pin_button.text() == "Unpin"
            self._guarded(lambda: self.store.set_pinned(cid, not pinned))

    def export_selected(self) -> None:
        """Open the export dialog (which warns that exports are plaintext)."""
        cid = self.selected_id()
        if cid is None:
            return
        try:
            conversation = self.store.get_conversation(cid)
        except KnownError as exc:
            self.warn("Export failed", exc)
            return
        dialog = ExportDialog(conversation, self)
        dialog.exported.connect(self.conversation_exported)
        dialog.exported.connect(lambda _path: self._record_export(cid, dialog))
        self.open_dialog(dialog)

    def _record_export(self, cid: int, dialog: ExportDialog) -> None:
        details = export_details(
            what="conversation",
            fmt=dialog.chosen_format,
            redacted=dialog.redacted,
            count=1,
            ids=[cid],
        )
        self._guarded(lambda: self.store.audit.append("export", details))

    def delete_selected(self) -> None:
        """Delete the selected conversation after confirmation."""
        cid = self.selected_id()
        if cid is None:
            return
        question = f"Delete “{self._title_of(cid)}” and all its messages? This cannot be undone."
        confirmed = self.confirm("Delete conversation", question)
        if confirmed and self._guarded(lambda: self.store.delete(cid)):
            if self._current == cid:
                self._current = None
            self.conversation_deleted.emit(cid)

    def delete_all(self) -> None:
        """Delete every conversation after confirmation."""
        question = (
            "Delete ALL saved conversations? They are erased from the encrypted file "
            "and cannot be recovered (backups and exports are not touched)."
        )
        confirmed = self.confirm("Delete all history", question)
        if confirmed and self._guarded(self.store.delete_all):
            self._current = None
            self.history_cleared.emit()

    # ----- dialogs (tests replace these) ------------------------------------
    def confirm(self, title: str, question: str) -> bool:
        """Ask a yes/no question; default No."""
        answer = QMessageBox.question(
            self, title, question, defaultButton=QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, current: str) -> str | None:
        """Ask for a line of text; None when cancelled."""
        text, ok = QInputDialog.getText(self, title, label, text=current)
        return text if ok else None

    def open_dialog(self, dialog: ExportDialog) -> None:
        """Show a dialog modally."""
        dialog.exec()

    def warn(self, title: str, error: KnownError) -> None:
        """Show a known failure as a message."""
        QMessageBox.warning(self, title, str(error))

    def _guarded(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except KnownError as exc:
            self.warn("History", exc)
            return False
        finally:
            self.refresh()
        return True

    def _title_of(self, cid: int) -> str:
        try:
            return self.store.get_conversation(cid).title
        except KnownError:
            return ""
