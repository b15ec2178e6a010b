"""The one precedence rule for generation settings, used by the window and ``curbside ask``.

For every setting, the first of these that says something wins:

1. **Explicit**: a command-line flag (``--temperature``, ``--max-tokens``,
   ``--threads``), or a change the clinician made in the mode panel
   ("Advanced": temperature and length, per mode) or in the system-prompt
   dialog.
2. **The model's own settings** (Models window → per-model settings), for the
   fields set there: a model may need its own temperature, answer length,
   system prompt, context size, threads, batch or chat format.
3. **The mode's defaults** (each reasoning mode has its own temperature and
   length), then Curbside's defaults.

A mode-panel value equal to the mode's default is no change, so it does not
hide the model's own setting. Nothing else decides these values: the window
and the CLI both call :func:`resolve_params` and :func:`resolve_system_prompt`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from curbside.engine import GenerationParams
from curbside.models import ModelSettings
from curbside.prompts import DEFAULT_SYSTEM_PROMPT, Mode, PromptSettings


@dataclass(frozen=True, slots=True)
class Explicit:
    """Values given explicitly for this one request (command-line flags)."""

    temperature: float | None = None
    max_tokens: int | None = None
    seed: int | None = None


def _mode_panel_change(prompts: PromptSettings, mode: Mode, name: str) -> Any:
    """The clinician's mode-panel value for ``name``, or None when it is the mode's default."""
    edited = prompts.overrides.get(mode.id)
    if edited is None:
        return None
    value = getattr(edited, name)
    return None if value == getattr(mode, name) else value


def resolve_params(
    mode: Mode,
    prompts: PromptSettings,
    model: ModelSettings | None,
    explicit: Explicit = Explicit(),
) -> GenerationParams:
    """Return the generation settings for one answer by the precedence rule."""
    defaults = mode.defaults()
    chosen: dict[str, Any] = {}
    for name in ("temperature", "max_tokens"):
        candidates = (
            getattr(explicit, name),
            _mode_panel_change(prompts, mode, name),
            getattr(model, name) if model is not None else None,
            getattr(defaults, name),
        )
        chosen[name] = next(value for value in candidates if value is not None)
    if model is not None:
        chosen.update(top_p=model.top_p, top_k=model.top_k, repeat_penalty=model.repeat_penalty)
    return replace(defaults, **chosen, seed=explicit.seed)


def resolve_system_prompt(prompts: PromptSettings, model: ModelSettings | None) -> str:
    """Return the system prompt: the clinician's edit, else the model's own, else the default."""
    if prompts.custom_system_prompt:
        return prompts.custom_system_prompt
    if model is not None and model.system_prompt:
        return model.system_prompt
    return DEFAULT_SYSTEM_PROMPT


def resolve_engine_options(model: ModelSettings, *, threads: int | None = None) -> dict[str, Any]:
    """Return the engine's load options: the model's settings, ``threads`` overriding."""
    options = model.engine_options()
    if threads is not None:
        options["n_threads"] = threads
    return options
