"""Copying answers (plain and Markdown) and quoting a selection into the next question."""

from __future__ import annotations

import pytest
from curbside.ui.answer_actions import (
    MARKDOWN_MIME,
    answer_actions,
    copy_markdown,
    copy_plain,
    insert_quote,
    quote_markdown,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

ANSWER = "## Differential\n\n1. **NSTEMI**: troponin 38\n2. *Unstable angina*\n"


def test_copy_plain_flattens_markdown_and_keeps_safe_html(qtbot: QtBot) -> None:
    plain = copy_plain(ANSWER)
    assert plain.startswith("Differential")
    assert "**" not in plain and "##" not in plain and "NSTEMI: troponin 38" in plain
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == plain
    assert "<strong>NSTEMI</strong>" in data.html()


def test_copy_markdown_keeps_the_source(qtbot: QtBot) -> None:
    copy_markdown(ANSWER)
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == ANSWER
    assert bytes(data.data(MARKDOWN_MIME)).decode() == ANSWER


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ("troponin 38", "> troponin 38\n\n"),
        ("line one\u2029line two", "> line one\n> line two\n\n"),
        ("a\n\nb", "> a\n>\n> b\n\n"),
        ("   ", ""),
    ],
)
def test_quote_markdown(selection: str, expected: str) -> None:
    assert quote_markdown(selection) == expected


def test_quote_goes_into_the_composer_on_its_own_lines(qtbot: QtBot) -> None:
    composer = QPlainTextEdit()
    qtbot.addWidget(composer)
    assert insert_quote(composer, "troponin 38")
    composer.insertPlainText("Why not NSTEMI?")
    assert composer.toPlainText() == "> troponin 38\n\nWhy not NSTEMI?"
    composer.setPlainText("Earlier text")
    cursor = composer.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    composer.setTextCursor(cursor)
    insert_quote(composer, "K 6.3")
    assert composer.toPlainText() == "Earlier text\n\n> K 6.3\n\n"
    assert not insert_quote(composer, "  ")


def test_actions_for_a_context_menu(qtbot: QtBot) -> None:
    parent = QWidget()
    composer = QPlainTextEdit()
    qtbot.addWidget(parent)
    qtbot.addWidget(composer)
    copy_text, copy_md, quote = answer_actions(parent, lambda: ANSWER, lambda: "NSTEMI", composer)
    copy_md.trigger()
    assert QGuiApplication.clipboard().text() == ANSWER
    copy_text.trigger()
    assert QGuiApplication.clipboard().text().startswith("Differential")
    quote.trigger()
    assert composer.toPlainText() == "> NSTEMI\n\n"
