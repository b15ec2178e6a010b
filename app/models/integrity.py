"""The SHA-256 of a model file, cancellable, in the models package's own words.

Hashing goes through the one loop in :func:`curbside.infra.sha256_file`;
cancelling it becomes a :class:`ModelError` saying what was cancelled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from curbside.errors import ModelError
from curbside.infra import CancelledByUser, sha256_file

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def hash_model(
    path: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    what: str = "Hashing",
) -> str:
    """Return the SHA-256 of a model file; a cancel raises ModelError "<what> was cancelled"."""
    try:
        return sha256_file(path, progress, cancelled)
    except CancelledByUser:
        raise ModelError(f"{what} was cancelled.") from None
