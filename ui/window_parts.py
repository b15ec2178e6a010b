"""Small pieces of the main window: the notices, the message bar, and two dialogs.

The message bar shows one message the clinician can act on, with the buttons
that make sense for it (fetch the default model, redact the case, send anyway,
dismiss). Links in answers open only after :func:`confirm_and_open_link`.
"""

from __future__ import annotations

from curbside import NOTICE
from curbside.ui.plain_text import plain_label
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

DEMO_NOTICE = (
    "Demo model loaded: SmolLM2-135M is tiny and not clinically meaningful. "
    "Use a clinical GGUF model (for example MedGemma 4B) for real questions."
)
_NOTICE_STYLE = (
    "QLabel#notice { background: #fff8c5; color: #4d2d00; padding: 6px;"
    " font-weight: bold; border-bottom: 1px solid #d4a72c; }"
)
_MESSAGE_STYLE = "background: #ffebe9; color: #82071e; padding: 6px; border: 1px solid #ff8182;"
LINK_SCHEMES = ("http", "https", "mailto")


def notice_label() -> QLabel:
    """The permanent "not a medical device" notice."""
    label = QLabel(NOTICE)
    label.setObjectName("notice")
    label.setStyleSheet(_NOTICE_STYLE)
    return label


def demo_notice_label() -> QLabel:
    """The notice shown while the tiny demo model is loaded (hidden at first)."""
    label = QLabel(DEMO_NOTICE)
    label.setWordWrap(True)
    label.setStyleSheet("color: #6e7781; padding: 2px 6px;")
    label.hide()
    return label


class MessageBar(QWidget):
    """One message for the clinician, with the actions that fit it (hidden when empty).

    The buttons are public so the window can connect them; the bar itself
    only shows and hides them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label()  # messages may quote a model file's text
        self.label.setWordWrap(True)
        self.label.setStyleSheet(_MESSAGE_STYLE)
        self.fetch_button = QPushButton("Fetch the default model")
        self.redact_case_button = QPushButton("Redact the case")
        self.send_anyway_button = QPushButton("Send anyway")
        self.send_anyway_button.setToolTip(
            "Send with the identifiers left in. Curbside records that you overrode "
            "the check and which kinds of identifier were left (never the text)."
        )
        self.regenerate_button = QPushButton("Regenerate")
        self.regenerate_button.setToolTip("Open the kept question and answer it again.")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        for button in (
            self.fetch_button,
            self.redact_case_button,
            self.send_anyway_button,
            self.regenerate_button,
            self.dismiss_button,
        ):
            row.addWidget(button)
        self.hide()

    def show_message(
        self,
        message: str,
        fetch: bool = False,
        send_anyway: bool = False,
        redact_case: bool = False,
        regenerate: bool = False,
    ) -> None:
        """Show ``message`` with only the buttons that apply."""
        self.label.setText(message)
        self.regenerate_button.setVisible(regenerate)
        self.fetch_button.setVisible(fetch)
        self.send_anyway_button.setVisible(send_anyway)
        self.redact_case_button.setVisible(redact_case)
        self.show()


def confirm_and_open_link(parent: QWidget, url: QUrl) -> None:
    """Open ``url`` in the browser only after the clinician confirms (web and mail only)."""
    if url.scheme() not in LINK_SCHEMES:
        return
    answer = QMessageBox.question(
        parent,
        "Open link?",
        f"The answer links to:\n\n{url.toString()}\n\nOpen it in your browser? "
        "This leaves Curbside and uses the network.",
    )
    if answer == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(url)


def show_about(parent: QWidget) -> None:
    """Show what Curbside is, the notices, and the privacy promise."""
    QMessageBox.about(
        parent,
        "About Curbside",
        f"<b>Curbside</b> — an offline clinical reasoning assistant.<br><br>{NOTICE}"
        f"<br><br>{DEMO_NOTICE}<br><br>Everything runs on this computer; nothing is sent"
        " over the network.",
    )
