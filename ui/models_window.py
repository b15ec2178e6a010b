"""The Models window: every known model, its facts and integrity, settings, import and load.

Rows come from :class:`curbside.models.registry.ModelRegistry` at once; metadata
(read without loading weights) fills in from a background thread, so opening
the window is instant even with many multi-GB files. Loading a model is
refused, with the numbers, when it will not fit in memory, unless the
clinician overrides; before the first load of a new or changed file the file
is re-hashed and trial-loaded in a child process, with a cancellable progress
dialog. The window emits :attr:`ModelsWindow.load_requested`; the main window
hands it to the engine bridge and reports back through
:meth:`ModelsWindow.set_loaded_model`. Its widgets are built in
:mod:`curbside.ui.models_layout`, its actions live in
:mod:`curbside.ui.models_actions` and its questions in
:mod:`curbside.ui.models_questions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import psutil
from curbside.engine import default_generation_threads
from curbside.models import (
    Hardware,
    KnownModel,
    ModelInfo,
    ModelRegistry,
    ModelSettings,
    RamEstimate,
    SettingsStore,
    detect_hardware,
    estimate_ram,
    read_model_info,
)
from curbside.ui.model_jobs import ModelJobDialog
from curbside.ui.models_actions import ModelActions
from curbside.ui.models_layout import build_models_window
from curbside.ui.models_questions import ask_copy, ask_delete, ask_import_path, ask_override
from curbside.ui.models_table import (
    LOADED_MARK,
    cell_warns,
    details_text,
    hardware_text,
    row_cells,
)
from curbside.ui.plain_text import plain_tooltip
from curbside.ui.workers import Task, failure_message, run_simple
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


class ModelsWindow(ModelActions):
    """Lists, checks, configures, imports and loads models.

    Args:
        registry: The model registry (default: a fresh one).
        store: The per-model settings store (default: in the config dir).
        hardware: Machine facts (default: detected now).

    Signals:
        load_requested(str, dict): Load this model file with these settings
            (``ModelSettings.as_dict()``; ``ModelSettings.from_dict`` rebuilds it).
        imported(str): A model file was imported (its path).
        message_changed(str): The status line changed (errors and results).
        metadata_ready(): Background metadata reading finished.
    """

    message_changed = Signal(str)
    metadata_ready = Signal()

    # Made by curbside.ui.models_layout.build_models_window.
    table: QTableWidget
    details: QLabel
    hardware_label: QLabel
    message: QLabel
    buttons: dict[str, QPushButton]

    def __init__(
        self,
        registry: ModelRegistry | None = None,
        store: SettingsStore | None = None,
        hardware: Hardware | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.setAcceptDrops(True)
        self.resize(1400, 680)
        self.registry = registry or ModelRegistry()
        self.store = store or SettingsStore()
        self.hardware = hardware or detect_hardware()
        self._live_hardware = hardware is None  # injected facts (tests) stay fixed
        self.ask_override: Callable[[str], bool] = partial(ask_override, self)
        self.ask_import_path: Callable[[], Path | None] = partial(ask_import_path, self)
        self.ask_copy: Callable[[Path, int], bool | None] = partial(ask_copy, self)
        self.ask_delete: Callable[[str], bool] = partial(ask_delete, self)
        self.models: list[KnownModel] = []
        self.infos: dict[Path, ModelInfo | str] = {}
        self.loaded_path: Path | None = None
        self.job: ModelJobDialog | None = None
        self._reader: Task | None = None
        self._build()
        self.refresh()

    # ----- building --------------------------------------------------------
    def _build(self) -> None:
        build_models_window(self)
        self.hardware_label.setText(hardware_text(self.hardware, None, self._threads_in_use()))
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.editor.save_requested.connect(self._save_settings)
        self.editor.invalid.connect(self.show_message)
        self.editor.reset_requested.connect(self._reset_settings)
        self.editor.context_changed.connect(lambda _n: self._update_estimate())
        self.buttons["import"].clicked.connect(self.import_from_dialog)
        self.buttons["verify"].clicked.connect(self.verify_selected)
        self.buttons["forget"].clicked.connect(self.forget_selected)
        self.buttons["delete"].clicked.connect(self.delete_selected)
        self.buttons["load"].clicked.connect(self.request_load)
        self.buttons["close"].clicked.connect(self.close)

    # ----- listing ---------------------------------------------------------
    def refresh(self) -> None:
        """Re-list the models now; metadata is read on a background thread."""
        selected = self.selected_model()
        if self._live_hardware:
            memory = psutil.virtual_memory()
            self.hardware = replace(self.hardware, available_ram=int(memory.available))
        self.models = self.registry.models()
        self._fill_table()
        if selected is not None:
            self.select_path(selected.path)
        elif self.table.rowCount():
            self.table.selectRow(0)
        missing = [m.path for m in self.models if m.present and m.path not in self.infos]
        if missing:
            self._read_metadata(missing)
        else:  # asynchronous either way, so callers can always wait for it
            QTimer.singleShot(0, self.metadata_ready.emit)

    def _read_metadata(self, paths: list[Path]) -> None:
        def read_all() -> dict[Path, ModelInfo | str]:
            found: dict[Path, ModelInfo | str] = {}
            for path in paths:
                try:
                    found[path] = read_model_info(path)
                except Exception as exc:  # a hostile file must not stop the others
                    found[path] = failure_message(exc)
            return found

        self._reader = run_simple(read_all, self._on_metadata, parent=self)

    @Slot(object)
    def _on_metadata(self, found: dict[Path, ModelInfo | str]) -> None:
        self.infos.update(found)
        self._fill_table()
        self._on_selection()
        self.metadata_ready.emit()

    def _fill_table(self) -> None:
        current = self.table.currentRow()
        self.table.setRowCount(len(self.models))
        for row, model in enumerate(self.models):
            info = self.infos.get(model.path)
            estimate = self._estimate(model, info)
            loaded = model.path == self.loaded_path
            for column, text in enumerate(row_cells(model, info, estimate, loaded)):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                colour = cell_warns(text)
                if colour:
                    item.setForeground(QColor(colour))
                item.setData(Qt.ItemDataRole.UserRole, str(model.path))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):  # long licences are elided, not wide
            limit = 230 if column == 1 else 130
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), limit))
        if 0 <= current < len(self.models):
            self.table.selectRow(current)

    def _estimate(self, model: KnownModel, info: ModelInfo | str | None) -> RamEstimate | None:
        if not isinstance(info, ModelInfo):
            return None
        settings = self.store.get(model.path, info)
        return estimate_ram(info, settings.n_ctx, self._available())

    def _available(self) -> int:
        # The engine bridge loads the new model before it frees the old one (so a failed
        # load leaves the old one usable): both are resident for a moment, so what the OS
        # reports as available now is the honest figure.
        return self.hardware.available_ram

    def _threads_in_use(self) -> str | None:
        if self.loaded_path is None:
            return None
        chosen = self.store.get(self.loaded_path).n_threads
        return str(chosen) if chosen else f"automatic ({default_generation_threads()})"

    # ----- selection and details -------------------------------------------
    def selected_model(self) -> KnownModel | None:
        """Return the model in the selected row, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.models):
            return None
        return self.models[rows[0].row()]

    def select_path(self, path: Path) -> None:
        """Select the row showing ``path``."""
        for row, model in enumerate(self.models):
            if model.path == path:
                self.table.selectRow(row)
                return

    @Slot()
    def _on_selection(self) -> None:
        model = self.selected_model()
        info = self.infos.get(model.path) if model else None
        self.details.setText(details_text(model, info))
        if model is not None:
            self.editor.show_settings(
                self.store.get(model.path, info if isinstance(info, ModelInfo) else None)
            )
        self.editor.setEnabled(model is not None and model.present)
        self._update_estimate()

    def _update_estimate(self) -> None:
        model = self.selected_model()
        info = self.infos.get(model.path) if model else None
        if model is None or not isinstance(info, ModelInfo):
            self.hardware_label.setText(hardware_text(self.hardware, None, self._threads_in_use()))
            return
        estimate = estimate_ram(info, self.editor.n_ctx.value(), self._available())
        self.hardware_label.setText(hardware_text(self.hardware, estimate, self._threads_in_use()))

    @Slot(str)
    def show_message(self, text: str) -> None:
        """Show a result or an error in the status line."""
        self.message.setText(text)
        self.message_changed.emit(text)

    def shutdown(self) -> None:
        """Cancel a running check or import and wait for background threads to end."""
        if self.job is not None:
            self.job.stop_and_wait()
        if self._reader is not None:
            self._reader.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window cancels background work first (no orphaned threads)."""
        self.shutdown()
        super().closeEvent(event)

    # ----- the loaded model --------------------------------------------------
    @Slot(object)
    def set_loaded_model(self, path: str | Path | None) -> None:
        """Mark ``path`` as the loaded model (None: nothing is loaded)."""
        self.loaded_path = Path(path).absolute() if path else None
        self._fill_table()
        self._update_estimate()

    # ----- settings ----------------------------------------------------------
    @Slot(object)
    def _save_settings(self, settings: ModelSettings) -> None:
        model = self.selected_model()
        if model is None:
            return
        self.store.save(model.path, settings)
        self._fill_table()
        self.show_message(f"Settings saved for {model.name}.")

    @Slot()
    def _reset_settings(self) -> None:
        model = self.selected_model()
        if model is not None:
            self.store.reset(model.path)
            self._on_selection()
            self._fill_table()
            self.show_message(f"Settings for {model.name} are back to their defaults.")


__all__ = ["LOADED_MARK", "ModelsWindow"]
