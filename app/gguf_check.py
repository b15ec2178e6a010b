"""Cheap checks on a model file before llama.cpp ever sees it.

llama.cpp's loader reports most problems only as a generic failure (and some
malformed files can crash it), so obvious problems are caught here first: a
missing path, a directory, an empty or truncated file, and a file that is not
GGUF at all. Catalog size and SHA-256 checks live here too.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from pathlib import Path

from app.errors import ModelError, ModelMissingError

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
_HEADER = struct.Struct("<4sIQQ")  # magic, version, tensor count, metadata kv count
_CHUNK = 4 * 1024 * 1024


def check_gguf_file(path: Path) -> None:
    """Raise :class:`ModelError` unless ``path`` looks like a loadable GGUF file.

    Args:
        path: The model file.
    """
    if not path.exists():
        raise ModelMissingError(
            f"Model file not found: {path}",
            "Run `curbside models fetch` for the default model, or choose another GGUF file.",
        )
    if path.is_dir():
        raise ModelError(f"{path} is a directory, not a model file.", "Choose a .gguf file.")
    size = path.stat().st_size
    if size < _HEADER.size:
        raise ModelError(
            f"Model file {path} is empty or truncated ({size} bytes).",
            "Download or copy the file again.",
        )
    with path.open("rb") as handle:
        magic, version, tensors, _kv = _HEADER.unpack(handle.read(_HEADER.size))
    if magic != GGUF_MAGIC:
        raise ModelError(
            f"{path.name} is not a GGUF model file (it does not start with 'GGUF').",
            "Curbside runs GGUF files made for llama.cpp; convert or download a .gguf file.",
        )
    if version not in SUPPORTED_VERSIONS:
        raise ModelError(
            f"{path.name} uses GGUF version {version}, which this llama.cpp does not read.",
            "Use a file made by a recent llama.cpp (GGUF version 2 or 3).",
        )
    if tensors == 0:
        raise ModelError(f"{path.name} contains no tensors.", "It is not a usable model file.")


def sha256_file(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Return the hex SHA-256 of a file, reading it in chunks.

    Args:
        path: The file to hash.
        progress: Called with (bytes done, total bytes) after each chunk.
        cancelled: Polled between chunks; when it returns True a
            :class:`ModelError` saying so is raised.
    """
    total = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with path.open("rb", buffering=0) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
            if cancelled is not None and cancelled():
                raise ModelError("Hashing was cancelled.")
    return digest.hexdigest()


def verify_against(path: Path, size: int | None, sha256: str | None) -> None:
    """Raise :class:`ModelError` if ``path`` differs from the expected size or hash."""
    check_gguf_file(path)
    actual_size = path.stat().st_size
    if size is not None and actual_size != size:
        raise ModelError(
            f"{path.name} is {actual_size:,} bytes; the catalog expects {size:,}.",
            "The file is truncated or a different build: fetch or copy it again.",
        )
    if sha256 is not None:
        actual = sha256_file(path)
        if actual != sha256.lower():
            raise ModelError(
                f"{path.name} has SHA-256 {actual[:16]}…, not the catalog's {sha256[:16]}….",
                "The file is corrupt or a different build: fetch or copy it again.",
            )
