"""Which model a file *is*, decided by its SHA-256 rather than its name.

A byte-identical copy of the demo model under another name is still the demo
model, and a clinical model renamed to the demo's file name is not. The hash
recorded by the registry is reused when the file is unchanged since; otherwise
the file is hashed (in the caller's worker thread: a 20 GB file takes minutes)
and the result recorded, so the next start is instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from curbside.errors import KnownError, ModelError
from curbside.models.catalog import Catalog, ModelEntry
from curbside.models.info import read_model_info
from curbside.models.integrity import hash_model
from curbside.models.registry import ModelRegistry


@dataclass(frozen=True)
class ModelFacts:
    """What the About box, the demo notice and the audit trail say about a model file.

    Attributes:
        path: The file.
        name: The catalog name when the hash matches an entry, else the file's own name.
        sha256: The file's SHA-256 (hex).
        license: The catalog's licence, else the GGUF's ``general.license``, else "unknown".
        entry: The catalog entry whose SHA-256 matches, if any.
    """

    path: Path
    name: str
    sha256: str
    license: str
    entry: ModelEntry | None = None

    @property
    def is_demo(self) -> bool:
        """True when the file is byte-identical to a non-clinical (demo) catalog model."""
        return self.entry is not None and not self.entry.clinical

    @property
    def model_id(self) -> str:
        """The catalog id, else the file's stem (for the audit trail)."""
        return self.entry.id if self.entry else self.path.stem


def entry_for_sha256(catalog: Catalog, digest: str) -> ModelEntry | None:
    """Return the catalog entry whose published SHA-256 is ``digest``."""
    wanted = digest.lower()
    return next((e for e in catalog.entries if e.sha256 and e.sha256.lower() == wanted), None)


def identify_model(
    path: Path,
    registry: ModelRegistry | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ModelFacts:
    """Identify ``path`` by its content (hashing it if no fresh hash is recorded).

    Raises:
        ModelError: The file cannot be read (missing, moved, unreadable).
    """
    registry = registry or ModelRegistry()
    digest = registry.recorded_sha256(path)
    if digest is None:
        try:
            digest = hash_model(path, progress)
        except OSError as exc:
            raise ModelError(
                f"{path.name} could not be read to identify it ({exc.strerror or exc}).",
                "Check that the file is still there and readable, then load it again.",
            ) from None
        registry.record_hash(path, digest)
    entry = entry_for_sha256(registry.catalog, digest)
    if entry is not None:
        return ModelFacts(path, entry.name, digest, entry.license or "unknown", entry)
    try:
        info = read_model_info(path)
        name, licence = info.name, info.license or "unknown"
    except (KnownError, OSError, ValueError):  # an unreadable header still has a hash
        name, licence = path.name, "unknown"
    return ModelFacts(path, name, digest, licence)
