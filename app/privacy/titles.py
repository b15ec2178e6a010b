"""Conversation titles (and the names built from them) made from redacted text only.

A title is shown in the history sidebar on a shared screen, in the window
title and in an export's default file name, so it must never carry an
identifier, even when the clinician chose "Send anyway" for the message
itself. :func:`safe_text` asks the one rule (:func:`curbside.privacy.decide`,
action ``save``, no override) and redacts when it says no.

:func:`conversation_title` tells conversations apart: the chief complaint
(from the structured case, or a "presents with …" phrase, else the first
line that says something once placeholders are set aside), the reasoning
mode, and the local time.
"""

from __future__ import annotations

import re
from datetime import datetime

from curbside.chat.case import Case
from curbside.deid import detect, redact
from curbside.privacy.policy import decide

SUBJECT_CHARS = 48
_COMPLAINT = re.compile(
    r"(?:chief complaint|\bcc)\s*[:\-]\s*(?P<a>[^.\n;]+)"
    r"|(?:presents? with|presenting with|complains? of|c/o)\s+(?P<b>[^.\n;]+)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\[[A-Z]+-\d+\]")


def safe_text(text: str) -> str:
    """Return ``text``, redacted if the PHI rule would not let it be saved as is."""
    verdict = decide("save", [f.label for f in detect(text)])
    return text if verdict.allowed else redact(text).text


def subject_of(question: str, case: Case | None = None) -> str:
    """Return a short, redacted subject: the chief complaint if one can be found."""
    if case is not None and case.chief_complaint.strip():
        return _shorten(safe_text(case.chief_complaint.strip()))
    sources = [question, case.free_text if case else "", case.to_markdown() if case else ""]
    for source in sources:
        found = _COMPLAINT.search(source or "")
        if found:
            return _shorten(safe_text((found.group("a") or found.group("b")).strip()))
    for source in sources:
        for line in (source or "").splitlines():
            cleaned = safe_text(line.strip().lstrip("#").strip())
            meaningful = _PLACEHOLDER.sub("", cleaned).strip(" ,.;:-")
            if len(meaningful) >= 3 and cleaned != "Case":
                return _shorten(cleaned)
    return "Conversation"


def conversation_title(
    question: str, case: Case | None, mode_label: str, when: datetime | None = None
) -> str:
    """Return "<subject> · <mode> · <day time>", built from redacted text only."""
    moment = (when or datetime.now().astimezone()).strftime("%d %b %H:%M")
    return f"{subject_of(question, case)} · {mode_label} · {moment}"


def safe_file_stem(title: str, limit: int = 60) -> str:
    """Return a file-name stem for ``title`` (redacted, only letters, digits, space, - and _)."""
    kept = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in safe_text(title))
    return re.sub(r"_+", "_", kept).strip(" _")[:limit] or "conversation"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUBJECT_CHARS else text[: SUBJECT_CHARS - 1].rstrip() + "…"
