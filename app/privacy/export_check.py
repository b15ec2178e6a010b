"""The PHI check before an export leaves the encrypted history.

An export is a plaintext file, so before one is written the conversation is
scanned again (messages sent with an override, or identifiers the guard did
not know at the time, may be in it). A name found anywhere in the
conversation is then looked for everywhere else in it, since a surname alone
in a title ("Quackenbush follow-up") has no cue of its own. The exporter can
write a copy with every identifier replaced, numbered consistently across the
whole conversation ([NAME-1] is the same person in every message).
"""

from __future__ import annotations

import re
from dataclasses import replace

from curbside.deid import Finding, Placeholders, detect, redact
from curbside.deid.findings import resolve
from curbside.privacy.scan_cache import Detector
from curbside.storage.models import Conversation

_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]{2,}")


def _texts(conversation: Conversation) -> list[str]:
    return [conversation.title, *(m.content for m in conversation.messages)]


def conversation_findings(texts: list[str], detector: Detector = detect) -> list[list[Finding]]:
    """Detect identifiers in each text, spreading names found in one text to all.

    Args:
        texts: The conversation's title and messages.
        detector: The scan (a :class:`curbside.privacy.scan_cache.ScanCache` in long exports).
    """
    found = [detector(text) for text in texts]
    names = {
        word.casefold()
        for findings in found
        for finding in findings
        if finding.label == "NAME"
        for word in _NAME_WORD.findall(finding.text)
    }
    if not names:
        return found
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\b", re.I)
    spread = []
    for text, findings in zip(texts, found, strict=True):
        extra = [
            Finding(m.start(), m.end(), "NAME", m.group(), "name found elsewhere in the case")
            for m in pattern.finditer(text)
        ]
        spread.append(resolve([*findings, *extra], text) if extra else findings)
    return spread


def phi_categories(conversation: Conversation) -> list[str]:
    """Return the sorted categories of identifiers found in the title or any message."""
    found = conversation_findings(_texts(conversation))
    return sorted({finding.label for findings in found for finding in findings})


def redacted_conversation(conversation: Conversation, detector: Detector = detect) -> Conversation:
    """Return a copy of ``conversation`` with identifiers replaced by placeholders.

    Args:
        conversation: The conversation to export.
        detector: The scan (a :class:`curbside.privacy.scan_cache.ScanCache` in long exports).
    """
    texts = _texts(conversation)
    # Numbering continues after placeholders the texts already hold.
    shared = Placeholders("\n".join(texts))
    redacted = [
        redact(text, findings, placeholders=shared).text
        for text, findings in zip(texts, conversation_findings(texts, detector), strict=True)
    ]
    messages = [
        replace(message, content=content)
        for message, content in zip(conversation.messages, redacted[1:], strict=True)
    ]
    return replace(conversation, title=redacted[0], messages=messages)
