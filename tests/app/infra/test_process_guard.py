"""No core dumps: the CLI (and so the desktop app it opens) disables them first thing."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

CHECK = """
import resource
from curbside.cli import main
from curbside.infra import core_dumps_disabled
print("before", core_dumps_disabled())
try:
    main(["--version"])
except SystemExit:
    pass
print("after", core_dumps_disabled(), resource.getrlimit(resource.RLIMIT_CORE))
import os
print("ggml", os.environ.get("GGML_NO_BACKTRACE"))
"""


def test_cli_entry_disables_core_dumps_and_debugger_attach() -> None:
    path = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO_ROOT)]))
    env = {**os.environ, "PYTHONPATH": path}
    env.pop("GGML_NO_BACKTRACE", None)
    result = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "before False"  # so the check can fail
    assert lines[-2] == "after True (0, 0)"
    assert lines[-1] == "ggml 1"
