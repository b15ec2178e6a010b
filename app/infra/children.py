"""Start a piece of Curbside in a child process, from a source tree, a wheel or a bundle.

Some work must not share the app's process: llama.cpp *aborts* the process on
some malformed GGUF files, so a model's first load is tried in a child
(:mod:`curbside.models.trial_child`). From a source tree or a wheel the child is
``python -m <module>``. A frozen bundle has no Python interpreter to give
``-m`` or ``-c`` to: its own program answers a hidden first argument instead,
``curbside --curbside-child <name> ARGS`` (dispatched by :func:`curbside.cli.main`).
Only the modules listed in :data:`CHILDREN` can be started either way, so the
hidden argument runs nothing a caller chooses.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

from curbside.infra import paths

CHILD_FLAG = "--curbside-child"
"""The hidden first argument of the ``curbside`` program (not shown in ``--help``)."""

CHILDREN = {
    "trial-load": "curbside.models.trial_child",
    "gui-check": "curbside.ui.startup_check",
}
"""Child name -> module whose ``main(argv) -> int`` runs it."""


def child_command(name: str, *args: str) -> list[str]:
    """Return the command line that runs child ``name`` with ``args``.

    Raises:
        KeyError: ``name`` is not in :data:`CHILDREN`.
    """
    module = CHILDREN[name]
    if paths.is_frozen():
        return [sys.executable, CHILD_FLAG, name, *args]
    return [sys.executable, "-m", module, *args]


def child_env() -> dict[str, str]:
    """Return the environment for a child: ours, with a source tree importable."""
    env = dict(os.environ)
    if paths.is_source_checkout():
        root = str(paths.SOURCE_ROOT)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH", "")]))
    return env


def run_child(argv: Sequence[str]) -> int:
    """Run the child named by ``argv[0]`` with the remaining arguments; return its exit code."""
    if not argv or argv[0] not in CHILDREN:
        print(f"curbside: error: {CHILD_FLAG} needs one of: {', '.join(CHILDREN)}", file=sys.stderr)
        return 2
    module = importlib.import_module(CHILDREN[argv[0]])
    return int(module.main(list(argv[1:])))
