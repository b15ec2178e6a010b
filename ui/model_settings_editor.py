"""The per-model settings form of the Models window.

Shows one model's :class:`~curbside.models.settings.ModelSettings` as spin boxes, a
chat-format choice and a system-prompt override; values are checked by
:func:`curbside.models.settings.validate` (the same checks the store applies), so a
bad combination is explained, not saved.
"""

from __future__ import annotations

from typing import Any

from curbside.errors import InputError
from curbside.models import MAX_CONTEXT, SETTING_LABELS, ModelSettings, validate_settings
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

CHAT_FORMATS = ("chatml", "gemma", "llama-3", "plain")
"""Formats the engine can force (curbside.engine.chat_template.BUILTIN_FORMATS)."""
_AUTOMATIC = "Automatic (the model's own template)"


_MODE_DECIDES = "Reasoning mode decides"
"""Shown for temperature and max tokens when this model sets none of its own."""

_TEMPERATURE_STEP = 0.05
_FLASH_CHOICES = (("Automatic (on)", None), ("On", True), ("Off", False))


class ModelSettingsEditor(QGroupBox):
    """Edits one model's settings.

    Signals:
        save_requested(object): Checked :class:`ModelSettings` to store.
        invalid(str): The values cannot be saved; the message says why.
        reset_requested(): Go back to the defaults for this model.
        context_changed(int): The context size spin box changed (for the RAM estimate).
    """

    save_requested = Signal(object)
    invalid = Signal(str)
    reset_requested = Signal()
    context_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Settings for the selected model", parent)
        self.n_ctx = _int_box(256, MAX_CONTEXT, 256)
        self.n_threads = _int_box(0, 512, 1)
        self.n_threads.setSpecialValueText("Automatic")
        self.n_batch = _int_box(8, 8192, 64)
        # One step below the range means "unset": the reasoning mode decides
        # (the precedence rule in curbside.chat.settings_rule).
        self.temperature = _float_box(-_TEMPERATURE_STEP, 2.0, _TEMPERATURE_STEP)
        self.temperature.setSpecialValueText(_MODE_DECIDES)
        self.top_p = _float_box(0.0, 1.0, 0.05)
        self.top_k = _int_box(0, 1000, 1)
        self.repeat_penalty = _float_box(0.5, 2.0, 0.05)
        self.max_tokens = _int_box(0, MAX_CONTEXT, 64)
        self.max_tokens.setSpecialValueText(_MODE_DECIDES)
        self.chat_format = QComboBox()
        self.chat_format.addItems([_AUTOMATIC, *CHAT_FORMATS])
        self.flash_attn = QComboBox()
        self.flash_attn.addItems([label for label, _ in _FLASH_CHOICES])
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText("Empty: use Curbside's clinical system prompt.")
        self.system_prompt.setMaximumHeight(70)
        self.save_button = QPushButton("Save settings")
        self.reset_button = QPushButton("Reset to defaults")
        self.save_button.clicked.connect(self._save)
        self.reset_button.clicked.connect(self.reset_requested)
        self.n_ctx.valueChanged.connect(self.context_changed)
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout(self)
        for name in ("n_ctx", "n_threads", "n_batch", "temperature", "top_p", "top_k"):
            form.addRow(SETTING_LABELS[name], getattr(self, name))
        for name in ("repeat_penalty", "max_tokens", "chat_format", "flash_attn", "system_prompt"):
            form.addRow(SETTING_LABELS[name], getattr(self, name))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        form.addRow(buttons)

    def show_settings(self, settings: ModelSettings) -> None:
        """Fill the form from ``settings``."""
        for name in ("n_ctx", "n_batch", "top_k"):
            getattr(self, name).setValue(getattr(settings, name))
        for name in ("top_p", "repeat_penalty"):
            getattr(self, name).setValue(getattr(settings, name))
        unset_temperature = self.temperature.minimum()
        self.temperature.setValue(
            unset_temperature if settings.temperature is None else settings.temperature
        )
        self.max_tokens.setValue(settings.max_tokens or 0)
        self.n_threads.setValue(settings.n_threads or 0)
        fmt = settings.chat_format
        self.chat_format.setCurrentIndex(CHAT_FORMATS.index(fmt) + 1 if fmt in CHAT_FORMATS else 0)
        self.system_prompt.setPlainText(settings.system_prompt or "")
        choices = [value for _, value in _FLASH_CHOICES]
        self.flash_attn.setCurrentIndex(choices.index(settings.flash_attn))

    def values(self) -> dict[str, Any]:
        """Return the form's raw values (unchecked)."""
        index = self.chat_format.currentIndex()
        return {
            "n_ctx": self.n_ctx.value(),
            "n_threads": self.n_threads.value() or None,
            "n_batch": self.n_batch.value(),
            "temperature": (
                None
                if self.temperature.value() < 0  # the special "mode decides" step
                else self.temperature.value()
            ),
            "top_p": self.top_p.value(),
            "top_k": self.top_k.value(),
            "repeat_penalty": self.repeat_penalty.value(),
            "max_tokens": self.max_tokens.value() or None,
            "chat_format": CHAT_FORMATS[index - 1] if index > 0 else None,
            "system_prompt": self.system_prompt.toPlainText().strip() or None,
            "flash_attn": _FLASH_CHOICES[self.flash_attn.currentIndex()][1],
        }

    def settings(self) -> ModelSettings:
        """Return the checked settings.

        Raises:
            InputError: A value is out of range or inconsistent.
        """
        return validate_settings(self.values())

    def _save(self) -> None:
        try:
            settings = self.settings()
        except InputError as exc:
            self.invalid.emit(str(exc))
            return
        self.save_requested.emit(settings)


def _int_box(low: int, high: int, step: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    return box


def _float_box(low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    return box
