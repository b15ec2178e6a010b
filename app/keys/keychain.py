"""The data key in the OS keychain through ``keyring``.

Service ``"Curbside history"``; the account is the resolved data directory, so
each profile (a pilot's ``$CURBSIDE_HOME``, a test folder) has its own entry and
IT can find it by name. The key is stored as 64 hex digits.

"No keychain usable" covers ``NoKeyringError`` (no backend at all, or the
``fail`` backend), ``EOFError`` (some alternate backends prompt on a missing
terminal), a locked keyring and backend initialisation errors, and also any
other exception a backend raises (a ``PYTHON_KEYRING_BACKEND`` naming a module
that is not installed, a D-Bus error): all of them lead to the passphrase path
instead of a crash.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.errors
from curbside.keys.datakey import key_from_hex, key_to_hex

SERVICE = "Curbside history"
PENDING_SUFFIX = " (pending rekey)"

_UNUSABLE = (
    keyring.errors.NoKeyringError,
    keyring.errors.KeyringLocked,
    keyring.errors.InitError,
    EOFError,
)


class KeychainUnavailable(Exception):
    """No usable keychain here (the passphrase path must be used)."""


def account_for(data_dir: Path) -> str:
    """Return the keyring account naming the profile at ``data_dir``."""
    return str(data_dir.expanduser().resolve())


def get_key(account: str, *, pending: bool = False) -> bytes | None:
    """Return the stored data key, or None when there is no entry.

    Raises:
        KeychainUnavailable: No keychain can be used here.
    """
    try:
        stored = keyring.get_password(_service(pending), account)
    except Exception as exc:  # any backend failure means "no usable keychain"
        raise KeychainUnavailable(type(exc).__name__) from exc
    if stored is None:
        return None
    try:
        return key_from_hex(stored)
    except ValueError:
        return None  # a foreign or mangled entry is as good as no entry


def set_key(account: str, key: bytes, *, pending: bool = False) -> None:
    """Store ``key`` and read it back, so a silently failing backend is caught.

    Raises:
        KeychainUnavailable: No keychain can be used, or it did not keep the key.
    """
    try:
        keyring.set_password(_service(pending), account, key_to_hex(key))
    except Exception as exc:  # PasswordSetError, NoKeyringError, a broken backend...
        raise KeychainUnavailable(type(exc).__name__) from exc
    if get_key(account, pending=pending) != key:
        raise KeychainUnavailable("the keychain did not keep the key")


def delete_key(account: str, *, pending: bool = False) -> None:
    """Remove an entry if present (a missing entry is not an error)."""
    try:
        keyring.delete_password(_service(pending), account)
    except keyring.errors.PasswordDeleteError:
        pass
    except _UNUSABLE as exc:
        raise KeychainUnavailable(type(exc).__name__) from exc


def _service(pending: bool) -> str:
    return SERVICE + PENDING_SUFFIX if pending else SERVICE
