"""Which data keys may open a profile's database, and the pending-key protocol.

The key lives in the keychain, in the passphrase sidecar, or both (recovery
passphrase). ``history rekey`` first records the new key as *pending* in every
place, then re-encrypts, then promotes it. Opening tries the current key and then
the pending one, and finishes or discards a rekey that a crash interrupted, so the
database is never left with a key stored nowhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from curbside.errors import (
    CannotUnlockError,
    KeychainEntryLostError,
    KnownError,
    OrphanSidecarError,
    PassphraseRequiredError,
)
from curbside.keys import keychain, sidecar
from curbside.storage.faults import translated
from curbside.storage.layout import Layout


@dataclass
class KeySource:
    """The unlocked data key of an open store and where it came from.

    Attributes:
        key: The 32-byte data key (in memory only).
        layout: The profile's files.
        verified: True when the key came out of the AES-GCM sidecar (so a failing
            database is damaged rather than opened with a wrong key).
    """

    key: bytes
    layout: Layout
    verified: bool = False


def candidates(layout: Layout, passphrase: str | None) -> tuple[list[bytes], bool]:
    """Return the keys to try on an existing database (current first) and ``verified``.

    Raises:
        CannotUnlockError: Wrong passphrase, or the passphrase path does not exist.
        PassphraseRequiredError: No keychain usable and a sidecar exists.
        KeychainEntryLostError: The keychain works but holds no key for this profile.
    """
    if passphrase is not None:
        return _from_sidecar(layout, passphrase), True
    try:
        keys = [keychain.get_key(layout.account), keychain.get_key(layout.account, pending=True)]
    except keychain.KeychainUnavailable:
        if os.path.lexists(layout.sidecar):
            raise PassphraseRequiredError(exists=True) from None
        raise CannotUnlockError(
            "No system keychain is available, and this history's key is kept there.",
            "Open Curbside inside your desktop session (where the keychain runs).",
        ) from None
    found = [k for k in keys if k is not None]
    if not found:
        raise KeychainEntryLostError(
            layout.db, keychain.SERVICE, layout.account, os.path.lexists(layout.sidecar)
        )
    return found, False


def _from_sidecar(layout: Layout, passphrase: str) -> list[bytes]:
    if not os.path.lexists(layout.sidecar):
        raise CannotUnlockError(
            "This history has no passphrase: its key is kept in the system keychain.",
            "Open it without a passphrase, in a session where the keychain is available.",
        )
    stored = sidecar.load(layout.sidecar)
    kek = stored.derive(passphrase)
    keys = [stored.unwrap(kek)]
    if stored.pending is not None:
        keys.append(stored.unwrap(kek, pending=True))
    return keys


def new_key_for(layout: Layout, passphrase: str | None) -> tuple[bytes, bool]:
    """Return the key for a database about to be created, stored where it belongs.

    Existing key material with no database (a first run that failed half-way, or
    a database moved away) is reused rather than replaced: a passphrase sidecar
    is never deleted or overwritten here, since it may be the only key to a
    ``history.db`` that was moved aside.

    Raises:
        PassphraseRequiredError: No keychain is usable and no passphrase was given.
        OrphanSidecarError: A sidecar is here, no database, and no passphrase given.
    """
    if passphrase is not None:
        if os.path.lexists(layout.sidecar):  # a link to nothing is refused, never replaced
            return _from_sidecar(layout, passphrase)[0], True
        key = sidecar.generate_key()
        made, _ = sidecar.new_sidecar(passphrase, key)
        with translated(layout.sidecar):
            sidecar.save(made, layout.sidecar)
        return key, True
    try:
        existing = keychain.get_key(layout.account)
        if existing is not None:
            return existing, False
        if os.path.lexists(layout.sidecar):
            # It may be the only key to a history.db that was moved away: never replace it.
            raise OrphanSidecarError(layout.db, layout.sidecar)
        key = sidecar.generate_key()
        keychain.set_key(layout.account, key)
    except keychain.KeychainUnavailable:
        if os.path.lexists(layout.sidecar):
            raise OrphanSidecarError(layout.db, layout.sidecar) from None
        raise PassphraseRequiredError(exists=False) from None
    return key, False


def promote_pending(layout: Layout) -> None:
    """Make the pending key current everywhere, after it opened the database.

    Only ever called when the pending key *did* open the file (a rekey finished
    re-encrypting, then crashed before promoting). A pending key that does not
    open the file is left alone: a rekey may be running in another process.
    """
    try:
        pending = keychain.get_key(layout.account, pending=True)
        if pending is not None:
            keychain.set_key(layout.account, pending)
            keychain.delete_key(layout.account, pending=True)
    except keychain.KeychainUnavailable:
        pass
    if layout.sidecar.exists():
        stored = sidecar.load(layout.sidecar)
        if stored.pending is not None:
            with translated(layout.sidecar):
                sidecar.save(stored.promoted(), layout.sidecar)


def foreign_profile(layout: Layout) -> str | None:
    """Return the profile folder the sidecar says it was made for, if not this one.

    Reads the file only (no key derivation); None when it names this profile,
    names none (an older file) or cannot be read.
    """
    try:
        stored = sidecar.load(layout.sidecar)
    except KnownError:
        return None
    if stored.profile is None or stored.profile == sidecar.profile_of(layout.sidecar):
        return None
    return stored.profile
