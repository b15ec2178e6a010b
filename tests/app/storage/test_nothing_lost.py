"""History files: nothing is deleted, replaced or replayed behind the user's back.

Each test rebuilds a way history was lost on main (issue 10) with real SQLCipher
files and the real keyring API (in-memory backend), and checks it now fails
with one clear line, leaving every file as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from curbside.cli import main
from curbside.errors import (
    CannotUnlockError,
    DiskFullError,
    HistoryError,
    NotCurbsideDatabaseError,
)
from curbside.keys.keychain import SERVICE
from curbside.storage import Layout, open_history
from curbside.storage.maintenance import set_passphrase

from tests.app.storage.helpers import mounted_tmpfs

PASS = "correct horse battery staple"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history_with(text: str, passphrase: str | None = None, data_dir: Path | None = None) -> None:
    with open_history(passphrase, data_dir=data_dir) as store:
        store.add_message(store.create_conversation("t", "m", None), "user", text)


def _first_message(passphrase: str | None = None, data_dir: Path | None = None) -> str:
    with open_history(passphrase, data_dir=data_dir) as store:
        return store.get_conversation(1).messages[0].content


def test_recovery_sidecar_survives_a_lost_keychain_entry_and_a_moved_database(
    isolated_profile: Path,
    memory_keyring: dict[tuple[str, str], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Keychain + recovery passphrase, entry lost, history.db moved: the sidecar stays."""
    with open_history() as store:
        store.add_message(store.create_conversation("t", "m", None), "user", "the old history")
        set_passphrase(store, PASS)
    sidecar = isolated_profile / "history.key.json"
    before = _digest(sidecar)
    memory_keyring.clear()
    moved = isolated_profile.parent / "moved-aside"
    moved.mkdir()
    shutil.move(isolated_profile / "history.db", moved / "history.db")

    assert main(["history", "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "will not replace that file" in err
    with pytest.raises(HistoryError, match=r"history\.key\.json is still there"):
        open_history()
    assert _digest(sidecar) == before and not memory_keyring

    # Its passphrase starts a new history under the same key, which still opens the moved one.
    _history_with("the new history", PASS)
    assert _digest(sidecar) == before
    shutil.move(isolated_profile / "history.db", moved / "new.db")
    shutil.move(moved / "history.db", isolated_profile / "history.db")
    assert _first_message(PASS) == "the old history"


def test_setting_a_passphrase_never_overwrites_one_that_may_open_another_history(
    isolated_profile: Path,
) -> None:
    _history_with("mine")  # keychain mode
    other = isolated_profile.parent / "other"
    _history_with("other", PASS, data_dir=other)
    foreign = other / "history.key.json"
    shutil.copy(foreign, isolated_profile / "history.key.json")
    with open_history() as store:
        kept = set_passphrase(store, PASS + " new")
    assert kept is not None and _digest(kept) == _digest(foreign)
    with open_history() as store:  # replacing its own sidecar keeps nothing aside
        assert set_passphrase(store, PASS + " newer") is None


def test_orphan_wal_is_moved_aside_together_not_replayed(
    isolated_profile: Path,
    memory_keyring: dict[tuple[str, str], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = open_history()
    cid = store.create_conversation("kept in the WAL", "m", None)
    for n in range(3):
        store.add_message(cid, "user", f"message {n}")
    db = isolated_profile / "history.db"
    orphans = {s: Path(f"{db}{s}").read_bytes() for s in ("-wal", "-shm")}
    assert len(orphans["-wal"]) > 0
    saved = isolated_profile.parent / "saved"
    saved.mkdir()
    shutil.copy(db, saved / "history.db")  # the database as it was, WAL not yet merged
    store.db.close()
    db.unlink()  # history.db moved away after a kill, its -wal and -shm left behind
    for suffix, data in orphans.items():
        Path(f"{db}{suffix}").write_bytes(data)

    assert main(["history", "list"]) == 0
    err = capsys.readouterr().err
    assert "moved aside" in err and "not replayed" in err
    aside = sorted(isolated_profile.glob("history.db-*.orphaned-*"))
    assert [p.name.split(".orphaned-")[0] for p in aside] == ["history.db-shm", "history.db-wal"]
    assert aside[1].read_bytes() == orphans["-wal"]
    with open_history() as fresh:
        assert fresh.check_integrity() == [] and fresh.count_conversations() == 0

    # The pair is intact: beside the database it belongs to, nothing was lost.
    restored = isolated_profile.parent / "restored"
    restored.mkdir()
    shutil.copy(saved / "history.db", restored / "history.db")
    shutil.copy(aside[1], restored / "history.db-wal")
    key = memory_keyring[(SERVICE, Layout.at(isolated_profile).account)]
    memory_keyring[(SERVICE, Layout.at(restored).account)] = key
    with open_history(data_dir=restored) as back:
        messages = back.get_conversation(cid).messages
    assert [m.content for m in messages] == ["message 0", "message 1", "message 2"]


def test_dangling_database_link_is_refused(
    isolated_profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = isolated_profile / "history.db"
    link.symlink_to(isolated_profile.parent / "unplugged-drive" / "history.db")
    with pytest.raises(HistoryError, match="which does not exist"):
        open_history()
    assert main(["history", "list"]) == 1
    assert "will not create a new, empty file" in capsys.readouterr().err
    assert link.is_symlink() and not link.exists()
    assert sorted(p.name for p in isolated_profile.iterdir()) == ["history.db"]


def test_first_run_is_owner_only_from_the_first_file(tmp_path: Path) -> None:
    """A fresh profile's folders and files are owner-only whatever the umask says."""
    home = tmp_path / "fresh" / "profile"
    old_umask = os.umask(0o022)
    try:
        os.environ["CURBSIDE_HOME"] = str(home)
        store = open_history(data_dir=home)
        store.add_message(store.create_conversation("t", "m", None), "user", "private")
        for folder in (tmp_path / "fresh", home):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        for name in ("history.db", "history.db-wal", "history.db-shm"):
            assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
        store.close()
    finally:
        os.umask(old_umask)


def test_loose_permissions_from_an_older_version_are_tightened(isolated_profile: Path) -> None:
    _history_with("x")
    db = isolated_profile / "history.db"
    db.chmod(0o644)
    _first_message()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB tmpfs (skips where mounting is not permitted)."""
    with mounted_tmpfs(tmp_path / "tiny", "300k") as mount_point:
        yield mount_point


def _fill(mount_point: Path, leave_kib: int) -> None:
    info = os.statvfs(mount_point)
    free = info.f_bavail * info.f_frsize
    (mount_point / "ballast").write_bytes(b"\0" * max(free - leave_kib * 1024, 0))


@pytest.mark.parametrize("leave_kib", [0, 8, 16, 40])
def test_a_disk_already_full_says_so_and_leaves_no_partial_file(
    tiny_tmpfs: Path, leave_kib: int
) -> None:
    """8–16 KB free gave SQLITE_IOERR and left a half-made history.db.creating behind."""
    home = tiny_tmpfs / "home"
    _fill(tiny_tmpfs, leave_kib)
    with pytest.raises(DiskFullError, match="is full"):
        _history_with("x", data_dir=home)
    assert sorted(p.name for p in home.iterdir()) == []


def test_a_sidecar_from_another_profile_says_so(isolated_profile: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    other = isolated_profile.parent / "other"
    _history_with("mine", PASS)
    _history_with("theirs", PASS, data_dir=other)
    db = isolated_profile / "history.db"
    before = _digest(db)
    shutil.copy(other / "history.key.json", isolated_profile / "history.key.json")
    with pytest.raises(CannotUnlockError, match=r"made for another profile \(.*other\)"):
        open_history(PASS)
    assert _digest(db) == before


def test_a_database_from_another_profile_says_so(isolated_profile: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    other = isolated_profile.parent / "other"
    _history_with("mine", PASS)
    _history_with("theirs", PASS, data_dir=other)
    shutil.copy(other / "history.db", isolated_profile / "history.db")
    with pytest.raises(NotCurbsideDatabaseError, match="another profile's history"):
        open_history(PASS)
