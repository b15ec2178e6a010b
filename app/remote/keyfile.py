"""A passphrase-protected file for remote servers' API keys, where no OS keychain is usable.

Locked-down workstations and headless Linux (no Secret Service) have no
keychain ``keyring`` can use. There the API keys go into ``remote_keys.json``
in the profile, owner-only, written atomically. The file is the history's
passphrase machinery reused, not a second one:

* ``lock`` is a Curbside key sidecar (:mod:`curbside.keys.sidecar`): a random
  32-byte *vault key* wrapped with AES-256-GCM under an Argon2id-derived key,
  checked as hostile input (:func:`curbside.keys.sidecar_doc.check_document`)
  before any derivation runs;
* ``keys`` maps each server's name to its API key sealed with AES-256-GCM
  under the vault key, with the name as associated data, so an entry moved to
  another name, or altered, fails to open.

Server names are readable without the passphrase (they are in the server list
anyway), so listing and removing a server need none; reading or adding a key
does. A wrong passphrase is one line, and the file is left as it was.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from curbside.errors import CannotUnlockError, KnownError
from curbside.infra import atomic_write, paths
from curbside.infra.files import private_dir
from curbside.infra.limits import MAX_API_KEY_BYTES, MAX_REMOTE_KEY_FILE_BYTES, MAX_REMOTE_KEYS
from curbside.infra.untrusted import TooDeep, load_structured
from curbside.keys import sidecar
from curbside.keys.sidecar_doc import SidecarFormatError, check_document, read_checked

KEY_FILE = "remote_keys.json"
FORMAT = "curbside-remote-keys"
_AAD = b"curbside remote api key\0"
_SEALED_MAX = 12 + MAX_API_KEY_BYTES + 16


class KeyFileError(KnownError):
    """The passphrase-protected key file cannot be read, opened or written."""


class WrongKeyPassphraseError(KeyFileError):
    """The passphrase does not open the key file."""


@dataclass
class KeyFile:
    """The profile's passphrase-protected key file (it need not exist yet).

    Args:
        path: The file (default: ``remote_keys.json`` in the data directory).
    """

    path: Path = field(default_factory=lambda: paths.data_dir() / KEY_FILE)

    def exists(self) -> bool:
        """True when the file (or a link at its place) exists."""
        return self.path.exists() or self.path.is_symlink()

    def names(self) -> list[str]:
        """Return the servers whose keys the file holds (no passphrase needed)."""
        return sorted(self._read()[1]) if self.exists() else []

    def unlock(self, passphrase: str) -> UnlockedKeyFile:
        """Open the file with ``passphrase``.

        Raises:
            WrongKeyPassphraseError: The passphrase is wrong (or the lock was altered).
            KeyFileError: The file is missing or damaged.
        """
        if not self.exists():
            raise KeyFileError(f"There is no remote key file at {self.path}.")
        lock, sealed = self._read()
        try:
            vault = lock.unwrap(lock.derive(passphrase))
        except CannotUnlockError:
            raise WrongKeyPassphraseError(
                "The passphrase does not open the remote servers' key file.",
                "Check it (it is case-sensitive) and try again.",
            ) from None
        return UnlockedKeyFile(self, lock, vault, sealed)

    def create(self, passphrase: str) -> UnlockedKeyFile:
        """Start an empty key file protected by a new ``passphrase`` (nothing is written yet).

        Raises:
            PassphraseTooWeakError: The passphrase is too short.
            KeyFileError: A key file is already here (it is never replaced).
        """
        if self.exists():
            raise KeyFileError(f"A remote key file is already at {self.path}; it is kept.")
        vault = sidecar.generate_key()
        lock, _ = sidecar.new_sidecar(passphrase, vault)
        return UnlockedKeyFile(self, lock, vault, {})

    def remove(self, name: str) -> bool:
        """Forget ``name``'s key (no passphrase needed); return False if it held none."""
        if not self.exists():
            return False
        lock, sealed = self._read()
        if sealed.pop(name, None) is None:
            return False
        self._write(lock, sealed)
        return True

    def _read(self) -> tuple[sidecar.Sidecar, dict[str, bytes]]:
        try:
            return read_checked(self.path, MAX_REMOTE_KEY_FILE_BYTES, _parse)
        except SidecarFormatError as exc:
            reason = str(exc)
        raise KeyFileError(
            f"The remote key file {self.path} is damaged or not a Curbside key file: {reason}.",
            "Curbside left it untouched. Restore it from a backup, or remove it and add "
            "the servers' keys again.",
        )

    def _write(self, lock: sidecar.Sidecar, sealed: dict[str, bytes]) -> None:
        document = {
            "format": FORMAT,
            "version": 1,
            "lock": sidecar.to_document(lock, sidecar.profile_of(self.path)),
            "keys": {name: _b64e(blob) for name, blob in sorted(sealed.items())},
        }
        try:
            private_dir(self.path.parent)
            atomic_write(self.path, json.dumps(document, indent=2) + "\n")
        except OSError as exc:
            raise KeyFileError(
                f"The remote key file {self.path} cannot be written: "
                f"{(exc.strerror or type(exc).__name__).lower()}."
            ) from exc


@dataclass
class UnlockedKeyFile:
    """An opened key file: read and add keys. Changes are written at once.

    Attributes:
        file: The file it came from.
    """

    file: KeyFile
    _lock: sidecar.Sidecar
    _vault: bytes
    _sealed: dict[str, bytes]

    def get(self, name: str) -> str | None:
        """Return ``name``'s API key, or None if the file holds none.

        Raises:
            KeyFileError: The entry was altered or moved from another name.
        """
        blob = self._sealed.get(name)
        if blob is None:
            return None
        try:
            plain = AESGCM(self._vault).decrypt(blob[:12], blob[12:], _AAD + name.encode())
        except InvalidTag:
            raise KeyFileError(
                f"The key of {name} in {self.file.path} was altered and cannot be read.",
                f"Store it again with `curbside backends add {name} ... --api-key-file F`.",
            ) from None
        return plain.decode("ascii", errors="replace")

    def put(self, name: str, key: str) -> None:
        """Keep ``key`` for ``name`` (replacing any) and write the file.

        Raises:
            KeyFileError: The file is full or cannot be written.
        """
        if name not in self._sealed and len(self._sealed) >= MAX_REMOTE_KEYS:
            raise KeyFileError(f"The remote key file holds {MAX_REMOTE_KEYS} keys already.")
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._vault).encrypt(nonce, key.encode("ascii"), _AAD + name.encode())
        self._sealed[name] = nonce + sealed
        self.file._write(self._lock, self._sealed)


def _parse(data: bytes) -> tuple[sidecar.Sidecar, dict[str, bytes]]:
    """Check the bytes of a key file; return its lock and sealed entries."""
    try:
        raw: Any = load_structured(data.decode("utf-8"))
    except TooDeep as exc:
        raise SidecarFormatError(str(exc)) from None
    except ValueError:
        raise SidecarFormatError("it is not JSON text") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("version") != 1:
        raise SidecarFormatError(f"it is not format '{FORMAT}' version 1")
    lock = sidecar.from_document(check_document(raw.get("lock")))
    keys = raw.get("keys")
    if not isinstance(keys, dict) or len(keys) > MAX_REMOTE_KEYS:
        raise SidecarFormatError(f"its 'keys' is not an object of at most {MAX_REMOTE_KEYS}")
    return lock, {str(name): _sealed(name, value) for name, value in keys.items()}


def _sealed(name: object, value: object) -> bytes:
    if not isinstance(name, str) or len(name) > 200 or not isinstance(value, str):
        raise SidecarFormatError("its 'keys' holds an entry that is not name: base64 text")
    try:
        blob = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise SidecarFormatError(f"the key of '{name}' is not valid base64") from None
    if not 12 + 16 < len(blob) <= _SEALED_MAX:
        raise SidecarFormatError(f"the key of '{name}' is not one sealed API key")
    return blob


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
