"""The unit of the PHI guard's output: one identifier found in a text.

A :class:`Finding` is a half-open span ``text[start:end]`` (Python string
indices) with a Safe Harbor category and a short reason a clinician can read
("after 'Dr.'", "NPI check digit"). :func:`resolve` turns the raw, possibly
overlapping output of the individual rules into the final, sorted,
non-overlapping list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LABELS: tuple[str, ...] = (
    "NAME",
    "DATE",
    "AGE",
    "PHONE",
    "EMAIL",
    "URL",
    "IP",
    "SSN",
    "ID",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "ADDRESS",
    "LOCATION",
    "ZIP",
    "FACILITY",
)
"""Every category the detector emits."""

_PRIORITY = {label: rank for rank, label in enumerate(reversed(LABELS))}
# Structured identifiers beat free-text guesses when two rules claim the same
# characters: a validated SSN is surer than a name guess.
_PRIORITY.update({"SSN": 40, "EMAIL": 39, "URL": 38, "IP": 37, "LICENSE": 36, "VEHICLE": 35})
_PRIORITY.update({"PHONE": 34, "ADDRESS": 33, "DATE": 32, "AGE": 31, "ID": 30, "DEVICE": 29})
_PRIORITY.update({"FACILITY": 28, "NAME": 27, "LOCATION": 26, "ZIP": 25})


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier: ``text[start:end]`` of category ``label``.

    Attributes:
        start: Index of the first character.
        end: Index one past the last character.
        label: Category, one of :data:`LABELS`.
        text: The characters of the span (kept in memory only, never logged).
        reason: Why the detector thinks so, in a few words.
    """

    start: int
    end: int
    label: str
    text: str
    reason: str


def make(text: str, start: int, end: int, label: str, reason: str) -> Finding:
    """Return a :class:`Finding` for ``text[start:end]``, trimmed of outer whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Finding(start, end, label, text[start:end], reason)


def resolve(findings: Iterable[Finding], text: str | None = None) -> list[Finding]:
    """Return non-overlapping findings sorted by start.

    Overlapping findings are merged into one span covering them all, so no
    character a rule flagged is ever left out; the merged finding takes the
    category and reason of its highest-priority member (then the longest).
    """
    ordered = sorted((f for f in findings if f.end > f.start), key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for finding in ordered:
        if cluster and finding.start >= cluster_end:
            merged.append(_merge(cluster, text))
            cluster = []
        cluster.append(finding)
        cluster_end = max(cluster_end, finding.end) if len(cluster) > 1 else finding.end
    if cluster:
        merged.append(_merge(cluster, text))
    return merged


def _rank(finding: Finding) -> tuple[float, int]:
    priority = float(_PRIORITY.get(finding.label, 0))
    if finding.reason == "name in the Census lists":
        priority -= 1.5  # a lone dictionary name yields to a place it is part of ("NEW BRAUNFELS")
    return priority, finding.end - finding.start


def _merge(cluster: list[Finding], text: str | None) -> Finding:
    if len(cluster) == 1:
        return cluster[0]
    best = max(cluster, key=_rank)
    start = min(f.start for f in cluster)
    end = max(f.end for f in cluster)
    if text is None:
        pieces = {f.start: f.text for f in cluster}
        span_text = (
            best.text if (best.start, best.end) == (start, end) else "".join(pieces.values())
        )
    else:
        span_text = text[start:end]
    return Finding(start, end, best.label, span_text, best.reason)
