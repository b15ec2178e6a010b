"""SQLCipher connections for the history, and sqlite-utils bound to them.

**Why sqlite-utils must be bound to sqlcipher3.** sqlite-utils catches
``OperationalError`` (and uses ``sqlite3.complete_statement`` and friends) from
the DB-API module it imported: the stdlib ``sqlite3`` unless ``pysqlite3`` is
importable, which it documents as preferred. ``sqlcipher3`` is a fork of
``pysqlite3`` with the same API, but its exception classes are its own, so with
the stdlib binding ``table.drop(ignore=True)`` on a missing table would raise
``sqlcipher3.dbapi2.OperationalError`` instead of being ignored. The clean fix
is to use that documented preference: before sqlite-utils is first imported,
``pysqlite3`` (and ``pysqlite3.dbapi2``) are registered in ``sys.modules`` as
aliases of ``sqlcipher3``. We then *verify* the binding and refuse to run with a
wrong one (sqlite-utils imported earlier, or a real ``pysqlite3`` installed),
because a wrong binding would silently mishandle errors. Any code in this process
that imports ``pysqlite3`` gets SQLCipher, a superset, which is harmless.

sqlite-utils is never handed a *path*: it would open the file with that module's
plain ``connect`` and no key. :func:`connect_keyed` returns the connection that
:class:`sqlite_utils.Database` wraps.

Connection settings and why:

* ``foreign_keys=ON``: deleting a conversation cascades to its messages.
* ``journal_mode=WAL``: the CLI can read while the app writes, and a crash
  mid-write never damages committed data.
* ``synchronous=FULL``: each committed message also survives a power cut. Commits
  happen at human pace (one per message), so the extra fsync is affordable.
* ``secure_delete=ON``: deleted rows are overwritten with zeros, not just unlinked.
* ``temp_store=MEMORY``: sorts and temporary tables never spill to a temp file.
* ``cipher_log_level=NONE``: SQLCipher's own stderr log stays quiet; we report
  failures ourselves as typed errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import sqlcipher3
from curbside.errors import SQLCipherMissingError
from curbside.keys.datakey import raw_key_pragma
from sqlcipher3 import dbapi2

BUSY_TIMEOUT_S = 5.0
SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096
"""SQLCipher 4 default page size; every valid file is a whole number of pages."""

Connection = Any
"""A ``sqlcipher3.Connection`` (the module ships no type information)."""
DatabaseError = dbapi2.DatabaseError


def _bind_sqlite_utils() -> None:
    sys.modules.setdefault("pysqlite3", sqlcipher3)
    sys.modules.setdefault("pysqlite3.dbapi2", dbapi2)
    import sqlite_utils.db
    import sqlite_utils.utils

    bound = (sqlite_utils.utils.OperationalError, sqlite_utils.db.sqlite3)
    if bound != (dbapi2.OperationalError, sqlcipher3):
        raise ImportError(
            "sqlite-utils is bound to the wrong SQLite module: import curbside.storage "
            "before sqlite_utils, and do not install pysqlite3 beside sqlcipher3"
        )


_bind_sqlite_utils()


def connect_keyed(path: Path, key: bytes) -> Connection:
    """Open ``path`` with ``key`` in raw-key mode and prove both SQLCipher and the key.

    ``PRAGMA key`` always succeeds, so the key is proved by reading
    ``sqlite_master``; ``PRAGMA cipher_version`` proves SQLCipher is the library
    actually loaded. The caller translates ``DatabaseError`` (see
    :mod:`curbside.storage.faults`).

    Raises:
        SQLCipherMissingError: The loaded library does not encrypt.
        DatabaseError: The key is wrong, the file is damaged, or I/O failed.
    """
    conn = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(key))
        row = conn.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            raise SQLCipherMissingError(
                "The SQLite library loaded is not SQLCipher, so history cannot be encrypted.",
                "Reinstall Curbside; its sqlcipher3 package is broken.",
            )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _apply_settings(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _apply_settings(conn: Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise dbapi2.OperationalError(f"cannot switch to WAL (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")


def file_kind(path: Path) -> str:
    """Classify an existing file by its first bytes without opening it.

    Returns:
        ``"plain"`` for an unencrypted SQLite file, ``"truncated"`` when the size
        cannot be a SQLCipher database, else ``"encrypted"`` (maybe).
    """
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return "plain"
    size = path.stat().st_size
    if size < PAGE_SIZE or size % PAGE_SIZE:
        return "truncated"
    return "encrypted"
