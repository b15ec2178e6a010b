"""The PHI guard in the window: sends are blocked until identifiers are resolved,
and the unredacted original reaches neither the model nor the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

CASE = (
    "Patient: Rosalind Quackenbush, MRN 00482913, DOB 03/14/1961.\n"
    "Called daughter at (617) 555-0143. 63F with pleuritic chest pain. Differential?"
)
ORIGINALS = ("Quackenbush", "00482913", "03/14/1961", "555-0143")


@pytest.fixture
def window(history_window: MainWindow) -> MainWindow:
    return history_window


def _paste_and_scan(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.phi_guard.findings_changed, timeout=10_000):
        window.composer.setPlainText(text)


def test_identifiers_block_the_send(qtbot, window, fake_factory) -> None:
    _paste_and_scan(qtbot, window, CASE)
    assert window.phi_panel.isVisible()
    labels = {f.label for f in window.phi_guard.findings()}
    assert {"NAME", "ID", "DATE", "PHONE"} <= labels
    window.send()
    assert fake_factory.engine.prompts == []
    assert window.messages.isVisible() and window.messages.send_anyway_button.isVisible()
    assert window.composer.toPlainText() == CASE  # nothing is lost
    assert window.chat.session.turns == []


def test_redact_all_then_send_only_the_redacted_text(
    qtbot, window, fake_factory, store, isolated_profile: Path
) -> None:
    _paste_and_scan(qtbot, window, CASE)
    with qtbot.waitSignal(window.phi_guard.findings_changed, timeout=10_000):
        window.phi_panel.redact_all_button.click()
    redacted = window.composer.toPlainText()
    assert "[NAME-1]" in redacted and "63F with pleuritic chest pain" in redacted
    assert not any(original in redacted for original in ORIGINALS)
    fake_factory.engine.enqueue("Consider PE.")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()
    sent = fake_factory.engine.prompts[-1][-1]["content"]
    assert sent.endswith(redacted)  # after the reasoning mode's instruction
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    assert saved.messages[0].content == redacted
    store.close()
    for path in isolated_profile.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for original in ORIGINALS:
                assert original.encode() not in data
                assert original.encode("utf-16-le") not in data


def test_override_asks_naming_the_categories_then_sends_marked(
    qtbot, window, fake_factory, store
) -> None:
    _paste_and_scan(qtbot, window, CASE)
    window.send()
    asked: list[list[str]] = []
    window.confirm_override = lambda categories: asked.append(categories) is not None
    window.messages.send_anyway_button.click()  # declined: nothing is sent
    assert asked and set(asked[0]) >= {"NAME", "ID", "DATE", "PHONE"}
    assert window.view.turns == [] and window.composer.toPlainText() == CASE
    window.confirm_override = lambda categories: True
    fake_factory.engine.enqueue("Answer.")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.messages.send_anyway_button.click()
    assert fake_factory.engine.prompts[-1][-1]["content"].endswith(CASE)
    assert "identifiers left in" in window.view.turns[0].flag
    assert "NAME" in window.view.turns[0].flag
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    meta = saved.messages[0].meta or {}
    assert set(meta["phi_override"]) >= {"NAME", "ID", "DATE", "PHONE"}
    assert not any(original in str(meta) for original in ORIGINALS)
    # The title, the window title and the export's file name carry no identifier.
    for shown in (saved.title, window.windowTitle()):
        assert not any(original in shown for original in ORIGINALS), shown


def test_clean_case_sends_without_friction(qtbot, window, fake_factory) -> None:
    fake_factory.engine.enqueue("Answer.")
    _paste_and_scan(qtbot, window, "67M, Parkinson disease, BP 120/80, Wells score 4. Plan?")
    assert window.phi_guard.findings() == []
    assert not window.phi_panel.isVisible()
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()
    assert window.chat.session.info[0].shown.startswith("67M, Parkinson disease")
