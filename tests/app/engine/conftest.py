"""A real default-model engine shared by the engine tests (loading takes ~0.2 s)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.engine.llama import LlamaEngine


@pytest.fixture(scope="module")
def engine(default_model_path: Path) -> Iterator[LlamaEngine]:
    """The default model, loaded with a small context to keep tests quick."""
    loaded = LlamaEngine(default_model_path, n_ctx=1024, n_batch=64)
    yield loaded
    loaded.close()
