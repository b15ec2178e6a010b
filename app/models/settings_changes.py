"""What changed when a model's settings were saved, told to whoever keeps the record.

:class:`curbside.models.settings.SettingsStore` calls :func:`notify` after every
save and reset with a :class:`SettingsChange`: the model file, and each changed
key with its old and new value. A system prompt is never carried as text, only
as its SHA-256 and length (:func:`redacted`), so a listener cannot log it by
mistake.

Listeners are registered by the layer that keeps the audit trail (the open
history registers one while it is open), so the Models window and the CLI need
not know the audit log exists. A listener that fails does not undo the save;
the history also compares the file with what it last recorded when it next
opens, so a change made while no history was open is recorded then.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Values = dict[str, Any]


@dataclass(frozen=True)
class SettingsChange:
    """One save (or reset) of one model's settings.

    Attributes:
        file: The model's file name (the settings file's key).
        action: ``save``, ``first save`` (nothing was stored: the old values are
            Curbside's defaults) or ``reset`` (back to the defaults).
        changed: Each changed key, as ``{"old": ..., "new": ...}`` (redacted values).
        settings: The settings now stored (redacted), or None after a reset.
    """

    file: str
    action: str
    changed: dict[str, dict[str, Any]]
    settings: Values | None


Listener = Callable[[SettingsChange], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def redacted(values: Values | None) -> Values | None:
    """Return ``values`` with a system prompt replaced by its SHA-256 and length."""
    if values is None:
        return None
    prompt = values.get("system_prompt")
    if not isinstance(prompt, str):
        return dict(values)
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
    return {**values, "system_prompt": {"sha256": digest, "chars": len(prompt)}}


def differences(old: Values | None, new: Values | None) -> dict[str, dict[str, Any]]:
    """Return ``{key: {"old": a, "new": b}}`` for every key whose value differs.

    ``None`` for a whole side means "nothing stored" (the defaults apply).
    """
    before, after = redacted(old) or {}, redacted(new) or {}
    keys = sorted(set(before) | set(after))
    return {
        key: {"old": before.get(key), "new": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    }


def add_listener(listener: Listener) -> None:
    """Call ``listener`` with every later change, until :func:`remove_listener`."""
    with _lock:
        _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling ``listener`` (no error when it was not registered)."""
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def notify(file: str, old: Values, new: Values, action: str) -> SettingsChange | None:
    """Tell every listener what changed for ``file``; return the change (None: nothing did).

    A reset always counts as a change (the stored entry went), even when its
    values equalled the defaults.
    """
    changed = differences(old, new)
    if not changed and action != "reset":
        return None
    stored = None if action == "reset" else redacted(new)
    change = SettingsChange(file, action, changed, stored)
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(change)
    return change
