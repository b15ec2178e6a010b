"""The clinician's prompt settings: the system prompt and per-mode generation settings.

Kept in ``prompts.json`` under :func:`curbside.infra.paths.config_dir`. The file holds no
patient data: only the system prompt text (when edited) and, per mode, a
temperature and a max-tokens figure. A missing file means the defaults; a
damaged one is reported through :attr:`PromptSettings.problem` and the defaults
are used, and it is moved aside (never silently overwritten) on the next save.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from curbside.engine.base import GenerationParams
from curbside.errors import InputError
from curbside.infra import atomic_write, paths, private_dir
from curbside.infra.untrusted import read_json_file
from curbside.prompts.modes import MODES, Mode
from curbside.prompts.system import DEFAULT_SYSTEM_PROMPT, MAX_SYSTEM_PROMPT_CHARS

SETTINGS_FILE = "prompts.json"
MAX_TOKENS_LIMIT = 32_768
MAX_TEMPERATURE = 2.0


@dataclass(frozen=True)
class ModeOverride:
    """The clinician's generation settings for one mode."""

    temperature: float
    max_tokens: int


@dataclass(frozen=True)
class PromptSettings:
    """Prompt settings as edited by the clinician.

    Attributes:
        custom_system_prompt: The edited system prompt, or None for the default.
        overrides: Per-mode generation settings that differ from the mode's defaults.
        problem: Why the settings file could not be read (then defaults are used).
    """

    custom_system_prompt: str | None = None
    overrides: dict[str, ModeOverride] = field(default_factory=dict)
    problem: str = ""

    @property
    def system_prompt(self) -> str:
        """The system prompt to send: the clinician's edit, else the default."""
        return self.custom_system_prompt or DEFAULT_SYSTEM_PROMPT

    def with_system_prompt(self, text: str) -> PromptSettings:
        """Return a copy with an edited system prompt (the default text resets it).

        Raises:
            InputError: The prompt is too long.
        """
        text = text.strip()
        if len(text) > MAX_SYSTEM_PROMPT_CHARS:
            raise InputError(
                f"The system prompt is {len(text):,} characters; the limit is "
                f"{MAX_SYSTEM_PROMPT_CHARS:,}.",
                "Shorten it: a long system prompt leaves less room for the case.",
            )
        custom = None if not text or text == DEFAULT_SYSTEM_PROMPT else text
        return replace(self, custom_system_prompt=custom)

    def reset_system_prompt(self) -> PromptSettings:
        """Return a copy using the default system prompt."""
        return replace(self, custom_system_prompt=None)

    def params_for(self, mode: Mode) -> GenerationParams:
        """Return the generation settings for ``mode`` (defaults plus the clinician's edits)."""
        override = self.overrides.get(mode.id)
        if override is None:
            return mode.defaults()
        return replace(
            mode.defaults(), temperature=override.temperature, max_tokens=override.max_tokens
        )

    def with_params(self, mode: Mode, temperature: float, max_tokens: int) -> PromptSettings:
        """Return a copy with ``mode``'s settings changed (the defaults remove the override).

        Raises:
            InputError: A figure is out of range.
        """
        check_params(temperature, max_tokens)
        overrides = dict(self.overrides)
        if (temperature, max_tokens) == (mode.temperature, mode.max_tokens):
            overrides.pop(mode.id, None)
        else:
            overrides[mode.id] = ModeOverride(float(temperature), int(max_tokens))
        return replace(self, overrides=overrides)


def check_params(temperature: float, max_tokens: int) -> None:
    """Raise :class:`InputError` unless the generation settings are in range."""
    if not (math.isfinite(temperature) and 0.0 <= temperature <= MAX_TEMPERATURE):
        raise InputError(
            f"Temperature {temperature} is out of range.",
            f"Use a value from 0 to {MAX_TEMPERATURE:g} (lower is more predictable).",
        )
    if not 1 <= max_tokens <= MAX_TOKENS_LIMIT:
        raise InputError(
            f"Max tokens {max_tokens} is out of range.",
            f"Use a value from 1 to {MAX_TOKENS_LIMIT:,}.",
        )


def settings_path() -> Path:
    """Return where the prompt settings are kept."""
    return paths.config_dir() / SETTINGS_FILE


def load_settings() -> PromptSettings:
    """Read the prompt settings; never raises (a problem is reported in the result)."""
    path = settings_path()
    try:
        raw = read_json_file(path)
    except FileNotFoundError:
        return PromptSettings()
    except (OSError, ValueError) as exc:  # also too large, not UTF-8, nested too deeply
        return PromptSettings(problem=f"{path.name} could not be read ({type(exc).__name__}).")
    try:
        return _from_json(raw)
    except (InputError, TypeError, ValueError, KeyError, AttributeError) as exc:
        return PromptSettings(problem=f"{path.name} has an unexpected shape: {exc}")


def save_settings(settings: PromptSettings) -> Path:
    """Write the settings atomically; a damaged earlier file is kept as ``.bad``."""
    path = settings_path()
    private_dir(path.parent)
    if settings.problem and path.exists():
        os.replace(path, path.with_suffix(".json.bad"))
    payload = {
        "system_prompt": settings.custom_system_prompt,
        "modes": {
            mode_id: {"temperature": o.temperature, "max_tokens": o.max_tokens}
            for mode_id, o in settings.overrides.items()
        },
    }
    atomic_write(path, json.dumps(payload, indent=2, ensure_ascii=False))
    return path


def _from_json(raw: object) -> PromptSettings:
    if not isinstance(raw, dict):
        raise ValueError("the top level is not an object")
    settings = PromptSettings()
    system = raw.get("system_prompt")
    if system is not None:
        settings = settings.with_system_prompt(str(system))
    modes = raw.get("modes") or {}
    for mode_id, figures in dict(modes).items():
        if mode_id in MODES:  # a mode retired in a later version is ignored
            settings = settings.with_params(
                MODES[mode_id], float(figures["temperature"]), int(figures["max_tokens"])
            )
    return settings
