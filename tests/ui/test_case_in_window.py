"""The case workflow in the window: sample cases, modes, follow-ups, budget, history."""

from __future__ import annotations

import pytest
from curbside.chat.case import Case
from curbside.ui.main_window import MainWindow
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeFactory


@pytest.fixture
def window(history_window: MainWindow) -> MainWindow:
    history_window.case_editor.confirm_replace = lambda: True
    return history_window


def _send(qtbot: QtBot, window: MainWindow, text: str = "") -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.send()


def test_sample_case_in_ddx_mode_then_a_follow_up_keeps_the_case(
    qtbot, window, fake_factory, store
) -> None:
    assert window.case_editor.load_sample("ed-chest-pain")
    window.mode_bar.set_mode("ddx")
    fake_factory.engine.enqueue("1. ACS ...")
    _send(qtbot, window)  # a mode with a case needs no typed question
    first = fake_factory.engine.prompts[-1]
    assert first[0]["role"] == "system" and "# Case" in first[0]["content"]
    assert "Chief complaint" in first[0]["content"]
    assert "differential" in first[-1]["content"].lower()
    assert window.view.turns[0].text == "[Differential diagnosis]"
    fake_factory.engine.enqueue("Then consider PE.")
    window.mode_bar.set_mode("free")
    _send(qtbot, window, "What if the troponin is negative?")
    second = fake_factory.engine.prompts[-1]
    assert second[0] == first[0]  # same case, same prefix: the model's cache is reused
    assert second[-1]["content"].endswith("What if the troponin is negative?")
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    kinds = [
        (m.role, (m.meta or {}).get("kind"), (m.meta or {}).get("mode")) for m in saved.messages
    ]
    assert kinds[0] == ("user", "case", None)
    assert kinds[1][2].startswith("ddx@") and kinds[2][2].startswith("ddx@")
    assert kinds[3][2].startswith("free@")


def test_reopening_restores_the_case_into_the_editor(qtbot, window, fake_factory) -> None:
    window.case_editor.load_sample("dka")
    fake_factory.engine.enqueue("DKA.")
    _send(qtbot, window)
    conversation_id = window.recorder.conversation_id
    original = window.case_editor.case()
    window.new_conversation()
    assert window.case_editor.case().is_empty()
    window.open_conversation(conversation_id or -1)
    assert window.case_editor.case().to_markdown() == original.to_markdown()
    fake_factory.engine.enqueue("Follow-up.")
    _send(qtbot, window, "Potassium is 3.1. Next?")
    assert "# Case" in fake_factory.engine.prompts[-1][0]["content"]


def test_identifiers_in_the_case_block_until_redacted(qtbot, window, fake_factory) -> None:
    window.case_editor.set_case(
        Case(hpi="Seen by Dr. Evangeline Morrison on 03/14/2024.", question="Plan?")
    )
    window.send()
    assert fake_factory.engine.prompts == []
    assert window.messages.redact_case_button.isVisible() and "NAME" in window.messages.label.text()
    window.messages.redact_case_button.click()
    assert "Morrison" not in window.case_editor.case().hpi
    assert "[NAME-1]" in window.case_editor.case().hpi
    fake_factory.engine.enqueue("Plan.")
    _send(qtbot, window)
    assert "Morrison" not in str(fake_factory.engine.prompts[-1])


def test_case_too_long_is_refused_with_both_numbers(
    qtbot, window, fake_factory: FakeFactory
) -> None:
    fake_factory.engine.context = 300
    window.chat.n_ctx = 300
    window.case_editor.set_case(Case(free_text="Creatinine rising. " * 400))
    window.composer.setPlainText("Why?")
    with qtbot.waitSignal(window.chat.unsent, timeout=5000):  # counted on the engine's thread
        window.send()
    assert fake_factory.engine.prompts == []
    message = window.messages.label.text()
    assert "300" in message and "tokens" in message
    assert window.composer.toPlainText() == "Why?"
    assert window.view.turns == []
    assert window.recorder.conversation_id is None  # nothing was saved either


def test_context_meter_counts_the_draft(qtbot, window) -> None:
    window.case_editor.load_sample("sepsis")
    window.composer.setPlainText("Antibiotics?")
    window.meter.flush()
    qtbot.waitUntil(lambda: "/" in window.meter.label.text(), timeout=5000)
    assert window.meter.state in ("ok", "tight", "idle")


def test_copy_answer_as_markdown_and_quote_into_next_question(qtbot, window, fake_factory) -> None:
    fake_factory.engine.enqueue("**Sepsis** is likely.")
    _send(qtbot, window, "Fever and hypotension?")
    copy_plain, copy_markdown, quote = window.view.actions()[:3]
    copy_markdown.trigger()
    assert QGuiApplication.clipboard().text() == "**Sepsis** is likely."
    copy_plain.trigger()
    assert QGuiApplication.clipboard().text() == "Sepsis is likely."
    window.view.selectAll()
    quote.trigger()
    assert window.composer.toPlainText().startswith("> ")
