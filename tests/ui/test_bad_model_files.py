"""Bad model files through the real loading path: a clear message, and the app stays up."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x7fELF" + bytes(range(256)) * 64, "GGUF"),
        (None, "not found"),
    ],
    ids=["zero-bytes", "not-gguf", "missing"],
)
def test_bad_file_is_refused_and_the_window_stays_up(
    qtbot: QtBot, tmp_path: Path, content: bytes | None, expected: str, real_bridges
) -> None:
    path = tmp_path / "model.gguf"
    if content is not None:
        path.write_bytes(content)
    bridge = EngineBridge()
    real_bridges.append(bridge)
    with qtbot.waitSignal(bridge.load_failed, timeout=30_000) as failed:
        window = MainWindow(bridge, path)
        qtbot.addWidget(window)
        window.show()
    assert expected in failed.args[0]
    assert "Traceback" not in failed.args[0]
    assert window.isVisible() and window.messages.isVisible()
    assert window.status.state.text() == "Model not loaded"
    assert window.composer.isEnabled() and not window.send_button.isEnabled()


@pytest.mark.model
def test_truncated_model_is_refused_by_the_trial_load(
    qtbot: QtBot, tmp_path: Path, default_model_path: Path, real_bridges
) -> None:
    truncated = tmp_path / "truncated.gguf"
    with default_model_path.open("rb") as src:
        truncated.write_bytes(src.read(5_000_000))
    bridge = EngineBridge()
    real_bridges.append(bridge)
    with qtbot.waitSignal(bridge.load_failed, timeout=60_000) as failed:
        window = MainWindow(bridge, truncated)
        qtbot.addWidget(window)
        window.show()
    assert "truncated.gguf" in failed.args[0]
    assert window.messages.isVisible()
