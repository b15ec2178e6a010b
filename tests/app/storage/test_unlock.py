"""Opening the history: first run, keychain, passphrase fallback, and every refusal."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from curbside.errors import (
    CannotUnlockError,
    KeychainEntryLostError,
    NotCurbsideDatabaseError,
    PassphraseRequiredError,
    PassphraseTooWeakError,
    PlainDatabaseError,
)
from curbside.keys import keychain
from curbside.storage import Layout, open_history
from curbside.storage.maintenance import set_passphrase
from keyring.backend import KeyringBackend

from tests.app.storage.helpers import keychain_key

PASS = "correct horse battery staple"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_history(home: Path, passphrase: str | None = None) -> Path:
    with open_history(passphrase) as store:
        store.add_message(store.create_conversation("t", "m", None), "user", "kept")
    return home / "history.db"


def test_first_run_stores_a_raw_key_in_the_keychain(
    isolated_profile: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    db = _make_history(isolated_profile)
    account = Layout.at(isolated_profile).account
    assert list(memory_keyring) == [(keychain.SERVICE, account)]
    assert len(memory_keyring[(keychain.SERVICE, account)]) == 64
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"
    assert not (isolated_profile / "history.key.json").exists()
    with open_history() as store:
        assert store.get_conversation(1).messages[0].content == "kept"


def test_lost_keychain_entry_never_creates_a_new_database(
    isolated_profile: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    db = _make_history(isolated_profile)
    before = _digest(db)
    memory_keyring.clear()
    with pytest.raises(KeychainEntryLostError, match="exists but its key is missing") as err:
        open_history()
    assert not err.value.has_passphrase
    assert "will not create a new, empty history" in str(err.value)
    assert _digest(db) == before and sorted(p.name for p in isolated_profile.iterdir()) == [
        "history.db"
    ]


def test_recovery_passphrase_unlocks_after_keychain_loss(
    isolated_profile: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    _make_history(isolated_profile)
    with open_history() as store:
        set_passphrase(store, PASS)
    memory_keyring.clear()
    with pytest.raises(KeychainEntryLostError, match="recovery passphrase") as err:
        open_history()
    assert err.value.has_passphrase
    with open_history(PASS) as store:
        assert store.get_conversation(1).messages[0].content == "kept"


def test_no_keychain_requires_a_passphrase_then_uses_the_sidecar(isolated_profile: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(PassphraseRequiredError, match="choose a passphrase"):
        open_history()
    assert not (isolated_profile / "history.db").exists()
    with pytest.raises(PassphraseTooWeakError):
        open_history("short")
    _make_history(isolated_profile, PASS)
    assert (isolated_profile / "history.key.json").exists()
    with pytest.raises(PassphraseRequiredError, match="protected by a passphrase"):
        open_history()
    with open_history(PASS) as store:
        assert store.get_conversation(1).messages[0].content == "kept"


class _HeadlessPromptKeyring(KeyringBackend):
    """Like backends that prompt on a terminal that is not there."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise EOFError

    def set_password(self, service: str, username: str, password: str) -> None:
        raise EOFError

    def delete_password(self, service: str, username: str) -> None:
        raise EOFError


def test_eof_error_from_a_backend_means_no_keychain() -> None:
    keyring.set_keyring(_HeadlessPromptKeyring())
    with pytest.raises(PassphraseRequiredError):
        open_history()


def test_wrong_passphrase_leaves_the_file_untouched(isolated_profile: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    db = _make_history(isolated_profile, PASS)
    before = (_digest(db), _digest(isolated_profile / "history.key.json"))
    with pytest.raises(CannotUnlockError, match="passphrase is wrong"):
        open_history(PASS + "!")
    assert (_digest(db), _digest(isolated_profile / "history.key.json")) == before


def test_passphrase_on_a_keychain_history_is_refused(isolated_profile: Path) -> None:
    _make_history(isolated_profile)
    with pytest.raises(CannotUnlockError, match="no passphrase"):
        open_history(PASS)


def test_wrong_key_in_keychain_is_cannot_unlock(
    isolated_profile: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    db = _make_history(isolated_profile)
    before = _digest(db)
    entry = (keychain.SERVICE, Layout.at(isolated_profile).account)
    memory_keyring[entry] = "00" * 32
    with pytest.raises(CannotUnlockError, match=r"key does not open .*another profile"):
        open_history()
    assert _digest(db) == before


def test_plain_sqlite_file_is_refused(isolated_profile: Path) -> None:
    db = isolated_profile / "history.db"
    with sqlite3.connect(db) as plain:
        plain.execute("CREATE TABLE t(x)")
    plain.close()
    before = _digest(db)
    with pytest.raises(PlainDatabaseError, match="unencrypted SQLite file"):
        open_history()
    assert _digest(db) == before


@pytest.mark.parametrize("cut", [0, 100, 4096 + 17])
def test_truncated_file_is_refused(isolated_profile: Path, cut: int) -> None:
    db = _make_history(isolated_profile)
    db.write_bytes(db.read_bytes()[:cut])
    with pytest.raises(NotCurbsideDatabaseError, match="damaged"):
        open_history()
    assert db.stat().st_size == cut


def test_garbage_file_cannot_be_unlocked(isolated_profile: Path) -> None:
    _make_history(isolated_profile)
    db = isolated_profile / "history.db"
    db.write_bytes(bytes(range(256)) * 32)
    with pytest.raises(CannotUnlockError):
        open_history()


def test_damage_with_a_verified_passphrase_key_says_damaged(isolated_profile: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    db = _make_history(isolated_profile, PASS)
    data = bytearray(db.read_bytes())
    data[100:200] = bytes(100)  # inside page 1, after the salt
    db.write_bytes(bytes(data))
    with pytest.raises(NotCurbsideDatabaseError, match="damaged"):
        open_history(PASS)


def test_damage_in_a_later_page_is_a_known_error(isolated_profile: Path) -> None:
    with open_history() as store:
        cid = store.create_conversation("t", "m", None)
        for n in range(40):
            store.add_message(cid, "user", f"message {n} " + "x" * 2000)
    db = isolated_profile / "history.db"
    data = bytearray(db.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 + 50 : page * 4096 + 60] = b"\xff" * 10
    db.write_bytes(bytes(data))
    with pytest.raises(NotCurbsideDatabaseError):
        store = open_history()
        store.get_conversation(cid)


def test_keychain_key_matches_what_opens_the_file(isolated_profile: Path) -> None:
    _make_history(isolated_profile)
    assert len(keychain_key(isolated_profile)) == 32
