"""Which models a run compares: a GGUF path or a catalog name, and (later) a remote backend.

A :class:`ModelRef` is what the run records about a model: the name shown,
the SHA-256 of its file, and the key its answers are stored under. Opening
the engine is one function, :func:`open_engine`; remote backends
(``curbside.remote.open_backend``, built separately) plug in there through
:data:`REMOTE_MODULE` without the runner changing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from curbside.engine.base import Engine
from curbside.errors import KnownError, ModelMissingError
from curbside.infra import paths, sha256_file
from curbside.models.catalog import load_catalog
from curbside.models.choice import resolve_model_path

REMOTE_MODULE = "curbside.remote"
"""Module providing ``open_backend(name, model)`` for ``--backend`` (absent until it lands)."""


@dataclass(frozen=True)
class ModelRef:
    """A model in a run.

    Attributes:
        spec: As the user gave it (a path or a catalog name).
        name: The name shown in reports (the file name or catalog name).
        sha256: Digest of the model file ("" for a remote model).
        path: The local file (None for a remote model).
        backend: The remote backend's name (None for a local file).
    """

    spec: str
    name: str
    sha256: str
    path: Path | None = None
    backend: str | None = None

    @property
    def key(self) -> str:
        """The key answers are stored under: the file's digest, or backend and model."""
        return self.sha256 or f"{self.backend}:{self.spec}"

    def as_dict(self) -> dict[str, str | None]:
        """What the run's settings record (no path: paths differ between machines)."""
        return {"name": self.name, "sha256": self.sha256, "backend": self.backend, "key": self.key}


def describe_model(spec: str, backend: str | None = None) -> ModelRef:
    """Resolve ``spec`` (a path or catalog name) and hash the file.

    Raises:
        ModelMissingError: Neither a file nor a catalog model installed here.
    """
    if backend is not None:
        _remote()  # fail now, with the message, not after the first model ran
        return ModelRef(spec, spec, "", None, backend)
    path = Path(spec).expanduser()
    if not path.exists():
        entry = load_catalog().find(spec)
        if entry is None:
            raise ModelMissingError(
                f"No model file or catalog model named '{spec}'.",
                "Pass a GGUF path, or a name from `curbside models list`.",
            )
        path = entry.path(paths.models_dir())
    path = resolve_model_path(path)
    return ModelRef(spec, path.name, sha256_file(path), path)


def open_engine(ref: ModelRef, n_threads: int | None = None) -> Engine:
    """Load the model ``ref`` names (on the calling thread; it is the engine's thread)."""
    if ref.backend is not None:
        opener: Callable[[str, str], Engine] = _remote()
        return opener(ref.backend, ref.spec)
    from curbside.engine.llama import LlamaEngine
    from curbside.models.probe import preflight

    assert ref.path is not None
    preflight(ref.path)
    return LlamaEngine(ref.path, n_threads=n_threads)


def close_engine(engine: Engine) -> None:
    """Free an engine's model, if it holds one."""
    close = getattr(engine, "close", None)
    if callable(close):
        close()


def _remote() -> Callable[[str, str], Engine]:
    try:
        module = importlib.import_module(REMOTE_MODULE)
    except ModuleNotFoundError:
        module = None
    opener = getattr(module, "open_backend", None)
    if opener is None:
        raise KnownError(
            "Remote backends are not available in this version of Curbside.",
            "Pass a local GGUF file or catalog name with --model.",
        )
    return opener
