"""Next visitor: one key wipes the demo back to its start, the model kept loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from curbside.chat import Case
from curbside.prompts import DEFAULT_MODE_ID
from curbside.storage import HistoryStore, open_history
from curbside.ui.main_window import MainWindow
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeFactory
from tests.ui.focus import activate

CANARY = "DEMO-CANARY John Example, MRN 00482913"


@pytest.fixture
def demo_window(
    window_on_store: Callable[[HistoryStore], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setenv("CURBSIDE_DEMO", "1")
    store = open_history()
    yield window_on_store(store)
    store.close()


def test_next_visitor_wipes_everything_and_keeps_the_model(
    qtbot: QtBot, demo_window: MainWindow, fake_factory: FakeFactory
) -> None:
    window = demo_window
    reset = window.guards.next_visitor
    assert reset is not None and window.guards.lock is None  # demos reset, never lock
    fake_factory.engine.enqueue("An answer for the first visitor.")
    window.composer.setPlainText(CANARY)
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.confirm_override = lambda _categories: True  # confirms the dialog
        window.send(override=True)
    window.case_editor.set_case(Case.from_text("Case of the first visitor"))
    window.composer.setPlainText("a draft")
    window.mode_bar.set_mode("plan")
    activate(qtbot, window)  # the shortcut acts in the active window only
    with qtbot.waitSignal(reset.reset_done, timeout=5000) as done:
        QTest.keyClick(
            window,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert done.args[0] < 1.0
    qtbot.waitUntil(lambda: fake_factory.engine.forgotten == 1, timeout=5000)
    assert window.view.turns == [] and window.chat.session.turns == []
    assert window.composer.toPlainText() == "" and window.case_editor.case().is_empty()
    assert window.mode_bar.current_mode().id == DEFAULT_MODE_ID
    assert window.recorder.store is not None
    assert window.recorder.store.list_conversations() == []
    assert window.model_path == Path("fake.gguf")  # still loaded
    assert not window.phi_guard.can_undo()
    window.grab().save("/tmp/curbside_demo_reset.png")


def test_a_demo_window_uses_presentation_size_type(demo_window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    desktop = QApplication.font().pointSizeF()
    assert demo_window.composer.font().pointSizeF() >= 1.4 * desktop
    assert demo_window.view.font().pointSizeF() >= 1.4 * desktop


def test_auto_reset_after_idle_minutes(qtbot: QtBot, demo_window: MainWindow) -> None:
    reset = demo_window.guards.next_visitor
    assert reset is not None
    demo_window.composer.setPlainText("left behind")
    reset.watcher.set_minutes(0.0005)
    with qtbot.waitSignal(reset.reset_done, timeout=3000):
        pass
    assert demo_window.composer.toPlainText() == ""
    demo_window.close()  # closing stops the timer: nothing fires on the closed history
    assert not reset.watcher._timer.isActive()
