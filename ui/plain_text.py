"""Labels and tooltips that show text exactly as written, never as rich text.

Qt guesses: a ``QLabel``, a tooltip or a message box whose text looks like
HTML (``Qt.mightBeRichText``) is rendered as HTML, images from disk included.
Model names, chat-template errors and metadata come from model files, which are
untrusted, and error messages may quote them, so every widget that can show
such text goes through these helpers.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Return a label that always shows ``text`` (and later texts) literally."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """Return ``text`` as a tooltip that Qt shows literally (tooltips have no plain mode).

    Escaped and wrapped as rich text, so markup in ``text`` is shown, not obeyed.
    """
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
