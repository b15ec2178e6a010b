"""The model catalog: facts about models we know, read from ``models/catalog.json``.

Each entry carries the file name, size, SHA-256, licence, quantization, chat
format and RAM needed. Sizes and hashes are given only where we really know
them; an entry without a hash cannot be verified against the catalog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curbside.infra import paths


@dataclass(frozen=True)
class ModelEntry:
    """One model the catalog knows about."""

    id: str
    name: str
    file: str
    size: int | None
    sha256: str | None
    license: str
    quantization: str
    chat_format: str
    ram_gb: float
    clinical: bool
    notes: str
    architecture: str = ""
    parameters: str = ""
    context_length: int | None = None
    source: dict[str, Any] = field(default_factory=dict)

    def path(self, models_dir: Path | None = None) -> Path:
        """Return where this model's file is expected.

        In a bundle, a catalog model missing from the models directory is the
        read-only copy the bundle carries, if it carries one.
        """
        target = (models_dir or paths.models_dir()) / self.file
        bundled = paths.bundled_models_dir()
        if bundled is not None and not target.exists() and (bundled / self.file).is_file():
            return bundled / self.file
        return target


@dataclass(frozen=True)
class Catalog:
    """All catalog entries, with the id of the embedded default."""

    default_id: str
    entries: tuple[ModelEntry, ...]

    def default(self) -> ModelEntry:
        """Return the embedded default model's entry."""
        found = self.find(self.default_id)
        assert found is not None, "catalog default id names no entry"
        return found

    def find(self, key: str) -> ModelEntry | None:
        """Find an entry by id, file name or display name (case-insensitive)."""
        wanted = key.casefold()
        for entry in self.entries:
            if wanted in (entry.id.casefold(), entry.file.casefold(), entry.name.casefold()):
                return entry
        return None

    def by_file(self, file_name: str) -> ModelEntry | None:
        """Find the entry whose file name matches ``file_name`` exactly."""
        return next((e for e in self.entries if e.file == file_name), None)


_FIELDS = set(ModelEntry.__dataclass_fields__)


def load_catalog(path: Path | None = None) -> Catalog:
    """Read the catalog JSON file.

    Args:
        path: Catalog file; defaults to the bundled ``models/catalog.json``.
    """
    raw = json.loads((path or paths.catalog_path()).read_text(encoding="utf-8"))
    entries = tuple(
        ModelEntry(**{k: v for k, v in item.items() if k in _FIELDS}) for item in raw["models"]
    )
    return Catalog(default_id=raw["default"], entries=entries)
