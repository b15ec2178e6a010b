"""Single-instance lock for the desktop app, held on a file in the data directory.

Only the desktop app (and ``curbside history rekey``, which needs the database to
itself) take the lock; read-only CLI commands do not, so ``curbside history list``
works while the app runs (SQLite's WAL mode keeps them consistent).

The lock is an OS advisory lock on ``curbside.lock`` (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows). The OS drops it when the process dies, even by
SIGKILL, so a crash never leaves a stale lock behind. The file records the
holder's PID only to make the message more helpful.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import IO

from curbside.errors import KnownError
from curbside.infra import paths
from curbside.infra.files import private_dir

LOCK_NAME = "curbside.lock"


class AppAlreadyRunningError(KnownError):
    """Another Curbside process holds the profile's lock."""


class InstanceLock:
    """An exclusive, non-blocking lock on a profile's data directory.

    Args:
        data_dir: The profile directory (default: :func:`curbside.infra.paths.data_dir`).
        what: Who takes the lock, for the error message.
    """

    def __init__(self, data_dir: Path | None = None, what: str = "Curbside") -> None:
        self.path = (data_dir or paths.data_dir()) / LOCK_NAME
        self.what = what
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock.

        Raises:
            AppAlreadyRunningError: Another process holds it.
        """
        private_dir(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        handle = os.fdopen(fd, "a+", encoding="ascii")
        try:
            _lock(handle)
        except OSError:
            holder = _holder(handle)
            raise AppAlreadyRunningError(
                f"Curbside is already running for this profile (process {holder}).",
                f"Switch to the open window, or close it before starting {self.what}.",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Release the lock (safe to call twice)."""
        if self._handle is not None:
            self._handle.close()  # closing the descriptor drops the OS lock
            self._handle = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._handle is not None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _holder(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        return handle.read(32).strip() or "another process"
    except OSError:  # Windows refuses to read a region another process locked
        return "another process"
    finally:
        handle.close()


if os.name == "nt":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
