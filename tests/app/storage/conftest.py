"""Fixtures for history tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.keys import sidecar
from curbside.storage import HistoryStore, open_history

from tests.app.storage.helpers import CHEAP_KDF


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use cheap Argon2id parameters; test_keys.py checks the real defaults once."""
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", CHEAP_KDF)


@pytest.fixture
def store(isolated_profile: Path) -> Iterator[HistoryStore]:
    """An open history in the throwaway profile, keyed through the in-memory keychain."""
    opened = open_history()
    yield opened
    opened.close()
