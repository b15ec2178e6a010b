"""The main flow by keyboard alone (QTest key events): paste, redact all, send, stop,
follow-up, search; and the Tab order follows what the eye sees."""

from __future__ import annotations

import threading

from curbside.ui.main_window import MainWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.focus import activate

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CASE = "Mr. John Kowalski, MRN 00482913, 67M with crushing chest pain. Differential?"


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _tab_until(qtbot: QtBot, window: MainWindow, target: QWidget, back: bool = False) -> int:
    """Press Tab (or Shift+Tab) until ``target`` has focus; return how many presses it took."""
    for presses in range(1, 60):
        key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
        qtbot.keyClick(_focused() or window, key, SHIFT if back else Qt.KeyboardModifier.NoModifier)
        if _focused() is target:
            return presses
    raise AssertionError(f"Tab never reached {target.accessibleName() or target}")


def test_main_flow_by_keyboard_only(qtbot: QtBot, history_window: MainWindow, fake_factory) -> None:
    window = history_window
    activate(qtbot, window)
    window.composer.setFocus()
    QGuiApplication.clipboard().setText(CASE)
    qtbot.keyClick(window.composer, Qt.Key.Key_V, CTRL)  # paste
    qtbot.waitUntil(lambda: bool(window.phi_guard.findings()), timeout=30_000)
    # Shift+Tab from the composer reaches "Redact all" (the findings sit above it).
    _tab_until(qtbot, window, window.phi_panel.redact_all_button, back=True)
    with qtbot.waitSignal(window.phi_guard.findings_changed, timeout=30_000):
        qtbot.keyClick(window.phi_panel.redact_all_button, Qt.Key.Key_Space)
    assert "Kowalski" not in window.composer.toPlainText()
    assert _focused() is window.composer  # focus lands where the next key is useful
    gate = threading.Event()
    fake_factory.engine.enqueue("one two three four", gate=gate)
    with qtbot.waitSignal(window.bridge.token, timeout=5000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return, CTRL)  # send
    with qtbot.waitSignal(window.bridge.finished, timeout=5000) as finished:
        qtbot.keyClick(_focused() or window, Qt.Key.Key_Escape)  # stop
    assert finished.args[0]["stopped"] is True
    assert "Stopped" in window.view.turns[-1].note
    assert _focused() is window.composer
    fake_factory.engine.enqueue("Serial troponin at 0 and 3 hours.")
    qtbot.keyClicks(window.composer, "Which tests first?")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return, CTRL)  # follow-up
    assert window.view.turns[-1].text == "Serial troponin at 0 and 3 hours."
    assert window.status.state.text() == "Ready"  # "Stopped" did not linger
    panel = window.history_panel
    assert panel is not None
    qtbot.keyClick(window.composer, Qt.Key.Key_F, CTRL)  # search
    assert _focused() is panel.search_box
    qtbot.keyClicks(panel.search_box, "troponin")
    assert panel.list.count() == 1


def test_ctrl_enter_sends_from_the_case_editor(qtbot: QtBot, make_window, fake_factory) -> None:
    window = make_window()
    activate(qtbot, window)
    fake_factory.engine.enqueue("Answer.")
    window.case_editor.paste.setFocus()
    qtbot.keyClicks(window.case_editor.paste, "58M chest pain for 2 hours")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        qtbot.keyClick(window.case_editor.paste, Qt.Key.Key_Return, CTRL)
    assert window.view.turns[-1].text == "Answer."


def test_tab_reaches_the_findings_before_the_composer_and_send(qtbot: QtBot, make_window) -> None:
    window = make_window()
    activate(qtbot, window)
    with qtbot.waitSignal(window.phi_guard.findings_changed, timeout=30_000):
        window.composer.setPlainText(CASE)
    window.view.setFocus()
    order: list[QWidget] = []
    for _ in range(40):
        qtbot.keyClick(_focused() or window, Qt.Key.Key_Tab)
        widget = _focused()
        if widget is None or widget in order:
            break
        order.append(widget)
    first_row = window.phi_panel.rows[0].redact_button
    assert order.index(first_row) < order.index(window.phi_panel.redact_all_button)
    assert order.index(window.phi_panel.redact_all_button) < order.index(window.composer)
    assert order.index(window.composer) < order.index(window.send_button)
    assert order.index(window.send_button) < order.index(window.case_editor.samples)


def test_shortcuts_are_listed_under_help(make_window) -> None:
    from curbside.ui.window_menus import SHORTCUTS, shortcuts_html

    window = make_window()
    listed = {keys for keys, _ in SHORTCUTS}
    assert {
        "Ctrl+Enter",
        "Esc",
        "Ctrl+N",
        "Ctrl+F",
        "Ctrl+E",
        "Ctrl+=",
        "Ctrl+-",
        "Ctrl+0",
    } <= listed
    menu_keys = {
        action.shortcut().toString()
        for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    }
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+E", "Ctrl+=", "Ctrl+-", "Ctrl+0", "F11"} <= menu_keys
    assert "Ctrl+Enter" in shortcuts_html()
