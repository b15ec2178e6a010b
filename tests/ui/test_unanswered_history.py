"""What a kill leaves behind, in the window.

Conversations left without an answer are listed with "no answer — Regenerate"
and can be answered; ones left with no message at all are not listed; and
orphan WAL files moved aside when the history opens are shown to the clinician.
"""

from __future__ import annotations

from pathlib import Path

from curbside.storage import HistoryStore
from curbside.ui.chat_replay import UNANSWERED_NOTE
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.history_unlock import unlock_history
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeFactory


def _killed_mid_answer(store: HistoryStore) -> int:
    """What a SIGKILL between saving the question and saving the answer leaves."""
    cid = store.create_conversation("Chest pain at rest", "m", None)
    store.add_message(cid, "user", "Chest pain at rest, what next?", meta={"mode": "free@1"})
    return cid


def test_panel_marks_unanswered_and_hides_empty(
    qtbot: QtBot, history_window: MainWindow, store: HistoryStore
) -> None:
    store.create_conversation("killed before the first message", "m", None)
    answered = store.create_conversation("Answered", "m", None)
    store.add_message(answered, "user", "q")
    store.add_message(answered, "assistant", "a")
    _killed_mid_answer(store)
    panel = history_window.history_panel
    assert panel is not None
    panel.refresh()
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(rows) == 2
    assert rows[0].startswith("Chest pain at rest") and rows[0].endswith("no answer — Regenerate")
    assert rows[1].startswith("Answered") and "no answer" not in rows[1]
    history_window.grab().save("/tmp/issue10b-unanswered-panel.png")


def test_regenerate_answers_a_reopened_unanswered_question(
    qtbot: QtBot, history_window: MainWindow, store: HistoryStore, fake_factory: FakeFactory
) -> None:
    cid = _killed_mid_answer(store)
    history_window.open_conversation(cid)
    assert history_window.messages.label.text() == UNANSWERED_NOTE
    assert history_window.regenerate_button.isEnabled()
    history_window.grab().save("/tmp/issue10b-unanswered-reopened.png")
    fake_factory.engine.enqueue("Get an ECG within ten minutes.")
    with qtbot.waitSignal(history_window.bridge.finished, timeout=5000):
        history_window.regenerate_button.click()
    saved = store.get_conversation(cid).messages
    assert [(m.role, m.content) for m in saved] == [
        ("user", "Chest pain at rest, what next?"),
        ("assistant", "Get an ECG within ten minutes."),
    ]
    assert [t.text for t in history_window.view.turns][-1] == "Get an ECG within ten minutes."
    assert store.list_conversations()[0].answered


def test_orphan_files_moved_aside_on_opening_are_shown(
    qtbot: QtBot, isolated_profile: Path, fake_factory: FakeFactory
) -> None:
    for suffix in ("-wal", "-shm"):
        (isolated_profile / f"history.db{suffix}").write_bytes(b"left by a killed session")
    store, said = unlock_history(lambda *_: None)
    assert store is not None and "moved aside" in said and "not replayed" in said
    window = MainWindow(
        EngineBridge(fake_factory), Path("fake.gguf"), store=store, history_problem=said
    )
    qtbot.addWidget(window)
    assert window.messages.label.text() == said
    assert window.status.history.text() == "History: encrypted"
    window.bridge.shutdown()
    store.close()
