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

from curbside.admin import Policy, load_policy
from curbside.errors import ExportError

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
        exports: ``off`` (no plaintext exports), ``redacted`` (placeholders
            always) or ``allowed`` (the clinician may keep identifiers).
        allowed_http_hosts: Host names (lower case) a remote server may be
            reached at over plain HTTP although they are not loopback, e.g. a
            GPU server on an isolated clinical VLAN. Empty by default: every
            other host needs HTTPS with a verified certificate.
        allowed_endpoints: Base URLs of the only remote servers that may be
            used (empty: any server the unit adds, within the transport rules).
    """

    allow_override: bool = True
    allow_remote_override: bool = False
    exports: Literal["off", "redacted", "allowed"] = "allowed"
    allowed_http_hosts: frozenset[str] = frozenset()
    allowed_endpoints: tuple[str, ...] = ()


DEFAULT_RULES = Rules()


def rules_for(policy: Policy) -> Rules:
    """Return the PHI rules an administrator's policy sets."""
    return Rules(
        allow_override=policy.send_anyway,
        allow_remote_override=policy.allow_remote_override,
        exports=policy.exports,
        allowed_http_hosts=frozenset(host.lower() for host in policy.allow_http_hosts),
        allowed_endpoints=policy.allowed_endpoints,
    )


def machine_rules() -> Rules:
    """Return the rules of this machine's administrator policy (the defaults without one).

    Raises:
        PolicyError: The policy file is unusable (fail closed).
    """
    return rules_for(load_policy())


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
    rules: Rules | None = None,
    how_to_override: str = "send anyway",
) -> Verdict:
    """Return the verdict for ``action`` on text whose findings have categories ``found``.

    Args:
        action: ``send``, ``save``, ``export`` or ``remote``.
        found: Categories of unresolved findings (duplicates allowed).
        override: The clinician chose to go ahead with identifiers left in.
        rules: What the administrator allows (default: this machine's policy).
        how_to_override: How the override is named where the clinician is
            (``"send anyway"`` in the window, ``"--allow-phi"`` on the CLI).
    """
    categories = tuple(sorted(set(found)))
    if not categories:
        return Verdict(True)
    rules = rules if rules is not None else machine_rules()
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


def export_needs_redaction(
    found: Iterable[str], *, keep_identifiers: bool, rules: Rules | None = None
) -> bool:
    """True when an export must be written with placeholders.

    An export with findings is redacted unless the clinician explicitly chose
    to keep the identifiers (after the plaintext warning) and the
    administrator allows that.

    Raises:
        ExportError: The administrator turned plaintext exports off.
    """
    rules = rules if rules is not None else machine_rules()
    require_export_allowed(rules)
    if not set(found):
        return False
    return rules.exports == "redacted" or not keep_identifiers


def require_export_allowed(rules: Rules | None = None) -> None:
    """Raise :class:`ExportError` when the administrator turned exports off."""
    rules = rules if rules is not None else machine_rules()
    if rules.exports == "off":
        raise ExportError(
            "Exports are turned off on this computer by your administrator.",
            "The conversation stays in the encrypted history.",
        )
