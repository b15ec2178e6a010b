"""The conference demo's throwaway profile: private, removed at exit, leftovers cleaned."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from curbside.admin import demo_profile, in_demo
from curbside.admin.demo import PREFIX, remove_stale_profiles
from curbside.infra import paths
from curbside.storage import open_history


def test_profile_is_private_and_points_the_process_at_it(tmp_path: Path) -> None:
    models = paths.models_dir()
    with demo_profile(tmp_path) as profile:
        assert in_demo() and paths.data_dir() == profile.root
        assert stat.S_IMODE(profile.root.stat().st_mode) == 0o700
        assert paths.models_dir() == models  # the installed model is still found
        assert profile.root.name.startswith(f"{PREFIX}{os.getpid()}-")
    assert not profile.root.exists() and not in_demo()


def test_demo_history_never_touches_the_keychain(
    tmp_path: Path, memory_keyring: dict[tuple[str, str], str]
) -> None:
    with demo_profile(tmp_path) as profile:
        with open_history() as store:
            cid = store.create_conversation("Demo", "m", None)
            store.add_message(cid, "user", "fictional case")
        with open_history() as store:  # reopened within the run: same in-memory key
            assert [c.id for c in store.list_conversations()] == [cid]
        assert not (profile.root / "history.key.json").exists()
    assert memory_keyring == {}


def test_leftovers_of_a_crashed_demo_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f"{PREFIX}{dead.stdout.strip()}-abc"
    (stale / "cache").mkdir(parents=True)
    alive = tmp_path / f"{PREFIX}{os.getpid()}-xyz"
    alive.mkdir()
    unrelated = tmp_path / "other"
    unrelated.mkdir()
    assert remove_stale_profiles(tmp_path) == 1
    assert not stale.exists() and alive.exists() and unrelated.exists()


@pytest.mark.parametrize("how", ["exit", "crash"])
def test_a_demo_run_leaves_nothing_behind(tmp_path: Path, isolated_profile: Path, how: str) -> None:
    """A demo process removes its profile at exit; after a crash the next start does."""
    base = tmp_path / "tmp"
    base.mkdir()
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from curbside.admin import start_demo_profile\n"
        "from curbside.storage import open_history\n"
        f"profile = start_demo_profile(Path({str(base)!r}))\n"
        "with open_history() as store:\n"
        "    store.add_message(store.create_conversation('x', 'm', None), 'user', 'case')\n"
        "print(profile.root, flush=True)\n"
        f"os._exit(9) if {how == 'crash'!r} else sys.exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    root = Path(done.stdout.strip())
    assert root.parent == base, done.stderr
    if how == "crash":
        assert root.exists()  # os._exit skips atexit: the next start cleans up
        assert remove_stale_profiles(base) == 1
    assert not root.exists()
    assert list(base.iterdir()) == []
    assert list(isolated_profile.iterdir()) == []  # the real profile was never touched
