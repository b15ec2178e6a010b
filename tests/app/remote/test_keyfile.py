"""The passphrase-protected key file for API keys, on real files, and where keys go.

"No usable keychain" is keyring's own ``fail`` backend, or a chainer with
nothing to chain, exactly what a locked-down workstation or a headless Linux
box without Secret Service gives ``keyring``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from curbside.errors import KnownError, PassphraseTooWeakError
from curbside.keys import sidecar
from curbside.remote import (
    KeyFile,
    KeyFileError,
    KeyStoreError,
    WrongKeyPassphraseError,
    delete_key,
    has_key,
    key_place,
    keychain_usable,
    store_key,
)
from curbside.remote.keyfile import KEY_FILE
from curbside.remote.secrets import stored_key
from keyring.backends import chainer, fail

PASSPHRASE = "ward seven night shift"
KEY = "sk-ward-7f3a9c"


class _EmptyChainer(chainer.ChainerBackend):
    """A chainer that found no backend to chain (headless Linux without Secret Service)."""

    backends: ClassVar[list[object]] = []  # type: ignore[misc]


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its lowest cost: the tests are about the file, not the KDF's speed."""
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))


@pytest.fixture(params=["fail", "empty chainer"])
def no_keychain(request: pytest.FixtureRequest) -> Iterator[None]:
    """Install a keyring with no usable backend."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring() if request.param == "fail" else _EmptyChainer())
    yield
    keyring.set_keyring(previous)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source(passphrase: str = PASSPHRASE) -> object:
    return lambda new: passphrase


def test_a_key_round_trips_through_a_real_owner_only_file(isolated_profile: Path) -> None:
    file = KeyFile()
    file.create(PASSPHRASE).put("ward", KEY)
    path = isolated_profile / KEY_FILE
    assert file.path == path and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert KEY.encode() not in path.read_bytes() and PASSPHRASE.encode() not in path.read_bytes()
    assert file.names() == ["ward"]
    assert KeyFile().unlock(PASSPHRASE).get("ward") == KEY
    assert KeyFile().unlock(PASSPHRASE).get("other") is None


def test_a_wrong_passphrase_is_one_line_and_the_file_is_untouched(isolated_profile: Path) -> None:
    KeyFile().create(PASSPHRASE).put("ward", KEY)
    before = _digest(KeyFile().path)
    with pytest.raises(WrongKeyPassphraseError) as caught:
        KeyFile().unlock("ward seven day shift")
    assert str(caught.value) == (
        "The passphrase does not open the remote servers' key file. "
        "Check it (it is case-sensitive) and try again."
    )
    assert _digest(KeyFile().path) == before


def test_a_short_passphrase_is_refused_and_nothing_is_written(isolated_profile: Path) -> None:
    with pytest.raises(PassphraseTooWeakError):
        KeyFile().create("short")
    assert not KeyFile().exists()


def test_an_existing_file_is_never_replaced_by_create(isolated_profile: Path) -> None:
    KeyFile().create(PASSPHRASE).put("ward", KEY)
    with pytest.raises(KeyFileError, match="already"):
        KeyFile().create("another long passphrase")
    assert KeyFile().unlock(PASSPHRASE).get("ward") == KEY


def test_an_entry_moved_to_another_name_does_not_open(isolated_profile: Path) -> None:
    opened = KeyFile().create(PASSPHRASE)
    opened.put("ward", KEY)
    opened.put("icu", "sk-icu-1")
    path = KeyFile().path
    doc = json.loads(path.read_text())
    doc["keys"]["icu"] = doc["keys"]["ward"]  # someone with access to the profile swaps them
    path.write_text(json.dumps(doc))
    unlocked = KeyFile().unlock(PASSPHRASE)
    assert unlocked.get("ward") == KEY
    with pytest.raises(KeyFileError, match="altered"):
        unlocked.get("icu")


def test_weakened_argon2_costs_in_the_file_make_the_passphrase_fail(
    isolated_profile: Path,
) -> None:
    KeyFile().create(PASSPHRASE).put("ward", KEY)
    path = KeyFile().path
    doc = json.loads(path.read_text())
    doc["lock"]["kdf"]["memory_cost_kib"] = 16  # bound into the AES-GCM associated data
    path.write_text(json.dumps(doc))
    with pytest.raises(WrongKeyPassphraseError):
        KeyFile().unlock(PASSPHRASE)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda doc: b"not json", "not JSON text"),
        (lambda doc: json.dumps([doc]).encode(), "not format"),
        (lambda doc: json.dumps({**doc, "lock": []}).encode(), "not an object"),
        (
            lambda doc: json.dumps(
                {**doc, "lock": {**doc["lock"], "kdf": {**doc["lock"]["kdf"], "time_cost": 10**9}}}
            ).encode(),
            "time_cost",
        ),
        (lambda doc: json.dumps({**doc, "keys": {"ward": "%%"}}).encode(), "not valid base64"),
        (
            lambda doc: json.dumps({**doc, "keys": {"ward": base64.b64encode(b"x").decode()}}),
            "not one sealed API key",
        ),
        (lambda doc: b"[" * 100_000, "deeper"),
        (lambda doc: b" " * (1024 * 1024), "larger"),
    ],
)
def test_a_damaged_file_is_refused_in_one_line_and_left_as_it_is(
    isolated_profile: Path, damage: object, reason: str
) -> None:
    KeyFile().create(PASSPHRASE).put("ward", KEY)
    path = KeyFile().path
    damaged = damage(json.loads(path.read_text()))  # type: ignore[operator]
    path.write_bytes(damaged.encode() if isinstance(damaged, str) else damaged)
    before = _digest(path)
    with pytest.raises(KeyFileError) as caught:
        KeyFile().unlock(PASSPHRASE)
    assert reason in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(KeyFileError):
        KeyFile().names()
    assert _digest(path) == before


def test_removing_a_key_needs_no_passphrase(isolated_profile: Path) -> None:
    opened = KeyFile().create(PASSPHRASE)
    opened.put("ward", KEY)
    opened.put("icu", "sk-icu-1")
    assert KeyFile().remove("ward") is True
    assert KeyFile().remove("ward") is False
    assert KeyFile().names() == ["icu"]
    assert KeyFile().unlock(PASSPHRASE).get("icu") == "sk-icu-1"


def test_without_a_keychain_keys_go_to_the_key_file(no_keychain: None) -> None:
    assert keychain_usable() is False
    with pytest.raises(KeyStoreError) as caught:
        store_key("ward", KEY)
    assert "--passphrase-file" in str(caught.value)
    assert store_key("ward", KEY, _source()) == "passphrase file"  # type: ignore[arg-type]
    assert has_key("ward") and key_place("ward") == "passphrase file"
    with pytest.raises(KeyStoreError, match="passphrase-protected key file"):
        stored_key("ward")  # known to be there, but locked
    assert stored_key("ward", _source()) == KEY  # type: ignore[arg-type]
    with pytest.raises(WrongKeyPassphraseError):
        stored_key("ward", _source("not the passphrase"))  # type: ignore[arg-type]
    delete_key("ward")
    assert not has_key("ward") and stored_key("ward") is None


def test_a_new_key_file_is_asked_for_as_new_and_later_ones_as_existing(no_keychain: None) -> None:
    asked: list[bool] = []

    def source(new: bool) -> str:
        asked.append(new)
        return PASSPHRASE

    store_key("ward", KEY, source)
    store_key("icu", "sk-icu-1", source)
    assert asked == [True, False]


def test_with_a_usable_keychain_the_key_file_is_not_used_and_a_stale_copy_goes(
    memory_keyring: dict[tuple[str, str], str], isolated_profile: Path
) -> None:
    KeyFile().create(PASSPHRASE).put("ward", "sk-old")
    assert keychain_usable() is True

    def never(new: bool) -> str:
        raise AssertionError("the passphrase is not needed with a keychain")

    assert store_key("ward", KEY, never) == "keychain"
    assert KEY in memory_keyring.values()
    assert KeyFile().names() == []  # one place per key
    assert stored_key("ward", never) == KEY and key_place("ward") == "keychain"


def test_errors_are_known_errors_for_the_cli_and_the_window() -> None:
    assert issubclass(KeyFileError, KnownError) and issubclass(KeyStoreError, KnownError)
