"""The idle lock on a shared workstation, with a real encrypted history and the real window."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from curbside.keys import LockSecret
from curbside.storage import HistoryStore, open_history
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from curbside.ui.workstation_lock import IdleWatcher
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeFactory

UNLOCK = "correct horse battery staple"
CANARY = "LOCK-CANARY Mrs. Example, 71F, syncope"


@pytest.fixture
def locked_window(
    window_on_store: Callable[[HistoryStore], MainWindow],
) -> Iterator[MainWindow]:
    """A window on a keychain history whose clinician set an unlock passphrase."""
    LockSecret().set(UNLOCK)
    window = window_on_store(open_history())
    yield window
    if window.recorder.store is not None:
        window.recorder.store.close()


def _visible_text(window: MainWindow) -> str:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if widget.isVisible():
            for getter in ("text", "toPlainText", "title"):
                value = getattr(widget, getter, None)
                if callable(value):
                    with contextlib.suppress(TypeError):
                        texts.append(str(value()))
    return "\n".join(texts)


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.confirm_override = lambda _categories: True  # confirms the dialog
        window.send(override=True)


def test_lock_hides_everything_closes_history_and_wipes_the_model(
    qtbot: QtBot, locked_window: MainWindow, fake_factory: FakeFactory
) -> None:
    window = locked_window
    fake_factory.engine.enqueue("Consider arrhythmia.")
    _send(qtbot, window, CANARY)
    window.composer.setPlainText("draft: " + CANARY)
    guard = window.guards.lock
    assert guard is not None
    store = window.recorder.store
    with qtbot.waitSignal(window.bridge.forgotten, timeout=5000):
        guard.lock()
    assert guard.is_locked and window.windowTitle() == "Curbside — locked"
    assert "Mrs. Example" not in _visible_text(window)
    assert window.recorder.store is None and store is not None and store._closed
    assert fake_factory.engine.forgotten == 1
    window.grab().save("/tmp/curbside_locked.png")
    # The wrong passphrase keeps it locked, with a reason.
    guard.try_unlock("not the passphrase")
    assert guard.is_locked and "not the unlock passphrase" in guard.screen.problem.text()
    with qtbot.waitSignal(guard.unlocked, timeout=5000):
        guard.try_unlock(UNLOCK)
    assert window.recorder.store is not None
    assert window.composer.toPlainText() == "draft: " + CANARY  # the draft is not lost
    assert window.history_panel is not None and window.history_panel.list.count() == 1


def test_an_answer_streaming_at_lock_time_is_stopped_and_saved_as_stopped(
    qtbot: QtBot, locked_window: MainWindow, fake_factory: FakeFactory
) -> None:
    window = locked_window
    gate = threading.Event()
    fake_factory.engine.enqueue("Partial answer that keeps going " * 5, gate=gate)
    window.composer.setPlainText("fever and rash")
    with qtbot.waitSignal(window.bridge.token, timeout=5000):  # streaming, not still counting
        window.send()
    guard = window.guards.lock
    assert guard is not None
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        guard.lock()
        gate.set()
    qtbot.waitUntil(lambda: window.recorder.store is None, timeout=5000)
    with open_history() as store:
        conversation = store.get_conversation(store.list_conversations()[0].id)
    answer = conversation.messages[-1]
    assert answer.role == "assistant" and answer.stopped


def test_lock_now_without_an_unlock_passphrase_says_how(
    qtbot: QtBot, history_window: MainWindow
) -> None:
    assert history_window.guards.lock is None
    history_window.guards.lock_now()
    assert "unlock passphrase" in history_window.messages.label.text()


def test_idle_watcher_fires_after_quiet_time_and_input_restarts_it(qtbot: QtBot) -> None:
    watcher = IdleWatcher(0.0005)  # 30 ms
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass
    watcher.set_minutes(0)
    with qtbot.assertNotEmitted(watcher.idle, wait=100):
        pass


def test_other_windows_close_when_locked(qtbot: QtBot, locked_window: MainWindow) -> None:
    locked_window.show_models_window()
    guard = locked_window.guards.lock
    assert guard is not None
    guard.lock()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert locked_window.models_window is not None
    assert not locked_window.models_window.isVisible() and locked_window in visible


def test_passphrase_profiles_unlock_with_the_history_passphrase(
    qtbot: QtBot, fake_factory: FakeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    import keyring.backends.fail
    from curbside.keys import sidecar

    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store: HistoryStore = open_history(passphrase=UNLOCK)
    bridge = EngineBridge(fake_factory)
    window = MainWindow(bridge, Path("fake.gguf"), store=store)
    qtbot.addWidget(window)
    try:
        guard = window.guards.lock
        assert guard is not None and "history passphrase" in guard.hint
        guard.lock()
        guard.try_unlock("wrong passphrase here")
        assert guard.is_locked
        guard.try_unlock(UNLOCK)
        assert not guard.is_locked and window.recorder.store is not None
    finally:
        bridge.shutdown()
        if window.recorder.store is not None:
            window.recorder.store.close()


def test_a_lock_while_the_question_is_being_counted_still_closes_the_history(
    qtbot: QtBot, locked_window: MainWindow
) -> None:
    window = locked_window
    window.composer.setPlainText("fever and rash")
    guard = window.guards.lock
    assert guard is not None
    window.send()  # the prompt is counted on the engine's thread: nothing streams yet
    assert window.chat.generating
    guard.lock()
    qtbot.waitUntil(lambda: window.recorder.store is None, timeout=5000)
    assert not window.chat.generating
    assert window.composer.toPlainText() == "fever and rash"  # handed back, behind the lock
