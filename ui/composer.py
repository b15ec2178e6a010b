"""The message editor: multi-line, Ctrl+Enter sends, oversized pastes refused.

A 10 MB paste is refused *before* it is inserted (inserting it would freeze
the editor's layout for seconds), with a message saying the size and the
limit; see :mod:`curbside.chat.input_check` for why we refuse rather than truncate.
"""

from __future__ import annotations

from curbside.chat import MAX_INPUT_CHARS, looks_binary
from curbside.errors import InputError
from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class PasteGuardedEdit(QPlainTextEdit):
    """A plain-text box that refuses oversized or binary pastes before inserting them.

    Signals:
        paste_refused(str): A paste was refused; the message says why.
    """

    paste_refused = Signal(str)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Insert pasted text unless it is too large or binary."""
        text = source.text() if source.hasText() else ""
        problem = paste_problem(text, len(self.toPlainText()))
        if problem is not None:
            self.paste_refused.emit(str(problem))
            return
        super().insertFromMimeData(source)


class Composer(PasteGuardedEdit):
    """Where the clinician types or pastes a case or a question.

    Signals:
        submitted(): Ctrl+Enter was pressed.
        paste_refused(str): A paste was refused; the message says why.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Paste a de-identified case or ask a question. Ctrl+Enter sends.")
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Send on Ctrl+Enter; everything else edits as usual."""
        is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if is_enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def paste_problem(text: str, existing_chars: int) -> InputError | None:
    """Return why ``text`` may not be pasted, or None when it may."""
    total = existing_chars + len(text)
    if total > MAX_INPUT_CHARS:
        return InputError(
            f"That paste would make the message {total:,} characters; the limit is "
            f"{MAX_INPUT_CHARS:,}. Nothing was pasted.",
            "Paste only the relevant part of the record.",
        )
    if looks_binary(text):
        return InputError(
            "The clipboard holds binary data, not text. Nothing was pasted.",
            "Copy the case from a text view.",
        )
    return None
