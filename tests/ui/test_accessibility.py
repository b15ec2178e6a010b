"""Every interactive widget of every window and dialog has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.storage import open_history
from curbside.ui.about import AboutDialog
from curbside.ui.export_dialog import ExportDialog
from curbside.ui.main_window import MainWindow
from curbside.ui.mode_bar import SystemPromptDialog
from curbside.ui.models_window import ModelsWindow
from curbside.ui.passphrase_dialog import PassphraseDialog
from curbside.ui.window_menus import show_shortcuts
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.a11y import repeated_visible_buttons, unnamed

CASE = "Mr. John Kowalski, MRN 00482913, called 617-555-0143 about chest pain."


def _scan(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.phi_guard.findings_changed, timeout=30_000):
        window.composer.setPlainText(CASE)


def test_main_window_with_findings_and_history_names_everything(
    qtbot: QtBot, history_window: MainWindow, fake_factory
) -> None:
    window = history_window
    fake_factory.engine.enqueue("Answer.")
    window.composer.setPlainText("58M chest pain. Differential?")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()
    window.mode_bar.advanced_button.setChecked(True)
    _scan(qtbot, window)
    window.send()  # blocked: the message bar shows its buttons too
    assert window.phi_panel.rows and window.messages.isVisible()
    assert unnamed(window) == []
    assert repeated_visible_buttons(window) == []
    names = [w.accessibleName() for w in window.phi_panel.rows[0].findChildren(QWidget)]
    assert "Redact name: John Kowalski" in names
    assert window.view.accessibleName() == "Conversation"
    assert window.history_panel is not None
    assert window.history_panel.list.accessibleName() == "Saved conversations"
    assert window.phi_panel.list.accessibleName()


def test_every_dialog_and_the_models_window_name_everything(
    qtbot: QtBot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    store = open_history()
    cid = store.create_conversation("Chest pain · Free question · 01 Dec 10:00", "m", None)
    store.add_message(cid, "user", "Chest pain")
    conversation = store.get_conversation(cid)
    dialogs: list[QWidget] = [
        ModelsWindow(parent=window),
        ExportDialog(conversation, window),
        AboutDialog(None, "Fake model", window),
        PassphraseDialog(True, "No keychain.", window),
        PassphraseDialog(False, "", window),
        SystemPromptDialog(window.mode_bar.settings, window),
        show_shortcuts(window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed(dialog) == [], type(dialog).__name__
    dialogs[0].shutdown()  # type: ignore[attr-defined]
    store.close()


@pytest.mark.parametrize("history", [False, True])
def test_the_walk_catches_an_unnamed_widget(qtbot: QtBot, make_window, history: bool) -> None:
    from PySide6.QtWidgets import QListWidget

    window = make_window()
    stray = QListWidget(window.centralWidget())
    assert unnamed(window) != []  # the test can fail
    stray.setAccessibleName("A named list")
    assert unnamed(window) == []
