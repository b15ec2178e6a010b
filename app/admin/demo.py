"""The conference demo's throwaway profile: nothing of one visitor survives the next.

``curbside --demo`` (or a policy's ``demo_mode``) points ``CURBSIDE_HOME`` at
a fresh private directory under the system's temporary folder, named with the
process id so that a later start can tell a crashed demo's leftovers (owner
gone) from a demo still running, and removes them. The history in it is keyed
with a random key held only in memory (no keychain entry is created or read),
settings and caches stay inside it, and the whole folder is deleted at exit.
The model directory is resolved before the switch, so the demo still finds
the installed model.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from curbside.infra import paths

PREFIX = "curbside-demo-"
DEMO_FLAG = "CURBSIDE_DEMO"
"""Set to ``1`` in the environment of a demo run (read by :func:`in_demo`)."""


@dataclass(frozen=True)
class DemoProfile:
    """A throwaway profile directory for one demo run.

    Attributes:
        root: The profile directory (``CURBSIDE_HOME`` while the demo runs).
        removed_stale: How many leftover demo profiles of crashed runs were deleted.
    """

    root: Path
    removed_stale: int = 0

    def remove(self) -> None:
        """Delete the profile and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)


def in_demo() -> bool:
    """True while this process runs the demo mode."""
    return os.environ.get(DEMO_FLAG) == "1"


def _owner_alive(directory: Path) -> bool:
    pid_text = directory.name.removeprefix(PREFIX).split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to judge
    return True


def remove_stale_profiles(base: Path | None = None) -> int:
    """Delete demo profiles left by runs that died; return how many."""
    base = base or Path(tempfile.gettempdir())
    removed = 0
    for directory in base.glob(PREFIX + "*"):
        if directory.is_dir() and not directory.is_symlink() and not _owner_alive(directory):
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    return removed


def start_demo_profile(base: Path | None = None) -> DemoProfile:
    """Create the demo profile, point this process at it, and remove it at exit."""
    removed = remove_stale_profiles(base)
    models = paths.models_dir()  # before CURBSIDE_HOME moves
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
    os.chmod(root, 0o700)
    os.environ["CURBSIDE_HOME"] = str(root)
    os.environ.setdefault("CURBSIDE_MODELS_DIR", str(models))
    os.environ[DEMO_FLAG] = "1"
    profile = DemoProfile(root, removed)
    atexit.register(profile.remove)
    return profile


@contextlib.contextmanager
def demo_profile(base: Path | None = None) -> Iterator[DemoProfile]:
    """A demo profile for the length of a ``with`` block (tests, scripted demos)."""
    saved = {k: os.environ.get(k) for k in ("CURBSIDE_HOME", "CURBSIDE_MODELS_DIR", DEMO_FLAG)}
    profile = start_demo_profile(base)
    try:
        yield profile
    finally:
        profile.remove()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
