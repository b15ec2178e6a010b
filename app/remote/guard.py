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
    """The window's gate: strict, except for what the window itself cleared.

    The window checks each new question, and the case, with the clinician's
    "not PHI" marks (which the detector alone does not know) and, where an
    administrator's rules allow a remote override, with "Send anyway". What it
    decided may go is passed to :meth:`clear` (a question as sent) and
    :meth:`clear_case` (the case as it ends the system message). Everything
    else — the system prompt before the case, earlier turns of a reopened
    conversation that were sent to the local model, perhaps on "Send anyway" —
    is checked here as strictly as anywhere else. Only digests and lengths are
    kept, never the text.

    Args:
        rules: The admin rules (default: those in force).
    """

    def __init__(self, rules: Rules | None = None) -> None:
        self._rules = rules
        self._cleared: set[str] = set()
        self._cases: set[tuple[int, str]] = set()
        self._lock = threading.Lock()

    def clear(self, content: str) -> None:
        """Let ``content`` (a user turn as sent) pass: the window has decided it."""
        with self._lock:
            self._cleared.add(_digest(content))

    def clear_case(self, markdown: str) -> None:
        """Let the case (its Markdown, as it ends the system message) pass.

        The system prompt before it is still checked.
        """
        if markdown:
            with self._lock:
                self._cases.add((len(markdown), _digest(markdown)))

    def forget(self) -> None:
        """Forget everything cleared (the workstation locks, the next visitor starts)."""
        with self._lock:
            self._cleared.clear()
            self._cases.clear()

    def __call__(self, messages: Sequence[ChatMessage]) -> None:
        """Raise :class:`PhiRefusedError` unless every uncleared part may leave."""
        with self._lock:
            cleared, cases = set(self._cleared), set(self._cases)
        rest: list[ChatMessage] = []
        for message in messages:
            if message["role"] == "user" and _digest(message["content"]) in cleared:
                continue
            if message["role"] == "system":
                message = {**message, "content": _without_case(message["content"], cases)}
            rest.append(message)
        refuse_identifiers(rest, self._rules)


def _without_case(content: str, cases: set[tuple[int, str]]) -> str:
    """``content`` without a cleared case at its end (one hash per cleared case)."""
    for length, digest in cases:
        if len(content) >= length and _digest(content[len(content) - length :]) == digest:
            return content[: len(content) - length]
    return content


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
