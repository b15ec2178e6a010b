"""The ``model.load`` entry: the file's identity, the build, and the load options.

The file's SHA-256 is the one the model registry computed for this very file
(same size and modification time) when there is one, else it is computed now;
either way it describes the bytes that were loaded, not a catalog's promise.
Hashing a large file takes seconds, so callers in the window run this off the
GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curbside.audit.events import model_load_details
from curbside.engine import engine_versions
from curbside.errors import KnownError
from curbside.models import ModelRegistry, read_model_info
from curbside.models.integrity import hash_model


def describe_model_load(path: Path, options: dict[str, Any]) -> dict[str, Any]:
    """Return the details of loading ``path`` with engine ``options``."""
    sha256: str | None
    size: int | None
    quantization: str | None
    try:
        sha256 = ModelRegistry().recorded_sha256(path) or hash_model(path)
        size = path.stat().st_size
    except (OSError, KnownError):  # the load is recorded even if the file is unreadable now
        sha256 = size = None
    try:
        quantization = read_model_info(path).quantization
    except (OSError, KnownError):
        quantization = None
    return model_load_details(
        path_name=path.name,
        sha256=sha256,
        size=size,
        quantization=quantization,
        options={k: v for k, v in options.items() if v is None or isinstance(v, str | int | float)},
        versions=engine_versions(),
    )
