"""The administrator's policy file: what IT decides, and locks, for every user of a machine.

A hospital's IT places one read-only TOML file per machine:

* Linux: ``/etc/curbside/policy.toml``
* Windows: ``%ProgramData%\\Curbside\\policy.toml``
* macOS: ``/Library/Application Support/Curbside/policy.toml``

``CURBSIDE_POLICY`` names another file (tests, pilots); set to an empty
string it means "no policy". Every key is optional; a key that is present
sets the value **and locks it** against change in the app. The file fails
closed: one that does not parse, names an unknown key or holds a value of the
wrong type or range stops Curbside with one line naming the file and the
problem, because silently ignoring IT's policy would be worse than not
starting. The file is untrusted input like any other: it is read with a size
limit and never executed.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from curbside.errors import KnownError
from curbside.infra import TooLarge, read_bounded
from curbside.infra.untrusted import TooDeep, load_structured

MAX_POLICY_BYTES = 64 * 1024
"""A policy is a few lines; anything larger is not one."""

ExportRule = Literal["off", "redacted", "allowed"]
_EXPORT_RULES = ("off", "redacted", "allowed")
_SHA256_CHARS = frozenset("0123456789abcdef")
_NOT_SETTINGS = ("source", "locked", "sha256")
"""Policy fields that describe the file rather than set anything."""


class PolicyError(KnownError):
    """The administrator's policy file is unusable; Curbside does not start."""

    exit_code = 1


@dataclass(frozen=True)
class Policy:
    """The effective administrator settings.

    Attributes:
        idle_lock_minutes: Lock the window after this many idle minutes (0: never).
        send_anyway: Whether the PHI guard may be overridden ("Send anyway",
            ``--allow-phi``).
        allow_remote_override: Whether an override may send identifiers to a
            remote server (never, unless IT says so).
        allowed_models: SHA-256 digests of the only model files that may load
            (empty: any model).
        allowed_endpoints: Base URLs of the only remote servers that may be used
            (empty: none configured by policy; the app's own list applies).
        allow_http_hosts: Host names reachable over plain HTTP besides loopback.
        exports: ``off``, ``redacted`` (placeholders always) or ``allowed``.
        retention_days: Delete conversations not updated for this many days
            (0: keep them).
        demo_mode: Force the conference demo mode (a throwaway profile).
        demo_auto_reset_minutes: In demo mode, reset for the next visitor after
            this many idle minutes (0: only by hand).
        source: The file the policy came from, or None (the defaults).
        locked: The keys the file set, which the app does not let anyone change.
        sha256: The SHA-256 of the file's bytes, or None (the defaults); the
            audit trail records each new one.
    """

    idle_lock_minutes: int = 10
    send_anyway: bool = True
    allow_remote_override: bool = False
    allowed_models: tuple[str, ...] = ()
    allowed_endpoints: tuple[str, ...] = ()
    allow_http_hosts: tuple[str, ...] = ()
    exports: ExportRule = "allowed"
    retention_days: int = 0
    demo_mode: bool = False
    demo_auto_reset_minutes: int = 0
    source: Path | None = field(default=None, compare=False)
    locked: frozenset[str] = field(default=frozenset(), compare=False)
    sha256: str | None = field(default=None, compare=False)

    def is_locked(self, key: str) -> bool:
        """True when the administrator's file sets ``key``."""
        return key in self.locked

    def why_locked(self, key: str) -> str:
        """One sentence for the app to show next to a locked setting ("" when not locked)."""
        if not self.is_locked(key):
            return ""
        return f"Set by your administrator in {self.source}; it cannot be changed here."

    def allows_model(self, sha256: str | None) -> bool:
        """True when a model with this SHA-256 may load under the policy."""
        if not self.allowed_models:
            return True
        return sha256 is not None and sha256.lower() in self.allowed_models

    def settings(self) -> dict[str, Any]:
        """Return the effective settings as JSON-ready values."""
        values: dict[str, Any] = {}
        for item in fields(self):
            if item.name in _NOT_SETTINGS:
                continue
            value = getattr(self, item.name)
            values[item.name] = list(value) if isinstance(value, tuple) else value
        return values

    def as_report(self) -> dict[str, Any]:
        """What ``curbside policy check`` prints: source, its SHA-256, locked keys, settings.

        The SHA-256 is the one the audit trail's ``policy.change`` entries name.
        """
        return {
            "source": str(self.source) if self.source else None,
            "sha256": self.sha256,
            "locked": sorted(self.locked),
            "settings": self.settings(),
        }


DEFAULT_POLICY = Policy()
KEYS = tuple(f.name for f in fields(Policy) if f.name not in _NOT_SETTINGS)


def default_location() -> Path:
    """Return where IT places the policy on this operating system."""
    if sys.platform == "win32":
        root = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(root) / "Curbside" / "policy.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Curbside/policy.toml")
    return Path("/etc/curbside/policy.toml")


def policy_path() -> Path | None:
    """Return the policy file to read: ``$CURBSIDE_POLICY`` or the OS location if present."""
    override = os.environ.get("CURBSIDE_POLICY")
    if override is not None:
        return Path(override).expanduser() if override else None
    location = default_location()
    return location if location.exists() else None


def load_policy(path: Path | None = None) -> Policy:
    """Return the effective policy: ``path``, else :func:`policy_path`, else the defaults.

    Raises:
        PolicyError: The file cannot be read, does not parse, names an unknown
            key, or holds a wrong value. The message names the file and the key.
    """
    path = path if path is not None else policy_path()
    if path is None:
        return DEFAULT_POLICY
    data = _read_bytes(path)
    document = _parse_toml(path, data)
    unknown = sorted(set(document) - set(KEYS))
    if unknown:
        raise _problem(path, f"unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    values = {key: _check(path, key, value) for key, value in document.items()}
    sha256 = hashlib.sha256(data).hexdigest()
    return Policy(**values, source=path, locked=frozenset(values), sha256=sha256)


def _read_bytes(path: Path) -> bytes:
    try:
        return read_bounded(path, MAX_POLICY_BYTES)
    except TooLarge:
        raise _problem(path, f"the file is over {MAX_POLICY_BYTES // 1024} KiB") from None
    except FileNotFoundError:
        raise _problem(path, "the file does not exist") from None
    except OSError as exc:
        raise _problem(path, f"cannot read it ({exc.strerror or exc})") from None


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    try:
        document: dict[str, Any] = load_structured(data.decode("utf-8"), "toml")
        return document
    except UnicodeDecodeError:
        raise _problem(path, "the file is not UTF-8 text") from None
    except TooDeep as exc:  # 5,000 nested lists raised RecursionError (a traceback)
        raise _problem(path, str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise _problem(path, f"it is not valid TOML ({exc})") from None


def _problem(path: Path, what: str) -> PolicyError:
    return PolicyError(
        f"The administrator's policy {path} is unusable: {what}.",
        "Curbside will not start until it is fixed; `curbside policy check FILE` tells why.",
    )


def _check(path: Path, key: str, value: Any) -> Any:
    default = getattr(DEFAULT_POLICY, key)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise _problem(path, f"{key} must be true or false")
        return value
    if isinstance(default, int):
        return _whole_number(path, key, value)
    if isinstance(default, tuple):
        return _string_list(path, key, value)
    if value not in _EXPORT_RULES:
        raise _problem(path, f"exports must be one of {', '.join(_EXPORT_RULES)}")
    return value


def _whole_number(path: Path, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _problem(path, f"{key} must be a whole number")
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        raise _problem(path, f"{key} must be a whole number")
    if not 0 <= value <= 36_500:
        raise _problem(path, f"{key} must be between 0 and 36,500")
    return int(value)


def _string_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _problem(path, f"{key} must be a list of strings")
    if len(value) > 1000:
        raise _problem(path, f"{key} has more than 1,000 entries")
    cleaned = tuple(v.strip() for v in value)
    if key == "allowed_models":
        cleaned = tuple(v.lower() for v in cleaned)
        bad = [v for v in cleaned if len(v) != 64 or not set(v) <= _SHA256_CHARS]
        if bad:
            raise _problem(path, f"allowed_models entry {bad[0][:20]!r} is not a SHA-256")
    return cleaned
