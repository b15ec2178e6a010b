"""The Evaluate window with the real default model: run with progress, Stop, resume, report."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.evaluation.examples import EXAMPLES_DIR
from curbside.storage import open_history
from curbside.ui.evaluate_window import EvaluateWindow
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

MEDQA = EXAMPLES_DIR / "medqa-us-sample.jsonl"


@pytest.fixture
def window(qtbot: QtBot, isolated_profile: Path, default_model_path: Path):
    store = open_history()
    shown = EvaluateWindow(store, [default_model_path])
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.shutdown()
    store.close()


def _configure(window: EvaluateWindow, out: Path, limit: int) -> None:
    window.set_case_set(MEDQA)
    window.form.limit_box.setValue(limit)
    window.form.max_tokens_box.setValue(4)
    window.out_edit.setText(str(out))


@pytest.mark.model
def test_run_stop_resume_and_open_report(qtbot: QtBot, window: EvaluateWindow, tmp_path: Path):
    out = tmp_path / "run"
    _configure(window, out, limit=4)
    assert window.run_button.isEnabled() and not window.stop_button.isEnabled()

    # Stop as soon as the first answer is stored: the run ends early, keeping it.
    def stop_after_one(done: int, _total: int, _text: str) -> None:
        if done >= 1:
            window.stop_run()

    window._relay.moved.connect(stop_after_one)
    with qtbot.waitSignal(window.run_finished, timeout=300_000) as stopped:
        qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
        assert window.stop_button.isEnabled() and not window.run_button.isEnabled()
    assert "Stopped before the end" in stopped.args[0]
    assert window.status.text().startswith("Stopped")
    window._relay.moved.disconnect(stop_after_one)
    with qtbot.waitSignal(window.run_finished, timeout=300_000) as finished:
        qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    assert "accuracy" in finished.args[0] and "n=4" in finished.args[0]
    assert window.status.text() == "Finished."
    assert window.progress.value() == window.progress.maximum()
    window.grab().save(str(tmp_path / "evaluate-window.png"))
    opened: list[QUrl] = []
    window.open_url = opened.append
    with qtbot.waitSignal(window.report_written, timeout=60_000) as written:
        qtbot.mouseClick(window.report_button, Qt.MouseButton.LeftButton)
    assert Path(written.args[0]) == out / "report.html"
    assert opened == [QUrl.fromLocalFile(str(out / "report.html"))]


def test_a_bad_set_fails_with_one_line(qtbot: QtBot, window: EvaluateWindow, tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "q", "answer_idx": "A"}\n')
    window.set_case_set(bad)
    window.out_edit.setText(str(tmp_path / "run"))
    with qtbot.waitSignal(window.run_failed, timeout=30_000) as failed:
        qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    assert "bad.jsonl, line 1, field 'options'" in failed.args[0]
    assert window.run_button.isEnabled()
    assert not (tmp_path / "run").exists()


def test_without_history_nothing_can_run(qtbot: QtBot) -> None:
    shown = EvaluateWindow(None, [])
    qtbot.addWidget(shown)
    assert not shown.run_button.isEnabled()
    assert "History is off" in shown.status.text()


def test_main_window_menu_opens_it(qtbot: QtBot, make_window) -> None:
    main = make_window()
    main.evaluate_action.trigger()
    assert main.evaluate_window is not None and main.evaluate_window.isVisible()
