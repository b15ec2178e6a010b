"""The start-up self-check runs the real app to its first window, in a child process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from curbside.infra import child_command, child_env


def test_gui_check_reports_the_first_window_and_exits(isolated_profile: Path) -> None:
    env = {
        **child_env(),
        "CURBSIDE_HOME": str(isolated_profile),
        "QT_QPA_PLATFORM": "offscreen",
        # No keychain in the child: the history asks for a passphrase first.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        child_command("gui-check"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    first = done.stdout.strip().splitlines()[-1]
    assert first.startswith("first window: ")
    assert "Curbside" in first or "passphrase" in first.lower()
