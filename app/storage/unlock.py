"""open_history: find the key, unlock (or create) the database, migrate it.

Refuses, with a typed error and without touching the file, a plain SQLite file,
a truncated or damaged one, a wrong key or passphrase, and a database whose
keychain entry has gone. It never creates a new database over an existing file:
a new one is built under a temporary name and renamed into place only once it
is complete, so ``history.db`` is either absent or a whole, keyed database.
"""

from __future__ import annotations

import os
from pathlib import Path

from curbside.admin import in_demo, load_policy
from curbside.errors import KnownError, PlainDatabaseError
from curbside.infra import fsync_dir
from curbside.keys import generate_data_key
from curbside.storage import faults, keystate
from curbside.storage.driver import Connection, DatabaseError, connect_keyed, file_kind
from curbside.storage.faults import translated
from curbside.storage.layout import Layout
from curbside.storage.schema import migrate
from curbside.storage.store import HistoryStore


def open_history(passphrase: str | None = None, data_dir: Path | None = None) -> HistoryStore:
    """Unlock the profile's history, creating it on first use.

    Conversations older than the administrator's retention period are deleted
    (securely) as the history opens. In the conference demo the history is keyed
    with a random key held only in this process (no keychain, no sidecar).

    Args:
        passphrase: Unlock (or create) with the passphrase sidecar instead of the
            keychain. ``None`` uses the OS keychain.
        data_dir: The profile directory (default: :func:`curbside.infra.paths.data_dir`).

    Raises:
        KnownError: A subclass saying what is wrong (see :mod:`curbside.errors`).
    """
    layout = Layout.at(data_dir)
    with translated(layout.data_dir):
        layout.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    source: keystate.KeySource | None
    if in_demo() and passphrase is None:
        source, conn = None, _open_demo(layout)
    elif layout.db.exists():
        source, conn = _unlock_existing(layout, passphrase)
    else:
        key, verified = keystate.new_key_for(layout, passphrase)
        source = keystate.KeySource(key, layout, verified)
        conn = _create(layout, key)
    store = HistoryStore(conn, layout.db, source)
    try:
        with translated(layout.db):
            migrate(store.db)
        store.delete_older_than(load_policy().retention_days)
    except BaseException:
        store.db.close()
        raise
    return store


def _demo_key() -> bytes:
    """The demo's data key: random, made once per process, never stored anywhere."""
    global _DEMO_KEY
    if _DEMO_KEY is None:
        _DEMO_KEY = generate_data_key()
    return _DEMO_KEY


_DEMO_KEY: bytes | None = None


def _open_demo(layout: Layout) -> Connection:
    """Open (or create) the demo profile's history with the in-memory key.

    No keychain entry is created or read and no sidecar is written, so the
    file cannot be opened once the process ends (and the demo deletes it).
    """
    if layout.db.exists():
        with translated(layout.db, key_verified=True):
            return connect_keyed(layout.db, _demo_key())
    return _create(layout, _demo_key())


def _unlock_existing(
    layout: Layout, passphrase: str | None
) -> tuple[keystate.KeySource, Connection]:
    _check_file(layout.db)
    keys, verified = keystate.candidates(layout, passphrase)
    failure: KnownError | None = None
    for index, key in enumerate(keys):
        try:
            conn = connect_keyed(layout.db, key)
        except DatabaseError as exc:
            failure = faults.from_database_error(exc, layout.db, key_verified=verified)
            continue
        if index > 0:
            keystate.promote_pending(layout)
        return keystate.KeySource(key, layout, verified), conn
    assert failure is not None
    raise failure


def _check_file(path: Path) -> None:
    with translated(path):
        kind = file_kind(path)
    if kind == "plain":
        raise PlainDatabaseError(
            f"{path} is an unencrypted SQLite file, not an encrypted Curbside history.",
            "Curbside will not read or write it. Move it out of the data folder.",
        )
    if kind == "truncated":
        raise faults.damaged(path)


def _create(layout: Layout, key: bytes) -> Connection:
    temp = layout.db.with_name(layout.db.name + ".creating")
    with translated(layout.db, key_verified=True):
        for leftover in (temp, *(Path(f"{temp}{s}") for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        store = HistoryStore(connect_keyed(temp, key), temp, None)
        try:
            migrate(store.db)
        finally:
            store.close()
        os.replace(temp, layout.db)
        fsync_dir(layout.data_dir)
        return connect_keyed(layout.db, key)
