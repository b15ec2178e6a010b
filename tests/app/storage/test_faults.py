"""Faults: read-only data directory, full disk, and SIGKILL in the middle of writing.

The read-only and full-disk cases use a real small tmpfs (``mount -t tmpfs``),
which needs root or CAP_SYS_ADMIN; they skip, saying so, where mounting is not
permitted. The full-disk fault is also produced without mounting, with
RLIMIT_FSIZE in a child process (SQLite then sees EFBIG, an I/O error rather
than ENOSPC), so it is exercised everywhere. The SIGKILL case runs a real writer
process and kills it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from curbside.errors import DiskFullError, ReadOnlyError
from curbside.storage import open_history

from tests.app.storage.helpers import CHEAP_KDF, mounted_tmpfs

PASS = "correct horse battery staple"


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test (skips where mounting is not permitted)."""
    with mounted_tmpfs(tmp_path / "tmpfs", "1m") as mount_point:
        yield mount_point


def _remount(mount_point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True)


def test_read_only_directory(small_tmpfs: Path) -> None:
    home = small_tmpfs / "home"
    with open_history(data_dir=home) as store:
        store.add_message(store.create_conversation("t", "m", None), "user", "kept")
    _remount(small_tmpfs, "ro")
    with pytest.raises(ReadOnlyError, match="cannot write"):
        open_history(data_dir=home)
    with pytest.raises(ReadOnlyError):
        open_history(data_dir=small_tmpfs / "fresh")
    _remount(small_tmpfs, "rw")
    with open_history(data_dir=home) as store:
        assert store.get_conversation(1).messages[0].content == "kept"


def test_full_disk_fails_the_write_and_keeps_earlier_history(small_tmpfs: Path) -> None:
    home = small_tmpfs / "home"
    store = open_history(data_dir=home)
    cid = store.create_conversation("t", "m", None)
    store.add_message(cid, "user", "written before the disk filled")
    ballast = small_tmpfs / "ballast"
    with pytest.raises(DiskFullError, match=r"disk .* is full"):
        with ballast.open("wb") as handle:  # fill what is left, then write more history
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        for n in range(200):
            store.add_message(cid, "assistant", f"answer {n} " + os.urandom(2000).hex())
    ballast.unlink()
    store.close()
    with open_history(data_dir=home) as reopened:
        messages = reopened.get_conversation(cid).messages
        assert messages[0].content == "written before the disk filled"
        assert reopened.check_integrity() == []


_WRITER = """
import sys
import keyring, keyring.backends.fail
keyring.set_keyring(keyring.backends.fail.Keyring())
from curbside.keys import sidecar
sidecar.DEFAULT_PARAMS = sidecar.KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)
from curbside.storage import open_history
store = open_history(sys.argv[1])
cid = store.create_conversation("crash test", "m", None)
for n in range(1000):
    mid = store.add_message(cid, "assistant", f"message {n} " + "x" * 500)
    print(mid, flush=True)
"""


def test_sigkill_while_writing_loses_nothing_committed(isolated_profile: Path) -> None:
    assert CHEAP_KDF.time_cost == 1  # the writer uses the same cheap parameters
    with subprocess.Popen(
        [sys.executable, "-c", _WRITER, PASS],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    ) as writer:
        assert writer.stdout is not None
        committed = []
        for line in writer.stdout:
            committed.append(int(line))
            if len(committed) == 300:
                writer.send_signal(signal.SIGKILL)
                break
        committed += [int(line) for line in writer.stdout]  # lines already in the pipe
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with open_history(PASS) as store:
        assert store.check_integrity() == []
        stored = {m.id for m in store.get_conversation(1).messages}
    assert set(committed) <= stored
    assert len(committed) >= 300 and len(stored) < 1000


_LIMITED_WRITER = """
import resource, signal, sys
import keyring, keyring.backends.fail
keyring.set_keyring(keyring.backends.fail.Keyring())
from curbside.errors import KnownError
from curbside.keys import sidecar
sidecar.DEFAULT_PARAMS = sidecar.KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)
from curbside.storage import open_history
store = open_history(sys.argv[1])
cid = store.create_conversation("size-limited", "m", None)
store.add_message(cid, "user", "written before the limit")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG instead of dying
limit = 2 * 1024 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    for n in range(2000):
        store.add_message(cid, "assistant", f"answer {n} " + "y" * 3000)
    print("NO ERROR")
except KnownError as exc:
    print(type(exc).__name__, exc, sep="|")
"""


def test_size_limited_file_fails_cleanly_and_keeps_history(isolated_profile: Path) -> None:
    """The same fault without mounting: RLIMIT_FSIZE in a child process (runs anywhere)."""
    done = subprocess.run(
        [sys.executable, "-c", _LIMITED_WRITER, PASS],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[3])},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    name, message = done.stdout.strip().splitlines()[-1].split("|")
    assert name in {"DiskFullError", "HistoryError"}
    assert "Check the disk and free space" in message or "is full" in message
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with open_history(PASS) as store:
        assert store.check_integrity() == []
        assert store.get_conversation(1).messages[0].content == "written before the limit"
