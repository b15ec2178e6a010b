"""Fixtures for audit tests: the history tests' real store and cheap key derivation."""

from __future__ import annotations

from tests.app.storage.conftest import cheap_kdf, store

__all__ = ["cheap_kdf", "store"]
