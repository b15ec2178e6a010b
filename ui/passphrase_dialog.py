"""Asking for the history passphrase (used where no system keychain is available)."""

from __future__ import annotations

from curbside.infra import MIN_PASSPHRASE_CHARS
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PassphraseDialog(QDialog):
    """Asks for the passphrase once (unlock) or twice (create).

    Args:
        create: True to choose a new passphrase (asked twice), False to unlock.
        message: Why we ask (for example "No system keychain is available").
        parent: Parent widget.
        what: What the passphrase protects, in the intro's words.
        title: The window title (default: the history's).
    """

    def __init__(
        self,
        create: bool,
        message: str = "",
        parent: QWidget | None = None,
        *,
        what: str = "your conversation history",
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.creating = create
        default_title = "Choose a history passphrase" if create else "Unlock history"
        self.setWindowTitle(title or default_title)
        intro = QLabel(
            (message + "\n\n" if message else "")
            + (
                f"Choose a passphrase that protects {what} on this "
                f"computer (at least {MIN_PASSPHRASE_CHARS} characters). It cannot be "
                "recovered if you forget it."
                if create
                else f"Enter the passphrase that protects {what}."
            )
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        form = QFormLayout()
        form.addRow("Passphrase", self.passphrase)
        if create:
            form.addRow("Again", self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def value(self) -> str:
        """Return the passphrase typed."""
        return self.passphrase.text()

    def show_problem(self, text: str) -> None:
        """Show why the last attempt failed."""
        self.problem.setText(text)

    def _check_and_accept(self) -> None:
        if self.creating and len(self.value()) < MIN_PASSPHRASE_CHARS:
            self.show_problem(f"Use at least {MIN_PASSPHRASE_CHARS} characters.")
            return
        if self.creating and self.value() != self.confirm.text():
            self.show_problem("The two passphrases differ.")
            return
        if not self.value():
            self.show_problem("Enter the passphrase.")
            return
        self.accept()
