"""Backup, rekey and recovery passphrase for an open history.

* **Backup** copies the live database with SQLite's backup API into a new file
  keyed with the *same* data key, so the keychain entry or passphrase that opens
  the history also opens the backup. The copy is taken in one step under a read
  transaction, so it is consistent while the app keeps writing. After a rekey,
  older backups still need the *old* key.
  With ``legacy_format`` the copy is re-exported (``sqlcipher_export``) in
  SQLCipher 3 format, same key, for admins whose ``sqlcipher`` shell is 3.x
  (Debian 12 ships 3.4.1, which cannot read SQLCipher 4 files). It is still
  AES-256 encrypted and authenticated (HMAC-SHA1 instead of HMAC-SHA512).
* **Rekey** generates a new data key, records it as pending wherever the key is
  kept (see :mod:`curbside.storage.keystate`), re-encrypts with ``PRAGMA rekey``, then
  makes it current. Run it with the instance lock held: it needs the file alone.
* **Recovery passphrase**: see the policy in :mod:`curbside.keys`.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
from curbside.errors import ExportError, HistoryError, KnownError, PassphraseRequiredError
from curbside.infra import fsync_dir
from curbside.keys import keychain, sidecar
from curbside.keys.datakey import generate_data_key, raw_key_pragma, rekey_pragma
from curbside.storage.faults import translated
from curbside.storage.store import HistoryStore


def backup(store: HistoryStore, destination: Path, *, legacy_format: bool = False) -> None:
    """Write an encrypted, consistent copy of the history to ``destination``.

    Args:
        store: The open history.
        destination: A new file.
        legacy_format: Write SQLCipher 3 format (for 3.x admin tools).

    Raises:
        ExportError: ``destination`` already exists.
        KnownError: The copy cannot be written.
    """
    if destination.exists():
        raise ExportError(f"{destination} already exists.", "Choose a new file name.")
    temp = destination.with_name(f".{destination.name}.partial")
    legacy = destination.with_name(f".{destination.name}.legacy")
    with translated(destination):
        try:
            _snapshot(store, temp)
            if legacy_format:
                _export_legacy(temp, legacy, store.keys.key)
                os.replace(legacy, temp)
            os.chmod(temp, 0o600)
            os.replace(temp, destination)
            fsync_dir(destination.parent)
        finally:
            temp.unlink(missing_ok=True)
            legacy.unlink(missing_ok=True)


def _snapshot(store: HistoryStore, target_path: Path) -> None:
    # One backup step copies every page under a single read transaction.
    target_path.unlink(missing_ok=True)
    with store._lock:
        target = sqlcipher3.connect(str(target_path))
        try:
            target.execute(raw_key_pragma(store.keys.key))
            store.db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()


def _export_legacy(source: Path, target: Path, key: bytes) -> None:
    target.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(source), isolation_level=None)
    try:
        conn.execute(raw_key_pragma(key))
        attach = raw_key_pragma(key).replace("PRAGMA key =", "ATTACH DATABASE ? AS legacy KEY")
        conn.execute(attach, [str(target)])
        conn.execute("PRAGMA legacy.cipher_compatibility = 3")
        conn.execute("SELECT sqlcipher_export('legacy')")
        conn.execute("DETACH DATABASE legacy")
    finally:
        conn.close()


def rekey(store: HistoryStore, passphrase: str | None = None) -> None:
    """Re-encrypt the history under a new random data key.

    Args:
        passphrase: Required when a passphrase sidecar exists (to re-wrap the key).

    Raises:
        PassphraseRequiredError: A sidecar exists and no passphrase was given.
        CannotUnlockError: The passphrase is wrong.
    """
    layout = store.keys.layout
    wrapped = _sidecar_and_kek(layout.sidecar, passphrase, store.keys.key)
    in_keychain = _keychain_holds(layout.account)
    new = generate_data_key()
    with translated(layout.sidecar), _keychain_errors():
        if in_keychain:
            keychain.set_key(layout.account, new, pending=True)
        if wrapped:
            stored, kek = wrapped
            sidecar.save(stored.seal(kek, new, pending=True), layout.sidecar)
        with store._lock, translated(layout.db):
            store.db.execute(rekey_pragma(new))
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.keys.key = new
        if in_keychain:
            keychain.set_key(layout.account, new)
            keychain.delete_key(layout.account, pending=True)
        if wrapped:
            stored, kek = wrapped
            sidecar.save(
                sidecar.Sidecar(stored.params, stored.salt, b"").seal(kek, new), layout.sidecar
            )


def set_passphrase(store: HistoryStore, passphrase: str) -> Path | None:
    """Wrap the history's data key under ``passphrase`` (create or replace the sidecar).

    For a passphrase user this changes the passphrase; for a keychain user it sets
    the recovery passphrase. The database itself is not rewritten. A sidecar that
    may wrap a *different* key (an older file, or one from a moved history) is
    never overwritten: it is kept beside, and its new name returned.
    """
    made, _ = sidecar.new_sidecar(passphrase, store.keys.key)
    path = store.keys.layout.sidecar
    with translated(path):
        kept = None if store.keys.verified else _keep_foreign_sidecar(path, store.keys.key)
        sidecar.save(made, path)
    return kept


def _keep_foreign_sidecar(path: Path, key: bytes) -> Path | None:
    """Move aside a sidecar that may wrap another history's key; return where it went.

    One that provably wraps ``key`` (its key id matches, or it is the file that
    unlocked the history) is simply replaced: it unlocks nothing else, and
    keeping it would keep an old passphrase working.
    """
    if not os.path.lexists(path):
        return None
    try:
        same = sidecar.load(path).wraps(key)
    except KnownError:
        same = None
    if same:
        return None
    kept = path.with_name(f"{path.name}.previous-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, kept)
    return kept


def _sidecar_and_kek(
    path: Path, passphrase: str | None, key: bytes
) -> tuple[sidecar.Sidecar, bytes] | None:
    if not os.path.lexists(path):
        return None
    if passphrase is None:
        raise PassphraseRequiredError(
            exists=True, reason="Rekeying must update the passphrase file"
        )
    stored = sidecar.load(path)
    kek = stored.derive(passphrase)
    if stored.unwrap(kek) != key:  # proves the passphrase before anything changes
        raise HistoryError(
            f"The passphrase file {path} holds the key of another history, not this one's.",
            "Nothing was changed. Move that file aside (it may open a moved history), then rekey.",
        )
    return stored, kek


@contextlib.contextmanager
def _keychain_errors() -> Iterator[None]:
    try:
        yield
    except keychain.KeychainUnavailable as exc:
        raise HistoryError(
            f"The system keychain failed during the rekey ({exc}); the old key still works.",
            "Try again when the keychain is available.",
        ) from exc


def _keychain_holds(account: str) -> bool:
    try:
        return keychain.get_key(account) is not None
    except keychain.KeychainUnavailable:
        return False
