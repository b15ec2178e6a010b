"""With a policy listing approved models, only files with those SHA-256 digests load."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.errors import ModelError
from curbside.infra import sha256_file
from curbside.models import ModelRegistry
from curbside.models.approval import require_approved

from tests.doubles.gguf_files import tiny_llama


def _policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, digests: list[str]) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(f"allowed_models = {digests!r}\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(path))


def test_an_approved_file_passes_under_any_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tiny_llama(tmp_path / "approved.gguf")
    copy = tmp_path / "renamed-copy.gguf"
    copy.write_bytes(model.read_bytes())
    _policy(tmp_path, monkeypatch, [sha256_file(model)])
    registry = ModelRegistry(tmp_path / "models", tmp_path / "config")
    require_approved(model, registry)
    require_approved(copy, registry)


def test_an_unapproved_file_is_refused_with_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tiny_llama(tmp_path / "medgemma.gguf")
    _policy(tmp_path, monkeypatch, ["ef" * 32])
    registry = ModelRegistry(tmp_path / "models", tmp_path / "config")
    with pytest.raises(ModelError, match="not one of the models your administrator approved"):
        require_approved(model, registry)


def test_no_list_means_any_model(tmp_path: Path) -> None:
    model = tiny_llama(tmp_path / "any.gguf")
    require_approved(model, ModelRegistry(tmp_path / "models", tmp_path / "config"))
