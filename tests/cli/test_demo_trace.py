"""Every file a demo run writes is inside its throwaway profile, and the profile is gone after.

The real command (``curbside --demo ask`` on the real default model) runs
under ``strace``, which sees every file the process and its children create,
open for writing, rename or delete, including those SQLCipher and llama.cpp
open from C. Outside the demo profile the only write allowed is Python's
check that the temporary folder is writable (a file created and deleted at
once). After exit, nothing is left.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed"),
]

_CALL = re.compile(
    r'^\d+\s+(\w+)\((?:AT_FDCWD|\d+), "([^"]+)"(?:, ([A-Z_|]+))?|^\d+\s+(\w+)\("([^"]+)"'
)
_WRITING = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC")


def _writes(log: Path) -> tuple[set[str], set[str]]:
    """Return (paths written or created, paths deleted) from an strace log."""
    written: set[str] = set()
    deleted: set[str] = set()
    for line in log.read_text(errors="replace").splitlines():
        if "= -1 " in line:
            continue
        match = _CALL.match(line)
        if match is None:
            continue
        call = match.group(1) or match.group(4)
        path = match.group(2) or match.group(5)
        flags = match.group(3) or ""
        if (call in ("openat", "open") and any(f in flags for f in _WRITING)) or call in (
            "creat",
            "mkdir",
            "mkdirat",
            "rename",
            "renameat",
            "renameat2",
            "link",
        ):
            written.add(path)
        elif call in ("unlink", "unlinkat"):
            deleted.add(path)
    return written, deleted


def test_a_demo_run_writes_only_inside_its_profile(tmp_path: Path) -> None:
    temp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    log = tmp_path / "strace.log"
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "PYTHONDONTWRITEBYTECODE": "1",  # bytecode caches are the interpreter's, not ours
    }
    command = [
        "strace",
        "-f",
        "-qq",
        "-o",
        str(log),
        "-e",
        "trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,unlink,unlinkat",
        sys.executable,
        "-m",
        "curbside",
        "--demo",
        "ask",
        "--max-tokens",
        "4",
        "Fictional visitor: 58M, chest pain. One cause?",
    ]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    written, deleted = _writes(log)
    profiles = {p for p in written if Path(p).name.startswith("curbside-demo-")}
    assert len(profiles) == 1, profiles
    profile = profiles.pop()
    outside = {
        p
        for p in written
        if not p.startswith(profile + "/") and p != profile and not p.startswith("/dev/")
    }
    assert outside <= deleted, sorted(outside - deleted)
    assert all(Path(p).parent == temp for p in outside), sorted(outside)
    assert any(p.startswith(profile + "/") and p.endswith("history.db") for p in written)
    assert not Path(profile).exists()
    assert list(temp.iterdir()) == [] and list(cwd.iterdir()) == []
