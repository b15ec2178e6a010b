"""A bundle carries its default model and catalog; it has no pip to fetch with."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from curbside.errors import FetchError
from curbside.infra import paths
from curbside.models.catalog import load_catalog
from curbside.models.fetch import fetch_model
from curbside.models.registry import ModelRegistry


@pytest.fixture
def bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pretend to run frozen from ``tmp_path/bundle``; return its models folder."""
    internal = tmp_path / "bundle" / "_internal"
    (internal / "models").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setenv("CURBSIDE_MODELS_DIR", str(tmp_path / "user-models"))
    return internal / "models"


def test_outside_a_bundle_there_is_no_bundled_models_dir() -> None:
    assert paths.bundled_models_dir() is None
    assert paths.install_kind() == "source"


def test_a_missing_default_is_the_bundled_copy(bundle: Path, default_model_path: Path) -> None:
    entry = load_catalog().default()
    assert entry.path() == paths.models_dir() / entry.file  # nothing bundled yet
    shutil.copy(default_model_path, bundle / entry.file)
    assert entry.path() == bundle / entry.file
    default = ModelRegistry().default()
    assert default.path == bundle / entry.file and default.present
    # A copy in the user's models folder wins over the bundled one.
    paths.models_dir().mkdir(parents=True)
    (paths.models_dir() / entry.file).write_bytes(b"user copy")
    assert entry.path() == paths.models_dir() / entry.file


def test_fetch_in_a_bundle_returns_the_bundled_model(
    bundle: Path, default_model_path: Path
) -> None:
    entry = load_catalog().default()
    shutil.copy(default_model_path, bundle / entry.file)
    assert fetch_model(entry) == bundle / entry.file


def test_fetch_in_a_bundle_without_the_model_says_what_to_do(bundle: Path) -> None:
    with pytest.raises(FetchError, match="cannot download") as caught:
        fetch_model(load_catalog().default())
    assert "Reinstall Curbside" in str(caught.value.hint)


def test_the_catalog_is_read_from_package_data_when_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert paths.catalog_path() == paths.SOURCE_ROOT / "models" / "catalog.json"
    installed = tmp_path / "site-packages" / "curbside"
    (installed / "data").mkdir(parents=True)
    shutil.copy(paths.catalog_path(), installed / "data" / "catalog.json")
    monkeypatch.setattr(paths, "PACKAGE_ROOT", installed)
    assert paths.catalog_path() == installed / "data" / "catalog.json"
    assert load_catalog().default().id == "smollm2-135m-instruct-q4_1"
