"""An answer the renderer chokes on is saved first and shown as escaped text; the chat goes on."""

from __future__ import annotations

import pytest
from curbside.ui import chat_cards
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

NESTED = "- " * 496 + "x"


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()


def test_deeply_nested_answer_is_saved_shown_and_the_next_turn_works(
    qtbot: QtBot, history_window: MainWindow, store, fake_factory
) -> None:
    window = history_window
    fake_factory.engine.enqueue(NESTED)
    _send(qtbot, window, "List it")
    assert window.view.turns[-1].text == NESTED
    assert "- - - - x" in window.view.toPlainText()
    fake_factory.engine.enqueue("Second answer.")
    _send(qtbot, window, "And then?")
    saved = store.get_conversation(window.recorder.conversation_id or -1).messages
    assert [m.content for m in saved] == ["List it", NESTED, "And then?", "Second answer."]
    assert "Second answer." in window.view.toPlainText()


def test_answer_is_saved_before_it_is_rendered(
    qtbot: QtBot, history_window: MainWindow, store, fake_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = history_window
    saved_when_rendered: list[int] = []

    def failing_render(text: str) -> str:
        conversation = window.recorder.conversation_id
        if conversation is not None:
            saved_when_rendered.append(len(store.get_conversation(conversation).messages))
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(chat_cards, "markdown_to_safe_html", failing_render)
    fake_factory.engine.enqueue("**Sepsis** <b>likely</b>.")
    _send(qtbot, window, "Fever?")
    assert saved_when_rendered[-1] == 2  # the question and the answer were already saved
    assert "**Sepsis** <b>likely</b>." in window.view.toPlainText()  # escaped, as written
    saved = store.get_conversation(window.recorder.conversation_id or -1).messages
    assert saved[-1].content == "**Sepsis** <b>likely</b>."
