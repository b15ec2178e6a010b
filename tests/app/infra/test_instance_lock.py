"""Single-instance lock: a second app refuses to start; the CLI still reads history."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from curbside.infra.instance_lock import AppAlreadyRunningError, InstanceLock
from curbside.storage import open_history

ROOT = Path(__file__).resolve().parents[2]
_HOLDER = """
import sys
from curbside.infra.instance_lock import InstanceLock
lock = InstanceLock()
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def _holder() -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


def test_second_instance_gets_a_clear_message_and_history_still_opens() -> None:
    with _holder() as proc:
        with pytest.raises(AppAlreadyRunningError, match=f"already running .*{proc.pid}"):
            InstanceLock().acquire()
        with open_history() as store:  # what `curbside history list` does meanwhile
            assert store.list_conversations() == []
        proc.communicate("")
    with InstanceLock() as lock:
        assert lock.held


def test_lock_is_released_when_the_holder_is_killed() -> None:
    with _holder() as proc:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with InstanceLock() as lock:
        assert lock.held
    assert not lock.held


def test_lock_in_the_same_process_is_exclusive_too(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path)
    first.acquire()
    with pytest.raises(AppAlreadyRunningError):
        InstanceLock(tmp_path).acquire()
    first.release()
    first.release()
    with InstanceLock(tmp_path) as again:
        assert again.held
