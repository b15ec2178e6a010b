"""API keys for remote servers: in the OS keychain, or the passphrase-protected key file.

Service ``"Curbside remote servers"``; the account is the server's name and the
profile (``gpu-ward@/path/to/profile``), so two profiles never share a key and
IT can find the entry by name. Where no keychain is usable (``keyring``'s
``fail`` backend, a chainer with nothing to chain, a backend that raises),
keys go into the passphrase-protected file of :mod:`.keyfile` instead; the
caller gives a :data:`PassphraseSource` (a ``--passphrase-file``, a prompt, a
dialog) that is asked only when that file is really needed.

A key is read from a file the clinician or IT names (``--api-key-file``;
``-`` reads stdin), or from ``CURBSIDE_API_KEY``; it is never accepted on the
command line, where other users can read it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import keyring
import keyring.errors
from curbside.errors import InputError, KnownError
from curbside.infra import paths, read_bounded
from curbside.infra.files import TooLarge, read_stream_bounded
from curbside.infra.limits import MAX_API_KEY_BYTES
from curbside.keys.keychain import account_for
from curbside.remote.keyfile import KeyFile, KeyFileError
from keyring.backends import chainer, fail

SERVICE = "Curbside remote servers"
ENV_KEY = "CURBSIDE_API_KEY"
KEY_FILE_HINT = "pass --passphrase-file FILE ('-' stdin, 'fd:N')"

PassphraseSource = Callable[[bool], str]
"""Returns the key file's passphrase; its argument is True when the file is new
(the source should ask twice and may be refused as too short)."""

Place = Literal["keychain", "passphrase file"]


class KeyStoreError(KnownError):
    """Neither the keychain nor the key file can hold or give back a server's API key."""


def _account(name: str) -> str:
    return f"{name}@{account_for(paths.data_dir())}"


def keychain_usable() -> bool:
    """False when ``keyring`` has no backend that can hold a secret here."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a PYTHON_KEYRING_BACKEND naming nothing installed, say
        return False
    if isinstance(backend, fail.Keyring):
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def store_key(name: str, key: str, passphrase: PassphraseSource | None = None) -> Place:
    """Keep ``key`` for the server ``name``; return where it went.

    The keychain when one is usable (the key is read back to catch a backend
    that drops it silently); else the passphrase-protected key file, created
    with a new passphrase the first time.

    Raises:
        KeyStoreError: No keychain is usable and no passphrase source was given.
        WrongKeyPassphraseError: The passphrase does not open the key file.
        PassphraseTooWeakError: A new key file's passphrase is too short.
    """
    if keychain_usable():
        try:
            keyring.set_password(SERVICE, _account(name), key)
            kept = keyring.get_password(SERVICE, _account(name))
        except Exception:  # any backend failure: fall back to the key file
            kept = None
        if kept == key:
            with contextlib.suppress(KeyFileError):  # one place per key: no stale copy
                KeyFile().remove(name)
            return "keychain"
    if passphrase is None:
        raise KeyStoreError(
            "No system keychain is usable here, so the API key goes in Curbside's "
            "passphrase-protected key file.",
            f"To keep it there, {KEY_FILE_HINT}; or give the key each time with "
            f"--api-key-file FILE or {ENV_KEY}.",
        )
    file = KeyFile()
    unlocked = file.unlock(passphrase(False)) if file.exists() else file.create(passphrase(True))
    unlocked.put(name, key)
    return "passphrase file"


def stored_key(name: str, passphrase: PassphraseSource | None = None) -> str | None:
    """Return the key kept for ``name``, or None when none is kept anywhere.

    Raises:
        KeyStoreError: The key is in the key file and no passphrase source was given.
        WrongKeyPassphraseError: The passphrase does not open the key file.
    """
    if keychain_usable():
        try:
            kept = keyring.get_password(SERVICE, _account(name))
        except Exception:  # a broken keychain: the key file may still hold it
            kept = None
        if kept is not None:
            return kept
    file = KeyFile()
    if name not in file.names():
        return None
    if passphrase is None:
        raise KeyStoreError(
            f"The API key of {name} is in Curbside's passphrase-protected key file.",
            f"To use it, {KEY_FILE_HINT}.",
        )
    return file.unlock(passphrase(False)).get(name)


def key_place(name: str) -> Place | None:
    """Where ``name``'s key is kept (no passphrase needed), or None."""
    if keychain_usable():
        try:
            if keyring.get_password(SERVICE, _account(name)) is not None:
                return "keychain"
        except Exception:  # no usable keychain after all
            pass
    return "passphrase file" if name in KeyFile().names() else None


def has_key(name: str) -> bool:
    """True when a key is kept for ``name`` (in the keychain or the key file)."""
    return key_place(name) is not None


def delete_key(name: str) -> None:
    """Forget the key for ``name`` everywhere (a missing entry or keychain is not an error)."""
    with contextlib.suppress(Exception):  # nothing stored, or nothing to delete from
        keyring.delete_password(SERVICE, _account(name))
    KeyFile().remove(name)


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
