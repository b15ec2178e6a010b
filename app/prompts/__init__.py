"""Reasoning modes and the system prompt: what Curbside asks the model to do.

* :mod:`curbside.prompts.modes` — the reasoning modes (differential diagnosis,
  work-up, plan, summary, explain to the patient, free question), each a
  versioned prompt template with its own generation defaults. The mode's id and
  version are stored with every answer for the audit trail.
* :mod:`curbside.prompts.system` — the default system prompt.
* :mod:`curbside.prompts.settings` — the clinician's edits (system prompt, per-mode
  temperature and max tokens), kept in a small JSON file with no patient data.
"""

from __future__ import annotations

from curbside.prompts.modes import DEFAULT_MODE_ID, MODES, Mode, get_mode, mode_from_stamp
from curbside.prompts.settings import (
    MAX_TEMPERATURE,
    MAX_TOKENS_LIMIT,
    PromptSettings,
    load_settings,
    save_settings,
)
from curbside.prompts.system import DEFAULT_SYSTEM_PROMPT, SYSTEM_PROMPT_VERSION

__all__ = [
    "DEFAULT_MODE_ID",
    "DEFAULT_SYSTEM_PROMPT",
    "MAX_TEMPERATURE",
    "MAX_TOKENS_LIMIT",
    "MODES",
    "SYSTEM_PROMPT_VERSION",
    "Mode",
    "PromptSettings",
    "get_mode",
    "load_settings",
    "mode_from_stamp",
    "save_settings",
]
