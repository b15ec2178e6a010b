"""Rating and the audit trail keep working across the idle lock (new history object)."""

from __future__ import annotations

from collections.abc import Callable

from curbside.feedback import FeedbackStore
from curbside.keys import LockSecret
from curbside.storage import HistoryStore, open_history
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeFactory

UNLOCK = "correct horse battery staple"


def test_rate_after_unlock_uses_the_reopened_history(
    qtbot: QtBot, window_on_store: Callable[[HistoryStore], MainWindow], fake_factory: FakeFactory
) -> None:
    LockSecret().set(UNLOCK)
    window = window_on_store(open_history())
    fake_factory.engine.enqueue("Consider arrhythmia.")
    window.composer.setPlainText("Syncope in a 70 F?")
    with qtbot.waitSignal(window.chat.answer_saved, timeout=10_000):
        window.send()
    guard = window.guards.lock
    assert guard is not None
    with qtbot.waitSignal(window.bridge.forgotten, timeout=5000):
        guard.lock()
    with qtbot.waitSignal(guard.unlocked, timeout=5000):
        guard.try_unlock(UNLOCK)
    store = window.recorder.store
    assert store is not None
    window.pilot.bar.rate_quick(1)  # type: ignore[union-attr]
    answer_id = window.view.turns[-1].message_id
    assert FeedbackStore(store).get(answer_id).rating.rating == 1  # type: ignore[arg-type,union-attr]
    events = [e.event for e in store.audit.entries()]
    assert "history.lock" in events and events.count("history.unlock") >= 2
    assert events[-1] == "feedback.add"
    assert window.pilot.show_audit().store is store  # type: ignore[union-attr]
    store.close()
