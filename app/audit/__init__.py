"""The audit trail: an append-only, hash-chained log inside the encrypted history.

Public API::

    from curbside.audit import AuditLog, verify_rows, digest
    entry = store.audit.append("model.load", model_load_details(...))
    result = verify_rows(store.audit.rows(), expected_head=recorded)
    print(result.summary())   # "N entries, chain intact, head <hash>"

Entries never hold case text: prompts, answers and comments appear as SHA-256
digests (:func:`digest`). :mod:`.chain` defines the canonical serialization,
:mod:`.log` appends and reads, :mod:`.verify` checks the chain, :mod:`.events`
builds each event's details, :mod:`.export` writes JSONL and CSV, and
:mod:`.checkpoint` signs heads with Ed25519, and :mod:`.config_changes`
records policy files and per-model settings as they change.
"""

from __future__ import annotations

from curbside.audit.chain import GENESIS, Entry, canonical, digest, entry_hash
from curbside.audit.checkpoint import CHECKPOINT, CheckpointCheck, check_checkpoints, sign_head
from curbside.audit.config_changes import (
    record_policy,
    record_settings_file,
    settings_listener,
)
from curbside.audit.copy_check import check_export
from curbside.audit.events import (
    EVENT_TYPES,
    answer_details,
    export_details,
    model_load_details,
    phi_details,
)
from curbside.audit.export import AUDIT_FORMATS, write_audit_export
from curbside.audit.log import AuditLog, Transactor, append_in
from curbside.audit.model_load import describe_model_load
from curbside.audit.verify import Verification, verify_rows

__all__ = [
    "AUDIT_FORMATS",
    "CHECKPOINT",
    "EVENT_TYPES",
    "GENESIS",
    "AuditLog",
    "CheckpointCheck",
    "Entry",
    "Transactor",
    "Verification",
    "answer_details",
    "append_in",
    "canonical",
    "check_checkpoints",
    "check_export",
    "describe_model_load",
    "digest",
    "entry_hash",
    "export_details",
    "model_load_details",
    "phi_details",
    "record_policy",
    "record_settings_file",
    "settings_listener",
    "sign_head",
    "verify_rows",
    "write_audit_export",
]
