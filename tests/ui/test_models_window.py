"""The Models window with real (tiny) GGUF files, the real registry and real worker threads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from curbside.infra import sha256_file
from curbside.models.hardware import Hardware
from curbside.models.registry import ModelRegistry
from curbside.models.settings import ModelSettings, SettingsStore
from curbside.ui.models_table import COLUMNS, LOADED_MARK
from curbside.ui.models_window import ModelsWindow
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from tests.doubles.gguf_files import escape_template, sparse_gguf, tiny_llama

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
GB = 10**9


def machine(available: int = 16 * GB) -> Hardware:
    """Return fixed hardware facts so verdicts do not depend on the test machine."""
    return Hardware(("AVX", "AVX2"), 4, 8, 8, 32 * GB, available, "CPU : AVX = 1 | AVX2 = 1 |")


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    models = tmp_path / "models"
    models.mkdir()
    return ModelRegistry(models_dir=models, config_dir=tmp_path / "config")


@pytest.fixture
def make_window(
    qtbot: QtBot, registry: ModelRegistry, tmp_path: Path
) -> Iterator[Callable[..., ModelsWindow]]:
    windows: list[ModelsWindow] = []

    def create(hardware: Hardware | None = None) -> ModelsWindow:
        store = SettingsStore(tmp_path / "config" / "model_settings.json")
        window = ModelsWindow(registry, store, hardware or machine())
        qtbot.addWidget(window)
        windows.append(window)
        with qtbot.waitSignal(window.metadata_ready, timeout=10_000):
            window.show()
        return window

    yield create
    for window in windows:
        window.shutdown()


def cell(window: ModelsWindow, name: str, column: str) -> str:
    """Return the text of ``column`` in the row whose name cell starts with ``name``."""
    for row in range(window.table.rowCount()):
        if window.table.item(row, 1).text().startswith(name):
            return window.table.item(row, COLUMNS.index(column)).text()
    raise AssertionError(f"no row named {name}")


def test_rows_show_metadata_integrity_and_ram(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    tiny_llama(registry.models_dir / "tiny.gguf")
    plain = tiny_llama(tmp_path / "plain.gguf", chat_template=None, context_length=2048)
    registry.add_import(plain, sha256_file(plain), copied=False)
    window = make_window()
    assert cell(window, "SmolLM2", "Integrity") == "missing"
    assert cell(window, "MedGemma", "Architecture") == "gemma3"
    assert cell(window, "tiny.gguf", "Architecture") == "llama"
    assert cell(window, "tiny.gguf", "Template") == "yes"
    assert cell(window, "tiny.gguf", "Trained ctx") == "256"
    assert cell(window, "tiny.gguf", "Integrity") == "? unknown"
    assert cell(window, "plain.gguf", "Template") == "no"
    assert cell(window, "plain.gguf", "Integrity") == "✔ verified"
    assert cell(window, "plain.gguf", "RAM · fit").endswith("· fits")
    assert "AVX2" in window.hardware_label.text()


def test_loaded_marker_follows_the_slot(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry
) -> None:
    path = tiny_llama(registry.models_dir / "tiny.gguf")
    window = make_window()
    window.set_loaded_model(str(path))
    assert cell(window, "tiny.gguf", "Loaded") == LOADED_MARK
    assert "Threads used by the loaded model: automatic (" in window.hardware_label.text()
    window.set_loaded_model(None)
    assert cell(window, "tiny.gguf", "Loaded") == ""


def test_load_checks_the_file_then_emits_path_and_settings(
    qtbot: QtBot, make_window: Callable[..., ModelsWindow], registry: ModelRegistry
) -> None:
    path = tiny_llama(registry.models_dir / "tiny.gguf")
    window = make_window()
    window.select_path(path)
    window.editor.n_ctx.setValue(512)
    with qtbot.waitSignal(window.load_requested, timeout=30_000) as loaded:
        window.buttons["load"].click()
    sent_path, sent = loaded.args
    assert sent_path == str(path)
    assert ModelSettings.from_dict(sent).n_ctx == 512
    assert registry.trial_result(path) == (True, "")  # trial-loaded in a child process first


def test_a_model_that_will_not_fit_is_refused_with_numbers(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry, qtbot: QtBot
) -> None:
    path = tiny_llama(registry.models_dir / "tiny.gguf")
    window = make_window(machine(available=1_000_000))
    asked: list[str] = []
    window.ask_override = lambda text: asked.append(text) is not None  # says "no"
    window.select_path(path)
    assert cell(window, "tiny.gguf", "RAM · fit").endswith("will not fit")
    with qtbot.assertNotEmitted(window.load_requested):
        window.buttons["load"].click()
    assert "will probably not fit" in asked[0] and "1 MB is available" in asked[0]
    assert window.message.text().startswith("Not loaded: tiny.gguf needs about")

    window.ask_override = lambda _text: True  # the clinician overrides
    with qtbot.waitSignal(window.load_requested, timeout=30_000):
        window.buttons["load"].click()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"arch": "frobnicator"}, "is not one llama.cpp supports"),
        ({"context_length": 4_000_000_000}, "trained context of 4,000,000,000"),
    ],
)
def test_unloadable_models_are_refused_before_any_load(
    make_window: Callable[..., ModelsWindow],
    registry: ModelRegistry,
    qtbot: QtBot,
    options: dict[str, object],
    message: str,
) -> None:
    path = tiny_llama(registry.models_dir / "bad.gguf", **options)  # type: ignore[arg-type]
    window = make_window()
    window.select_path(path)
    with qtbot.assertNotEmitted(window.load_requested):
        window.buttons["load"].click()
    assert message in window.message.text()
    assert window.job is None


def _drop(window: ModelsWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(QPoint(10, 10)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_drop_imports_and_copies_a_small_file(
    qtbot: QtBot, make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    source = tiny_llama(tmp_path / "dropped.gguf")
    window = make_window()
    asked: list[tuple[Path, int]] = []
    window.ask_copy = lambda path, size: asked.append((path, size)) is None
    with qtbot.waitSignal(window.imported, timeout=30_000) as imported:
        _drop(window, source)
    assert asked == [(source, source.stat().st_size)]  # asked before copying anything
    copy = registry.models_dir / "dropped.gguf"
    assert imported.args == [str(copy)]
    assert copy.read_bytes() == source.read_bytes()
    assert cell(window, "dropped.gguf", "Integrity") == "✔ verified"
    assert window.message.text() == "Imported Tiny test model (copied into the models directory)."


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "is empty or truncated (0 bytes)"),
        (lambda p: p.write_bytes(b"not a model at all" * 100), "is not a GGUF model file"),
        (lambda p: p.mkdir(), "is a directory, not a model file"),
    ],
    ids=["zero-byte", "random", "directory"],
)
def test_hostile_imports_show_a_clear_message(
    qtbot: QtBot,
    make_window: Callable[..., ModelsWindow],
    tmp_path: Path,
    make: Callable[[Path], object],
    message: str,
) -> None:
    path = tmp_path / "x.gguf"
    make(path)
    window = make_window()
    window.ask_copy = lambda _path, _size: False
    with qtbot.waitSignal(window.message_changed, timeout=30_000):
        window.ask_import_path = lambda: path
        window.buttons["import"].click()
    assert message in window.message.text()
    assert "Traceback" not in window.message.text()


def test_import_of_an_escape_template_never_runs_it(
    qtbot: QtBot, make_window: Callable[..., ModelsWindow], tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    path = tiny_llama(tmp_path / "evil.gguf", chat_template=escape_template(marker))
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.import_file(path, copy=False)
    assert cell(window, "evil.gguf", "Template") == "yes"
    assert not marker.exists()


def test_cancelling_an_import_records_nothing(
    qtbot: QtBot, make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    big = sparse_gguf(tmp_path / "big.gguf", 2 * GB)
    window = make_window()
    window.import_file(big, copy=False)
    assert window.job is not None
    with qtbot.waitSignal(window.job.failed, timeout=30_000) as failed:
        window.job.cancel_button.click()
    assert "cancelled" in failed.args[0]
    assert all(m.path != big for m in registry.models())


def test_closing_during_an_import_cancels_it(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    big = sparse_gguf(tmp_path / "big.gguf", 2 * GB)
    window = make_window()
    window.import_file(big, copy=True)
    window.close()
    assert window.job is not None and not window.job.task.is_running()
    assert list(registry.models_dir.iterdir()) == []  # the partial copy is gone


def test_settings_are_saved_and_bad_ones_explained(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry
) -> None:
    path = tiny_llama(registry.models_dir / "tiny.gguf")
    window = make_window()
    window.select_path(path)
    window.editor.n_ctx.setValue(1024)
    window.editor.temperature.setValue(0.7)
    window.editor.chat_format.setCurrentText("chatml")
    window.editor.save_button.click()
    saved = window.store.get(path)
    assert (saved.n_ctx, saved.temperature, saved.chat_format) == (1024, 0.7, "chatml")
    window.editor.max_tokens.setValue(5000)
    window.editor.save_button.click()
    assert "Max tokens (5000) must be smaller than the context (1024)" in window.message.text()
    assert window.store.get(path).max_tokens == saved.max_tokens


def test_flash_attention_is_saved_per_model_and_shown_again(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry
) -> None:
    path = tiny_llama(registry.models_dir / "tiny.gguf")
    window = make_window()
    window.select_path(path)
    assert window.editor.flash_attn.currentText() == "Automatic (on)"
    window.editor.flash_attn.setCurrentText("Off")
    window.editor.save_button.click()
    assert window.store.get(path).flash_attn is False
    window.select_path(path)  # shown again from the saved settings
    assert window.editor.flash_attn.currentText() == "Off"


def test_window_renders(make_window: Callable[..., ModelsWindow], registry: ModelRegistry) -> None:
    path = tiny_llama(registry.models_dir / "tiny.gguf")
    window = make_window()
    window.set_loaded_model(str(path))
    assert window.grab().save("/tmp/curbside_models_window.png")


def test_declining_the_copy_question_imports_nothing(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    source = tiny_llama(tmp_path / "big.gguf")
    window = make_window()
    window.ask_copy = lambda _path, _size: None
    window.import_file(source)
    assert window.message.text() == "Not imported: big.gguf."
    assert not (registry.models_dir / "big.gguf").exists()


def test_forgetting_our_copy_deletes_it_and_the_row_goes(
    qtbot: QtBot, make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    source = tiny_llama(tmp_path / "copied.gguf")
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.import_file(source, copy=True)
    copy = registry.models_dir / "copied.gguf"
    window.select_path(copy)
    questions: list[str] = []
    window.ask_delete = lambda question: questions.append(question) is None
    window.buttons["forget"].click()
    assert questions and str(copy) in questions[0]
    assert not copy.exists() and source.exists()  # the original is never touched
    assert all(m.path != copy for m in window.models)
    assert window.message.text() == f"Deleted {copy}."


def test_the_loaded_model_is_not_deleted(
    make_window: Callable[..., ModelsWindow], registry: ModelRegistry, tmp_path: Path
) -> None:
    path = tiny_llama(registry.models_dir / "inuse.gguf")
    window = make_window()
    window.refresh()
    window.set_loaded_model(path)
    window.select_path(path)
    window.ask_delete = lambda question: True
    window.buttons["delete"].click()
    assert path.exists() and "is loaded" in window.message.text()
