"""Read a passphrase for non-interactive use: from a file, stdin or a file descriptor.

Never from a command-line argument: arguments are visible to every user through
``ps`` and land in shell history. ``SPEC`` is a path, ``-`` for stdin, or
``fd:N`` for an inherited descriptor (``/dev/fd/N`` works too on Linux). Only the
first line is used, without its line ending, so ``echo``-made files work.
"""

from __future__ import annotations

import os
import sys

from curbside.errors import InputError
from curbside.infra.limits import MAX_PASSPHRASE_CHARS as MAX_CHARS


def read_passphrase(spec: str) -> str:
    """Return the passphrase named by ``spec``.

    Raises:
        InputError: The source cannot be read or holds no passphrase.
    """
    try:
        raw = _read(spec)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"Cannot read the passphrase from {spec!r}: {exc}.",
            "Give a readable file, '-' for stdin, or fd:N.",
        ) from None
    first = raw.splitlines()[0] if raw else ""
    if not first:
        raise InputError(
            f"The passphrase source {spec!r} is empty.", "Put the passphrase on its first line."
        )
    if len(first) > MAX_CHARS:
        raise InputError("The passphrase is too long.", f"Use at most {MAX_CHARS} characters.")
    return first


def _read(spec: str) -> str:
    # Every source is read one bounded line at a time: `-` fed from /dev/zero or a
    # never-ending pipe stops after MAX_CHARS + 2 characters ("too long").
    if spec == "-":
        return sys.stdin.readline(MAX_CHARS + 2)
    if spec.startswith("fd:"):
        with os.fdopen(int(spec[3:]), encoding="utf-8", closefd=False) as handle:
            return handle.readline(MAX_CHARS + 2)
    with open(spec, encoding="utf-8") as handle:
        return handle.readline(MAX_CHARS + 2)
