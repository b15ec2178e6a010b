"""The PHI gate every remote send passes, in the engine itself.

The window and ``curbside ask`` decide before they send (with the
clinician's "not PHI" marks); this gate runs again inside
:class:`~curbside.remote.engine.RemoteEngine`, so no caller — the evaluation
harness, a future one — can send identifiers to another machine by
forgetting to ask. It applies :func:`curbside.privacy.decide` with the
``remote`` action: an override ("Send anyway", ``--allow-phi``) counts only
when an administrator's rules allow remote overrides.

What is checked: the system message (system prompt and case) and every user
turn. Earlier answers are not: they are model output, derived from text that
was itself checked when it was sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from curbside.deid import detect
from curbside.engine.base import ChatMessage
from curbside.errors import InputError
from curbside.privacy import Rules, Verdict, decide, machine_rules


class PhiRefusedError(InputError):
    """Text with identifiers was about to go to a remote server; nothing was sent.

    Attributes:
        verdict: The policy's verdict (its categories, never the text).
    """

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.message, verdict.hint)
        self.verdict = verdict


def remote_verdict(
    found: Iterable[str],
    *,
    override: bool = False,
    rules: Rules | None = None,
    how_to_override: str = "pass --allow-phi",
) -> Verdict:
    """The policy's verdict for sending text with findings ``found`` to a remote server."""
    return decide(
        "remote",
        found,
        override=override,
        rules=rules or machine_rules(),
        how_to_override=how_to_override,
    )


def may_leave(text: str, rules: Rules | None = None) -> bool:
    """True when ``text`` may go to a remote server with no override (nothing found).

    The token counter asks this before it sends a draft to the server's
    tokenizer: counting must not leak what sending would refuse.
    """
    return remote_verdict([f.label for f in detect(text)], rules=rules).allowed


def refuse_identifiers(
    messages: Sequence[ChatMessage], rules: Rules | None = None, *, override: bool = False
) -> Verdict:
    """Return the verdict for ``messages``; raise when they may not leave the machine.

    Raises:
        PhiRefusedError: The detector finds identifiers, and no override applies.
    """
    found = [
        finding.label
        for message in messages
        if message["role"] != "assistant"
        for finding in detect(message["content"])
    ]
    verdict = remote_verdict(found, override=override, rules=rules)
    if not verdict.allowed:
        raise PhiRefusedError(verdict)
    return verdict
