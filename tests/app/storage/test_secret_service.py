"""The data key in a real Secret Service (gnome-keyring-daemon on a private D-Bus).

The in-memory keyring used elsewhere proves the logic; this proves the real
backend: a throwaway ``dbus-run-session`` with an unlocked gnome-keyring, the
``SecretService`` keyring backend forced, and the real app code in a child process.
Needs the Debian packages ``dbus`` (dbus-run-session) and ``gnome-keyring``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

_CHILD = r"""
import json, keyring
from curbside.errors import KeychainEntryLostError
from curbside.keys import keychain
from curbside.storage import Layout, open_history

result = {"backend": type(keyring.get_keyring()).__module__}
with open_history() as store:
    cid = store.create_conversation("Secret Service case", "m", None)
    store.add_message(cid, "user", "stored with the key in gnome-keyring")
account = Layout.at().account
result["stored_hex_len"] = len(keyring.get_password(keychain.SERVICE, account) or "")
with open_history() as store:
    result["messages"] = [m.content for m in store.get_conversation(cid).messages]
keyring.delete_password(keychain.SERVICE, account)
try:
    open_history()
    result["after_loss"] = "opened"
except KeychainEntryLostError as exc:
    result["after_loss"] = str(exc)
print(json.dumps(result))
"""

_SESSION = (
    'printf "curbside-test" | gnome-keyring-daemon --daemonize --unlock --components=secrets '
    '>/dev/null && exec "$0" -c "$1"'
)


@pytest.mark.secretservice
def test_key_round_trip_through_gnome_keyring(tmp_path: Path) -> None:
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(tool)
    ]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install dbus gnome-keyring)")
    home = tmp_path / "home"
    home.mkdir()
    env = os.environ | {
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home),
        "CURBSIDE_HOME": str(tmp_path / "profile"),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
    }
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", _SESSION, sys.executable, _CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["backend"] == "keyring.backends.SecretService"
    assert result["stored_hex_len"] == 64
    assert result["messages"] == ["stored with the key in gnome-keyring"]
    assert "exists but its key is missing from the system keychain" in result["after_loss"]
