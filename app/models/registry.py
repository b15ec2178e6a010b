"""Every model Curbside knows, and whether each file is the one we expect.

Known models are the catalog's entries, the ``.gguf`` files in the models
directory, and files the clinician imported (recorded, with their SHA-256, in
``models.json`` in the config directory). Integrity is one of
``verified`` (hash checked and the file unchanged since; the records live in
:mod:`curbside.models.registry_state`), ``unknown`` (no
hash to check against, or not checked since the file changed), ``mismatch``
(size or hash differ from what we expect) or ``missing``. Hashing a 20 GB file
takes minutes, so a file is re-hashed only on demand and before its first load
after its size or modification time changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from curbside.engine.gguf_check import check_gguf_file
from curbside.errors import ModelError
from curbside.infra import paths
from curbside.models.catalog import Catalog, ModelEntry, load_catalog
from curbside.models.integrity import hash_model
from curbside.models.registry_state import RegistryState, path_key

Integrity = Literal["verified", "unknown", "mismatch", "missing"]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
STATE_FILE = "models.json"
TRIAL_VERSION = 2
"""Bumped when the trial run checks more (2: a real decode and a bounded template)."""


@dataclass(frozen=True)
class KnownModel:
    """One model as the Models window and ``curbside models list`` show it.

    Attributes:
        name: Display name (catalog name, else the file name).
        path: Where the file is (or is expected, for a catalog entry).
        origin: ``"catalog"``, ``"models-dir"`` or ``"imported"``.
        entry: The catalog entry, if any.
        expected_size: Size we expect, if known.
        expected_sha256: SHA-256 we expect (catalog or recorded at import).
        status: Integrity status (see module docstring).
        is_default: True for the embedded default model.
    """

    name: str
    path: Path
    origin: str
    entry: ModelEntry | None
    expected_size: int | None
    expected_sha256: str | None
    status: Integrity
    is_default: bool = False

    @property
    def present(self) -> bool:
        """Return True when the file exists."""
        return self.status != "missing"


class ModelRegistry:
    """Catalog + models directory + imported files, with integrity records.

    Args:
        models_dir: The models directory (default :func:`paths.models_dir`).
        config_dir: Where ``models.json`` lives (default :func:`paths.config_dir`).
        catalog: The catalog (default: the bundled one).
    """

    def __init__(
        self,
        models_dir: Path | None = None,
        config_dir: Path | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self.models_dir = models_dir or paths.models_dir()
        self.state_path = (config_dir or paths.config_dir()) / STATE_FILE
        self.state = RegistryState(self.state_path)
        self.catalog = catalog or load_catalog()

    # ----- listing -------------------------------------------------------
    def models(self) -> list[KnownModel]:
        """Return every known model: catalog entries first, then other files."""
        state = self.state.load()
        seen: set[str] = set()
        found: list[KnownModel] = []
        for entry in self.catalog.entries:
            path = entry.path(self.models_dir)
            record = state["imports"].get(path_key(path), {})
            found.append(self._describe(entry.name, path, "catalog", entry, record, state))
            seen.add(path_key(path))
        for key, record in state["imports"].items():
            if key not in seen:
                path = Path(key)
                match = self.catalog.by_file(path.name)
                found.append(self._describe(path.name, path, "imported", match, record, state))
                seen.add(key)
        for path in self._dir_files():
            if path_key(path) not in seen:
                found.append(self._describe(path.name, path, "models-dir", None, {}, state))
        return found

    def find(self, key: str) -> KnownModel:
        """Find a model by catalog id, name, file name or path.

        Raises:
            ModelError: Nothing matches ``key``.
        """
        models = self.models()
        wanted = key.casefold()
        exact = [m for m in models if wanted in _names(m)]
        if len(exact) > 1 and wanted != path_key(Path(key)).casefold():
            where = ", ".join(str(m.path) for m in exact)
            raise ModelError(
                f"{len(exact)} models are called {key!r} ({where}).", "Give the file's path."
            )
        if exact:
            return exact[0]
        partial = [m for m in models if _loosely_named(m, wanted)]
        if len(partial) == 1:
            return partial[0]
        candidate = Path(key).expanduser()
        if candidate.exists() or os.sep in key or key.endswith(".gguf"):
            return self.describe_path(candidate)
        if partial:
            names = ", ".join(m.entry.id if m.entry else m.name for m in partial)
            raise ModelError(f"{key!r} matches several models: {names}.", "Name one of them.")
        raise ModelError(
            f"No known model is called {key!r}.",
            "Run `curbside models list` to see the known models, or give a file path.",
        )

    def describe_path(self, path: Path) -> KnownModel:
        """Return the :class:`KnownModel` for any file path (known or not)."""
        state = self.state.load()
        key = path_key(path)
        for model in self.models():
            if path_key(model.path) == key:
                return model
        entry = self.catalog.by_file(path.name)
        record = state["imports"].get(key, {})
        return self._describe(path.name, Path(key), "file", entry, record, state)

    def default(self) -> KnownModel:
        """Return the embedded default model."""
        return next(m for m in self.models() if m.is_default)

    # ----- integrity -----------------------------------------------------
    def verify(
        self,
        model: KnownModel,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> KnownModel:
        """Hash ``model``'s file now and record the outcome.

        Returns:
            The model with its fresh status (``verified``, ``mismatch`` or,
            when there is no hash to check against, ``unknown``).

        Raises:
            ModelError: The file is missing or not a GGUF file, or hashing was cancelled.
        """
        check_gguf_file(model.path)
        self.record_hash(model.path, hash_model(model.path, progress, cancelled))
        return self.describe_path(model.path)

    def recorded_sha256(self, path: Path) -> str | None:
        """Return the hash last computed for ``path`` if the file is unchanged since."""
        record = self.state.current("hashes", path)
        return None if record is None else str(record["sha256"])

    def ensure_verified(
        self, path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> KnownModel:
        """Check ``path`` before a load: re-hash it if it changed since the last check.

        Raises:
            ModelError: The file is missing, not GGUF, or differs from the expected hash.
        """
        model = self.describe_path(path)
        check_gguf_file(path)
        if model.expected_sha256 is not None and self.recorded_sha256(path) is None:
            model = self.verify(model, progress, cancelled)
        if model.status == "mismatch":
            raise mismatch_error(model)
        return model

    def record_hash(self, path: Path, digest: str) -> None:
        """Record ``digest`` as the hash just computed for ``path`` (e.g. after a fetch)."""
        self.state.record("hashes", path, sha256=digest)

    def trial_result(self, path: Path) -> tuple[bool, str] | None:
        """Return the cached trial-load outcome (ok, message) if the file is unchanged since."""
        record = self.state.current("trials", path)
        if record is None:
            return None
        if record.get("version") != TRIAL_VERSION and record.get("ok"):
            return None  # passed an older, weaker trial: run the current one
        return bool(record.get("ok")), str(record.get("message", ""))

    def record_trial(self, path: Path, failure: str | None) -> None:
        """Record a trial load's outcome (``failure`` None means it loaded)."""
        self.state.record(
            "trials", path, ok=failure is None, message=failure or "", version=TRIAL_VERSION
        )

    # ----- imports -------------------------------------------------------
    def add_import(self, path: Path, digest: str, copied: bool) -> KnownModel:
        """Record an imported file and its SHA-256 (trusted from now on)."""
        self.state.record("imports", path, sha256=digest, copied=copied)
        self.record_hash(path, digest)
        return self.describe_path(path)

    def forget(self, model: KnownModel) -> bool:
        """Drop the import and hash records of ``model``; return True if any existed."""
        return self.state.forget(model.path)

    # ----- internals -----------------------------------------------------
    def _describe(
        self,
        name: str,
        path: Path,
        origin: str,
        entry: ModelEntry | None,
        record: dict[str, Any],
        state: dict[str, Any],
    ) -> KnownModel:
        expected_sha = (entry.sha256 if entry else None) or record.get("sha256")
        expected_size = (entry.size if entry else None) or record.get("size")
        status = _status(path, expected_size, expected_sha, state["hashes"].get(path_key(path)))
        is_default = entry is not None and entry.id == self.catalog.default_id
        return KnownModel(
            name, path, origin, entry, expected_size, expected_sha, status, is_default
        )

    def _dir_files(self) -> list[Path]:
        try:
            return sorted(p for p in self.models_dir.glob("*.gguf") if p.is_file())
        except OSError:
            return []


def mismatch_error(model: KnownModel) -> ModelError:
    """Return the error telling the clinician that ``model``'s file is not the expected one."""
    return ModelError(
        f"{model.path.name} does not match its expected size or SHA-256.",
        "The file is corrupt or a different build: fetch or copy it again, or import it anew.",
    )


def _names(model: KnownModel) -> set[str]:
    names = {model.name.casefold(), model.path.name.casefold(), path_key(model.path).casefold()}
    if model.entry is not None:
        names.add(model.entry.id.casefold())
    return names


def _loosely_named(model: KnownModel, wanted: str) -> bool:
    """Match ``wanted`` as a substring of the id or name (``medgemma`` finds one)."""
    names = [model.name.casefold(), model.path.name.casefold()]
    if model.entry is not None:
        names.append(model.entry.id.casefold())
    return any(wanted in name for name in names)


def _status(
    path: Path, size: int | None, sha256: str | None, record: dict[str, Any] | None
) -> Integrity:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    if not path.is_file():
        return "missing"
    if size is not None and stat.st_size != size:
        return "mismatch"
    if sha256 is None or record is None:
        return "unknown"
    if (stat.st_size, stat.st_mtime_ns) != (record.get("size"), record.get("mtime_ns")):
        return "unknown"
    return "verified" if record.get("sha256") == sha256.lower() else "mismatch"
