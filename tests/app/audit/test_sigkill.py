"""A SIGKILL during an append leaves a chain that verifies (real process, real file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from curbside.audit import verify_rows
from curbside.storage import open_history

PASSPHRASE = "correct horse battery staple 42"

# The child holds an append open inside its transaction, says so, and waits to be killed.
_MID_APPEND = """
import sys, time
from curbside.audit import append_in
from curbside.storage import open_history
store = open_history(passphrase=sys.argv[1])
with store._lock, store.db.atomic():
    append_in(store.db, "test.in_flight", {"n": 1})
    print("inside", flush=True)
    time.sleep(120)
"""

# The child appends as fast as it can until it is killed.
_LOOP = """
import sys
from curbside.storage import open_history
store = open_history(passphrase=sys.argv[1])
n = 0
while True:
    store.audit.append("test.loop", {"n": n})
    n += 1
    if n == 20:
        print("looping", flush=True)
"""


def _child(code: str, profile: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CURBSIDE_HOME": str(profile)}
    return subprocess.Popen(
        [sys.executable, "-c", code, PASSPHRASE], env=env, stdout=subprocess.PIPE, text=True
    )


def _kill_after_line(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline().strip() in ("inside", "looping")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def test_kill_inside_an_append_leaves_the_previous_head(isolated_profile: Path) -> None:
    with open_history(passphrase=PASSPHRASE) as store:
        before = store.audit.count()
    _kill_after_line(_child(_MID_APPEND, isolated_profile))
    with open_history(passphrase=PASSPHRASE) as store:
        result = verify_rows(store.audit.rows())
        events = [entry.event for entry in store.audit.entries()]
    assert result.intact, result.summary()
    assert "test.in_flight" not in events
    assert result.count == before + 3  # this lock, the child's unlock, this unlock


def test_kill_while_appending_in_a_loop_verifies(isolated_profile: Path) -> None:
    with open_history(passphrase=PASSPHRASE):
        pass
    child = _child(_LOOP, isolated_profile)
    _kill_after_line(child)
    with open_history(passphrase=PASSPHRASE) as store:
        result = verify_rows(store.audit.rows())
    assert result.intact, result.summary()
