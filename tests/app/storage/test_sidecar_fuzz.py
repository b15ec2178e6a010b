"""Malformed passphrase sidecars thrown at every unlock entry point (bounded, seeded fuzz).

Hand-made rows reproduce what gave a traceback, a 60 s hang or gigabytes of RAM
on main (negative, zero or huge Argon2id costs, wrong types, an empty salt, a
list instead of an object, a FIFO, a link to /dev/zero...); seeded random
mutations of a real sidecar add more. Every one goes to ``open_history`` (with
and without a database beside it) and to ``curbside history list
--passphrase-file``; each must refuse cleanly with one line, return within a
second, and leave every file exactly as it was.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from curbside.cli import main
from curbside.errors import KnownError
from curbside.storage import open_history

PASS = "correct horse battery staple"
SEED = 20261201
RANDOM_CASES = 40
Maker = Callable[[Path, dict[str, Any]], None]


def _doc(**changes: Any) -> Maker:
    """A sidecar equal to the real one but with top-level ``changes`` (None value: removed)."""

    def make(path: Path, real: dict[str, Any]) -> None:
        document = {**real, **changes}
        path.write_text(json.dumps({k: v for k, v in document.items() if v is not _DROP}))

    return make


def _kdf(**changes: Any) -> Maker:
    def make(path: Path, real: dict[str, Any]) -> None:
        kdf = {**real["kdf"], **changes}
        kdf = {k: v for k, v in kdf.items() if v is not _DROP}
        path.write_text(json.dumps({**real, "kdf": kdf}))

    return make


def _raw(data: bytes) -> Maker:
    return lambda path, _real: path.write_bytes(data)


def _special(kind: str) -> Maker:
    def make(path: Path, _real: dict[str, Any]) -> None:
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        else:
            path.symlink_to(kind)

    return make


_DROP = object()
B64 = base64.b64encode

CASES: dict[str, Maker] = {
    "empty file": _raw(b""),
    "null": _raw(b"null"),
    "a list instead of an object": _raw(b"[]"),
    "a string": _raw(b'"curbside"'),
    "a number": _raw(b"42"),
    "not JSON": _raw(b"key = value"),
    "not UTF-8": _raw(b'{"format": "\xff\xfe"}'),
    "nested 100,000 deep": _raw(b"[" * 60_000),
    "over 64 KiB": _raw(b"{" + b" " * 70_000 + b"}"),
    "an empty object": _raw(b"{}"),
    "another format": _doc(format="keepass"),
    "version 2": _doc(version=2),
    "version as text": _doc(version="1"),
    "no kdf": _doc(kdf=_DROP),
    "kdf a list": _doc(kdf=[1, 8, 1]),
    "kdf with an extra field": _kdf(hash_len=1 << 30),
    "kdf without parallelism": _kdf(parallelism=_DROP),
    "time_cost 0": _kdf(time_cost=0),
    "time_cost -1": _kdf(time_cost=-1),
    "time_cost 2^31": _kdf(time_cost=2**31),
    "time_cost as text": _kdf(time_cost="6"),
    "time_cost a float": _kdf(time_cost=6.0),
    "time_cost true": _kdf(time_cost=True),
    "time_cost null": _kdf(time_cost=None),
    "memory 0": _kdf(memory_cost_kib=0),
    "memory negative": _kdf(memory_cost_kib=-65536),
    "memory 8 GiB": _kdf(memory_cost_kib=8 * 1024 * 1024),
    "memory 2^64": _kdf(memory_cost_kib=2**64),
    "1 GiB times 64 passes": _kdf(memory_cost_kib=1024 * 1024, time_cost=64),
    "parallelism 0": _kdf(parallelism=0),
    "parallelism 2^24": _kdf(parallelism=2**24),
    "memory below 8 KiB per lane": _kdf(memory_cost_kib=8, parallelism=4),
    "empty salt": _doc(salt=""),
    "4-byte salt": _doc(salt=B64(b"salt").decode()),
    "salt not base64": _doc(salt="!!!not base64!!!"),
    "salt non-ASCII": _doc(salt="sélé"),
    "salt null": _doc(salt=None),
    "salt a list": _doc(salt=[1, 2, 3]),
    "wrapped empty": _doc(wrapped=""),
    "wrapped 10 bytes": _doc(wrapped=B64(b"0123456789").decode()),
    "wrapped a number": _doc(wrapped=60),
    "pending the wrong size": _doc(pending=B64(b"x" * 61).decode()),
    "pending an object": _doc(pending={}),
    "profile a number": _doc(profile=7),
    "a FIFO": _special("fifo"),
    "a folder": _special("folder"),
    "a link to /dev/zero": _special("/dev/zero"),
    "a link to /dev/urandom": _special("/dev/urandom"),
    "a link to nothing": _special("/nonexistent/history.key.json"),
    "costs altered (the unwrap fails)": _kdf(time_cost=2),
}


def _mutations(real: bytes) -> dict[str, Maker]:
    """Seeded random damage to a real sidecar: flipped bytes, cuts, swapped values."""
    rng = random.Random(SEED)
    values: list[Any] = [None, True, -1, 0, 2**31, 2**63, 1.5, "", "x" * 5000, [], {}, [[[]]]]
    made: dict[str, Maker] = {}
    document = json.loads(real)
    paths = [("kdf", k) for k in document["kdf"]] + [(k,) for k in document]
    for n in range(RANDOM_CASES):
        how = n % 3
        if how == 0:
            data = bytearray(real)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            made[f"random {n}: bytes flipped"] = _raw(bytes(data))
        elif how == 1:
            made[f"random {n}: cut"] = _raw(real[: rng.randrange(len(real))])
        else:
            where, value = rng.choice(paths), rng.choice(values)
            changed = json.loads(real)
            target = changed["kdf"] if where[0] == "kdf" and len(where) == 2 else changed
            target[where[-1]] = value
            made[f"random {n}: {'.'.join(where)} = {str(value)[:20]}"] = _raw(
                json.dumps(changed).encode()
            )
    return made


def _state(home: Path) -> dict[str, str]:
    """What is on disk: each entry's type, link target or content hash."""
    seen = {}
    for entry in sorted(home.iterdir()):
        if entry.is_symlink():
            seen[entry.name] = "link " + os.readlink(entry)
        elif entry.is_fifo():
            seen[entry.name] = "fifo"
        elif entry.is_dir():
            seen[entry.name] = "folder"
        else:
            seen[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return seen


@pytest.fixture(scope="module")
def real_sidecar(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A real passphrase history: (its sidecar bytes, its database bytes)."""
    from curbside.keys import sidecar

    home = tmp_path_factory.mktemp("real-profile")
    previous, sidecar.DEFAULT_PARAMS = sidecar.DEFAULT_PARAMS, sidecar.KdfParams(1, 8, 1)
    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with open_history(PASS, data_dir=home) as store:
            store.add_message(store.create_conversation("t", "m", None), "user", "kept")
    finally:
        sidecar.DEFAULT_PARAMS = previous
        keyring.set_keyring(previous_keyring)
    return (home / "history.key.json").read_bytes(), (home / "history.db").read_bytes()


def _cases(real: bytes) -> list[tuple[str, Maker]]:
    return [*CASES.items(), *_mutations(real).items()]


def test_there_are_enough_cases(real_sidecar: tuple[bytes, bytes]) -> None:
    assert len(CASES) >= 30 and len(_cases(real_sidecar[0])) >= 30 + RANDOM_CASES


@pytest.mark.parametrize("with_database", [True, False], ids=["database", "no database"])
def test_every_malformed_sidecar_is_refused_cleanly(
    isolated_profile: Path,
    real_sidecar: tuple[bytes, bytes],
    capsys: pytest.CaptureFixture[str],
    with_database: bool,
) -> None:
    sidecar_bytes, db_bytes = real_sidecar
    real = json.loads(sidecar_bytes)
    passfile = isolated_profile.parent / "pass.txt"
    passfile.write_text(PASS + "\n")
    failures = []
    for name, make in _cases(sidecar_bytes):
        home = isolated_profile.parent / f"profile-{abs(hash(name))}-{with_database}"
        home.mkdir()
        if with_database:
            (home / "history.db").write_bytes(db_bytes)
        target = home / "history.key.json"
        make(target, real)
        before = _state(home)
        failures += _check_library(name, home, before, hand_made=name in CASES)
        if not target.is_fifo():  # a FIFO is checked in a child process (a hang must not wedge)
            failures += _check_cli(name, home, passfile, before, capsys, hand_made=name in CASES)
    assert failures == []


def _check_library(name: str, home: Path, before: dict[str, str], hand_made: bool) -> list[str]:
    started = time.monotonic()
    if (home / "history.key.json").is_fifo():
        return _check_fifo_in_child(name, home, before)
    try:
        with open_history(PASS, data_dir=home):
            opened = True
    except KnownError as exc:
        opened = False
        message = str(exc)
        if "\n" in message or not message:
            return [f"{name}: not one line: {message!r}"]
    except Exception as exc:  # the point: nothing but a KnownError may come out
        return [f"{name}: {type(exc).__name__}: {exc}"]
    problems = []
    if hand_made and opened:
        problems.append(f"{name}: was accepted")
    if time.monotonic() - started > 1.0:
        problems.append(f"{name}: took {time.monotonic() - started:.1f} s")
    if not opened and _state(home) != before:
        problems.append(f"{name}: files changed")
    return problems


def _check_cli(
    name: str,
    home: Path,
    passfile: Path,
    before: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    hand_made: bool,
) -> list[str]:
    os.environ["CURBSIDE_HOME"] = str(home)
    started = time.monotonic()
    code = main(["history", "list", "--passphrase-file", str(passfile)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    problems = []
    if code == 0 and hand_made:
        problems.append(f"{name} (cli): was accepted")
    if code not in (0, 1) or (code == 1 and (err.count("\n") != 1 or "Traceback" in err)):
        problems.append(f"{name} (cli): exit {code}, {err!r}")
    if elapsed > 1.0:
        problems.append(f"{name} (cli): took {elapsed:.1f} s")
    if code == 1 and _state(home) != before:
        problems.append(f"{name} (cli): files changed")
    return problems


_CHILD = """
import sys
import keyring, keyring.backends.fail
keyring.set_keyring(keyring.backends.fail.Keyring())
from pathlib import Path
from curbside.errors import KnownError
from curbside.storage import open_history
try:
    open_history(sys.argv[1], data_dir=Path(sys.argv[2]))
    print("OPENED")
except KnownError as exc:
    print("REFUSED", exc)
"""


def _check_fifo_in_child(name: str, home: Path, before: dict[str, str]) -> list[str]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, PASS, str(home)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [f"{name}: hung reading the FIFO"]
    if not done.stdout.startswith("REFUSED") or _state(home) != before:
        return [f"{name}: {done.stdout!r} {done.stderr[-300:]!r}"]
    return []
