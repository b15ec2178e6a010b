"""Small pieces of the main window: the notices, the message bar, and the link question.

The message bar shows one message the clinician can act on, with the buttons
that make sense for it (fetch the default model, redact the case, send anyway,
dismiss). Links in answers open only after :func:`confirm_and_open_link`.
"""

from __future__ import annotations

from curbside import NOTICE
from curbside.ui.plain_text import plain_label
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

DEMO_NOTICE = (
    "Demo model loaded: SmolLM2-135M is tiny and not clinically meaningful. "
    "Use a clinical GGUF model (for example MedGemma 4B) for real questions."
)
DEMO_CAVEAT = "Demo model: this answer is not clinically meaningful."
LINK_SCHEMES = ("http", "https", "mailto")


def notice_label() -> QLabel:
    """The permanent "not a medical device" notice."""
    label = QLabel(NOTICE)
    label.setObjectName("notice")  # coloured by the theme's stylesheet
    label.setWordWrap(True)
    return label


def demo_notice_label() -> QLabel:
    """The notice shown while the tiny demo model is loaded (hidden at first)."""
    label = QLabel(DEMO_NOTICE)
    label.setObjectName("demoNotice")  # coloured by the theme's stylesheet (contrast ≥ 4.5:1)
    label.setWordWrap(True)
    label.hide()
    return label


class MessageBar(QWidget):
    """One message for the clinician, with the actions that fit it (hidden when empty).

    The buttons are public so the window can connect them; the bar itself
    only shows and hides them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setProperty("kind", "error")
        self.label = plain_label()  # messages may quote a model file's text
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        self.fetch_button.setAccessibleName("Fetch the default model")
        self.redact_case_button.setAccessibleName("Redact the identifiers in the case")
        self.send_anyway_button.setAccessibleName("Send anyway, with the identifiers left in")
        self.regenerate_button.setAccessibleName("Regenerate the interrupted answer")
        self.dismiss_button.setAccessibleName("Dismiss the message")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
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
        kind: str = "error",
        regenerate: bool = False,
    ) -> None:
        """Show ``message`` (``kind`` ``error`` or ``info``) with only the buttons that apply."""
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(message)
        self.setAccessibleName("Information" if kind == "info" else "Problem")
        self.setAccessibleDescription(message)
        self.regenerate_button.setVisible(regenerate)
        self.fetch_button.setVisible(fetch)
        self.send_anyway_button.setVisible(send_anyway)
        self.redact_case_button.setVisible(redact_case)
        self.show()

    def focus_chain(self) -> list[QWidget]:
        """The bar's buttons in visual order."""
        return [
            self.fetch_button,
            self.redact_case_button,
            self.send_anyway_button,
            self.regenerate_button,
            self.dismiss_button,
        ]


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
