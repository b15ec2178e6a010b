"""Recording PHI decisions in the audit trail: categories and counts, never the text.

A blocked send and an override ("Send anyway", ``--allow-phi``) are both
recorded; a clear send is not (its ``answer`` entry says enough).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from curbside.audit import AuditLog, phi_details
from curbside.privacy.policy import Action, Verdict


def record_phi_decision(
    log: AuditLog,
    found: Iterable[str],
    where: str,
    *,
    overridden: bool,
    action: Action = "send",
) -> None:
    """Append ``phi.override`` or ``phi.blocked`` with the categories found and their counts.

    Args:
        log: The audit log.
        found: The categories of the findings (one per finding, duplicates counted).
        where: Where the decision was made (``window``, ``case``, ``cli``, ``feedback``).
        overridden: The clinician overrode the check.
        action: What was about to happen to the text.
    """
    counts = Counter(found)
    if not counts:
        return
    details = phi_details(action=action, categories=list(counts), counts=dict(counts), where=where)
    log.append("phi.override" if overridden else "phi.blocked", details)


def record_verdict(log: AuditLog, verdict: Verdict, found: Iterable[str], where: str) -> None:
    """Record ``verdict`` (blocked or overridden) for findings ``found``; ignore a clear one."""
    if verdict.status != "clear":
        record_phi_decision(log, found, where, overridden=verdict.overridden)
