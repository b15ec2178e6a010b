"""Saving settings in the Models window reaches the audit trail, with nothing passed to it."""

from __future__ import annotations

from pathlib import Path

from curbside.models.registry import ModelRegistry
from curbside.models.settings import SettingsStore
from curbside.storage import HistoryStore
from curbside.ui.models_window import ModelsWindow
from pytestqt.qtbot import QtBot

from tests.doubles.gguf_files import tiny_llama
from tests.ui.test_models_window import machine


def test_saving_in_the_models_window_is_audited(
    qtbot: QtBot, tmp_path: Path, store: HistoryStore
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    registry = ModelRegistry(models_dir=models, config_dir=tmp_path / "config")
    path = tiny_llama(models / "tiny.gguf")
    settings = SettingsStore(tmp_path / "config" / "model_settings.json")
    window = ModelsWindow(registry, settings, machine())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.metadata_ready, timeout=10_000):
        window.show()
    try:
        window.select_path(path)
        window.editor.temperature.setValue(0.7)
        window.editor.system_prompt.setPlainText("Answer in three lines.")
        window.editor.save_button.click()
    finally:
        window.shutdown()
    (entry,) = store.audit.entries(events=("model.settings",))
    assert entry.details["model"]["file"] == "tiny.gguf"
    assert entry.details["changed"]["temperature"] == {"old": None, "new": 0.7}
    assert entry.details["changed"]["system_prompt"]["new"]["chars"] == 22
    assert "three lines" not in str(entry.details)
