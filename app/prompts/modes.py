"""Reasoning modes: versioned prompt templates with their own generation defaults.

A mode shapes one question: its instruction is put in front of what the
clinician typed, in the *user* turn. It is deliberately not part of the system
prompt: switching modes mid-conversation must not change the start of the
prompt (system prompt, then the case), so llama.cpp can reuse the part it has
already read.

Every answer stores its mode's :attr:`Mode.stamp` (``"ddx@1"``) for the audit
trail. Change an instruction only together with its ``version``.
"""

from __future__ import annotations

from dataclasses import dataclass

from curbside.engine.base import GenerationParams
from curbside.errors import InputError


@dataclass(frozen=True)
class Mode:
    """One reasoning mode.

    Attributes:
        id: Short stable name (``ddx``, ``workup``, ...); used by the CLI and storage.
        version: Bumped whenever ``instruction`` changes.
        label: Name shown in the UI.
        instruction: Put in front of the clinician's question; empty for free questions.
        temperature: Default sampling temperature.
        max_tokens: Default answer length limit.
    """

    id: str
    version: int
    label: str
    instruction: str
    temperature: float
    max_tokens: int

    @property
    def stamp(self) -> str:
        """``id@version``, stored with every answer."""
        return f"{self.id}@{self.version}"

    @property
    def needs_question(self) -> bool:
        """True when the mode says nothing by itself (the free question)."""
        return not self.instruction

    def shown(self, question: str) -> str:
        """What the conversation shows (and history keeps) for ``question`` in this mode.

        A mode asked without a question shows its label, e.g. "[Differential diagnosis]".
        """
        return question or f"[{self.label}]"

    def defaults(self) -> GenerationParams:
        """Return this mode's default generation settings."""
        return GenerationParams(max_tokens=self.max_tokens, temperature=self.temperature)

    def render_request(self, question: str) -> str:
        """Return the user turn: the mode's instruction, then the clinician's question.

        Raises:
            InputError: The free mode got no question.
        """
        question = question.strip()
        if not self.instruction:
            if not question:
                raise InputError("The question is empty.", "Type a question about the case.")
            return question
        request = f"Task: {self.label}.\n{self.instruction}"
        return f"{request}\n\nQuestion: {question}" if question else request


_MODES = (
    Mode(
        "ddx",
        1,
        "Differential diagnosis",
        "Give a ranked differential diagnosis for this case, most likely first. For each "
        "diagnosis, list the findings for it and the findings against it. Call out the "
        "can't-miss diagnoses (dangerous if missed) even when they are less likely. End "
        "with the next tests that would best discriminate between the leading diagnoses.",
        temperature=0.2,
        max_tokens=768,
    ),
    Mode(
        "workup",
        1,
        "Work-up and next steps",
        "Propose the work-up and next steps in order of priority: history to clarify, "
        "examination, bedside tests, laboratory tests and imaging. For each, say why, and "
        "which result would change management. Flag anything that is urgent.",
        temperature=0.2,
        max_tokens=640,
    ),
    Mode(
        "plan",
        1,
        "Management plan",
        "Propose a management plan: immediate actions, treatment with the reasoning behind "
        "each choice, consultations, disposition, and what to monitor (which parameters, "
        "how often, and the thresholds that should prompt action). Do not state a dose you "
        "are not sure of; say to check it instead.",
        temperature=0.2,
        max_tokens=768,
    ),
    Mode(
        "summary",
        1,
        "Case summary",
        "Summarise the case: first a one-line summary (age, sex, key history, presentation), "
        "then a numbered problem list, each problem with its supporting data.",
        temperature=0.1,
        max_tokens=384,
    ),
    Mode(
        "patient",
        1,
        "Explain to the patient",
        "Explain the situation to the patient in plain language, at about a grade 8 reading "
        "level: short sentences, no jargon (explain any medical word you must use). Say what "
        "we think is going on, what happens next, and when to seek help urgently. Speak to "
        "the patient as 'you'.",
        temperature=0.4,
        max_tokens=512,
    ),
    Mode("free", 1, "Free question", "", temperature=0.2, max_tokens=512),
)

MODES: dict[str, Mode] = {mode.id: mode for mode in _MODES}
"""Every mode by id, in menu order."""

DEFAULT_MODE_ID = "ddx"
"""The mode the desktop app starts in (the CLI defaults to ``free``)."""


def get_mode(mode_id: str) -> Mode:
    """Return the mode called ``mode_id``.

    Raises:
        InputError: No such mode (the message lists the valid ids).
    """
    try:
        return MODES[mode_id]
    except KeyError:
        names = ", ".join(MODES)
        raise InputError(f"Unknown mode '{mode_id}'.", f"Choose one of: {names}.") from None


def mode_from_stamp(stamp: str | None) -> Mode:
    """Return the mode a stored ``id@version`` stamp names (the free mode if unknown)."""
    return MODES.get((stamp or "").split("@", 1)[0], MODES["free"])
