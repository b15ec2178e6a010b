"""The idle lock's settings: its minutes, and the unlock passphrase for keychain profiles.

On a shared OS account the keychain opens for anyone at the keyboard, so it is
no secret: a clinician who turns the idle lock on sets an unlock passphrase,
and only an Argon2id hash of it is kept (``lock.json`` in the data
directory, owner-only). Profiles that use a history passphrase unlock with
that passphrase instead and need no second one.
"""

from __future__ import annotations

import json
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from curbside.errors import PassphraseTooWeakError
from curbside.infra import TooLarge, atomic_write, paths, read_bounded
from curbside.infra.limits import MAX_PASSPHRASE_CHARS, MIN_PASSPHRASE_CHARS

LOCK_FILE = "lock.json"
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2)
"""About 0.2 s a check here: slow for guessing, quick enough for unlocking."""


class LockSecret:
    """The idle lock's unlock passphrase, kept as a hash.

    Args:
        data_dir: The profile directory (default: the current profile).
    """

    def __init__(self, data_dir: Path | None = None) -> None:
        self.path = (data_dir or paths.data_dir()) / LOCK_FILE

    def is_set(self) -> bool:
        """True when an unlock passphrase has been set."""
        return self._stored_hash() is not None

    def idle_minutes(self, default: int) -> int:
        """The clinician's idle-lock minutes for this profile, else ``default``."""
        value = self._document().get("idle_minutes")
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1440:
            return value
        return default

    def set_idle_minutes(self, minutes: int) -> None:
        """Remember the idle-lock minutes (0: off) for this profile."""
        if not 0 <= minutes <= 1440:
            raise ValueError("idle minutes must be between 0 and 1440")
        self._write({**self._document(), "idle_minutes": int(minutes)})

    def set(self, passphrase: str) -> None:
        """Set (or replace) the unlock passphrase.

        Raises:
            PassphraseTooWeakError: It is shorter than the minimum.
        """
        if len(passphrase) < MIN_PASSPHRASE_CHARS:
            raise PassphraseTooWeakError(
                f"The unlock passphrase needs at least {MIN_PASSPHRASE_CHARS} characters.",
                "A few unrelated words work well.",
            )
        self._write({**self._document(), "hash": _HASHER.hash(passphrase)})

    def verify(self, passphrase: str) -> bool:
        """True when ``passphrase`` is the unlock passphrase (False if none is set)."""
        stored = self._stored_hash()
        if stored is None or not passphrase or len(passphrase) > MAX_PASSPHRASE_CHARS:
            return False
        try:
            return _HASHER.verify(stored, passphrase)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def clear(self) -> None:
        """Remove the unlock passphrase (the idle lock is then off for keychain profiles)."""
        document = self._document()
        document.pop("hash", None)
        self._write(document)

    def _stored_hash(self) -> str | None:
        value = self._document().get("hash")
        return value if isinstance(value, str) and value.startswith("$argon2") else None

    def _document(self) -> dict[str, object]:
        try:
            document = json.loads(read_bounded(self.path, 4096))
        except (OSError, TooLarge, ValueError):
            return {}
        return document if isinstance(document, dict) else {}

    def _write(self, document: dict[str, object]) -> None:
        atomic_write(self.path, json.dumps({**document, "format": "curbside-lock", "version": 1}))
