"""Auditing what configures the answers: the administrator's policy and per-model settings.

* ``policy.change``: recorded when the history opens (in the app and in every
  CLI command) under a policy file whose SHA-256 differs from the last one
  recorded, or when a recorded policy is gone. Details: the file's path and
  SHA-256, the previous SHA-256, and the keys it locks with their values.
* ``model.settings``: recorded on every save or reset of a model's settings
  while a history is open (a listener on
  :mod:`curbside.models.settings_changes`), and, when the history opens, for
  any difference between the settings file and the last values recorded (a
  change made while no history was open, or by hand). Details: the model's
  file, name and SHA-256, the action, each changed key as old -> new, and the
  resulting settings; a system prompt appears only as its SHA-256 and length.

Neither event ever holds case text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from curbside.admin import Policy
from curbside.audit.log import AuditLog
from curbside.errors import KnownError
from curbside.models import ModelRegistry, SettingsStore, load_catalog
from curbside.models.settings import ModelSettings
from curbside.models.settings_changes import SettingsChange, differences, redacted

POLICY_EVENT = "policy.change"
SETTINGS_EVENT = "model.settings"


def record_policy(log: AuditLog, policy: Policy) -> bool:
    """Append ``policy.change`` if the policy in force is not the one last recorded.

    Returns:
        True when an entry was appended.
    """
    last = log.entries(events=(POLICY_EVENT,), limit=1)
    recorded = last[0].details.get("sha256") if last else None
    if policy.sha256 == recorded:
        return False
    settings = policy.settings()
    log.append(
        POLICY_EVENT,
        {
            "path": str(policy.source) if policy.source else None,
            "sha256": policy.sha256,
            "previous_sha256": recorded,
            "locked": {key: settings[key] for key in sorted(policy.locked)},
        },
    )
    return True


def model_identity(file: str) -> dict[str, Any]:
    """Return the file name, display name and SHA-256 of the model named ``file``.

    The catalog's SHA-256 for a known model, else the hash recorded when the
    file was imported or verified (None when it was never hashed: a settings
    save never hashes a multi-GB file).
    """
    entry = load_catalog().by_file(file)
    if entry is not None:
        return {"file": file, "name": entry.name, "sha256": entry.sha256}
    registry = ModelRegistry()
    for model in registry.models():
        if model.path.name == file:
            sha = registry.recorded_sha256(model.path) or model.expected_sha256
            return {"file": file, "name": model.name, "sha256": sha}
    return {"file": file, "name": file, "sha256": None}


def _settings_details(change: SettingsChange, source: str) -> dict[str, Any]:
    return {
        "model": model_identity(change.file),
        "action": change.action,
        "changed": change.changed,
        "settings": change.settings,
        "source": source,
    }


def settings_listener(log: AuditLog) -> Callable[[SettingsChange], None]:
    """Return a listener that records each settings change in ``log``.

    A history that cannot be written (closed, full disk) does not undo the
    save; :func:`record_settings_file` records the change when it next opens.
    """

    def record(change: SettingsChange) -> None:
        with contextlib.suppress(KnownError):
            log.append(SETTINGS_EVENT, _settings_details(change, "curbside"))

    return record


def record_settings_file(log: AuditLog, store: SettingsStore | None = None) -> int:
    """Record every difference between the settings file and the last recorded values.

    Returns:
        How many ``model.settings`` entries were appended.
    """
    last: dict[str, dict[str, Any] | None] = {}
    for entry in log.entries(events=(SETTINGS_EVENT,)):
        file = (entry.details.get("model") or {}).get("file")
        if isinstance(file, str):
            last[file] = entry.details.get("settings")
    stored = (store or SettingsStore()).stored()
    defaults = ModelSettings().as_dict()
    appended = 0
    for file in sorted(set(stored) | set(last)):
        before, now = last.get(file), redacted(stored.get(file))
        if before == now:
            continue
        action = "reset" if now is None else "save" if before is not None else "first save"
        changed = differences(before or defaults, now or defaults)
        change = SettingsChange(file, action, changed, now)
        log.append(SETTINGS_EVENT, _settings_details(change, "settings file"))
        appended += 1
    return appended
