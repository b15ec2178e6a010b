"""The real window on a real X server (Xvfb) at laptop and desktop sizes: it fits, controls show.

Each size gets its own Xvfb (``-displayfd`` picks a free display) and the
window runs in a child process on Qt's xcb platform, which is what a plain
Linux desktop uses (and what needs libxcb-cursor0 and friends, see README).
``.ci/run`` installs Xvfb; the screenshots go to ``/tmp/curbside-shots``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SHOTS = Path("/tmp/curbside-shots")


@pytest.fixture
def xvfb(request: pytest.FixtureRequest) -> Iterator[str]:
    """Start Xvfb with the screen size given as the test's parameter; yield its DISPLAY."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed (apt-get install xvfb; .ci/run does this)")
    width, height = request.param
    read, write = os.pipe()
    screen = f"{width}x{height}x24"
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _probe(display: str, theme: str, home: Path, shots: Path) -> dict:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "CURBSIDE_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.xvfb.probe", str(shots), theme],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("xvfb", "theme"),
    [((1366, 768), "light"), ((1920, 1080), "dark")],
    indirect=["xvfb"],
    ids=["1366x768-light", "1920x1080-dark"],
)
def test_window_fits_the_screen_and_the_main_controls_show(
    xvfb: str, theme: str, isolated_profile: Path
) -> None:
    shots = SHOTS / f"{report_size(theme)}"
    shots.mkdir(parents=True, exist_ok=True)
    report = _probe(xvfb, theme, isolated_profile, shots)
    assert report["fits"], report
    for name, control in report["controls"].items():
        assert control["visible"] and control["inside"], (name, control, report["screen"])


def report_size(theme: str) -> str:
    """The screenshot folder for a parameter set."""
    return "1366x768" if theme == "light" else "1920x1080"
