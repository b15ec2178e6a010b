"""Per-model settings (context size, threads, sampling…) kept in the config directory.

Settings hold no patient data, so they live in plain JSON
(``model_settings.json`` in :func:`paths.config_dir`), keyed by the model's
file name so that a copied or moved file keeps its settings. Defaults come
from the model's metadata (the context is the trained context, capped at
4096 tokens). Every value is checked against a range before it is stored or
used: a hand-edited or damaged file never reaches llama.cpp unchecked.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from curbside.engine.base import GenerationParams
from curbside.errors import InputError
from curbside.infra import atomic_write, paths
from curbside.infra.limits import MAX_SYSTEM_PROMPT_CHARS
from curbside.infra.untrusted import read_json_file
from curbside.models.info import ModelInfo
from curbside.models.settings_changes import notify

SETTINGS_FILE = "model_settings.json"
DEFAULT_CONTEXT = 4096
MAX_CONTEXT = 1 << 20
ENGINE_KEYS = ("n_ctx", "n_threads", "n_batch", "chat_format", "flash_attn")
_FORMAT_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


@dataclass(frozen=True)
class ModelSettings:
    """How to load and sample one model.

    Attributes:
        n_ctx: Context window in tokens.
        n_threads: CPU threads; None lets the engine choose for the machine.
        n_batch: Prompt tokens processed per batch.
        chat_format: A llama-cpp-python chat format name overriding the
            GGUF's template (None: use the template, else the catalog's format).
        temperature: This model's temperature, or None to let the reasoning mode decide.
        max_tokens: This model's answer length, or None to let the reasoning mode decide.
        system_prompt: This model's system prompt, or None for Curbside's.
        flash_attn: Flash attention on or off for this model, or None for
            the engine's default (on: faster on the CPUs measured).

    Which value wins when the clinician, the model and the mode all have one is
    decided in one place: :mod:`curbside.chat.settings_rule`.
    """

    n_ctx: int = DEFAULT_CONTEXT
    n_threads: int | None = None
    n_batch: int = 512
    temperature: float | None = None
    top_p: float = GenerationParams.top_p
    top_k: int = GenerationParams.top_k
    repeat_penalty: float = GenerationParams.repeat_penalty
    max_tokens: int | None = None
    chat_format: str | None = None
    system_prompt: str | None = None
    flash_attn: bool | None = None

    def engine_options(self) -> dict[str, Any]:
        """Return the keyword arguments for :class:`curbside.engine.llama.LlamaEngine`."""
        return {name: getattr(self, name) for name in ENGINE_KEYS}

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict (what ``load_requested`` carries)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ModelSettings:
        """Return checked settings from a dict such as :meth:`as_dict` produced.

        Raises:
            InputError: A value is of the wrong type or out of range.
        """
        return validate(values)


# field -> (type, low, high); None bounds mean "no bound"
_RANGES: dict[str, tuple[type, float, float]] = {
    "n_ctx": (int, 256, MAX_CONTEXT),
    "n_threads": (int, 1, 512),
    "n_batch": (int, 8, 8192),
    "temperature": (float, 0.0, 2.0),
    "top_p": (float, 0.0, 1.0),
    "top_k": (int, 0, 1000),
    "repeat_penalty": (float, 0.5, 2.0),
    "max_tokens": (int, 1, MAX_CONTEXT),
}


_OPTIONAL = (
    "chat_format",
    "system_prompt",
    "n_threads",
    "temperature",
    "max_tokens",
    "flash_attn",
)
"""Settings that may be left unset (None): the engine, the mode or Curbside decides."""

LABELS = {
    "n_ctx": "Context size",
    "n_threads": "Threads",
    "n_batch": "Batch size",
    "temperature": "Temperature",
    "top_p": "Top-p",
    "top_k": "Top-k",
    "repeat_penalty": "Repeat penalty",
    "max_tokens": "Max tokens",
    "chat_format": "Chat format",
    "system_prompt": "System prompt",
    "flash_attn": "Flash attention",
}
"""What each setting is called in the app and in error messages."""


def default_settings(info: ModelInfo | None = None) -> ModelSettings:
    """Return sensible settings for a model, from its metadata when known."""
    trained = info.context_length if info is not None else None
    n_ctx = min(trained, DEFAULT_CONTEXT) if trained else DEFAULT_CONTEXT
    n_ctx = max(n_ctx, 256)
    return ModelSettings(n_ctx=n_ctx, n_batch=min(512, n_ctx))


def validate(values: dict[str, Any], base: ModelSettings | None = None) -> ModelSettings:
    """Return ``base`` updated with ``values``, each checked.

    Raises:
        InputError: A value is of the wrong type or out of range; the message names it.
    """
    base = base or ModelSettings()
    known = {f.name for f in fields(ModelSettings)}
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise InputError(f"Unknown model setting {name!r}.")
        clean[name] = _check(name, value)
    settings = replace(base, **clean)
    if settings.max_tokens is not None and settings.max_tokens >= settings.n_ctx:
        raise InputError(
            f"Max tokens ({settings.max_tokens}) must be smaller than the context "
            f"({settings.n_ctx}).",
            "Lower max tokens or raise the context size.",
        )
    return settings


def _check(name: str, value: Any) -> Any:
    if name in _OPTIONAL and value in (None, ""):
        return None
    if name == "chat_format":
        if not isinstance(value, str) or not _FORMAT_NAME.match(value):
            raise InputError(f"Chat format {value!r} is not a valid format name.")
        return value
    if name == "flash_attn":
        if not isinstance(value, bool):
            raise InputError(f"Flash attention must be true or false, not {value!r}.")
        return value
    if name == "system_prompt":
        if not isinstance(value, str) or len(value) > MAX_SYSTEM_PROMPT_CHARS:
            raise InputError(
                f"The system prompt must be text of at most {MAX_SYSTEM_PROMPT_CHARS:,} characters."
            )
        return value
    kind, low, high = _RANGES[name]
    label = LABELS[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{label} must be a number, not {value!r}.")
    if kind is int and value != int(value):
        raise InputError(f"{label} must be a whole number, not {value!r}.")
    if not low <= value <= high:
        span = f"{int(low):,} and {int(high):,}" if kind is int else f"{low:g} and {high:g}"
        raise InputError(f"{label} must be between {span}; {value!r} is not.")
    return kind(value)


class SettingsStore:
    """Reads and writes ``model_settings.json``.

    Args:
        path: The settings file (default: in :func:`paths.config_dir`).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / SETTINGS_FILE

    def get(self, model_path: Path, info: ModelInfo | None = None) -> ModelSettings:
        """Return the stored settings for ``model_path``, or defaults from ``info``."""
        defaults = default_settings(info)
        stored = self._load().get(model_path.name)
        if not isinstance(stored, dict):
            return defaults
        try:
            return validate(stored, defaults)
        except InputError:
            return defaults  # a hand-edited bad value must not block loading

    def save(self, model_path: Path, settings: ModelSettings) -> None:
        """Store ``settings`` for ``model_path`` (checked again first).

        What changed is then told to the audit trail (see
        :mod:`curbside.models.settings_changes`).
        """
        settings = validate(settings.as_dict())
        data = self._load()
        old = self._stored(data, model_path.name)
        data[model_path.name] = settings.as_dict()
        self._write(data)
        action = "save" if old is not None else "first save"
        notify(model_path.name, old or ModelSettings().as_dict(), settings.as_dict(), action)

    def reset(self, model_path: Path) -> None:
        """Forget ``model_path``'s settings so defaults apply again (and say so to the audit)."""
        data = self._load()
        old = self._stored(data, model_path.name)
        if data.pop(model_path.name, None) is not None:
            self._write(data)
            defaults = ModelSettings().as_dict()
            notify(model_path.name, old or defaults, defaults, "reset")

    def stored(self) -> dict[str, dict[str, Any]]:
        """Return every model's stored settings (checked), keyed by file name."""
        data = self._load()
        found = {name: self._stored(data, name) for name in data}
        return {name: values for name, values in found.items() if values is not None}

    @staticmethod
    def _stored(data: dict[str, Any], name: str) -> dict[str, Any] | None:
        """The checked settings stored under ``name`` (None: none, or unusable)."""
        values = data.get(name)
        if not isinstance(values, dict):
            return None
        try:
            return validate(values).as_dict()
        except InputError:
            return None

    def _load(self) -> dict[str, Any]:
        try:
            raw = read_json_file(self.path)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self._set_aside()
            return {}
        models = raw.get("models") if isinstance(raw, dict) else None
        return models if isinstance(models, dict) else {}

    def _set_aside(self) -> None:
        """Keep an unreadable settings file (renamed) instead of overwriting it."""
        with contextlib.suppress(OSError):
            os.replace(
                self.path, self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
            )

    def _write(self, models: dict[str, Any]) -> None:
        atomic_write(
            self.path, json.dumps({"schema": 1, "models": models}, indent=2, sort_keys=True)
        )
