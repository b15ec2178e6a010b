"""A conversation about a case: the session, its prompt budget, the case, rendering, saving.

* :mod:`.session` — the in-memory chat (system prompt, attached case, turns) that
  both the window and ``curbside ask`` turn into the messages they send.
* :mod:`.budget` — fit the rendered prompt into the model's context window and
  say what was left out.
* :mod:`.case` — the structured clinical case and its Markdown rendering.
* :mod:`.input_check` — limits and checks on what a clinician types or pastes.
* :mod:`.recorder` — save each finished message to the encrypted history.
* :mod:`.render` — model output (untrusted Markdown) to sanitized HTML.
* :mod:`.samples` — fictional sample cases for demos and tests.
* :mod:`.settings_rule` — the one precedence rule for generation settings.
"""

from __future__ import annotations

from curbside.chat.budget import BudgetPlan
from curbside.chat.case import FIELD_LABELS, SECTIONS, Case
from curbside.chat.input_check import MAX_INPUT_CHARS, looks_binary, validate_user_text
from curbside.chat.recorder import CASE_KIND, ConversationRecorder, ModelIdentity
from curbside.chat.render import markdown_to_safe_html, plain_to_html
from curbside.chat.samples import FICTION_NOTICE, list_samples
from curbside.chat.session import ChatSession
from curbside.chat.settings_rule import (
    Explicit,
    resolve_engine_options,
    resolve_params,
    resolve_system_prompt,
)

__all__ = [
    "CASE_KIND",
    "FICTION_NOTICE",
    "FIELD_LABELS",
    "MAX_INPUT_CHARS",
    "SECTIONS",
    "BudgetPlan",
    "Case",
    "ChatSession",
    "ConversationRecorder",
    "Explicit",
    "ModelIdentity",
    "list_samples",
    "looks_binary",
    "markdown_to_safe_html",
    "plain_to_html",
    "resolve_engine_options",
    "resolve_params",
    "resolve_system_prompt",
    "validate_user_text",
]
