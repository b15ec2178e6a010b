"""Conversations reach the encrypted history from the window, and come back from it."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest
from curbside.errors import DiskFullError
from curbside.infra.instance_lock import InstanceLock
from curbside.keys import sidecar
from curbside.storage import open_history
from curbside.ui import main as ui_main
from curbside.ui.history_unlock import unlock_history
from curbside.ui.main_window import MainWindow
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

CHEAP_KDF = sidecar.KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture
def window(history_window: MainWindow) -> MainWindow:
    return history_window


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()


def test_each_message_is_saved_as_it_completes(qtbot, window, store, fake_factory) -> None:
    fake_factory.engine.enqueue("Consider pulmonary embolism.")
    _send(qtbot, window, "Dyspnea after a long flight")
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    assert [(m.role, m.content) for m in saved.messages] == [
        ("user", "Dyspnea after a long flight"),
        ("assistant", "Consider pulmonary embolism."),
    ]
    # Titles tell conversations apart: subject, reasoning mode, time.
    subject, mode, when = saved.title.split(" · ")
    assert subject == "Dyspnea after a long flight"
    assert mode == window.mode_bar.current_mode().label and when[-3] == ":"
    assert window.history_panel is not None and window.history_panel.list.count() == 1
    assert window.status.history.text() == "History: encrypted"


def test_stopped_answer_is_saved_marked(qtbot, window, store, fake_factory) -> None:
    gate = threading.Event()
    fake_factory.engine.enqueue("partial answer text", gate=gate)
    window.composer.setPlainText("Question")
    with qtbot.waitSignal(window.bridge.token, timeout=5000):
        window.send()
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.stop()
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    assert saved.messages[-1].stopped and saved.messages[-1].content == "partial"


def test_open_a_saved_conversation_and_continue_it(qtbot, window, store, fake_factory) -> None:
    fake_factory.engine.enqueue("First answer.")
    _send(qtbot, window, "First case")
    first_id = window.recorder.conversation_id
    window.new_conversation()
    fake_factory.engine.enqueue("Other answer.")
    _send(qtbot, window, "Second case")
    assert window.history_panel is not None
    window.history_panel.conversation_opened.emit(first_id)
    assert [t.text for t in window.view.turns] == ["First case", "First answer."]
    fake_factory.engine.enqueue("Follow-up answer.")
    _send(qtbot, window, "And if troponin is negative?")
    assert len(fake_factory.engine.prompts[-1]) == 4  # system + the reopened turns + new
    assert len(store.get_conversation(first_id or -1).messages) == 4


def test_deleting_the_open_conversation_clears_the_window(qtbot, window, fake_factory) -> None:
    fake_factory.engine.enqueue("Answer.")
    _send(qtbot, window, "Case")
    assert window.history_panel is not None
    with qtbot.waitSignal(window.bridge.forgotten, timeout=5000):
        window.history_panel.conversation_deleted.emit(window.recorder.conversation_id)
    assert window.view.turns == [] and window.recorder.conversation_id is None
    assert fake_factory.engine.forgotten == 1  # its model state is not kept in RAM


def test_deleting_another_conversation_wipes_kept_model_states(qtbot, window, fake_factory) -> None:
    fake_factory.engine.enqueue("Answer.")
    _send(qtbot, window, "Case")
    open_id = window.recorder.conversation_id
    assert window.history_panel is not None
    with qtbot.waitSignal(window.bridge.forgotten, timeout=5000):
        window.history_panel.conversation_deleted.emit((open_id or 0) + 1000)
    assert window.recorder.conversation_id == open_id  # the open one stays on screen
    assert fake_factory.engine.forgotten == 1


def test_a_failed_save_is_reported_and_the_conversation_stays(
    qtbot, window, fake_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise DiskFullError("The disk is full; the message was not saved.", "Free space.")

    monkeypatch.setattr(window.recorder, "record_user", full)
    fake_factory.engine.enqueue("Answer anyway.")
    _send(qtbot, window, "Case on a full disk")
    assert "Not saved to history" in window.messages.label.text()
    assert [t.text for t in window.view.turns] == ["Case on a full disk", "Answer anyway."]


def test_unlock_with_keychain_asks_nothing() -> None:
    def never(*_: object) -> str | None:
        raise AssertionError("no passphrase should be asked")

    store, problem = unlock_history(never)
    assert store is not None and problem == ""
    store.close()


def test_unlock_without_keychain_asks_to_create_then_to_unlock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", CHEAP_KDF)
    keyring.set_keyring(fail.Keyring())
    asked: list[tuple[bool, str]] = []

    def answer(create: bool, message: str, problem: str) -> str | None:
        asked.append((create, problem))
        return "correct horse battery" if create or problem else "wrong passphrase!"

    store, _ = unlock_history(answer)
    assert store is not None
    store.close()
    store, _ = unlock_history(answer)
    assert store is not None
    store.close()
    assert asked[0] == (True, "")
    assert asked[1] == (False, "") and asked[2][0] is False and asked[2][1]


def test_cancelled_passphrase_runs_without_history(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", CHEAP_KDF)
    keyring.set_keyring(fail.Keyring())
    store, problem = unlock_history(lambda *_: None)
    assert store is None and "History is off" in problem


def test_lost_keychain_entry_without_passphrase_never_replaces_the_file(
    memory_keyring: dict, isolated_profile: Path
) -> None:
    open_history().close()
    before = {p.name: p.read_bytes() for p in isolated_profile.rglob("*") if p.is_file()}
    memory_keyring.clear()
    store, problem = unlock_history(lambda *_: None)
    assert store is None and "History is off" in problem
    after = {p.name: p.read_bytes() for p in isolated_profile.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k in before} == before


def test_second_instance_is_refused_with_a_message(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    with InstanceLock():
        assert ui_main.run() == 1
    assert shown and "already running" in shown[0].lower()


def test_wrong_passphrases_leave_a_way_to_try_again(
    qtbot, make_window, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()  # started without history (as after five wrong passphrases)
    assert window.unlock_action.isVisible()
    monkeypatch.setattr(window, "ask_passphrase", lambda: lambda create, message, problem: None)
    monkeypatch.setattr(
        "curbside.ui.window_history.unlock_history", lambda ask: (None, "History is off: no.")
    )
    window.retry_unlock()  # cancelled again: still off, and the window says so
    assert window.history_panel is None and "History is off" in window.messages.label.text()
    monkeypatch.setattr("curbside.ui.window_history.unlock_history", lambda ask: (store, ""))
    window.retry_unlock()
    assert window.history_panel is not None and window.history_dock is not None
    assert window.status.history.text() == "History: encrypted"
    assert not window.unlock_action.isVisible()
    # The pilot tools come with the history: the rating bar, its menu and the cards' Feedback.
    assert window.pilot.bar is not None and not window.pilot.bar.isHidden()
    assert "&Pilot" in [action.text() for action in window.menuBar().actions()]
    assert window.view.feedback_enabled
