"""Data keys, the keychain wrapper and the Argon2id + AES-GCM passphrase sidecar."""

from __future__ import annotations

import json
import time
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from curbside.errors import CannotUnlockError, NotCurbsideDatabaseError, PassphraseTooWeakError
from curbside.keys import generate_data_key, key_from_hex, key_to_hex, keychain, sidecar
from curbside.keys.datakey import raw_key_pragma

PASS = "correct horse battery staple"
CHEAP = sidecar.KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.mark.parametrize(
    "text",
    ["ab" * 31 + "a", "ab" * 32 + "a", "zz" * 32, "", "0x" + "ab" * 31, "ab" * 48],
)
def test_only_64_hex_digits_are_a_raw_key(text: str) -> None:
    with pytest.raises(ValueError, match="64 hexadecimal"):
        key_from_hex(text)


def test_key_hex_round_trip_and_pragma() -> None:
    key = generate_data_key()
    assert len(key) == 32 and key != generate_data_key()
    assert key_from_hex(" " + key_to_hex(key).upper() + "\n") == key
    assert raw_key_pragma(key) == f"PRAGMA key = \"x'{key.hex()}'\""
    with pytest.raises(ValueError):
        raw_key_pragma(key[:31])


def test_sidecar_with_the_real_default_parameters(tmp_path: Path) -> None:
    """The shipped Argon2id cost: Bitwarden's memory and lanes, 0.3–1 s target."""
    assert sidecar.KdfParams(6, 64 * 1024, 4) == sidecar.DEFAULT_PARAMS
    key = generate_data_key()
    made, _ = sidecar.new_sidecar(PASS, key)
    sidecar.save(made, tmp_path / "s.json")
    loaded = sidecar.load(tmp_path / "s.json")
    assert loaded.params == sidecar.DEFAULT_PARAMS
    started = time.perf_counter()
    assert loaded.unwrap(loaded.derive(PASS)) == key
    print(f"argon2id default derive+unwrap: {time.perf_counter() - started:.3f} s")


def test_sidecar_file_holds_no_key_and_is_private(tmp_path: Path) -> None:
    key = generate_data_key()
    made, _ = sidecar.new_sidecar(PASS, key, CHEAP)
    path = tmp_path / "s.json"
    sidecar.save(made, path)
    text = path.read_text()
    assert key.hex() not in text and PASS not in text
    assert path.stat().st_mode & 0o077 == 0
    assert json.loads(text)["kdf"] == {"time_cost": 1, "memory_cost_kib": 8, "parallelism": 1}


def test_wrong_passphrase_and_tampering_are_refused(tmp_path: Path) -> None:
    made, _ = sidecar.new_sidecar(PASS, generate_data_key(), CHEAP)
    with pytest.raises(CannotUnlockError, match="passphrase is wrong"):
        made.unwrap(made.derive(PASS + "x"))
    path = tmp_path / "s.json"
    sidecar.save(made, path)
    document = json.loads(path.read_text())
    document["kdf"]["time_cost"] = 2  # an attacker lowering or raising the cost
    path.write_text(json.dumps(document))
    weakened = sidecar.load(path)
    with pytest.raises(CannotUnlockError):
        weakened.unwrap(weakened.derive(PASS))


@pytest.mark.parametrize("content", ["", "{}", "not json", '{"format": "other", "version": 1}'])
def test_damaged_sidecar_is_a_known_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(NotCurbsideDatabaseError, match="passphrase file"):
        sidecar.load(path)


@pytest.mark.parametrize("weak", ["", "short", "123456789"])
def test_short_passphrases_are_refused(weak: str) -> None:
    with pytest.raises(PassphraseTooWeakError, match="at least 10"):
        sidecar.new_sidecar(weak, generate_data_key(), CHEAP)


def test_pending_slot_promotes(tmp_path: Path) -> None:
    old, new = generate_data_key(), generate_data_key()
    made, kek = sidecar.new_sidecar(PASS, old, CHEAP)
    with_pending = made.seal(kek, new, pending=True)
    assert with_pending.unwrap(kek, pending=True) == new
    promoted = with_pending.promoted()
    assert promoted.unwrap(kek) == new and promoted.pending is None


def test_keychain_round_trip_and_unavailable(
    memory_keyring: dict[tuple[str, str], str], tmp_path: Path
) -> None:
    account = keychain.account_for(tmp_path)
    assert keychain.get_key(account) is None
    key = generate_data_key()
    keychain.set_key(account, key)
    assert memory_keyring == {(keychain.SERVICE, account): key.hex()}
    assert keychain.get_key(account) == key
    keychain.delete_key(account)
    keychain.delete_key(account)  # missing entry: fine
    memory_keyring[(keychain.SERVICE, account)] = "not a key"
    assert keychain.get_key(account) is None
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(keychain.KeychainUnavailable):
        keychain.get_key(account)
    with pytest.raises(keychain.KeychainUnavailable):
        keychain.set_key(account, key)


def test_a_broken_keyring_backend_means_no_keychain_not_a_crash() -> None:
    import keyring
    from curbside.keys.keychain import KeychainUnavailable, get_key, set_key
    from keyring.backend import KeyringBackend

    class Broken(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            raise ModuleNotFoundError("No module named 'corporate_vault'")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError("D-Bus connection refused")

        def delete_password(self, service: str, username: str) -> None:
            raise RuntimeError("D-Bus connection refused")

    keyring.set_keyring(Broken())
    with pytest.raises(KeychainUnavailable, match="ModuleNotFoundError"):
        get_key("profile")
    with pytest.raises(KeychainUnavailable, match="RuntimeError"):
        set_key("profile", bytes(32))
