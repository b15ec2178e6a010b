"""A keyring backend for CLI subprocess tests: secrets in a JSON file in the test profile.

Subprocesses cannot share the in-memory keyring of the test process, and this
machine may have no Secret Service. Tests select this backend with
``PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring``; it stands in for the
OS keychain inside a throwaway ``CURBSIDE_HOME`` and is never used by the app.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    """Keeps secrets in ``$CURBSIDE_HOME/../test-keychain.json``."""

    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["CURBSIDE_HOME"]).parent / "test-keychain.json"

    def _all(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._path.write_text(json.dumps({**self._all(), f"{service}\0{username}": password}))

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._all()
        if secrets.pop(f"{service}\0{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path.write_text(json.dumps(secrets))
