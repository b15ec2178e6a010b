"""The PHI guard on a plain-text editor: scan, highlight, redact, dismiss, block, override."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from curbside.deid import MAX_SCAN_CHARS
from curbside.ui.phi_guard import COLOURS, PhiFindingsPanel, PhiGuard
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

CASE = (
    "Name: John Smith   MRN: 00482913   DOB: 03/14/1931\n"
    "Seen 03/10/2024 by Dr. Healey. 94 yo man, BP 120/80, 3/6 murmur.\n"
    "Wife Rose at 617-555-0143. Smith agrees; recheck 03/13/2024.\n"
)


@pytest.fixture
def setup(qtbot: QtBot) -> Iterator[tuple[QPlainTextEdit, PhiGuard, PhiFindingsPanel, QWidget]]:
    window = QWidget()
    editor = QPlainTextEdit()
    guard = PhiGuard(editor, debounce_ms=10)
    panel = PhiFindingsPanel(guard)
    layout = QVBoxLayout(window)
    layout.addWidget(editor)
    layout.addWidget(panel)
    window.resize(760, 560)
    qtbot.addWidget(window)
    window.show()
    yield editor, guard, panel, window
    guard.shutdown()


def paste(qtbot: QtBot, editor: QPlainTextEdit, guard: PhiGuard, text: str) -> list[object]:
    with qtbot.waitSignal(guard.findings_changed, timeout=20_000) as blocker:
        editor.setPlainText(text)
    return blocker.args[0]


def test_scan_on_change_highlights_and_lists(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, window = setup
    findings = paste(qtbot, editor, guard, CASE)
    labels = {f.label for f in findings}
    assert {"NAME", "ID", "DATE", "AGE", "PHONE"} <= labels
    selections = editor.extraSelections()
    assert len(selections) == len(findings)
    first = selections[0]
    assert first.format.background().color().name() == COLOURS[findings[0].label]
    assert first.format.toolTip().startswith(findings[0].label)
    assert panel.list.count() == len(findings)
    assert "blocked" in panel.summary.text()
    window.grab().save("/tmp/phi_guard_findings.png")


def test_send_is_blocked_then_clear_after_redact_all(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, window = setup
    paste(qtbot, editor, guard, CASE)
    decision = guard.ensure_clear_before_send()
    assert decision.status == "blocked" and not decision.allowed
    assert {"NAME", "DATE", "PHONE"} <= set(decision.categories)
    panel.redact_all_button.click()
    text = editor.toPlainText()
    assert "Smith" not in text and "Healey" not in text and "617-555" not in text
    assert text.count("[NAME-1]") == 2 and "90+ yo" in text and "BP 120/80" in text
    assert guard.ensure_clear_before_send().status == "clear"
    assert panel.list.count() == 0
    window.grab().save("/tmp/phi_guard_redacted.png")


def test_relative_dates_option(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, _ = setup
    paste(qtbot, editor, guard, CASE)
    panel.relative_dates.setChecked(True)
    guard.redact()
    text = editor.toPlainText()
    assert "Seen Day 0" in text and "recheck Day +3" in text
    assert "DOB: [DATE-" in text  # a birth date as a day offset would give the age away


def test_per_finding_redact_keeps_numbering(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, _ = setup
    paste(qtbot, editor, guard, "Dr. Healey saw her. Later Dr. Healey called.")
    row = panel.list.itemWidget(panel.list.item(0))
    row.redact_button.click()
    assert editor.toPlainText() == "Dr. [NAME-1] saw her. Later Dr. Healey called."
    row = panel.list.itemWidget(panel.list.item(0))
    row.redact_button.click()
    assert editor.toPlainText() == "Dr. [NAME-1] saw her. Later Dr. [NAME-1] called."


def test_not_phi_unblocks_and_survives_edits(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, _ = setup
    findings = paste(qtbot, editor, guard, "Pt seen by Dr. Wells today.")
    assert [f.text for f in findings] == ["Wells"]
    panel.list.itemWidget(panel.list.item(0)).not_phi_button.click()
    assert guard.findings() == [] and editor.extraSelections() == []
    assert guard.ensure_clear_before_send().status == "clear"
    paste(qtbot, editor, guard, "Pt seen by Dr. Wells today and again.")
    assert guard.findings() == []


def test_override_records_categories_not_text(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, _, _ = setup
    paste(qtbot, editor, guard, "His wife Rose: 617-555-0143.")
    with qtbot.waitSignal(guard.overridden) as blocker:
        decision = guard.ensure_clear_before_send(override=True)
    assert decision.status == "overridden" and decision.allowed
    assert blocker.args[0] == list(decision.categories) == ["NAME", "PHONE"]
    assert "Rose" not in decision.message and "617" not in decision.message


def test_undo_restores_in_memory(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, _ = setup
    paste(qtbot, editor, guard, "Seen by Dr. Healey.")
    guard.redact()
    assert editor.toPlainText() == "Seen by Dr. [NAME-1]."
    assert panel.undo_button.isEnabled()
    panel.undo_button.click()
    assert editor.toPlainText() == "Seen by Dr. Healey."
    assert [f.text for f in guard.findings()] == ["Healey"]


def test_send_scans_text_typed_since_the_last_scan(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, _, _ = setup
    paste(qtbot, editor, guard, "BP 120/80.")
    editor.appendPlainText("Seen by Dr. Healey.")  # no wait: the debounce has not fired
    decision = guard.ensure_clear_before_send()
    assert decision.status == "blocked" and decision.categories == ("NAME",)


def test_outdated_scan_results_are_dropped(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, _, _ = setup
    with qtbot.waitSignal(guard.findings_changed, timeout=20_000) as blocker:
        editor.setPlainText("Dr. Healey")
        editor.setPlainText("BP 120/80")
    assert blocker.args[0] == []


def test_too_large_text_is_not_scanned_and_needs_override(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, panel, _ = setup
    with qtbot.waitSignal(guard.too_large, timeout=20_000) as blocker:
        editor.setPlainText("x" * (MAX_SCAN_CHARS + 1))
    assert blocker.args[0] == MAX_SCAN_CHARS + 1
    assert "too large" in panel.summary.text()
    decision = guard.ensure_clear_before_send()
    assert decision.status == "blocked" and decision.categories == ("UNSCANNED",)
    assert guard.ensure_clear_before_send(override=True).categories == ("UNSCANNED",)


def test_scan_runs_off_the_gui_thread(qtbot: QtBot, setup: tuple) -> None:
    editor, guard, _, _ = setup
    big = CASE * 1100  # about 195,000 characters, the composer's limit
    assert len(big) <= MAX_SCAN_CHARS
    with qtbot.waitSignal(guard.scan_started, timeout=5_000):
        editor.setPlainText(big)
    # The GUI thread is free while the worker scans: the editor still takes edits.
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("!")
    with qtbot.waitSignal(guard.findings_changed, timeout=60_000) as blocker:
        pass
    assert blocker.args[0]


def test_scans_stop_with_the_editor(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    stopped: list[bool] = []
    original = PhiGuard.shutdown

    def shutdown(self: PhiGuard) -> None:
        in_flight = list(self._scans)
        original(self)
        stopped.append(not any(task.is_running() for task in in_flight))

    monkeypatch.setattr(PhiGuard, "shutdown", shutdown)
    editor = QPlainTextEdit()
    guard = PhiGuard(editor, debounce_ms=10)
    with qtbot.waitSignal(guard.findings_changed, timeout=20_000):
        editor.setPlainText("Seen by Dr. Healey.")
    editor.deleteLater()
    qtbot.waitUntil(lambda: bool(stopped), timeout=10_000)
    assert all(stopped)  # stopped cleanly, never destroyed while running
