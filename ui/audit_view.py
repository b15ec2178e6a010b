"""The Audit window: the hash-chained log, filtered by event type and date, and verified.

Entries are shown as plain text (their details as canonical JSON; they hold
no case text). "Verify chain" walks every entry off the GUI thread and shows
the same line as ``curbside audit verify``; the head it prints is what a pilot
coordinator writes down to catch truncation later. "Sign checkpoint" signs the
head (see :mod:`curbside.audit.checkpoint`) and shows the public key. The newest entries come
first, at most :data:`SHOWN` of them; the CLI export has them all.
"""

from __future__ import annotations

from curbside.audit import EVENT_TYPES, Entry, canonical, sign_head, verify_rows
from curbside.errors import KnownError
from curbside.storage import HistoryStore
from curbside.ui.feedback_view import date_edit, iso_day
from curbside.ui.workers import Task, run_simple
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHOWN = 2000
_COLUMNS = ("#", "Time (UTC)", "Event", "Hash", "Details")


class AuditView(QWidget):
    """The audit log with filters and a verify button.

    Args:
        store: The open history.
        parent: Owner.
    """

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Curbside — audit trail")
        self.resize(1100, 640)
        self.store = store
        self.entries: list[Entry] = []
        self.last_task: Task | None = None
        self.event_type = QComboBox()
        self.event_type.addItem("All events", "")
        for event in EVENT_TYPES:
            self.event_type.addItem(event, event)
        self.use_dates = QCheckBox("From")
        self.since, self.until = date_edit(30), date_edit(None)
        self.verify_button = QPushButton("Verify chain")
        self.sign_button = QPushButton("Sign checkpoint")
        self.sign_button.setToolTip(
            "Sign the current head with this profile's Ed25519 key (kept in the OS "
            "keychain), so a copy of the log can be checked with the public key."
        )
        self.result = QLabel("Not verified yet.")
        self.result.setWordWrap(True)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        filters = QHBoxLayout()
        parts: tuple[QWidget, ...] = (
            self.event_type,
            self.use_dates,
            self.since,
            QLabel("to"),
            self.until,
        )
        for widget in parts:
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.sign_button)
        filters.addWidget(self.verify_button)
        column = QVBoxLayout(self)
        column.addLayout(filters)
        column.addWidget(self.result)
        column.addWidget(self.table, 1)
        self.event_type.currentIndexChanged.connect(self.refresh)
        self.use_dates.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.sign_button.clicked.connect(self.sign)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the entries for the filter (newest first)."""
        event = self.event_type.currentData() or ""
        dated = self.use_dates.isChecked()
        try:
            self.entries = self.store.audit.entries(
                events=(event,) if event else (),
                since=iso_day(self.since) if dated else "",
                until=iso_day(self.until, end=True) if dated else "",
                limit=SHOWN,
            )[::-1]
        except KnownError as exc:
            self.result.setText(f"The audit log could not be read: {exc}")
            return
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            details = canonical(entry.details)
            cells = (
                str(entry.seq),
                entry.time[:19].replace("T", " "),
                entry.event,
                entry.hash[:12] + "…",
                details,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.hash if col == 3 else details if col == 4 else "")
                self.table.setItem(row, col, item)
        for col in range(4):
            self.table.resizeColumnToContents(col)

    def verify(self) -> None:
        """Verify the whole chain off the GUI thread; show the outcome."""
        self.verify_button.setEnabled(False)
        self.result.setText("Verifying…")
        rows = self.store.audit.rows
        self.last_task = run_simple(lambda: verify_rows(rows()), self._verified, self._failed)

    def sign(self) -> None:
        """Sign the current head; show the public key to write down."""
        try:
            entry = sign_head(self.store.audit, self.store.keys.layout.account)
        except KnownError as exc:
            self.result.setText(f"No checkpoint signed: {exc}")
            return
        self.result.setStyleSheet("")
        self.result.setText(
            f"Checkpoint {entry.seq} signs entry {entry.details['seq']}. Public key "
            f"(write it down): {entry.details['public_key']}"
        )
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh()

    def _verified(self, result: object) -> None:
        self.verify_button.setEnabled(True)
        intact = getattr(result, "intact", False)
        colour = "#1a7f37" if intact else "#cf222e"
        self.result.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.result.setText(result.summary())  # type: ignore[attr-defined]

    def _failed(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.result.setText(f"Verification could not run: {message}")
