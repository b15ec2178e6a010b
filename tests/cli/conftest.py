"""Run the real ``curbside`` command as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def curbside(isolated_profile: Path) -> Runner:
    """Return a function running ``curbside ARGS`` with the test's profile and keychain."""

    def run(
        *args: str,
        stdin: str | bytes | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess:
        full_env = {
            **os.environ,
            "CURBSIDE_HOME": str(isolated_profile),
            # A stand-in OS keychain the subprocess can see (see tests/file_keyring.py).
            "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
            **(env or {}),
        }
        return subprocess.run(
            [sys.executable, "-m", "curbside", *args],
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            capture_output=True,
            env=full_env,
            timeout=timeout,
            check=False,
        )

    return run
