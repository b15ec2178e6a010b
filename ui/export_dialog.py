"""The export dialog: choose a format and a file, after being told exports are plaintext.

The conversation is scanned for identifiers first; when any are found the
dialog names their categories and, by default, writes a redacted copy.

Writing happens only when the clinician presses the explicit "Export plaintext
file" button, below a warning that says the file will not be encrypted. Markdown
and JSON come from :mod:`curbside.storage.export`; the PDF from :mod:`curbside.ui.export_pdf`.
"""

from __future__ import annotations

import html
from pathlib import Path

from curbside.errors import KnownError
from curbside.privacy import (
    export_needs_redaction,
    phi_categories,
    redacted_conversation,
    safe_file_stem,
    safe_text,
)
from curbside.storage import Conversation, write_text_export
from curbside.ui.export_pdf import write_pdf
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PLAINTEXT_WARNING = (
    "Exports are plaintext. The file will NOT be encrypted: anyone who can open it "
    "can read this conversation. Save it only to protected storage, and do not "
    "e-mail it or put it on removable media unless your policy allows it."
)
_FORMATS = {"Markdown (.md)": "md", "JSON (.json)": "json", "PDF (.pdf)": "pdf"}


def export_conversation(conv: Conversation, fmt: str, path: Path) -> None:
    """Write ``conv`` to ``path`` in ``fmt`` (``md``, ``json`` or ``pdf``)."""
    if fmt == "pdf":
        write_pdf(conv, path)
    else:
        write_text_export(conv, fmt, path)


class ExportDialog(QDialog):
    """Export one conversation to a plaintext file, with the warning shown first.

    Args:
        conversation: The conversation to export.
        parent: Parent widget.

    Signals:
        exported(str): The path written, after a successful export.
    """

    exported = Signal(str)

    def __init__(self, conversation: Conversation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.redacted = False
        """Whether the file written was redacted (set by :meth:`export`)."""
        self.conversation = conversation
        self.setWindowTitle("Export conversation")
        self.setMinimumWidth(480)
        self.warning = QLabel(PLAINTEXT_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setProperty("role", "warning")
        self.phi_found = phi_categories(conversation)
        self.redact_box = QCheckBox("Replace identifiers with placeholders in the file")
        self.redact_box.setChecked(bool(self.phi_found))
        self.redact_box.setVisible(bool(self.phi_found))
        self.phi_warning = QLabel(
            "Possible identifiers in this conversation: " + ", ".join(self.phi_found) + "."
        )
        self.phi_warning.setWordWrap(True)
        self.phi_warning.setProperty("role", "warning")
        self.phi_warning.setVisible(bool(self.phi_found))
        self.format = QComboBox()
        self.format.addItems(list(_FORMATS))
        self.format.currentTextChanged.connect(self._sync_suffix)
        # The default name comes from the redacted title only (never raw identifiers).
        self.path = QLineEdit(str(Path.home() / f"{safe_file_stem(conversation.title)}.md"))
        self.path.setAccessibleName("File to write")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the file to write")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("File", row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "Export plaintext file", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{_escape(safe_text(conversation.title))}</b>"))
        layout.addWidget(self.warning)
        layout.addWidget(self.phi_warning)
        layout.addWidget(self.redact_box)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    @property
    def chosen_format(self) -> str:
        """The selected format code: ``md``, ``json`` or ``pdf``."""
        return _FORMATS[self.format.currentText()]

    def export(self) -> None:
        """Write the file; on success emit ``exported`` and close, else show why."""
        target = Path(self.path.text()).expanduser()
        if target.exists() and not self._confirm_overwrite(target):
            return
        conversation = self.conversation
        self.redacted = export_needs_redaction(
            self.phi_found, keep_identifiers=not self.redact_box.isChecked()
        )
        if self.redacted:
            conversation = redacted_conversation(conversation)
        try:
            export_conversation(conversation, self.chosen_format, target)
        except KnownError as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        self.exported.emit(str(target))
        self.accept()

    def _confirm_overwrite(self, target: Path) -> bool:
        answer = QMessageBox.question(self, "Replace file?", f"{target} exists. Replace it?")
        return answer == QMessageBox.StandardButton.Yes

    def _sync_suffix(self) -> None:
        current = Path(self.path.text())
        self.path.setText(str(current.with_suffix("." + self.chosen_format)))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if chosen:
            self.path.setText(chosen)


def _escape(text: str) -> str:
    return html.escape(text)
