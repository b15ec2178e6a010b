"""The history side panel: saved conversations, full-text search, and their management.

The list shows pinned conversations first, then the most recently updated. Typing
in the search box replaces it with matches whose snippets are rendered as rich
text that is *entirely escaped* except for our own ``<b>`` highlight (see
:func:`curbside.storage.highlight_html`), so nothing stored can inject markup. Rename,
pin, export and delete act on the selected conversation
(:class:`curbside.ui.history_actions.HistoryActions`); delete and "Delete all
history" ask first. Every known failure is shown as a message, never a traceback.
"""

from __future__ import annotations

from datetime import datetime

from curbside.errors import KnownError
from curbside.storage import ConversationSummary, HistoryStore
from curbside.ui.history_actions import HistoryActions
from curbside.ui.history_search import HitGroup, group_hits, group_label, group_text
from curbside.ui.plain_text import plain_tooltip
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_LIMIT = 500


class HistoryPanel(HistoryActions):
    """Saved conversations with search, rename, pin, export and delete.

    Args:
        store: The open history.
        parent: Parent widget.

    Signals:
        conversation_opened(int): The clinician chose a conversation to open.
        new_conversation_requested(): The "New conversation" button was pressed.
        conversation_deleted(int): A conversation was deleted (close it if open).
        history_cleared(): Every conversation was deleted.
        conversation_exported(str): An export file was written (its path).
    """

    conversation_opened = Signal(int)
    new_conversation_requested = Signal()

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._current: int | None = None
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.new_button = QPushButton("New conversation")
        self.search_box = QLineEdit(placeholderText="Search history…", clearButtonEnabled=True)
        self.new_button.setAccessibleName("New conversation")
        self.new_button.setToolTip("Start a new conversation (Ctrl+N)")
        self.search_box.setAccessibleName("Search history")
        self.search_box.setToolTip("Search every saved conversation (Ctrl+F)")
        for clear in self.search_box.findChildren(QToolButton):  # the box's own clear button
            clear.setAccessibleName("Clear the search")
        self.list = QListWidget()
        self.list.setAccessibleName("Saved conversations")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.status = QLabel()
        self.status.setProperty("role", "hint")
        self.rename_button = QPushButton("Rename")
        self.pin_button = QPushButton("Pin")
        self.export_button = QPushButton("Export…")
        self.delete_button = QPushButton("Delete")
        self.delete_all_button = QPushButton("Delete all history…")
        self.delete_all_button.setAccessibleName("Delete all saved history")
        actions = QHBoxLayout()
        for button in (self.rename_button, self.pin_button, self.export_button, self.delete_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.new_button, self.search_box, self.list, self.status):
            layout.addWidget(widget)
        layout.addLayout(actions)
        layout.addWidget(self.delete_all_button)
        self.new_button.clicked.connect(self.new_conversation_requested)
        self.search_box.textChanged.connect(self.refresh)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.rename_button.clicked.connect(self.rename_selected)
        self.pin_button.clicked.connect(self.toggle_pin_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_all_button.clicked.connect(self.delete_all)

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in visual order."""
        return [
            self.new_button,
            self.search_box,
            self.list,
            self.rename_button,
            self.pin_button,
            self.export_button,
            self.delete_button,
            self.delete_all_button,
        ]

    # ----- contents -------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list (or the search results) from the store."""
        query = self.search_box.text().strip()
        self.list.clear()
        try:
            if query:
                groups = group_hits(self.store.search(query, limit=200))
                for group in groups:
                    self._add_group(group)
                plural = "s" if len(groups) != 1 else ""
                self.status.setText(
                    f"{len(groups)} conversation{plural} match." if groups else "No matches."
                )
            else:
                conversations = self.store.list_conversations(limit=LIST_LIMIT)
                for conv in conversations:
                    self._add_summary(conv)
                self.status.setText("" if conversations else "No saved conversations yet.")
        except KnownError as exc:
            self.warn("History unavailable", exc)
        self.set_current(self._current)
        self._update_buttons()

    def set_current(self, conversation_id: int | None) -> None:
        """Mark the conversation open in the main window (selects its row if shown)."""
        self._current = conversation_id
        for row in range(self.list.count()):
            item = self.list.item(row)
            if conversation_id is not None and item.data(ID_ROLE) == conversation_id:
                self.list.setCurrentItem(item)
                return
        # Nothing open (a new conversation): no row stays highlighted for Rename/Delete.
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self._update_buttons()

    def selected_id(self) -> int | None:
        """The id of the selected conversation, if any."""
        item = self.list.currentItem() if self.list.selectedItems() else None
        return None if item is None else int(item.data(ID_ROLE))

    def _add_summary(self, conv: ConversationSummary) -> None:
        mark = "★ " if conv.pinned else ""
        when = _local_time(conv.updated)
        count = f"{conv.message_count} message{'' if conv.message_count == 1 else 's'}"
        note = f" · {conv.status_note}" if conv.status_note else ""
        item = QListWidgetItem(f"{mark}{conv.title}\n{when} · {count}{note}")
        item.setData(ID_ROLE, conv.id)
        item.setData(Qt.ItemDataRole.UserRole + 1, conv.pinned)
        item.setToolTip(plain_tooltip(f"{conv.title} (model {conv.model_id})"))
        self.list.addItem(item)

    def _add_group(self, group: HitGroup) -> None:
        label = group_label(group)
        item = QListWidgetItem()
        item.setData(ID_ROLE, group.conversation_id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, group_text(group))
        item.setToolTip(group.title)
        item.setSizeHint(label.sizeHint())
        self.list.addItem(item)
        self.list.setItemWidget(item, label)

    def _open_item(self, item: QListWidgetItem) -> None:
        # A double click delivers both clicked and activated: open once.
        chosen = int(item.data(ID_ROLE))
        if chosen != self._current:
            self._current = chosen
            self.conversation_opened.emit(chosen)

    def _update_buttons(self) -> None:
        item = self.list.currentItem() if self.list.selectedItems() else None
        for button in (self.rename_button, self.pin_button, self.export_button, self.delete_button):
            button.setEnabled(item is not None)
        pinned = bool(item.data(Qt.ItemDataRole.UserRole + 1)) if item is not None else False
        self.pin_button.setText("Unpin" if pinned else "Pin")
        title = str(item.toolTip()).split(" (model ")[0] if item is not None else ""
        about = f": {title}" if title else " (choose a conversation first)"
        for button, verb in (
            (self.rename_button, "Rename"),
            (self.pin_button, self.pin_button.text()),
            (self.export_button, "Export"),
            (self.delete_button, "Delete"),
        ):
            button.setAccessibleName(f"{verb} conversation{about}")


def _local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso
