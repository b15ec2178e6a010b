"""The passphrase sidecar: the data key wrapped under an Argon2id-derived key.

Used when no keychain is usable, and as the optional recovery passphrase of a
keychain user (policy in :mod:`curbside.keys`). The file is small JSON holding the
Argon2id parameters and salt plus the data key sealed with AES-256-GCM; the
parameters and a label are the associated data, so nothing in the file can be
altered or swapped without the unwrap failing. Changing the passphrase re-wraps
the same data key: the database itself is never rewritten for that.

A ``pending`` slot holds a second wrapped key while ``history rekey`` runs, so a
crash between re-encrypting the database and updating this file never leaves a
database whose key is nowhere (both slots share the associated data, so promoting
the pending key just moves it).

Argon2id defaults are Bitwarden's (64 MiB, parallelism 4) with 6 passes, which
takes about 0.35 s on the development machine, inside the 0.3–1 s KeePassXC aims for.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from curbside.errors import CannotUnlockError, PassphraseTooWeakError
from curbside.infra import atomic_write
from curbside.infra.limits import MIN_PASSPHRASE_CHARS
from curbside.keys.datakey import generate_data_key as generate_key
from curbside.keys.sidecar_doc import FORMAT, SidecarDocument, read_document

__all__ = [
    "DEFAULT_PARAMS",
    "KdfParams",
    "Sidecar",
    "from_document",
    "generate_key",
    "key_id",
    "load",
    "new_sidecar",
    "profile_of",
    "save",
    "to_document",
]


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (memory in KiB)."""

    time_cost: int = 6
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 4


DEFAULT_PARAMS = KdfParams()


@dataclass(frozen=True)
class Sidecar:
    """A parsed sidecar file; keys inside are still wrapped."""

    params: KdfParams
    salt: bytes
    wrapped: bytes
    pending: bytes | None = None
    key_id: str | None = None
    pending_key_id: str | None = None
    profile: str | None = None

    def derive(self, passphrase: str) -> bytes:
        """Return the key-encryption key for ``passphrase`` (the slow step)."""
        return derive_kek(passphrase, self.params, self.salt)

    def unwrap(self, kek: bytes, *, pending: bool = False) -> bytes:
        """Return the data key (or the pending one).

        Raises:
            CannotUnlockError: Wrong passphrase, or the file was altered.
        """
        blob = self.pending if pending else self.wrapped
        if blob is None:
            raise CannotUnlockError("No pending key is stored in the passphrase file.")
        try:
            return AESGCM(kek).decrypt(blob[:12], blob[12:], self._aad())
        except InvalidTag:
            raise CannotUnlockError(
                "Cannot unlock the history: the passphrase is wrong.",
                "Check the passphrase (it is case-sensitive) and try again.",
            ) from None

    def seal(self, kek: bytes, key: bytes, *, pending: bool = False) -> Sidecar:
        """Return a copy with ``key`` wrapped into the current or pending slot."""
        nonce = secrets.token_bytes(12)
        blob = nonce + AESGCM(kek).encrypt(nonce, key, self._aad())
        if pending:
            return replace(self, pending=blob, pending_key_id=key_id(key))
        return replace(self, wrapped=blob, key_id=key_id(key))

    def promoted(self) -> Sidecar:
        """Return a copy whose pending key became the current one (after a rekey)."""
        if self.pending is None:
            return self
        return replace(
            self,
            wrapped=self.pending,
            key_id=self.pending_key_id,
            pending=None,
            pending_key_id=None,
        )

    def wraps(self, key: bytes) -> bool | None:
        """Return whether the current slot holds ``key`` (None: unknown, an older file)."""
        return None if self.key_id is None else self.key_id == key_id(key)

    def _aad(self) -> bytes:
        # Binds the parameters: weakening them in the file makes the unwrap fail.
        return json.dumps([FORMAT, 1, asdict(self.params)], sort_keys=True).encode()


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect patient data."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise PassphraseTooWeakError(
            f"The passphrase is too short ({len(passphrase)} characters).",
            f"Use at least {MIN_PASSPHRASE_CHARS} characters; a few unrelated words work well.",
        )


def derive_kek(passphrase: str, params: KdfParams, salt: bytes) -> bytes:
    """Derive a 32-byte key-encryption key with Argon2id."""
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def new_sidecar(
    passphrase: str, key: bytes, params: KdfParams | None = None
) -> tuple[Sidecar, bytes]:
    """Wrap ``key`` under a new passphrase; return the sidecar and its KEK.

    ``params`` defaults to :data:`DEFAULT_PARAMS`, read at call time (tests lower it).
    """
    check_new_passphrase(passphrase)
    empty = Sidecar(params=params or DEFAULT_PARAMS, salt=secrets.token_bytes(16), wrapped=b"")
    kek = empty.derive(passphrase)
    return empty.seal(kek, key), kek


def load(path: Path) -> Sidecar:
    """Read a sidecar file, checking every value before any key derivation runs.

    Raises:
        NotCurbsideDatabaseError: The file is not a readable, valid sidecar (see
            :mod:`curbside.keys.sidecar_doc`); the file is left untouched.
    """
    return from_document(read_document(path))


def from_document(doc: SidecarDocument) -> Sidecar:
    """Return the sidecar a checked document describes (keys still wrapped)."""
    return Sidecar(
        params=KdfParams(**doc.kdf),
        salt=doc.salt,
        wrapped=doc.wrapped,
        pending=doc.pending,
        key_id=doc.key_id,
        pending_key_id=doc.pending_key_id,
        profile=doc.profile,
    )


def save(sidecar: Sidecar, path: Path) -> None:
    """Write the sidecar atomically (temp file, fsync, rename), readable by the owner only.

    The file records the profile folder it belongs to, so a sidecar copied into
    another profile is recognised as such instead of being called damaged.
    """
    atomic_write(path, json.dumps(to_document(sidecar, profile_of(path)), indent=2))


def to_document(sidecar: Sidecar, profile: str) -> dict[str, Any]:
    """Return the JSON object a sidecar is written as, naming the ``profile`` it belongs to."""
    return {
        "format": FORMAT,
        "version": 1,
        "kdf": asdict(sidecar.params),
        "salt": _b64e(sidecar.salt),
        "wrapped": _b64e(sidecar.wrapped),
        "pending": _b64e(sidecar.pending) if sidecar.pending else None,
        "key_id": sidecar.key_id,
        "pending_key_id": sidecar.pending_key_id if sidecar.pending else None,
        "profile": profile,
    }


def profile_of(path: Path) -> str:
    """Return the profile a sidecar at ``path`` belongs to (its resolved folder)."""
    return str(path.parent.expanduser().resolve())


def key_id(key: bytes) -> str:
    """Return a short public fingerprint of a data key (it reveals nothing of the key).

    Lets Curbside tell whether a sidecar wraps the key of the open history
    without the passphrase, so it never overwrites one wrapping another key.
    """
    return hashlib.sha256(b"curbside key id\0" + key).hexdigest()[:32]


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
