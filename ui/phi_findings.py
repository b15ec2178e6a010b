"""The findings list under the composer: each possible identifier with Redact / Not PHI.

:class:`PhiFindingsPanel` shows a :class:`~curbside.ui.phi_guard.PhiGuard`'s
unresolved findings, one row per finding (category, text, reason and its two
buttons), plus "Redact all", "Undo" and the relative-dates option. It only
calls the guard; the guard owns the text, the scans and the decision to send.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from curbside.deid import Finding
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from curbside.ui.phi_guard import PhiGuard

MAX_LISTED = 300
"""The panel lists at most this many findings (all are highlighted and all block sending)."""


class PhiFindingsPanel(QWidget):
    """Lists a :class:`PhiGuard`'s findings with Redact / Not PHI per finding.

    Args:
        guard: The guard whose findings to show and act on.

    Signals:
        resolved(): The list became empty (everything redacted or dismissed).
    """

    resolved = Signal()

    def __init__(self, guard: PhiGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guard = guard
        self.rows: list[_FindingRow] = []
        self._before: QWidget | None = None
        self.summary = QLabel("No identifiers found.")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Possible identifiers in the message")
        self.redact_all_button = QPushButton("Redact all")
        self.redact_all_button.setAccessibleName("Redact all identifiers in the message")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo the last redaction")
        self.relative_dates = QCheckBox("Dates as days (Day 0, Day +3)")
        self.relative_dates.setAccessibleName("Redact dates as days from the first date")
        self.redact_all_button.clicked.connect(lambda: guard.redact())
        self.undo_button.clicked.connect(guard.undo)
        self.relative_dates.toggled.connect(guard.set_relative_dates)
        buttons = QHBoxLayout()
        for widget in (self.redact_all_button, self.undo_button, self.relative_dates):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        guard.findings_changed.connect(self.show_findings)
        guard.too_large.connect(self._show_too_large)
        self.show_findings(guard.findings())

    @Slot(list)
    def show_findings(self, findings: list[Finding]) -> None:
        """Rebuild the list for ``findings``."""
        self.list.clear()
        self.rows = []
        for finding in findings[:MAX_LISTED]:
            item = QListWidgetItem(self.list)
            row = _FindingRow(finding, self.guard)
            item.setSizeHint(row.sizeHint())
            self.list.setItemWidget(item, row)
            self.rows.append(row)
        self._chain_rows()
        more = f" (first {MAX_LISTED} listed)" if len(findings) > MAX_LISTED else ""
        count = len(findings)
        self.summary.setText(
            f"{count} possible identifier(s){more}: sending is blocked until resolved."
            if count
            else "No identifiers found."
        )
        self.redact_all_button.setEnabled(bool(count))
        self.undo_button.setEnabled(self.guard.can_undo())
        if not count:
            self.resolved.emit()

    def focus_chain(self) -> list[QWidget]:
        """The panel's fixed controls in visual order (the rows are chained before them)."""
        return [self.redact_all_button, self.undo_button, self.relative_dates]

    def chain_rows_after(self, widget: QWidget) -> None:
        """Tab from ``widget`` into the rows' buttons, then on to "Redact all"."""
        self._before = widget
        self._chain_rows()

    def _chain_rows(self) -> None:
        if self._before is None:
            return
        chain: list[QWidget] = [self._before]
        for row in self.rows:
            chain += [row.redact_button, row.not_phi_button]
        chain += self.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    @Slot(int)
    def _show_too_large(self, size: int) -> None:
        self.summary.setText(f"{size:,} characters: too large to check; sending needs an override.")


class _FindingRow(QWidget):
    """One finding: category, text, reason, and its two buttons."""

    def __init__(self, finding: Finding, guard: PhiGuard) -> None:
        super().__init__()
        label = QLabel(f"<b>{finding.label}</b> {_escape(finding.text)} <i>({finding.reason})</i>")
        label.setToolTip(finding.reason)
        label.setWordWrap(True)
        redact = QPushButton("Redact")
        not_phi = QPushButton("Not PHI")
        what = f"{finding.label.lower()}: {_short(finding.text)}"
        redact.setAccessibleName(f"Redact {what}")
        not_phi.setAccessibleName(f"Not PHI, keep {what}")
        redact.setToolTip(f"Replace {what} with a placeholder")
        redact.clicked.connect(lambda: guard.redact([finding]))
        not_phi.clicked.connect(lambda: guard.dismiss(finding))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 1, 4, 1)
        layout.addWidget(label, 1)
        layout.addWidget(redact)
        layout.addWidget(not_phi)
        self.redact_button = redact
        self.not_phi_button = not_phi


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _escape(text: str) -> str:
    shown = _short(text)
    return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
