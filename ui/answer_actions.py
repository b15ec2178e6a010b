"""Copying answers and quoting them into the next question.

* Copy as plain text: the answer's Markdown rendered and flattened to text
  (headings and emphasis markers gone), with the sanitized HTML alongside so
  rich editors (a note, an e-mail) keep the formatting.
* Copy as Markdown: the answer exactly as the model wrote it.
* Quote: a selected part of an answer becomes a Markdown blockquote in the
  composer, ready for the follow-up ("> troponin 38 ng/L …  Why not NSTEMI?").

The clipboard is the system's; nothing is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.chat import markdown_to_safe_html
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MARKDOWN_MIME = "text/markdown"


def markdown_to_plain(markdown_text: str) -> str:
    """Return the answer as plain text (rendered, then flattened)."""
    document = QTextDocument()
    document.setHtml(markdown_to_safe_html(markdown_text))
    return document.toPlainText().strip()


def copy_plain(markdown_text: str, clipboard: QClipboard | None = None) -> str:
    """Put the answer on the clipboard as plain text (and safe HTML); return the text."""
    plain = markdown_to_plain(markdown_text)
    data = QMimeData()
    data.setText(plain)
    data.setHtml(markdown_to_safe_html(markdown_text))
    (clipboard or QGuiApplication.clipboard()).setMimeData(data)
    return plain


def copy_markdown(markdown_text: str, clipboard: QClipboard | None = None) -> str:
    """Put the answer on the clipboard as Markdown source; return it."""
    data = QMimeData()
    data.setText(markdown_text)
    data.setData(MARKDOWN_MIME, markdown_text.encode("utf-8"))
    (clipboard or QGuiApplication.clipboard()).setMimeData(data)
    return markdown_text


def quote_markdown(selection: str) -> str:
    """Return ``selection`` as a Markdown blockquote followed by a blank line.

    Qt reports line breaks in a selection as U+2029 (paragraph separator);
    they become ordinary lines. Returns ``""`` for a blank selection.
    """
    text = selection.replace("\u2029", "\n").replace("\u2028", "\n").strip()
    if not text:
        return ""
    lines = [f"> {line}".rstrip() for line in text.split("\n")]
    return "\n".join(lines) + "\n\n"


def insert_quote(composer: QPlainTextEdit, selection: str) -> bool:
    """Insert ``selection`` as a blockquote at the composer's cursor; return False if blank.

    The quote starts on its own line, and the cursor ends after it, ready for
    the question.
    """
    quote = quote_markdown(selection)
    if not quote:
        return False
    cursor = composer.textCursor()
    before = composer.toPlainText()[: cursor.position()]
    if before and not before.endswith("\n\n"):
        quote = ("\n" if before.endswith("\n") else "\n\n") + quote
    cursor.insertText(quote)
    composer.setTextCursor(cursor)
    composer.setFocus()
    return True


def answer_actions(
    parent: QWidget,
    answer: Callable[[], str],
    selection: Callable[[], str],
    composer: QPlainTextEdit,
) -> list[QAction]:
    """Build "Copy as plain text", "Copy as Markdown" and "Quote in next question" actions.

    Args:
        parent: Owner of the actions (a view's context menu or the window).
        answer: Returns the Markdown of the answer the actions apply to.
        selection: Returns the selected text of that answer (may be empty).
        composer: Where quotes go.
    """
    copy_text = QAction("Copy answer as plain text", parent)
    copy_text.triggered.connect(lambda: copy_plain(answer()))
    copy_md = QAction("Copy answer as Markdown", parent)
    copy_md.triggered.connect(lambda: copy_markdown(answer()))
    quote = QAction("Quote selection in next question", parent)
    quote.triggered.connect(lambda: insert_quote(composer, selection()))
    return [copy_text, copy_md, quote]
