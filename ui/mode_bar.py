"""The reasoning-mode selector, with an "Advanced" panel for temperature and max tokens.

The clinician picks a mode (differential diagnosis, work-up, plan, summary,
explain to the patient, free question). "Advanced" shows the mode's generation
settings; changing them keeps a per-mode override in the prompt settings file
(no patient data), and "Reset to defaults" removes it. "System prompt…" there
opens :class:`~curbside.ui.system_prompt_dialog.SystemPromptDialog`
(re-exported here), which edits the system prompt with a "Reset to default".
"""

from __future__ import annotations

from curbside.chat import resolve_params
from curbside.engine import GenerationParams
from curbside.errors import KnownError
from curbside.models import ModelSettings
from curbside.prompts import (
    DEFAULT_MODE_ID,
    MAX_TEMPERATURE,
    MAX_TOKENS_LIMIT,
    MODES,
    Mode,
    PromptSettings,
    load_settings,
    save_settings,
)
from curbside.ui.system_prompt_dialog import SystemPromptDialog
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class ModeBar(QWidget):
    """Chooses the reasoning mode and its generation settings.

    Args:
        settings: Prompt settings to start from (default: read from the settings file).
        autosave: Write changed settings to the settings file.
        parent: The parent widget.

    Signals:
        mode_changed(str, object): The mode id and its :class:`GenerationParams`;
            emitted when the mode or one of its settings changes.
        settings_changed(object): The new :class:`PromptSettings` after an edit.
        system_prompt_changed(str): The system prompt was edited or reset; the new text.
        save_failed(str): The settings could not be written; says why.
    """

    mode_changed = Signal(str, object)
    settings_changed = Signal(object)
    system_prompt_changed = Signal(str)
    save_failed = Signal(str)

    def __init__(
        self,
        settings: PromptSettings | None = None,
        *,
        autosave: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else load_settings()
        self.model_settings: ModelSettings | None = None
        self.autosave = autosave
        self._updating = False
        self.system_dialog: SystemPromptDialog | None = None
        self._build()
        self.set_mode(DEFAULT_MODE_ID)

    # ----- public API ---------------------------------------------------
    def current_mode(self) -> Mode:
        """The selected mode."""
        return MODES[str(self.combo.currentData())]

    def params(self) -> GenerationParams:
        """The settings for the selected mode: the clinician's edits, the model's, the mode's."""
        return resolve_params(self.current_mode(), self.settings, self.model_settings)

    def set_model_settings(self, settings: ModelSettings | None) -> None:
        """Show the values the loaded model's own settings give (the precedence rule)."""
        self.model_settings = settings
        self._show_mode()

    def set_mode(self, mode_id: str) -> None:
        """Select a mode by id (unknown ids are ignored)."""
        index = self.combo.findData(mode_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)
            self._show_mode()

    def set_max_tokens_limit(self, limit: int) -> None:
        """Cap the max-tokens box (for example at half the loaded model's context)."""
        self._updating = True  # clamping the shown value is not the clinician's edit
        try:
            self.max_tokens.setMaximum(max(1, min(limit, MAX_TOKENS_LIMIT)))
        finally:
            self._updating = False

    def edit_system_prompt(self) -> SystemPromptDialog:
        """Open the system-prompt editor (non-modal-blocking); return it."""
        dialog = SystemPromptDialog(self.settings, self)
        dialog.accepted.connect(lambda: self._system_prompt_saved(dialog.result_settings))
        self.system_dialog = dialog
        dialog.open()
        return dialog

    def set_settings(self, settings: PromptSettings) -> None:
        """Replace the settings (after the system prompt was edited elsewhere)."""
        self.settings = settings
        self._show_mode()

    def focus_chain(self) -> list[QWidget]:
        """The bar's controls in visual order."""
        return [
            self.combo,
            self.advanced_button,
            self.temperature,
            self.max_tokens,
            self.reset_button,
            self.system_button,
        ]

    # ----- construction -------------------------------------------------
    def _build(self) -> None:
        self.combo = QComboBox()
        for mode in MODES.values():
            self.combo.addItem(mode.label, mode.id)
        self.combo.currentIndexChanged.connect(self._show_mode)
        self.combo.setAccessibleName("Reasoning mode")
        self.advanced_button = QToolButton()
        self.advanced_button.setAccessibleName("Advanced generation settings")
        self.advanced_button.setText("Advanced")
        self.advanced_button.setCheckable(True)
        self.advanced_button.toggled.connect(self._toggle_advanced)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        mode_label = QLabel("&Mode:")
        mode_label.setBuddy(self.combo)
        row.addWidget(mode_label)
        row.addWidget(self.combo, 1)
        row.addWidget(self.advanced_button)
        self.advanced = self._advanced_panel()
        self.advanced.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.advanced)

    def _advanced_panel(self) -> QWidget:
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, MAX_TEMPERATURE)
        self.temperature.setSingleStep(0.05)
        self.temperature.setDecimals(2)
        self.temperature.setToolTip("Lower is more predictable; higher is more varied.")
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, MAX_TOKENS_LIMIT)
        self.max_tokens.setSingleStep(64)
        self.max_tokens.setToolTip("The longest answer, in tokens (reserved in the context).")
        self.reset_button = QPushButton("Reset to defaults")
        self.system_button = QPushButton("System prompt…")
        self.system_button.clicked.connect(self.edit_system_prompt)
        self.temperature.setAccessibleName("Temperature")
        self.max_tokens.setAccessibleName("Longest answer, in tokens")
        self.reset_button.setAccessibleName("Reset this mode's settings to defaults")
        self.system_button.setAccessibleName("Edit the system prompt")
        self.version_label = QLabel()
        self.version_label.setProperty("role", "hint")
        self.temperature.valueChanged.connect(self._on_edited)
        self.max_tokens.valueChanged.connect(self._on_edited)
        self.reset_button.clicked.connect(self._reset)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel("Temperature"),
            self.temperature,
            QLabel("Max tokens"),
            self.max_tokens,
            self.reset_button,
            self.system_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.version_label)
        panel = QWidget()
        panel.setLayout(row)
        return panel

    # ----- reactions ----------------------------------------------------
    def _toggle_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)

    def _show_mode(self) -> None:
        mode, params = self.current_mode(), self.params()
        self._updating = True
        try:
            self.temperature.setValue(params.temperature)
            self.max_tokens.setValue(params.max_tokens)
        finally:
            self._updating = False
        self.version_label.setText(f"template {mode.stamp}")
        self.reset_button.setEnabled(mode.id in self.settings.overrides)
        self.mode_changed.emit(mode.id, self.params())

    def _on_edited(self) -> None:
        if self._updating:
            return
        mode = self.current_mode()
        try:
            settings = self.settings.with_params(
                mode, round(self.temperature.value(), 2), self.max_tokens.value()
            )
        except KnownError as exc:  # the spin boxes' ranges make this unlikely
            self.save_failed.emit(str(exc))
            return
        self._apply(settings)

    def _reset(self) -> None:
        mode = self.current_mode()
        self._apply(self.settings.with_params(mode, mode.temperature, mode.max_tokens), False)
        self._show_mode()

    def _apply(self, settings: PromptSettings, announce_mode: bool = True) -> None:
        self.settings = settings
        self.reset_button.setEnabled(self.current_mode().id in settings.overrides)
        if self.autosave:
            try:
                save_settings(settings)
            except OSError as exc:
                self.save_failed.emit(f"The settings could not be saved: {exc.strerror or exc}.")
        self.settings_changed.emit(settings)
        if announce_mode:
            self.mode_changed.emit(self.current_mode().id, self.params())

    def _system_prompt_saved(self, settings: PromptSettings | None) -> None:
        if settings is None:
            return
        self._apply(settings, False)
        self.system_prompt_changed.emit(settings.system_prompt)


__all__ = ["ModeBar", "SystemPromptDialog"]
