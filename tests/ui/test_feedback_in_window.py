"""Rating answers in the window, the Feedback and Audit windows (fake engine, real history)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.feedback import FeedbackStore, Rating
from curbside.ui.feedback_form import FeedbackForm
from curbside.ui.main_window import MainWindow
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.focus import activate


@pytest.fixture
def window(history_window: MainWindow) -> MainWindow:
    return history_window


def _ask(qtbot: QtBot, window: MainWindow, fake_factory, question: str, answer: str) -> None:
    fake_factory.engine.enqueue(answer)
    window.composer.setPlainText(question)
    with qtbot.waitSignal(window.chat.answer_saved, timeout=5000):
        window.send()


def test_thumbs_keyboard_details_and_remove(qtbot, window, store, fake_factory) -> None:
    _ask(qtbot, window, fake_factory, "Syncope in a 70 F?", "Consider arrhythmia; ECG.")
    bar = window.pilot.bar
    assert bar is not None and bar.label.text() == "Answer 1: not rated yet"
    answer_id = window.view.turns[-1].message_id
    assert answer_id is not None
    qtbot.mouseClick(bar.up_button, Qt.MouseButton.LeftButton)
    feedback = FeedbackStore(store)
    assert feedback.get(answer_id).rating.rating == 1  # type: ignore[union-attr]
    assert window.view.turns[-1].badge == "✓ helpful"
    assert "✓ helpful" in window.view.toPlainText()
    activate(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert feedback.get(answer_id).rating.rating == -1  # type: ignore[union-attr]

    def fill(form: FeedbackForm) -> int:
        form.helpfulness.setCurrentIndex(2)
        form.boxes["omission"].setChecked(True)
        form.severity.setCurrentIndex(form.severity.findData("major"))
        form.comment.setPlainText("Missed aortic stenosis.")
        return 1

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FeedbackForm, "exec", fill)
        bar.open_details()
    saved = feedback.get(answer_id)
    assert saved is not None and saved.rating == Rating(
        -1, 2, ("omission",), "major", "Missed aortic stenosis."
    )
    assert window.view.turns[-1].badge == "✗ not helpful 2/5 · major"
    bar.remove()
    assert feedback.get(answer_id) is None and window.view.turns[-1].badge == ""
    events = [e.event for e in store.audit.entries(events=("feedback.",))]
    assert events == ["feedback.add", "feedback.change", "feedback.change", "feedback.delete"]


def test_badges_come_back_with_a_reopened_conversation(qtbot, window, store, fake_factory) -> None:
    _ask(qtbot, window, fake_factory, "Question one", "Answer one")
    _ask(qtbot, window, fake_factory, "Question two", "Answer two")
    first = next(t.message_id for t in window.view.turns if t.role == "assistant")
    FeedbackStore(store).rate(first, Rating(1, 4))  # type: ignore[arg-type]
    cid = window.recorder.conversation_id
    window.new_conversation()
    window.open_conversation(cid)  # type: ignore[arg-type]
    badges = [t.badge for t in window.view.turns if t.role == "assistant"]
    assert badges == ["✓ helpful 4/5", ""]


def test_answer_is_audited_without_its_text(qtbot, window, store, fake_factory) -> None:
    _ask(qtbot, window, fake_factory, "Dyspnea after a long flight", "Consider PE.")
    answer = store.audit.entries(events=("answer",))[-1].details
    assert answer["message_id"] == window.view.turns[-1].message_id
    assert answer["mode"] and answer["ended"] in ("stop", "complete")
    assert len(answer["prompt_sha256"]) == 64 and len(answer["system_prompt_sha256"]) == 64
    text = json.dumps([e.details for e in store.audit.entries()])
    assert "Dyspnea" not in text and "Consider PE" not in text
    assert window.audit.last_task is not None and window.audit.last_task.wait(20)
    load = store.audit.entries(events=("model.load",))[-1].details
    assert load["file"] == "fake.gguf" and "llama_cpp_python" in load  # no such file: no hash


def test_send_anyway_is_audited_with_categories(qtbot, window, store, fake_factory) -> None:
    window.composer.setPlainText("Patient John Smith, MRN 4829174, has chest pain")
    window.send()
    blocked = store.audit.entries(events=("phi.blocked",))
    assert blocked and blocked[-1].details["counts"] and blocked[-1].details["where"] == "window"
    window.confirm_override = lambda _categories: False  # the clinician thinks again
    window.send(override=True)
    assert not store.audit.entries(events=("phi.override",))  # nothing sent, nothing recorded
    fake_factory.engine.enqueue("Answer.")
    window.confirm_override = lambda _categories: True
    with qtbot.waitSignal(window.chat.answer_saved, timeout=5000):
        window.send(override=True)
    override = store.audit.entries(events=("phi.override",))[-1].details
    assert override["where"] == "window" and override["counts"]
    assert "Smith" not in json.dumps(override)


def test_feedback_and_audit_windows(qtbot, window, store, fake_factory, tmp_path: Path) -> None:
    _ask(qtbot, window, fake_factory, "Chest pain, 54 M", "ACS until proven otherwise.")
    window.pilot.bar.rate_quick(-1)  # type: ignore[union-attr]
    view = window.pilot.show_feedback()
    assert view.counts.text().startswith("1 rated answers: 0 helpful, 1 not helpful")
    with qtbot.waitSignal(view.chart_task.succeeded, timeout=20000):  # type: ignore[union-attr]
        pass
    assert not view.chart.pixmap().isNull()
    view.rating.setCurrentIndex(view.rating.findData(1))
    assert view.table.rowCount() == 0
    view.rating.setCurrentIndex(0)
    out = tmp_path / "fb.jsonl"
    task = view.export_to(str(out), "jsonl")  # off the GUI thread
    assert not view.export_button.isEnabled()
    with qtbot.waitSignal(task.succeeded, timeout=20000):
        pass
    assert view.export_button.isEnabled()
    assert view.counts.text().startswith("Exported 1 rated answers")
    assert json.loads(out.read_text())["rating"] == -1
    audit = window.pilot.show_audit()
    assert audit.table.rowCount() == len(store.audit.entries())
    audit.event_type.setCurrentIndex(audit.event_type.findData("export"))
    assert audit.table.rowCount() == 1
    audit.verify()
    with qtbot.waitSignal(audit.last_task.succeeded, timeout=20000):  # type: ignore[union-attr]
        pass
    assert "chain intact" in audit.result.text()
    audit.sign()
    assert "Public key" in audit.result.text()
    assert store.audit.head().event == "audit.checkpoint"  # type: ignore[union-attr]
