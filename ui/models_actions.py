"""What the Models window does: load, verify, forget, import (dialog and drag-and-drop).

A mixin of :class:`curbside.ui.models_window.ModelsWindow`, kept apart so each file
stays readable. Every slow step runs in a :class:`curbside.ui.model_jobs.ModelJobDialog`
on a worker thread; every refusal is one clear line in the status line. The
questions it asks (copy or not, delete, override) are in
:mod:`curbside.ui.models_questions`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from curbside.errors import InputError
from curbside.models import (
    ImportResult,
    KnownModel,
    ModelInfo,
    ModelRegistry,
    ModelSettings,
    estimate_ram,
    import_model,
    preflight,
)
from curbside.ui.model_jobs import ModelJobDialog
from curbside.ui.model_settings_editor import ModelSettingsEditor
from curbside.ui.models_questions import dropped_paths
from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog


class ModelActions(QDialog):
    """Actions of the Models window (see :class:`curbside.ui.models_window.ModelsWindow`).

    Signals:
        load_requested(str, dict): Load this model file with these settings.
        imported(str): A model file was imported (its path).
    """

    load_requested = Signal(str, dict)
    imported = Signal(str)

    registry: ModelRegistry
    editor: ModelSettingsEditor
    infos: dict[Path, ModelInfo | str]
    job: ModelJobDialog | None
    ask_override: Callable[[str], bool]
    ask_import_path: Callable[[], Path | None]
    ask_copy: Callable[[Path, int], bool | None]
    ask_delete: Callable[[str], bool]
    loaded_path: Path | None

    # Provided by ModelsWindow.
    def selected_model(self) -> KnownModel | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def select_path(self, path: Path) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def show_message(self, text: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _available(self) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    @Slot()
    def request_load(self) -> None:
        """Check the selected model and, if it may be loaded, emit :attr:`load_requested`."""
        model = self.selected_model()
        info = self.infos.get(model.path) if model else None
        refusal = self._refusal(model, info)
        if refusal or model is None or not isinstance(info, ModelInfo):
            self.show_message(refusal or "Choose a model first.")
            return
        try:
            settings = self.editor.settings()
        except InputError as exc:
            self.show_message(str(exc))
            return
        estimate = estimate_ram(info, settings.n_ctx, self._available())
        if estimate.verdict == "will not fit" and not self.ask_override(
            f"{model.name} will probably not fit in memory: it {estimate.describe()}.\n\n"
            "Loading it may make this computer very slow or close the app. Load it anyway?"
        ):
            self.show_message(f"Not loaded: {model.name} {estimate.describe()}.")
            return
        self._run_job(
            "Checking model",
            f"Checking {model.path.name} before loading it (integrity and a trial load)…",
            lambda progress, cancelled: preflight(model.path, self.registry, progress, cancelled),
            lambda _info: self._emit_load(model, settings),
        )

    def _refusal(self, model: KnownModel | None, info: ModelInfo | str | None) -> str | None:
        if model is None:
            return "Choose a model first."
        if not model.present:
            return f"{model.name} is not on this computer ({model.path})."
        if model.status == "mismatch":
            return f"{model.name} does not match its expected SHA-256: it will not be loaded."
        if isinstance(info, str):
            return info
        if isinstance(info, ModelInfo) and info.problems():
            return f"{model.name} cannot be loaded: {info.problems()[0]}"
        return None if isinstance(info, ModelInfo) else "Still reading this model's metadata."

    def _emit_load(self, model: KnownModel, settings: ModelSettings) -> None:
        self.refresh()
        self.show_message(f"Loading {model.name}…")
        self.load_requested.emit(str(model.path), settings.as_dict())

    @Slot()
    def verify_selected(self) -> None:
        """Re-hash the selected model with a progress dialog."""
        model = self.selected_model()
        if model is None or not model.present:
            self.show_message("Choose a model that is on this computer.")
            return

        def done(checked: KnownModel) -> None:
            self.refresh()
            self.show_message(_VERDICTS[checked.status].format(name=checked.name))

        self._run_job(
            "Verifying model",
            f"Computing the SHA-256 of {model.path.name}…",
            lambda progress, cancelled: self.registry.verify(model, progress, cancelled),
            done,
        )

    @Slot()
    def forget_selected(self) -> None:
        """Forget the selected imported model so its row goes (a copy of ours is deleted)."""
        model = self.selected_model()
        if model is None or model.origin != "imported":
            self.show_message("Only imported models can be forgotten; use Delete file… for others.")
            return
        if self._is_our_copy(model):  # the row would stay: the file is in the models folder
            self.delete_selected()
            return
        self.registry.forget(model)
        self.infos.pop(model.path, None)
        self.refresh()
        self.show_message(f"Forgot {model.name}; the file {model.path} was not touched.")

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected model's file from disk, after asking (never the loaded one)."""
        model = self.selected_model()
        if model is None or not model.present:
            self.show_message("Choose a model that is on this computer.")
            return
        if self.loaded_path is not None and model.path.absolute() == self.loaded_path:
            self.show_message(f"{model.name} is loaded; load another model before deleting it.")
            return
        size = model.path.stat().st_size
        question = (
            f"Delete {model.path} ({size / 1e6:,.0f} MB) from this computer? "
            "This cannot be undone"
            + (" (the default model can be fetched again)." if model.is_default else ".")
        )
        if not self.ask_delete(question):
            return
        try:
            model.path.unlink()
        except OSError as exc:
            self.show_message(f"Could not delete {model.path}: {exc.strerror or exc}.")
            return
        self.registry.forget(model)
        self.infos.pop(model.path, None)
        self.refresh()
        self.show_message(f"Deleted {model.path}.")

    def _is_our_copy(self, model: KnownModel) -> bool:
        return model.path.parent.resolve() == self.registry.models_dir.resolve()

    @Slot()
    def import_from_dialog(self) -> None:
        """Ask for a .gguf file and import it."""
        path = self.ask_import_path()
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path, copy: bool | None = None) -> None:
        """Import ``path`` with a progress dialog; unless told, ask whether to copy it."""
        if copy is None:
            size = path.stat().st_size if path.is_file() else 0
            copy = self.ask_copy(path, size)
            if copy is None:
                self.show_message(f"Not imported: {path.name}.")
                return

        def done(result: ImportResult) -> None:
            self.infos[result.model.path] = result.info
            self.refresh()
            self.select_path(result.model.path)
            how = "copied into the models directory" if copy else "referenced where it is"
            self.show_message(f"Imported {result.info.name} ({how}).")
            self.imported.emit(str(result.model.path))

        self._run_job(
            "Importing model",
            f"Checking {path.name} and computing its SHA-256…",
            lambda progress, cancelled: import_model(
                path,
                copy=bool(copy),
                registry=self.registry,
                progress=progress,
                cancelled=cancelled,
            ),
            done,
        )

    def _run_job(self, title: str, text: str, job: Any, on_success: Callable[[Any], None]) -> None:
        if self.job is not None and self.job.isVisible():
            self.show_message("Another check is still running.")
            return
        self.job = ModelJobDialog(title, text, job, self)
        self.job.succeeded.connect(on_success)
        self.job.failed.connect(self.show_message)
        self.job.start()

    # ----- drag and drop ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept drags that carry local .gguf files."""
        if dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import the first dropped .gguf file."""
        paths = dropped_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if len(paths) > 1:
            self.show_message("Drop one model at a time; importing the first.")
        self.import_file(paths[0])


_VERDICTS = {
    "verified": "{name}: SHA-256 verified.",
    "mismatch": "{name} does NOT match its expected SHA-256: do not use it.",
    "unknown": "{name}: hash computed, but there is no known hash to compare it with.",
    "missing": "{name} is missing.",
}
