"""open_history: find the key, unlock (or create) the database, migrate it.

Refuses, with a typed error and without touching the file, a plain SQLite file,
a truncated or damaged one, a wrong key or passphrase, and a database whose
keychain entry has gone. It never creates a new database over an existing
file or a dangling link, nor beside an orphan WAL (see
:mod:`curbside.storage.placement`): a new one is built under a temporary name
and renamed into place only once it is complete, so ``history.db`` is either
absent or a whole, keyed database.
"""

from __future__ import annotations

import os
from pathlib import Path

from curbside.admin import Policy, in_demo, load_policy
from curbside.audit import record_policy, record_settings_file, settings_listener
from curbside.errors import (
    CannotUnlockError,
    KnownError,
    NotCurbsideDatabaseError,
    PlainDatabaseError,
)
from curbside.infra import fsync_dir, new_private_file, private_dir
from curbside.keys import generate_data_key
from curbside.models.settings_changes import add_listener, remove_listener
from curbside.storage import faults, keystate, placement
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
    notices: list[str] = []
    with translated(layout.data_dir):
        private_dir(layout.data_dir)
        placement.refuse_dangling_link(layout.db)
        placement.tighten_permissions(layout)
    source: keystate.KeySource | None
    if in_demo() and passphrase is None:
        source, conn = None, _open_demo(layout, notices)
    elif layout.db.exists():
        source, conn = _unlock_existing(layout, passphrase)
    else:
        key, verified = keystate.new_key_for(layout, passphrase)
        source = keystate.KeySource(key, layout, verified)
        conn = _create(layout, key, notices)
    store = HistoryStore(conn, layout.db, source)
    store.notices.extend(notices)
    try:
        with translated(layout.db):
            migrate(store.db)
        how = "passphrase" if passphrase is not None else "keychain"
        store.audit.append("history.unlock", {"file": layout.db.name, "key": how})
        policy = load_policy()
        _watch_configuration(store, policy)
        store.delete_older_than(policy.retention_days)
    except BaseException:
        for hook in store.on_close:  # e.g. stop recording settings changes into it
            hook()
        store.db.close()
        raise
    return store


def _watch_configuration(store: HistoryStore, policy: Policy) -> None:
    """Record a new policy and settings changed while closed; record settings saves from now."""
    record_policy(store.audit, policy)
    record_settings_file(store.audit)
    listener = settings_listener(store.audit)
    add_listener(listener)
    store.on_close.append(lambda: remove_listener(listener))


def _demo_key() -> bytes:
    """The demo's data key: random, made once per process, never stored anywhere."""
    global _DEMO_KEY
    if _DEMO_KEY is None:
        _DEMO_KEY = generate_data_key()
    return _DEMO_KEY


_DEMO_KEY: bytes | None = None


def _open_demo(layout: Layout, notices: list[str]) -> Connection:
    """Open (or create) the demo profile's history with the in-memory key.

    No keychain entry is created or read and no sidecar is written, so the
    file cannot be opened once the process ends (and the demo deletes it).
    """
    if layout.db.exists():
        with translated(layout.db, key_verified=True):
            return connect_keyed(layout.db, _demo_key())
    return _create(layout, _demo_key(), notices)


def _unlock_existing(
    layout: Layout, passphrase: str | None
) -> tuple[keystate.KeySource, Connection]:
    _check_file(layout.db)
    keys, verified = keystate.candidates(layout, passphrase)
    failure: KnownError | None = None
    wrong_key = False
    for index, key in enumerate(keys):
        try:
            conn = connect_keyed(layout.db, key)
        except DatabaseError as exc:
            failure = faults.from_database_error(exc, layout.db, key_verified=verified)
            wrong_key = getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB"
            continue
        if index > 0:
            keystate.promote_pending(layout)
        return keystate.KeySource(key, layout, verified), conn
    assert failure is not None
    if verified and wrong_key:
        raise _not_this_profiles(layout) from None
    raise failure


def _not_this_profiles(layout: Layout) -> KnownError:
    """The passphrase was right but its key does not open ``history.db``: say which file is odd."""
    other = keystate.foreign_profile(layout)
    if other is not None:
        return CannotUnlockError(
            f"The passphrase file {layout.sidecar} was made for another profile ({other}); "
            f"the key it holds does not open {layout.db}.",
            "Curbside left both files untouched. Put back this history's own passphrase file, "
            "or open that profile (set CURBSIDE_HOME to it).",
        )
    return NotCurbsideDatabaseError(
        f"The history file {layout.db} does not open with the key in {layout.sidecar.name}: "
        "it is another profile's history, or it is damaged.",
        "Curbside left both files untouched. Put back the history.db that belongs with this "
        "passphrase file, or restore it from a backup (`curbside history backup` makes one).",
    )


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


def _create(layout: Layout, key: bytes, notices: list[str]) -> Connection:
    """Build a new database beside any orphans (moved aside first, reported in ``notices``)."""
    temp = layout.db.with_name(layout.db.name + ".creating")
    partial = (temp, *(Path(f"{temp}{s}") for s in ("-wal", "-shm")))
    with translated(layout.db, key_verified=True):
        notices.extend(placement.move_orphans_aside(layout))
        for leftover in partial:
            leftover.unlink(missing_ok=True)
        try:
            new_private_file(temp)  # 0600 before SQLite writes a byte (its -wal/-shm follow)
            store = HistoryStore(connect_keyed(temp, key), temp, None)
            try:
                migrate(store.db)
            finally:
                store.close()
            os.replace(temp, layout.db)
        except BaseException:
            for leftover in partial:  # a full disk must not stay full of a half-made file
                leftover.unlink(missing_ok=True)
            raise
        fsync_dir(layout.data_dir)
        return connect_keyed(layout.db, key)
