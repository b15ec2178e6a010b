"""Text from a model file (its name, its template's errors) is never rendered as rich text."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.models.registry import ModelRegistry
from curbside.models.settings import SettingsStore
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from curbside.ui.models_window import ModelsWindow
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.doubles.gguf_files import tiny_llama

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
HTML = '<b>Bold</b><img src="file:///usr/share/pixmaps/debian-logo.png"><a href="https://x.test">link</a>'
RAISING = "{{ raise_exception('" + HTML.replace("'", "\\'") + "') }}"


def _labels_showing(widget: object, text: str) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if text in label.text()]  # type: ignore[attr-defined]


def test_html_name_and_template_error_show_as_plain_text(
    qtbot: QtBot, tmp_path: Path, real_bridges: list[EngineBridge]
) -> None:
    path = tiny_llama(tmp_path / "html.gguf", name=HTML, chat_template=RAISING)
    bridge = EngineBridge()
    real_bridges.append(bridge)
    with qtbot.waitSignal(bridge.loaded, timeout=60_000):
        window = MainWindow(bridge, path)
        qtbot.addWidget(window)
        window.show()
    assert HTML in window.status.model.text()
    window.composer.setPlainText("Chest pain?")  # the meter counts: the template raises
    window.meter.flush()
    qtbot.waitUntil(lambda: "refused" in window.meter.label.text(), timeout=10_000)
    window.send()
    qtbot.waitUntil(window.messages.isVisible, timeout=10_000)
    assert HTML in window.messages.label.text()
    assert window.composer.toPlainText() == "Chest pain?"  # handed back, not lost
    shown = _labels_showing(window, "<b>Bold</b>")
    assert {window.status.model, window.meter.label, window.messages.label} <= set(shown)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    window.grab().save(str(tmp_path / "plain_model_text.png"))
    window.grab().save("/tmp/curbside_plain_model_text.png")


def test_models_window_shows_html_metadata_and_file_names_as_text(
    qtbot: QtBot, tmp_path: Path
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    path = tiny_llama(models / "<b>Bold<b> <img src=x>.gguf", name=HTML, license_=HTML)
    registry = ModelRegistry(models_dir=models, config_dir=tmp_path / "config")
    window = ModelsWindow(registry, SettingsStore(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.metadata_ready, timeout=10_000):
        window.show()
    window.select_path(path)
    shown = _labels_showing(window, "<b>Bold")
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    items = [
        window.table.item(row, column)
        for row in range(window.table.rowCount())
        for column in range(window.table.columnCount())
    ]
    tips = [item.toolTip() for item in items if item and "<b>Bold" in item.text()]
    assert len(tips) >= 2  # the file name and the licence
    assert all("<b>Bold" not in tip and "&lt;b&gt;Bold" in tip for tip in tips)
    window.grab().save("/tmp/curbside_models_window_html.png")
    window.shutdown()
