"""Which model file to run: an explicit path, ``$CURBSIDE_MODEL``, or the catalog default."""

from __future__ import annotations

import os
from pathlib import Path

from curbside.errors import ModelMissingError
from curbside.infra import paths
from curbside.models.catalog import load_catalog


def resolve_model_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the model file to load.

    Args:
        explicit: A path given by the user (``--model``); wins over everything.

    Raises:
        ModelMissingError: The chosen file does not exist (the message names
            the path and how to fetch the default model).
    """
    chosen = explicit or os.environ.get("CURBSIDE_MODEL")
    if chosen:
        path = Path(chosen).expanduser()
        if not path.exists():
            raise ModelMissingError(f"Model file not found: {path}", "Check the path.")
        return path
    path = load_catalog().default().path(paths.models_dir())
    if not path.exists():
        raise ModelMissingError(
            f"The default model is not installed (expected at {path}).",
            "Run `curbside models fetch` to fetch it, or pass --model PATH.",
        )
    return path
