"""Translate SQLite/SQLCipher and OS failures into the typed errors users see.

SQLCipher reports a wrong key and a damaged first page identically
(``SQLITE_NOTADB``); the caller says which is likelier through ``key_verified``
(True when the key came out of the AES-GCM sidecar, so it is known to be right).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from curbside.errors import (
    CannotUnlockError,
    DiskFullError,
    HistoryError,
    KnownError,
    NotCurbsideDatabaseError,
    ReadOnlyError,
)
from curbside.storage.driver import DatabaseError

_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
FULL_BELOW = 1024 * 1024
"""Free bytes under which an I/O error is taken for a full disk (a write needs a few pages)."""


def damaged(path: Path) -> NotCurbsideDatabaseError:
    """Return the error for a damaged, truncated or foreign database file."""
    return NotCurbsideDatabaseError(
        f"The history file {path} is damaged or is not a Curbside history.",
        "Restore it from a backup (`curbside history backup` makes one) or move it aside; "
        "Curbside leaves the file as it is.",
    )


def read_only(path: Path) -> ReadOnlyError:
    """Return the error for a data directory or file that cannot be written."""
    return ReadOnlyError(
        f"Curbside cannot write to {path}.",
        "Check that the folder is writable and not on a read-only or full volume "
        "(set CURBSIDE_HOME to use another folder).",
    )


def disk_full(path: Path) -> DiskFullError:
    """Return the error for a full disk."""
    return DiskFullError(
        f"The disk holding {path} is full; the last change was not saved.",
        "Free some space, then try again. Earlier history is intact.",
    )


def from_database_error(exc: Exception, path: Path, *, key_verified: bool = False) -> KnownError:
    """Map a sqlcipher3 ``DatabaseError`` to a typed error."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    if name == "SQLITE_NOTADB":
        if key_verified:
            return damaged(path)
        return CannotUnlockError(
            f"Cannot unlock the history: this profile's key does not open {path} "
            "(it is another profile's history, or it is damaged).",
            "The file was left untouched. Use the right keychain entry, passphrase or backup.",
        )
    if name.startswith("SQLITE_CORRUPT"):
        return damaged(path)
    if name == "SQLITE_FULL":
        return disk_full(path)
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return read_only(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return HistoryError(
            "The history is busy (another Curbside process holds a lock).",
            "Try again in a moment.",
        )
    if name.startswith("SQLITE_IOERR") and nearly_full(path):
        # SQLite reports a write that ran out of space mid-page (or an fsync or
        # mmap of a full disk) as a generic I/O error rather than SQLITE_FULL.
        return disk_full(path)
    if name.startswith("SQLITE_IOERR"):
        return HistoryError(
            f"Reading or writing {path} failed ({name}).",
            "Check the disk and free space, then try again.",
        )
    return HistoryError(f"The history database failed: {exc}", "")


def nearly_full(path: Path) -> bool:
    """True when the volume holding ``path`` has under :data:`FULL_BELOW` bytes free."""
    folder = path if path.is_dir() else path.parent
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows: say "check the disk"
        return False
    return info.f_bavail * info.f_frsize < FULL_BELOW


def from_os_error(exc: OSError, path: Path) -> KnownError:
    """Map an ``OSError`` from file handling to a typed error."""
    if exc.errno in _FULL_ERRNOS:
        return disk_full(path)
    if exc.errno in _READ_ONLY_ERRNOS:
        return read_only(path)
    return HistoryError(f"Cannot use {path}: {exc.strerror}.", "Check the disk and try again.")


@contextlib.contextmanager
def translated(path: Path, *, key_verified: bool = True) -> Iterator[None]:
    """Re-raise database and OS failures inside the block as typed errors."""
    try:
        yield
    except DatabaseError as exc:
        raise from_database_error(exc, path, key_verified=key_verified) from exc
    except OSError as exc:
        raise from_os_error(exc, path) from exc
