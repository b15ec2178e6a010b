"""HistoryPanel and ExportDialog on a real encrypted history (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside import NOTICE
from curbside.errors import KnownError
from curbside.storage import HistoryStore, open_history
from curbside.ui.export_dialog import PLAINTEXT_WARNING, ExportDialog
from curbside.ui.history_panel import HistoryPanel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

SHOTS = Path("/tmp/curbside-shots")

# Showing a top-level widget on the offscreen platform logs this harmless warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    opened = open_history()
    a = opened.create_conversation("Chest pain, 54 M", "qwen-default", "ab" * 32)
    opened.add_message(a, "user", "Crushing chest pain radiating to the left arm")
    opened.add_message(a, "assistant", "Consider ACS: ECG within 10 minutes, serial troponin")
    b = opened.create_conversation("Febrile infant", "qwen-default", "ab" * 32)
    opened.add_message(b, "user", 'Fever 38.5 <img src=x onerror="alert(1)"> troponin & <b>x</b>')
    c = opened.create_conversation("Hyperkalaemia management", "qwen-default", "ab" * 32)
    opened.add_message(c, "user", "K 6.8 with peaked T waves")
    opened.add_message(c, "assistant", "Calcium gluconate, insulin with glucose, recheck")
    opened.set_pinned(c, True)
    yield opened
    opened.close()


@pytest.fixture
def panel(qtbot: QtBot, store: HistoryStore) -> HistoryPanel:
    widget = HistoryPanel(store)
    qtbot.addWidget(widget)
    widget.resize(340, 560)
    widget.show()
    return widget


def _titles(panel: HistoryPanel) -> list[str]:
    return [panel.list.item(r).text().split("\n")[0] for r in range(panel.list.count())]


def _shot(widget: object, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(SHOTS / name))  # type: ignore[attr-defined]


def test_list_shows_pinned_first_then_recent(panel: HistoryPanel) -> None:
    assert _titles(panel) == ["★ Hyperkalaemia management", "Febrile infant", "Chest pain, 54 M"]
    assert panel.list.item(1).text().endswith(" · 1 message · no answer — Regenerate")
    assert panel.list.item(2).text().endswith(" · 2 messages")
    _shot(panel, "history_panel.png")


def test_click_opens_and_new_requests(qtbot: QtBot, panel: HistoryPanel) -> None:
    rect = panel.list.visualItemRect(panel.list.item(2))
    with qtbot.waitSignal(panel.conversation_opened) as opened:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [1]
    with qtbot.waitSignal(panel.new_conversation_requested):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)


def test_search_highlights_and_escapes(qtbot: QtBot, panel: HistoryPanel) -> None:
    qtbot.keyClicks(panel.search_box, "tropon")
    assert panel.list.count() == 2
    labels = [panel.list.itemWidget(panel.list.item(r)) for r in range(2)]
    texts = [label.text() for label in labels if isinstance(label, QLabel)]
    assert "<b>troponin</b>" in texts[0]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in texts[0]
    assert "<img" not in texts[0] and "<b>x</b>" not in texts[0]
    assert "serial <b>troponin</b>" in texts[1]
    assert panel.status.text() == "2 conversations match."

    _shot(panel, "history_panel_search.png")
    rect = panel.list.visualItemRect(panel.list.item(1))
    with qtbot.waitSignal(panel.conversation_opened) as opened:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [1]
    panel.search_box.clear()
    assert panel.list.count() == 3


def test_search_gives_one_row_per_conversation_with_its_snippets(
    qtbot: QtBot, panel: HistoryPanel, store: HistoryStore
) -> None:
    store.add_message(1, "user", "Repeat troponin at 3 hours?")
    panel.refresh()
    qtbot.keyClicks(panel.search_box, "troponin")
    ids = [panel.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(panel.list.count())]
    assert sorted(ids) == [1, 2]  # three matching messages, two conversations
    row = ids.index(1)
    label = panel.list.itemWidget(panel.list.item(row))
    assert isinstance(label, QLabel)
    assert "Chest pain, 54 M" in label.text() and "2 matching messages" in label.text()
    assert "You:" in label.text() and "Curbside:" in label.text()
    spoken = panel.list.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Chest pain, 54 M:") and "troponin" in spoken


def test_rename_and_pin(
    panel: HistoryPanel, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.list.setCurrentRow(2)
    monkeypatch.setattr(panel, "ask_text", lambda *_: "STEMI pathway")
    panel.rename_button.click()
    assert store.get_conversation(1).title == "STEMI pathway"
    panel.set_current(1)
    assert panel.pin_button.text() == "Pin"
    panel.pin_button.click()
    assert _titles(panel)[:2] == ["★ Hyperkalaemia management", "★ STEMI pathway"]
    panel.set_current(1)
    assert panel.pin_button.text() == "Unpin"


def test_delete_asks_first(
    qtbot: QtBot, panel: HistoryPanel, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    answer = False

    def confirm(title: str, question: str) -> bool:
        questions.append(question)
        return answer

    monkeypatch.setattr(panel, "confirm", confirm)
    panel.set_current(2)
    panel.delete_button.click()
    assert store.count_conversations() == 3 and "Febrile infant" in questions[0]
    answer = True
    with qtbot.waitSignal(panel.conversation_deleted) as deleted:
        panel.delete_button.click()
    assert deleted.args == [2] and store.count_conversations() == 2
    with qtbot.waitSignal(panel.history_cleared):
        panel.delete_all_button.click()
    assert store.count_conversations() == 0 and panel.status.text() == "No saved conversations yet."
    assert not panel.delete_button.isEnabled()


def test_export_warns_then_writes(
    qtbot: QtBot, panel: HistoryPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs: list[ExportDialog] = []
    monkeypatch.setattr(panel, "open_dialog", dialogs.append)
    panel.set_current(1)
    panel.export_button.click()
    (dialog,) = dialogs
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.text() == PLAINTEXT_WARNING and "NOT be encrypted" in PLAINTEXT_WARNING
    assert dialog.export_button.text() == "Export plaintext file"
    target = tmp_path / "case.json"
    dialog.format.setCurrentText("JSON (.json)")
    dialog.path.setText(str(target))
    _shot(dialog, "export_dialog.png")
    assert not target.exists()
    with qtbot.waitSignal(panel.conversation_exported) as exported:
        dialog.export_button.click()
    assert exported.args == [str(target)]
    assert NOTICE in target.read_text(encoding="utf-8")


def test_pdf_export_from_the_dialog(qtbot: QtBot, store: HistoryStore, tmp_path: Path) -> None:
    dialog = ExportDialog(store.get_conversation(1))
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("PDF (.pdf)")
    dialog.path.setText(str(tmp_path / "case.pdf"))
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    assert (tmp_path / "case.pdf").read_bytes().startswith(b"%PDF-")


def test_store_failure_is_shown_not_raised(
    panel: HistoryPanel, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[KnownError] = []
    monkeypatch.setattr(panel, "warn", lambda _title, exc: shown.append(exc))
    store.close()
    panel.refresh()
    assert len(shown) == 1 and "history is closed" in str(shown[0])
    assert panel.list.count() == 0 and panel.list.item(0) is None
