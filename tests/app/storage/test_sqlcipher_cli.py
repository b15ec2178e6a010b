"""Interoperability: an admin holding the key opens the file with the stock ``sqlcipher`` shell.

The procedure documented for hospital IT is exactly what this test pipes into the
shell: ``PRAGMA key = "x'<64 hex>'";`` then ordinary SQL. The history is a
SQLCipher 4 file, so the shell must be SQLCipher 4 or later (Debian 13 "trixie"
ships 4.6). Debian 12 "bookworm" ships 3.4.1, which cannot read SQLCipher 4 files
(it lacks HMAC-SHA512 and the version-4 key derivation); there the test skips and
says so rather than pretending. For such shells ``curbside history backup
--sqlcipher3-format`` writes a SQLCipher 3 copy with the same key, and the second
test proves the Debian 12 shell reads it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from curbside.storage import open_history
from curbside.storage.maintenance import backup

from tests.app.storage.helpers import keychain_key


def _shell(db: Path, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sqlcipher", str(db)], input=script, capture_output=True, text=True, timeout=60
    )


def _cipher_major() -> int:
    probe = subprocess.run(
        ["sqlcipher", ":memory:"], input="PRAGMA cipher_version;\n", capture_output=True, text=True
    )
    return int(probe.stdout.strip().split(".")[0] or 0)


def _require_shell() -> int:
    if shutil.which("sqlcipher") is None:
        pytest.skip("the sqlcipher shell is not installed (apt-get install sqlcipher)")
    return _cipher_major()


def test_admin_reads_history_with_the_stock_sqlcipher_shell(isolated_profile: Path) -> None:
    major = _require_shell()
    if major < 4:
        pytest.skip(
            f"this sqlcipher shell is SQLCipher {major}.x and cannot read SQLCipher 4 files; "
            "install sqlcipher >= 4 (Debian 13 trixie ships 4.6)"
        )
    with open_history() as store:
        cid = store.create_conversation("Interop case", "m", None)
        store.add_message(cid, "user", "readable by an admin with the key")
    key_hex = keychain_key(isolated_profile).hex()
    db = isolated_profile / "history.db"
    done = _shell(db, f"PRAGMA key = \"x'{key_hex}'\";\nSELECT content FROM messages;\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "readable by an admin with the key"
    wrong = _shell(db, f"PRAGMA key = \"x'{'0' * 64}'\";\nSELECT content FROM messages;\n")
    assert "readable" not in wrong.stdout


def test_admin_reads_a_sqlcipher3_format_backup_with_the_stock_shell(
    isolated_profile: Path, tmp_path: Path
) -> None:
    major = _require_shell()
    with open_history() as store:
        cid = store.create_conversation("Interop case", "m", None)
        store.add_message(cid, "user", "readable from the legacy backup")
        copy = tmp_path / "for-admin.db"
        backup(store, copy, legacy_format=True)
    assert copy.read_bytes()[:16] != b"SQLite format 3\x00"
    key_hex = keychain_key(isolated_profile).hex()
    compat = "PRAGMA cipher_compatibility = 3;\n" if major >= 4 else ""
    script = f"PRAGMA key = \"x'{key_hex}'\";\n{compat}SELECT content FROM messages;\n"
    done = _shell(copy, script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "readable from the legacy backup"
    wrong = _shell(copy, script.replace(key_hex, "1" * 64))
    assert "readable" not in wrong.stdout
