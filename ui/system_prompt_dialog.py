"""The system-prompt editor opened from the mode bar's "Advanced" panel.

:class:`SystemPromptDialog` edits the prompt sent first in every
conversation, offers "Reset to default", and refuses (with the reason, in
the dialog) a prompt the prompt settings reject, such as one over the length
limit. It never writes the settings file itself: the mode bar applies and
saves the accepted settings.
"""

from __future__ import annotations

from curbside.errors import KnownError
from curbside.prompts import DEFAULT_SYSTEM_PROMPT, PromptSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class SystemPromptDialog(QDialog):
    """Edits the system prompt, with "Reset to default".

    Args:
        settings: The settings holding the current system prompt.
        parent: The parent widget.

    Attributes:
        result_settings: The settings with the edited prompt once accepted, else None.

    Signals:
        Those of QDialog (``accepted`` after a valid Save).
    """

    def __init__(self, settings: PromptSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("System prompt")
        self.resize(560, 320)
        self._settings = settings
        self.result_settings: PromptSettings | None = None
        self.editor = QPlainTextEdit(settings.system_prompt)
        self.editor.setAccessibleName("System prompt")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.reset_button = buttons.addButton(
            "Reset to default", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.clicked.connect(lambda: self.editor.setPlainText(DEFAULT_SYSTEM_PROMPT))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Sent first in every conversation. No patient data here."))
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Accept the edited prompt, or say why it cannot be used."""
        try:
            self.result_settings = self._settings.with_system_prompt(self.editor.toPlainText())
        except KnownError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()
