"""One end-to-end UI test with the real default model on the real worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.model


def test_real_model_streams_into_the_window(qtbot: QtBot, default_model_path: Path) -> None:
    bridge = EngineBridge()
    with qtbot.waitSignal(bridge.loaded, timeout=60_000):
        window = MainWindow(bridge, default_model_path)
        qtbot.addWidget(window)
        window.show()
    # The tiny default model says so, once its SHA-256 identifies it (off the GUI thread).
    qtbot.waitUntil(window.demo_notice.isVisible, timeout=60_000)
    assert window.model_facts is not None and window.model_facts.is_demo
    window.mode_bar.set_mode("free")
    window.mode_bar.max_tokens.setValue(16)  # the clinician's control for answer length
    window.mode_bar.temperature.setValue(0.0)
    assert window._params_for_mode().max_tokens == 16
    window.composer.setPlainText("Name one cause of anemia.")
    with qtbot.waitSignals([bridge.token, bridge.finished], timeout=60_000) as waited:
        window.send()
    assert waited.signal_triggered
    answer = window.view.turns[-1]
    assert answer.role == "assistant" and answer.text.strip()
    assert answer.caveat and "Demo model" in answer.caveat  # demo answers carry the caveat
    assert window.chat.session.turns[-1]["content"] == answer.text
    assert "tokens/s" in window.status.rate.text()
    window.close()
    assert not bridge._thread.isRunning()
