"""Reading a passphrase sidecar as hostile input: bounded, typed and range-checked.

The sidecar is a file anyone with access to the profile can replace. Before a
single Argon2id pass runs, every value is checked: the file is a regular file
of at most :data:`~curbside.infra.limits.MAX_SIDECAR_BYTES` (a FIFO or a link to
``/dev/zero`` is refused before it is read), it is a JSON object no deeper than
:data:`~curbside.infra.limits.MAX_JSON_DEPTH`, the Argon2id costs are whole
numbers inside :mod:`curbside.infra.limits`' bounds (so a crafted file cannot ask
for 8 GiB of memory or 2^31 passes), the salt is 8–64 bytes and the wrapped keys
are exactly one AES-GCM-sealed 32-byte key. Each refusal is one line saying
what is wrong; the file is only ever read.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from curbside.errors import NotCurbsideDatabaseError
from curbside.infra import TooLarge, limits, read_bounded
from curbside.infra.untrusted import TooDeep, load_structured

FORMAT = "curbside-key-sidecar"
WRAPPED_BYTES = 12 + 32 + 16
"""AES-GCM nonce, a 32-byte data key, and the tag."""
T = TypeVar("T")
SALT_BYTES = (8, 64)
KDF_FIELDS = ("time_cost", "memory_cost_kib", "parallelism")


class SidecarFormatError(ValueError):
    """One thing wrong with a sidecar file, said in plain words."""


@dataclass(frozen=True)
class SidecarDocument:
    """The checked contents of a sidecar file (keys still wrapped)."""

    kdf: dict[str, int]
    salt: bytes
    wrapped: bytes
    pending: bytes | None
    key_id: str | None
    pending_key_id: str | None
    profile: str | None


def read_document(path: Path) -> SidecarDocument:
    """Read and check the sidecar at ``path``.

    Raises:
        NotCurbsideDatabaseError: The file cannot be read or is not a valid
            sidecar; the message says which check failed.
    """
    try:
        return read_checked(path, limits.MAX_SIDECAR_BYTES, parse_document)
    except SidecarFormatError as exc:
        reason = str(exc)
    raise NotCurbsideDatabaseError(
        f"The passphrase file {path} is damaged or not a Curbside key file: {reason}.",
        "Curbside left it untouched. Restore it from a backup; without it the passphrase "
        "cannot unlock the history.",
    )


def read_checked(path: Path, limit: int, parse: Callable[[bytes], T]) -> T:
    """Read at most ``limit`` bytes of the key file at ``path`` and ``parse`` them.

    Shared by every file holding wrapped keys (this sidecar, the remote key file).

    Raises:
        SidecarFormatError: Why the file cannot be read or used, in plain words.
    """
    try:
        return parse(read_bounded(path, limit))
    except TooLarge as exc:
        reason = f"it is larger than a key file can be ({exc})"
    except IsADirectoryError:
        reason = "it is a folder"
    except FileNotFoundError:
        reason = "it does not exist (or is a link to nothing)"
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else "it is not a regular file"
    raise SidecarFormatError(reason)


def parse_document(data: bytes) -> SidecarDocument:
    """Check the bytes of a sidecar file.

    Raises:
        SidecarFormatError: What is wrong.
    """
    try:
        raw = load_structured(data.decode("utf-8"))
    except TooDeep as exc:
        raise SidecarFormatError(str(exc)) from None
    except ValueError:  # also UnicodeDecodeError
        raise SidecarFormatError("it is not JSON text") from None
    return check_document(raw)


def check_document(raw: Any) -> SidecarDocument:
    """Check an already parsed sidecar object (also one held inside another key file).

    Raises:
        SidecarFormatError: What is wrong.
    """
    if not isinstance(raw, dict):
        raise SidecarFormatError(f"it holds a JSON {_kind(raw)}, not an object")
    if raw.get("format") != FORMAT or raw.get("version") != 1:
        raise SidecarFormatError("it is not format 'curbside-key-sidecar' version 1")
    pending = raw.get("pending")
    return SidecarDocument(
        kdf=_kdf(raw.get("kdf")),
        salt=_bytes(raw, "salt", SALT_BYTES),
        wrapped=_bytes(raw, "wrapped", (WRAPPED_BYTES, WRAPPED_BYTES)),
        pending=None if pending is None else _bytes(raw, "pending", (WRAPPED_BYTES,) * 2),
        key_id=_optional_text(raw, "key_id"),
        pending_key_id=_optional_text(raw, "pending_key_id"),
        profile=_optional_text(raw, "profile"),
    )


def _kdf(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise SidecarFormatError(f"its 'kdf' is a {_kind(value)}, not an object")
    if sorted(value) != sorted(KDF_FIELDS):
        raise SidecarFormatError(f"its 'kdf' must hold exactly {', '.join(KDF_FIELDS)}")
    for name in KDF_FIELDS:
        number = value[name]
        if isinstance(number, bool) or not isinstance(number, int):
            raise SidecarFormatError(f"its {name} is a {_kind(number)}, not a whole number")
    time_cost, memory, lanes = (value[name] for name in KDF_FIELDS)
    _within("time_cost", time_cost, 1, limits.MAX_KDF_TIME_COST)
    _within("parallelism", lanes, 1, limits.MAX_KDF_PARALLELISM)
    _within("memory_cost_kib", memory, 8 * lanes, limits.MAX_KDF_MEMORY_KIB)
    if time_cost * memory > limits.MAX_KDF_WORK:
        raise SidecarFormatError(
            f"its Argon2id cost ({time_cost} passes over {memory:,} KiB) is more than "
            "Curbside ever writes"
        )
    return {name: int(value[name]) for name in KDF_FIELDS}


def _within(name: str, number: int, low: int, high: int) -> None:
    if not low <= number <= high:
        raise SidecarFormatError(f"its {name} {number:,} is outside {low:,}–{high:,}")


def _bytes(raw: dict[str, Any], name: str, size: tuple[int, int]) -> bytes:
    value = raw.get(name)
    if not isinstance(value, str):
        raise SidecarFormatError(f"its '{name}' is a {_kind(value)}, not base64 text")
    try:
        decoded = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise SidecarFormatError(f"its '{name}' is not valid base64") from None
    low, high = size
    if not low <= len(decoded) <= high:
        expected = f"{low}" if low == high else f"{low}–{high}"
        raise SidecarFormatError(f"its '{name}' is {len(decoded)} bytes, not {expected}")
    return decoded


def _optional_text(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 4096:
        raise SidecarFormatError(f"its '{name}' is not a short text")
    return value


def _kind(value: Any) -> str:
    names = {dict: "object", list: "list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")
