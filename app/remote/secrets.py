"""API keys for remote servers: in the OS keychain, never in a settings file or argv.

Service ``"Curbside remote servers"``; the account is the server's name and the
profile (``gpu-ward@/path/to/profile``), so two profiles never share a key and
IT can find the entry by name. A key is read from a file the clinician or IT
names (``--api-key-file``; ``-`` reads stdin), or from ``CURBSIDE_API_KEY``;
it is never accepted on the command line, where other users can read it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import keyring
import keyring.errors
from curbside.errors import InputError, KnownError
from curbside.infra import paths, read_bounded
from curbside.infra.files import TooLarge, read_stream_bounded
from curbside.infra.limits import MAX_API_KEY_BYTES
from curbside.keys.keychain import account_for

SERVICE = "Curbside remote servers"
ENV_KEY = "CURBSIDE_API_KEY"


class KeyStoreError(KnownError):
    """The keychain cannot hold or give back a server's API key."""


def _account(name: str) -> str:
    return f"{name}@{account_for(paths.data_dir())}"


def store_key(name: str, key: str) -> None:
    """Keep ``key`` for the server ``name`` in the keychain, and read it back.

    Raises:
        KeyStoreError: No keychain is usable here, or it did not keep the key.
    """
    try:
        keyring.set_password(SERVICE, _account(name), key)
        kept = keyring.get_password(SERVICE, _account(name))
    except Exception as exc:  # any backend failure: no usable keychain
        raise _unusable(exc) from exc
    if kept != key:
        raise KeyStoreError("The system keychain did not keep the API key.")


def stored_key(name: str) -> str | None:
    """Return the key kept for ``name``, or None (also when no keychain is usable)."""
    try:
        return keyring.get_password(SERVICE, _account(name))
    except Exception:  # no keychain: the caller falls back to a key file or the env
        return None


def has_key(name: str) -> bool:
    """True when a key is kept for ``name``."""
    return stored_key(name) is not None


def delete_key(name: str) -> None:
    """Forget the key for ``name`` (a missing entry or keychain is not an error)."""
    try:
        keyring.delete_password(SERVICE, _account(name))
    except Exception:  # nothing stored, or nothing to delete from
        return


def read_key_file(spec: str) -> str:
    """Return the API key in file ``spec`` (``-`` reads stdin), stripped.

    Raises:
        InputError: The file is missing, too large, empty or not one line of text.
    """
    try:
        if spec == "-":
            raw = read_stream_bounded(sys.stdin.buffer, MAX_API_KEY_BYTES)
        else:
            raw = read_bounded(Path(spec).expanduser(), MAX_API_KEY_BYTES)
    except TooLarge as exc:
        raise InputError(f"The key file {spec} is too large to hold an API key.") from exc
    except OSError as exc:
        raise InputError(f"The key file {spec} cannot be read.") from exc
    return check_key(raw.decode("utf-8", errors="replace"), f"The key file {spec}")


def key_from_env() -> str | None:
    """Return ``CURBSIDE_API_KEY`` if set and usable, else None.

    Raises:
        InputError: It is set but is not a one-line key.
    """
    value = os.environ.get(ENV_KEY)
    if not value:
        return None
    return check_key(value[: MAX_API_KEY_BYTES + 1], ENV_KEY)


def check_key(text: str, where: str) -> str:
    """Return ``text`` stripped if it is one line of printable ASCII.

    Raises:
        InputError: It is empty, too long, or spans several lines.
    """
    key = text.strip()
    if not key:
        raise InputError(f"{where} holds no API key.")
    if len(key) > MAX_API_KEY_BYTES or not key.isascii() or not key.isprintable():
        raise InputError(f"{where} does not hold a one-line API key.")
    return key


def _unusable(exc: Exception) -> KeyStoreError:
    detail = type(exc).__name__
    if isinstance(exc, keyring.errors.NoKeyringError):
        detail = "no keychain is installed"
    return KeyStoreError(
        f"The API key cannot be kept: {detail}.",
        f"Give it each time instead, with --api-key-file FILE or {ENV_KEY}.",
    )
