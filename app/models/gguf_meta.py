"""Read a GGUF file's metadata without loading its weights, treating the file as hostile.

Only the header, the key/value section and the tensor table are parsed, from a
read-only memory map: big arrays (the tokenizer's vocabulary) are skipped, not
decoded, so a 20 GB file opens in milliseconds. Every count, length and offset
is checked against the file's real size before it is used, so a truncated,
random or crafted file raises :class:`~curbside.errors.ModelError` with a clear
message instead of allocating gigabytes or crashing. Nothing here ever
evaluates the chat template: it is kept as text.

The model-level view (architecture, context, KV shape…) is
:class:`curbside.models.info.ModelInfo`, built from what this module returns.
Tensor types (names and block sizes) are :mod:`curbside.models.ggml_types`.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from curbside.engine.gguf_check import check_gguf_file
from curbside.errors import ModelError
from curbside.models.ggml_types import GGML_TYPES, ggml_type_info

MAX_KEY_BYTES = 65_535
MAX_KEPT_STRING = 1 << 20  # longer strings are skipped, not decoded (a template is a few KB)
MAX_KEPT_STRINGS = 64  # longer string arrays (the vocabulary) are summarised as ArrayInfo
MAX_KEPT_NUMBERS = 4096  # per-layer arrays (head counts) are kept; longer ones summarised
MAX_DIMS = 4
MAX_ELEMENTS = 1 << 62

# GGUF value types: id -> struct format of a scalar (8 = string, 9 = array).
_SCALARS = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
_STRING, _ARRAY = 8, 9
_U32, _U64 = struct.Struct("<I"), struct.Struct("<Q")


@dataclass(frozen=True)
class ArrayInfo:
    """A metadata array too long to keep (e.g. the vocabulary): its type and length."""

    item_type: int
    count: int


@dataclass(frozen=True)
class LongString:
    """A metadata string over :data:`MAX_KEPT_STRING` bytes: skipped, only its length kept.

    A chat template this long is still used by llama.cpp, so it must be reported
    as present (and too large to show), never as missing.
    """

    length: int


@dataclass(frozen=True)
class TensorInfo:
    """One tensor's table entry (its data is never read)."""

    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int
    nbytes: int

    @property
    def elements(self) -> int:
        """Return the number of weights in the tensor."""
        count = 1
        for dim in self.shape:
            count *= dim
        return count


@dataclass(frozen=True)
class GGUFFile:
    """What a GGUF file says about itself, read without touching the weights."""

    path: Path
    file_size: int
    version: int
    fields: dict[str, Any]
    tensors: tuple[TensorInfo, ...] = field(repr=False)
    data_offset: int = 0


class _Truncated(Exception):
    """Raised by the cursor when a read would run past the end of the file."""


class _Cursor:
    """Bounds-checked little-endian reads from a memory map."""

    def __init__(self, buffer: mmap.mmap, size: int) -> None:
        self.buffer = buffer
        self.size = size
        self.pos = 0

    def take(self, n: int) -> int:
        if n < 0 or self.pos + n > self.size:
            raise _Truncated
        start = self.pos
        self.pos += n
        return start

    def u32(self) -> int:
        return int(_U32.unpack_from(self.buffer, self.take(4))[0])

    def u64(self) -> int:
        return int(_U64.unpack_from(self.buffer, self.take(8))[0])

    def string(self, keep: int = MAX_KEPT_STRING) -> str | None:
        """Read a GGUF string; return None (but skip it) when longer than ``keep``."""
        length = self.u64()
        start = self.take(length)
        if length > keep:
            return None
        return bytes(self.buffer[start : start + length]).decode("utf-8", errors="replace")

    def remaining(self) -> int:
        return self.size - self.pos


def read_gguf(path: Path) -> GGUFFile:
    """Parse ``path``'s header, metadata and tensor table.

    Raises:
        ModelError: The path is missing, a directory, empty, not GGUF, truncated
            or internally inconsistent; the message says which.
    """
    check_gguf_file(path)
    try:
        with path.open("rb") as handle:
            size = path.stat().st_size
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
                return _parse(path, _Cursor(buffer, min(size, len(buffer))))
    except _Truncated:
        raise _malformed(path, "it ends in the middle of its header (truncated)") from None
    except OSError as exc:
        raise ModelError(
            f"{path.name} cannot be read: {exc.strerror or exc}.", "Check the file and try again."
        ) from exc


def _parse(path: Path, cur: _Cursor) -> GGUFFile:
    cur.take(4)  # magic, already checked
    version = cur.u32()
    tensor_count, kv_count = cur.u64(), cur.u64()
    if kv_count * 13 + tensor_count * 32 > cur.remaining():  # smallest possible entries
        raise _malformed(
            path,
            f"it is truncated or its header is corrupt (it claims {kv_count:,} keys and "
            f"{tensor_count:,} tensors in {cur.size:,} bytes)",
        )
    fields: dict[str, Any] = {}
    for _ in range(kv_count):
        key = cur.string(MAX_KEY_BYTES)
        if key is None or not key:
            raise _malformed(path, "a metadata key is empty or absurdly long")
        if key in fields:
            raise _malformed(path, f"the key {key!r} appears twice")
        fields[key] = _value(path, cur, cur.u32(), depth=0)
    alignment = fields.get("general.alignment", 32)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise _malformed(path, f"its alignment {alignment!r} is not a power of two")
    tensors = [_tensor(path, cur, alignment) for _ in range(tensor_count)]
    data_offset = -(-cur.pos // alignment) * alignment
    _check_tensors(path, tensors, data_offset, cur.size)
    return GGUFFile(path, cur.size, version, fields, tuple(tensors), data_offset)


def _value(path: Path, cur: _Cursor, kind: int, depth: int) -> Any:
    if kind in _SCALARS:
        fmt = struct.Struct("<" + _SCALARS[kind])
        return fmt.unpack_from(cur.buffer, cur.take(fmt.size))[0]
    if kind == _STRING:
        start = cur.pos
        text = cur.string()
        return LongString(cur.pos - start - 8) if text is None else text
    if kind != _ARRAY or depth > 0:
        raise _malformed(path, f"it uses an unknown or nested value type ({kind})")
    item_type, count = cur.u32(), cur.u64()
    if item_type == _STRING:
        return _string_array(path, cur, count)
    if item_type not in _SCALARS:
        raise _malformed(path, f"an array holds an unsupported value type ({item_type})")
    width = struct.calcsize("<" + _SCALARS[item_type])
    if count > cur.remaining() // width:
        raise _malformed(path, f"an array claims {count:,} items, more than the file holds")
    if count > MAX_KEPT_NUMBERS:
        cur.take(count * width)
        return ArrayInfo(item_type, count)
    fmt = struct.Struct(f"<{count}{_SCALARS[item_type]}")
    return list(fmt.unpack_from(cur.buffer, cur.take(fmt.size)))


def _string_array(path: Path, cur: _Cursor, count: int) -> ArrayInfo | list[str | None]:
    if count > cur.remaining() // 8:
        raise _malformed(path, f"a string array claims {count:,} items, more than the file holds")
    if count <= MAX_KEPT_STRINGS:
        return [cur.string() for _ in range(count)]
    # Skip without decoding: this loop is the whole cost of opening a model, so it is
    # kept minimal; a length running past the end surfaces as struct.error.
    unpack, buffer, pos = _U64.unpack_from, cur.buffer, cur.pos
    try:
        for _ in repeat(None, count):
            (length,) = unpack(buffer, pos)
            pos += 8 + length
    except (struct.error, OverflowError):  # a length past the end, or past any offset
        raise _Truncated from None
    if pos > cur.size:
        raise _Truncated
    cur.pos = pos
    return ArrayInfo(_STRING, count)


def _tensor(path: Path, cur: _Cursor, alignment: int) -> TensorInfo:
    name = cur.string(MAX_KEY_BYTES)
    n_dims = cur.u32()
    if name is None or not 1 <= n_dims <= MAX_DIMS:
        raise _malformed(path, f"a tensor has a bad name or {n_dims} dimensions")
    shape = tuple(cur.u64() for _ in range(n_dims))
    ggml_type, offset = cur.u32(), cur.u64()
    name_, block, type_size = ggml_type_info(ggml_type, path)
    elements = 1
    for dim in shape:
        elements *= dim
    if not shape or min(shape) < 1 or elements > MAX_ELEMENTS or shape[0] % block:
        raise _malformed(path, f"tensor {name!r} has an impossible shape {shape} for {name_}")
    if offset % alignment:
        raise _malformed(path, f"tensor {name!r} is not aligned")
    return TensorInfo(name, shape, ggml_type, offset, elements // block * type_size)


def _check_tensors(path: Path, tensors: list[TensorInfo], data_offset: int, size: int) -> None:
    names = set()
    end = data_offset
    for tensor in tensors:
        if tensor.name in names:
            raise _malformed(path, f"the tensor {tensor.name!r} appears twice")
        names.add(tensor.name)
        end = max(end, data_offset + tensor.offset + tensor.nbytes)
    if end > size:
        raise ModelError(
            f"{path.name} is truncated: its weights need {end:,} bytes but the file has {size:,}.",
            "The download or copy was cut short: fetch or copy the file again.",
        )


def _malformed(path: Path, why: str) -> ModelError:
    return ModelError(
        f"{path.name} is not a valid GGUF model file: {why}.",
        "Download or copy the file again; if it persists, the file is damaged or not a model.",
    )


__all__ = [
    "GGML_TYPES",
    "MAX_KEPT_STRING",
    "ArrayInfo",
    "GGUFFile",
    "LongString",
    "TensorInfo",
    "ggml_type_info",
    "read_gguf",
]
