"""What may leave the clinician's hands, given the PHI guard's findings.

:mod:`curbside.deid` finds identifiers; this package decides what follows from
them. :mod:`.policy` is the one rule for sending, saving and exporting (the
CLI, the window, the case editor and exports all ask it); :mod:`.case_check`
and :mod:`.export_check` apply the detector to a structured case and to a
whole conversation; :mod:`.scan_cache` scans each distinct text once in a
long export.
"""

from __future__ import annotations

from curbside.privacy.audit_record import record_phi_decision, record_verdict
from curbside.privacy.case_check import case_phi_categories, redacted_case
from curbside.privacy.export_check import phi_categories, redacted_conversation
from curbside.privacy.policy import (
    DEFAULT_RULES,
    Action,
    Rules,
    Verdict,
    decide,
    export_needs_redaction,
    machine_rules,
    require_export_allowed,
    rules_for,
)
from curbside.privacy.scan_cache import Detector, ScanCache
from curbside.privacy.titles import conversation_title, safe_file_stem, safe_text

__all__ = [
    "DEFAULT_RULES",
    "Action",
    "Detector",
    "Rules",
    "ScanCache",
    "Verdict",
    "case_phi_categories",
    "conversation_title",
    "decide",
    "export_needs_redaction",
    "machine_rules",
    "phi_categories",
    "record_phi_decision",
    "record_verdict",
    "redacted_case",
    "redacted_conversation",
    "require_export_allowed",
    "rules_for",
    "safe_file_stem",
    "safe_text",
]
