"""Shared fixtures: headless Qt, a throwaway profile, the real default model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Headless always: set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point CURBSIDE_HOME at a temporary folder so no test touches a real profile."""
    home = tmp_path / "curbside-home"
    home.mkdir()
    monkeypatch.setenv("CURBSIDE_HOME", str(home))
    # No test reads the machine's administrator policy (/etc/curbside/...):
    # an empty CURBSIDE_POLICY means "no policy"; policy tests set their own.
    monkeypatch.setenv("CURBSIDE_POLICY", "")
    monkeypatch.delenv("CURBSIDE_DEMO", raising=False)
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """Install an in-memory keyring so no test can touch a real credential; yield its dict."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    store: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            return store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if store.pop((service, username), None) is None:
                raise PasswordDeleteError("no such entry")

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield store
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def default_model_path() -> Path:
    """Return the verified default model file (``make test`` fetches it first)."""
    from curbside.infra import paths
    from curbside.models.catalog import load_catalog

    entry = load_catalog().default()
    path = entry.path(paths.models_dir())
    if not path.is_file():
        pytest.fail(
            f"default model missing at {path}: run `curbside models fetch` (make test does)"
        )
    return path
