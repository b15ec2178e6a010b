"""Cheap checks on a model file before llama.cpp ever sees it.

llama.cpp's loader reports most problems only as a generic failure (and some
malformed files can crash it), so obvious problems are caught here first: a
missing path, a directory, an empty or truncated file, and a file that is not
GGUF at all. The engine checks every file it is given; the model registry
checks files before listing them. Size and SHA-256 checks are in
:mod:`curbside.models.integrity`.
"""

from __future__ import annotations

import struct
from pathlib import Path

from curbside.errors import ModelError, ModelMissingError

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
_HEADER = struct.Struct("<4sIQQ")  # magic, version, tensor count, metadata kv count


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
