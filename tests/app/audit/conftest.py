"""Fixtures for audit tests: a real history, and raw access to its SQLCipher file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.keys import sidecar
from curbside.storage import HistoryStore, open_history

from tests.app.storage.helpers import CHEAP_KDF


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2id parameters (the real ones are checked in test_keys.py)."""
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", CHEAP_KDF)


@pytest.fixture
def store(isolated_profile: Path) -> Iterator[HistoryStore]:
    """An open history in the throwaway profile."""
    opened = open_history()
    yield opened
    opened.close()
