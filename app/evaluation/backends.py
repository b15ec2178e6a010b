"""Which models a run compares: a GGUF path or a catalog name, and (later) a remote backend.

A :class:`ModelRef` is what the run records about a model: the name shown,
the SHA-256 of its file, and the key its answers are stored under. Opening
the engine is one function, :func:`open_engine`; a remote backend opens
through :func:`curbside.remote.open_backend`, whose engine applies the PHI
gate for remote servers to every item.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from curbside.engine.base import Engine
from curbside.errors import ModelMissingError
from curbside.infra import paths, sha256_file
from curbside.models.catalog import load_catalog
from curbside.models.choice import resolve_model_path


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
        from curbside.remote import open_backend  # the PHI gate travels with the engine

        return open_backend(ref.backend, model=ref.spec)
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
