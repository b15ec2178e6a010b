"""The evaluation's door to the audit trail (``curbside.audit``), which is built separately.

Every run start and finish is offered to the audit trail as an event, and the
report's header shows the trail's head hash. Until ``curbside.audit`` exists
in this build, events go nowhere and the header says "audit: not available";
when it lands, these two functions are the only place that changes.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

AUDIT_MODULE = "curbside.audit"


def _audit() -> ModuleType | None:
    try:
        return importlib.import_module(AUDIT_MODULE)
    except ModuleNotFoundError:
        return None


def record(event: str, details: dict[str, Any]) -> None:
    """Append ``event`` to the audit trail (settings and digests only, never case text)."""
    module = _audit()
    append = getattr(module, "record_event", None) if module else None
    if callable(append):
        append(event, details)


def head_hash() -> str | None:
    """The audit trail's current head hash, or None when there is no trail in this build."""
    module = _audit()
    head = getattr(module, "head_hash", None) if module else None
    return str(head()) if callable(head) else None
