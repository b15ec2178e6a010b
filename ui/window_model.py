"""The main window's model side: loading, the Models window, and what the loaded model *is*.

A mixin of :class:`curbside.ui.main_window.MainWindow`. After each load the
file is identified by its SHA-256 off the GUI thread
(:func:`curbside.models.identify_model`, reusing the registry's recorded hash
when the file is unchanged): that, not the file name, decides the demo notice,
the caveat on demo answers, the About box and the model recorded with each
answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curbside.chat import ModelIdentity, resolve_system_prompt
from curbside.errors import KnownError
from curbside.models import ModelFacts, ModelSettings, identify_model
from curbside.remote import Backend, open_backend
from curbside.ui.about import AboutDialog
from curbside.ui.evaluate_window import EvaluateWindow
from curbside.ui.model_loader import LoadedModel
from curbside.ui.models_window import ModelsWindow
from curbside.ui.remote_key_prompt import dialog_passphrase, key_from_file
from curbside.ui.remote_servers import add_to_models_window
from curbside.ui.window_base import WindowParts
from curbside.ui.window_parts import DEMO_CAVEAT
from curbside.ui.workers import Task, run_simple
from PySide6.QtCore import Qt


class ModelSide(WindowParts):
    """Model loading and identity for the main window (see the module docstring)."""

    model_facts: ModelFacts | None
    _identify_task: Task | None

    @property
    def model_path(self) -> Path | None:
        """The model answering now (None before the first load succeeds)."""
        return self.loader.current.path if self.loader.current else None

    @property
    def _model_ready(self) -> bool:
        return self.loader.current is not None

    def load_model(self, path: Path, settings: ModelSettings | None = None) -> None:
        """Load ``path`` on the worker thread with its settings (stored ones by default).

        Input is disabled while loading; if the load fails, the previous model
        (if any) stays loaded and usable.
        """
        self.loader.load(path, settings)

    def fetch_default_model(self) -> None:
        """Fetch the embedded default model in the background, then load it."""
        self.clear_error()
        self.loader.fetch_default()

    def show_models_window(self) -> None:
        """Open the Models window (created on first use)."""
        if self.models_window is None:
            self.models_window = ModelsWindow(parent=self)
            self.models_window.setWindowFlag(Qt.WindowType.Window)
            self.models_window.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
            self.models_window.setFont(self.font())
            self.models_window.load_requested.connect(self._on_load_requested)
            self.bridge.load_failed.connect(self.models_window.show_message)
            self.models_window.set_loaded_model(self.model_path)
            self.remote_section = add_to_models_window(self.models_window, self.use_remote_backend)
        self.models_window.show()
        self.models_window.raise_()

    def show_evaluate_window(self) -> None:
        """Open the Evaluate window (created on first use) with the loaded model offered."""
        if self.evaluate_window is None:
            offered = [self.model_path] if self.model_path else []
            self.evaluate_window = EvaluateWindow(self.recorder.store, offered, parent=self)
            self.evaluate_window.setWindowFlag(Qt.WindowType.Window)
            self.evaluate_window.setFont(self.font())
        self.evaluate_window.show()
        self.evaluate_window.raise_()

    def use_remote_backend(self, backend: Backend) -> None:
        """Answer from a unit's remote server from now on (the banner says so)."""
        if self.chat.generating:
            self.show_error("Stop the current answer before switching models.")
            return
        try:  # a key in the passphrase file is read here: its dialog needs the GUI thread
            key = key_from_file(backend, dialog_passphrase(self))
        except KnownError as exc:
            self.show_error(str(exc))
            return
        gate = self.remote_gate
        self.loader.load_remote(
            backend,
            lambda: open_backend(
                backend.name, api_key=key, phi_gate=gate, count_in_background=True
            ),
        )

    def show_about(self) -> AboutDialog:
        """Show Help → About (version, and the loaded model's name, hash, licence, demo or not)."""
        loaded = self.loader.current
        dialog = AboutDialog(self.model_facts, loaded.name if loaded else None, self)
        dialog.setFont(self.font())
        dialog.open()
        return dialog

    def demo_caveat(self) -> str:
        """The caveat for answers from the model now loaded ("" unless it is the demo)."""
        return DEMO_CAVEAT if self.model_facts is not None and self.model_facts.is_demo else ""

    def _on_load_requested(self, path: str, settings: dict[str, Any]) -> None:
        if self.chat.generating:
            self.show_error("Stop the current answer before switching models.")
            return
        self.load_model(Path(path), ModelSettings.from_dict(settings))

    def _on_model_busy(self, state: str) -> None:
        self.composer.setEnabled(False)
        self.status.set_state(state)
        self.status.set_busy(-1)
        self._update_controls()

    def _on_model_loaded(self, model: LoadedModel) -> None:
        self._model_settings = model.settings
        self.mode_bar.set_model_settings(model.settings)
        self.chat.session.system_prompt = resolve_system_prompt(
            self.mode_bar.settings, model.settings
        )
        self.chat.n_ctx = model.n_ctx
        self.mode_bar.set_max_tokens_limit(max(64, model.n_ctx // 2))
        # By file name until the hash is known (then by content, in _on_identified).
        self.recorder.model = ModelIdentity.for_path(model.path)
        self.audit.model_loaded(
            model.path, {**model.settings.engine_options(), "n_ctx": model.n_ctx}
        )
        self.model_facts = None
        self.demo_notice.hide()
        if self.models_window is not None:
            self.models_window.set_loaded_model(model.path)
            self.models_window.show_message(f"Loaded {model.name}.")
        self.status.set_model(f"{model.name} · {model.n_ctx:,} tokens context")
        self.meter.set_unknown(f"Context: {model.n_ctx:,} tokens")
        self.remote_banner.show_for(model.remote)
        if model.remote is None:  # a remote server has no local file to hash
            self._identify(model)
        self._model_settled("Ready")
        self._on_draft_changed()
        if self._answer_when_ready:
            self._answer_kept_question()

    def _identify(self, model: LoadedModel) -> None:
        """Hash the loaded file off the GUI thread; the result decides demo or not."""
        path = model.path

        def done(facts: object) -> None:
            if self.loader.current is None or self.loader.current.path != path:
                return  # another model was loaded meanwhile
            if isinstance(facts, ModelFacts):
                self._on_identified(facts)

        def failed(_message: str) -> None:
            self.status.set_model(f"{model.name} · SHA-256 unavailable")

        self._identify_task = run_simple(lambda: identify_model(path), done, failed, parent=self)

    def _on_identified(self, facts: ModelFacts) -> None:
        self.model_facts = facts
        self.recorder.model = ModelIdentity(facts.model_id, facts.name, facts.sha256)
        self.demo_notice.setVisible(facts.is_demo)
        loaded = self.loader.current
        context = f" · {loaded.n_ctx:,} tokens context" if loaded else ""
        self.status.set_model(f"{facts.name}{context}")

    def _on_model_failed(self, message: str, offer_fetch: bool) -> None:
        self._model_settled("Ready" if self._model_ready else "Model not loaded")
        self.show_error(message, fetch=offer_fetch)

    def _model_settled(self, state: str) -> None:
        self.composer.setEnabled(True)
        self.status.set_busy(None)
        self.status.set_state(state)
        self._warm_up_phi_guard()
        self._update_controls()

    def _warm_up_phi_guard(self) -> None:
        """Load the PHI detector's word lists once, after the model (not beside it)."""
        if not self._phi_warmed:
            self._phi_warmed = True
            self.phi_guard.warm_up()
