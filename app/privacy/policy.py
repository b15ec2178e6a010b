"""The one rule for what may leave the clinician's hands, given the PHI guard's findings.

Every place that sends, saves or exports text asks :func:`decide`: the CLI's
``ask``, the window's Send, the case editor, exports, and (for a unit's own
inference server) a remote send. The rule:

* nothing found → allowed;
* something found and no override → blocked, with one sentence naming the
  categories and what to do;
* something found and the clinician overrides ("Send anyway", ``--allow-phi``)
  → allowed and marked *overridden*; the categories (never the text) are
  recorded with the message;
* a **remote** send with findings is blocked even with an override, unless an
  administrator's policy explicitly allows remote overrides: text with
  identifiers never leaves the machine on one click;
* an administrator may remove the override altogether (``allow_override``).

Exports are plaintext files, so their verdict says whether the file must be
redacted: a clean export or one the clinician chose to keep unredacted is
allowed as is, anything else gets placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Action = Literal["send", "save", "export", "remote"]
"""What is about to happen to the text."""

_VERB = {
    "send": "sent",
    "save": "saved",
    "export": "exported",
    "remote": "sent to the remote server",
}


@dataclass(frozen=True, slots=True)
class Rules:
    """What an administrator allows; the defaults are the app's own.

    Attributes:
        allow_override: Whether "Send anyway" / ``--allow-phi`` exists at all.
        allow_remote_override: Whether an override may send identifiers to a
            remote server (off unless an admin policy turns it on).
    """

    allow_override: bool = True
    allow_remote_override: bool = False


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether text with these findings may go, and what to record.

    Attributes:
        allowed: True when the action may proceed.
        categories: Sorted distinct identifier categories left in the text.
        overridden: True when the action proceeds only because the clinician
            chose to override; record ``categories`` with the message.
        message: One sentence for the clinician when blocked or overridden.
        hint: What to do next (empty when allowed without findings).
    """

    allowed: bool
    categories: tuple[str, ...] = ()
    overridden: bool = False
    message: str = ""
    hint: str = ""

    @property
    def status(self) -> Literal["clear", "blocked", "overridden"]:
        """``clear`` (nothing found), ``blocked``, or ``overridden``."""
        if not self.allowed:
            return "blocked"
        return "overridden" if self.overridden else "clear"

    @property
    def recorded(self) -> list[str] | None:
        """The categories to store in the message's audit metadata, or None."""
        return list(self.categories) if self.overridden else None


def decide(
    action: Action,
    found: Iterable[str],
    *,
    override: bool = False,
    rules: Rules = DEFAULT_RULES,
    how_to_override: str = "send anyway",
) -> Verdict:
    """Return the verdict for ``action`` on text whose findings have categories ``found``.

    Args:
        action: ``send``, ``save``, ``export`` or ``remote``.
        found: Categories of unresolved findings (duplicates allowed).
        override: The clinician chose to go ahead with identifiers left in.
        rules: What the administrator allows.
        how_to_override: How the override is named where the clinician is
            (``"send anyway"`` in the window, ``"--allow-phi"`` on the CLI).
    """
    categories = tuple(sorted(set(found)))
    if not categories:
        return Verdict(True)
    listed = ", ".join(categories)
    verb = _VERB[action]
    if override and _override_permitted(action, rules):
        return Verdict(
            True, categories, True, f"Possible identifiers ({listed}) {verb} on override."
        )
    message = f"The text holds possible identifiers ({listed}); nothing was {verb}."
    if action == "remote" and not rules.allow_remote_override:
        hint = "Redact them first: identifiers never go to a remote server."
    elif not rules.allow_override:
        hint = "Redact them or mark them not PHI (your administrator turned off overrides)."
    else:
        hint = f"Redact them, mark them not PHI, or {how_to_override}."
    return Verdict(False, categories, False, message, hint)


def _override_permitted(action: Action, rules: Rules) -> bool:
    if not rules.allow_override:
        return False
    return action != "remote" or rules.allow_remote_override


def export_needs_redaction(found: Iterable[str], *, keep_identifiers: bool) -> bool:
    """True when an export must be written with placeholders.

    An export with findings is redacted unless the clinician explicitly chose
    to keep the identifiers (after the plaintext warning).
    """
    return bool(set(found)) and not keep_identifiers
