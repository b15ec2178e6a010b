"""The one way Curbside writes a file atomically, hashes a file, and reads one within a budget.

Every settings file, sidecar, cache, export and model copy goes through
:func:`atomic_write` or :func:`atomic_stream`: a temporary file in the same
directory, written, flushed and fsynced, given owner-only permissions, renamed
over the target, and the directory fsynced so the rename itself survives a
power cut. A crash at any point leaves either the old file or the new one,
never half of one. :func:`sha256_file` is the one hashing loop (cancellable,
with progress), and :func:`read_bounded` reads untrusted files with a size limit
so ``/dev/zero`` or a FIFO cannot exhaust memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from curbside.errors import KnownError

CHUNK = 1 << 20
"""Bytes read per step when hashing or copying (1 MiB)."""

OWNER_ONLY = 0o600
"""Permissions of every file Curbside writes."""

PRIVATE_DIR = 0o700
"""Permissions of every directory Curbside creates."""

Progress = Callable[[int, int], None]
"""Called with (bytes done, total bytes) after each chunk."""

Cancelled = Callable[[], bool]
"""Polled between chunks; True stops the work."""


class CancelledByUser(KnownError):
    """Raised by the hashing and copying loops when ``cancelled()`` returns True."""

    def __init__(self, message: str = "Cancelled; nothing was changed.", hint: str = "") -> None:
        super().__init__(message, hint)


class TooLarge(Exception):
    """Raised by :func:`read_bounded` when a file is over its budget."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"over {limit:,} bytes")
        self.limit = limit


def fsync_dir(directory: Path) -> None:
    """Flush a directory entry (a rename or a new file) to disk, where the OS allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def private_dir(directory: Path) -> Path:
    """Create ``directory`` and every missing parent owner-only (0700); return it.

    ``Path.mkdir(parents=True, mode=...)`` applies the mode to the last folder
    only, so a cache created inside a fresh ``CURBSIDE_HOME`` used to make the
    profile folder itself 0755. Every directory Curbside creates goes through
    here. Folders that already exist are left as they are.

    Raises:
        OSError: A folder cannot be created (read-only or full disk, a file in the way).
    """
    missing: list[Path] = []
    current = directory
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if not folder.is_dir():
                raise
    return directory


def new_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (0600), so what is written later is never exposed.

    SQLite creates a database, and its ``-wal`` and ``-shm`` files after it, with
    the database file's permissions, so creating the empty file first makes all
    three 0600 from their first byte.

    Raises:
        FileExistsError: ``path`` already exists.
    """
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))


@contextlib.contextmanager
def atomic_stream(path: Path, *, mode: int = OWNER_ONLY) -> Iterator[BinaryIO]:
    """Yield a binary handle whose content replaces ``path`` only if the block succeeds.

    Args:
        path: The file to create or replace.
        mode: Permissions of the new file (owner-only by default).
    """
    private_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes | str, *, mode: int = OWNER_ONLY) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8), atomically and durably."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_stream(path, mode=mode) as handle:
        handle.write(payload)


def hash_copy(
    source: BinaryIO,
    total: int,
    *,
    sink: BinaryIO | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> str:
    """Return the SHA-256 of ``source`` read to its end, copying it to ``sink`` if given.

    Raises:
        CancelledByUser: ``cancelled()`` returned True between two chunks.
    """
    digest, done = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        if sink is not None:
            sink.write(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            raise CancelledByUser()
    return digest.hexdigest()


def sha256_file(
    path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> str:
    """Return the SHA-256 hex digest of the file at ``path`` (see :func:`hash_copy`)."""
    with path.open("rb", buffering=0) as handle:
        return hash_copy(handle, path.stat().st_size, progress=progress, cancelled=cancelled)


def read_bounded(path: Path, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    Raises:
        TooLarge: the file holds more than ``limit`` bytes (checked while
            reading, so a growing file or a device cannot get past it).
        IsADirectoryError, OSError: ``path`` is not a readable regular file
            (a FIFO, a device or a directory is refused before it is opened
            for reading, so it cannot block).
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path} is not a regular file")
    if info.st_size > limit:
        raise TooLarge(limit)
    with path.open("rb") as handle:
        return read_stream_bounded(handle, limit)


def read_stream_bounded(handle: BinaryIO, limit: int) -> bytes:
    """Read at most ``limit`` bytes from an open stream; raise :class:`TooLarge` past it."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data
