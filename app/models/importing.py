"""Import a GGUF file the clinician brings: check it, hash it, reference or copy it.

The file is checked as hostile input first (:mod:`curbside.models.info`), then its
SHA-256 is computed in one pass (while copying, when copying) with progress and
cancellation, then llama.cpp trial-loads it in a child process. Only then is it
recorded in the registry. A cancelled or failed copy leaves nothing behind.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from curbside.errors import ModelError
from curbside.infra import CancelledByUser, atomic_stream, hash_copy
from curbside.models.info import ModelInfo, read_model_info, require_loadable
from curbside.models.integrity import hash_model
from curbside.models.probe import trial_load
from curbside.models.registry import Cancelled, KnownModel, ModelRegistry, Progress

COPY_BY_DEFAULT_BELOW = 1_000_000_000
"""Files smaller than this are copied by default in the app; larger ones are referenced."""


@dataclass(frozen=True)
class ImportResult:
    """An imported model and its metadata."""

    model: KnownModel
    info: ModelInfo


def import_model(
    source: Path,
    copy: bool = False,
    registry: ModelRegistry | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    trial: bool = True,
) -> ImportResult:
    """Check, hash and record ``source``; with ``copy``, copy it into the models directory.

    Args:
        source: The GGUF file.
        copy: Copy into the models directory instead of referencing in place.
        registry: Where to record it (default: a fresh :class:`ModelRegistry`).
        progress: Called with (bytes done, total) while hashing/copying.
        cancelled: Polled between chunks; True cancels (nothing is recorded).
        trial: Trial-load the file with llama.cpp in a child process first.

    Raises:
        ModelError: The file is not a loadable GGUF model, the copy failed, or
            the import was cancelled.
    """
    source = source.expanduser().absolute()
    info = read_model_info(source)
    require_loadable(info)
    registry = registry or ModelRegistry()
    if copy:
        target = registry.models_dir / source.name
        if target.exists() and not target.samefile(source):
            raise ModelError(
                f"The models directory already has a file called {source.name}.",
                "Rename the file, or remove the existing model first.",
            )
        digest = _copy_hashing(source, target, progress, cancelled)
    else:
        target, digest = source, hash_model(source, progress, cancelled)
    failure = trial_load(target) if trial else None
    if failure is not None:
        if copy and target != source:
            target.unlink(missing_ok=True)
        registry.record_trial(source, failure)  # marked bad: refused again until it changes
        raise ModelError(f"{source.name} cannot be loaded: {failure}", "It was not imported.")
    model = registry.add_import(target, digest, copied=copy)
    if trial:
        registry.record_trial(target, None)
    return ImportResult(model, info if target == source else read_model_info(target))


def _copy_hashing(
    source: Path, target: Path, progress: Progress | None, cancelled: Cancelled | None
) -> str:
    if target.exists():  # the same file, already in place
        return hash_model(target, progress, cancelled)
    try:
        with source.open("rb") as src, atomic_stream(target, mode=0o644) as dst:
            digest = hash_copy(
                src, source.stat().st_size, sink=dst, progress=progress, cancelled=cancelled
            )
        shutil.copystat(source, target)
    except CancelledByUser:
        raise ModelError("The import was cancelled; nothing was copied.") from None
    except OSError as exc:
        raise ModelError(
            f"Could not copy {source.name} into {target.parent}: {exc.strerror or exc}.",
            "Free some disk space, or import the file in place instead of copying it.",
        ) from exc
    return digest
