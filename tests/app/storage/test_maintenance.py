"""Backup, rekey (with crash recovery) and the recovery passphrase."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import sqlcipher3
from curbside.errors import CannotUnlockError, ExportError, PassphraseRequiredError
from curbside.keys import keychain, sidecar
from curbside.keys.datakey import generate_data_key, raw_key_pragma, rekey_pragma
from curbside.storage import HistoryStore, Layout, open_history
from curbside.storage.maintenance import backup, rekey, set_passphrase

from tests.app.storage.helpers import keychain_key

PASS = "correct horse battery staple"


def _read_with_key(path: Path, key: bytes) -> list[str]:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(raw_key_pragma(key))
        return [r[0] for r in conn.execute("SELECT content FROM messages ORDER BY id")]
    finally:
        conn.close()


def _fill(store: HistoryStore) -> int:
    cid = store.create_conversation("t", "m", None)
    store.add_message(cid, "user", "first")
    store.add_message(cid, "assistant", "second")
    return cid


def test_backup_is_encrypted_with_the_same_key_and_consistent(
    store: HistoryStore, isolated_profile: Path, tmp_path: Path
) -> None:
    _fill(store)
    target = tmp_path / "copy.db"
    backup(store, target)
    assert target.read_bytes()[:16] != b"SQLite format 3\x00"
    assert target.stat().st_mode & 0o077 == 0
    assert _read_with_key(target, keychain_key(isolated_profile)) == ["first", "second"]
    with pytest.raises(ExportError, match="already exists"):
        backup(store, target)
    store.add_message(1, "user", "after backup")  # the live store keeps working
    assert len(store.get_conversation(1).messages) == 3


def test_rekey_replaces_the_key_everywhere(
    store: HistoryStore, isolated_profile: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    _fill(store)
    old = keychain_key(isolated_profile)
    rekey(store)
    new = keychain_key(isolated_profile)
    assert new != old and len(memory_keyring) == 1  # no pending entry left
    store.add_message(1, "user", "after rekey")
    store.close()
    with pytest.raises(sqlcipher3.DatabaseError):
        _read_with_key(isolated_profile / "history.db", old)
    assert _read_with_key(isolated_profile / "history.db", new)[-1] == "after rekey"
    with open_history() as reopened:
        assert len(reopened.get_conversation(1).messages) == 3


def test_rekey_with_a_passphrase_sidecar(isolated_profile: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with open_history(PASS) as store:
        _fill(store)
        with pytest.raises(PassphraseRequiredError):
            rekey(store)
        with pytest.raises(CannotUnlockError):
            rekey(store, "not the passphrase")
        rekey(store, PASS)
    assert sidecar.load(isolated_profile / "history.key.json").pending is None
    with open_history(PASS) as store:
        assert len(store.get_conversation(1).messages) == 2


def test_interrupted_rekey_is_finished_on_next_open(
    store: HistoryStore, isolated_profile: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    """A crash after re-encrypting but before promoting the key loses nothing."""
    _fill(store)
    account = Layout.at(isolated_profile).account
    new = generate_data_key()
    keychain.set_key(account, new, pending=True)
    store.db.execute(rekey_pragma(new))
    store.close()  # "crash": the keychain's current key is now the old one
    with open_history() as reopened:
        assert len(reopened.get_conversation(1).messages) == 2
    assert keychain_key(isolated_profile) == new
    assert keychain.get_key(account, pending=True) is None


def test_changing_the_passphrase_rewraps_without_rewriting_the_database(
    isolated_profile: Path,
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with open_history(PASS) as store:
        _fill(store)
        key = store.keys.key
    db = isolated_profile / "history.db"
    before = db.read_bytes()
    with open_history(PASS) as store:
        set_passphrase(store, "a brand new passphrase")
    # Opening appends audit entries (unlock, lock), so pages change; the database
    # is not re-encrypted: same salt, same data key.
    assert db.read_bytes()[:16] == before[:16]
    with open_history("a brand new passphrase") as store:
        assert store.keys.key == key
    with pytest.raises(CannotUnlockError):
        open_history(PASS)
    with open_history("a brand new passphrase") as store:
        assert len(store.get_conversation(1).messages) == 2
