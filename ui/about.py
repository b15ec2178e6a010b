"""Help → About: the app's version and the facts of the model that is answering.

What the box says about the model comes from :class:`curbside.models.ModelFacts`
(decided by the file's SHA-256), never from the file's name, so a renamed
copy of the demo model is still called the demo model here.
"""

from __future__ import annotations

import html

from curbside import NOTICE, __version__
from curbside.models import ModelFacts
from curbside.ui.window_parts import DEMO_NOTICE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def about_text(facts: ModelFacts | None, loaded_name: str | None) -> str:
    """Return the About box's rich text (every value escaped)."""
    rows = [("Curbside version", __version__)]
    if loaded_name is None:
        rows.append(("Model", "none loaded"))
    else:
        rows.append(("Model", facts.name if facts else loaded_name))
        rows.append(("File", facts.path.name if facts else "…"))
        rows.append(("SHA-256", facts.sha256 if facts else "being computed…"))
        rows.append(("Licence", facts.license if facts else "…"))
        if facts is None:
            demo = "being checked…"
        else:
            demo = "yes (not clinically meaningful)" if facts.is_demo else "no"
        rows.append(("Demo model", demo))
    table = "".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    demo_line = f"<p>{html.escape(DEMO_NOTICE)}</p>" if facts is not None and facts.is_demo else ""
    return (
        "<p><b>Curbside</b> — an offline clinical reasoning assistant.</p>"
        f"<p>{html.escape(NOTICE)}</p><table cellpadding='3'>{table}</table>{demo_line}"
        "<p>Everything runs on this computer; nothing is sent over the network.</p>"
    )


class AboutDialog(QDialog):
    """The About box (selectable text, so the SHA-256 can be copied)."""

    def __init__(
        self, facts: ModelFacts | None, loaded_name: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Curbside")
        self.text = QLabel(about_text(facts, loaded_name))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("About Curbside")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
