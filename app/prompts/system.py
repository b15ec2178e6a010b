"""The default system prompt, sent first in every conversation.

It asks for careful, concise reasoning, stated uncertainty, the missing
information to be asked for, and no invented citations. Clinicians may edit it
in settings (:mod:`curbside.prompts.settings`) and reset it to this text. Change the
wording only together with :data:`SYSTEM_PROMPT_VERSION`, so the audit trail
can tell which text an answer was given under.
"""

from __future__ import annotations

from curbside.infra.limits import MAX_SYSTEM_PROMPT_CHARS

__all__ = ["DEFAULT_SYSTEM_PROMPT", "MAX_SYSTEM_PROMPT_CHARS", "SYSTEM_PROMPT_VERSION"]

SYSTEM_PROMPT_VERSION = 1
"""Bumped whenever :data:`DEFAULT_SYSTEM_PROMPT` changes."""

DEFAULT_SYSTEM_PROMPT = (
    "You are Curbside, a careful clinical reasoning assistant for licensed clinicians. "
    "Reason carefully but answer concisely. State your uncertainty and how confident "
    "you are. Say which information is missing and ask for it. Never invent citations, "
    "guidelines, doses or results; if you are not sure of a fact, say so. "
    "Format the answer in Markdown."
)
