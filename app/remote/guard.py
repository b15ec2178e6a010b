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

import hashlib
import threading
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


class ClearedGate:
    """The window's gate: strict, except for turns the window itself cleared.

    The window checks each new question with the clinician's "not PHI" marks
    (which the detector alone does not know) and passes it to :meth:`clear`; every
    other message — the case, earlier turns of a reopened conversation that
    were sent to the local model, perhaps on "Send anyway" — is checked here
    as strictly as anywhere else.

    Args:
        rules: The admin rules (default: those in force).
    """

    def __init__(self, rules: Rules | None = None) -> None:
        self._rules = rules
        self._cleared: set[str] = set()
        self._lock = threading.Lock()

    def clear(self, content: str) -> None:
        """Let ``content`` (a user turn as sent) pass: the window has decided it."""
        with self._lock:
            self._cleared.add(_digest(content))

    def __call__(self, messages: Sequence[ChatMessage]) -> None:
        """Raise :class:`PhiRefusedError` unless every uncleared message may leave."""
        with self._lock:
            cleared = set(self._cleared)
        rest = [m for m in messages if m["role"] != "user" or _digest(m["content"]) not in cleared]
        refuse_identifiers(rest, self._rules)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
