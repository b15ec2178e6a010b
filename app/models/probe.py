"""Make sure a model file is safe to hand to llama.cpp inside the app's own process.

A malformed GGUF can make llama.cpp *abort the process* instead of raising (for
example a layer count of 0 trips a ``GGML_ASSERT``), which would take the app
and the clinician's unsaved work with it. So before a file's first load (and
again whenever its size or modification time changes) :func:`preflight` runs:

1. the metadata checks of :mod:`curbside.models.info` (instant, in-process);
2. the integrity check of :mod:`curbside.models.registry` (hash if changed);
3. a trial run by llama.cpp in a *child process* (:mod:`curbside.models.trial_child`):
   load, render the chat template under a time and memory limit, and decode a
   few tokens; a crash there costs nothing.

The trial's outcome is cached in the registry state keyed by size, mtime and
the trial's version; a file that failed stays marked bad until it changes.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from curbside.errors import ModelError
from curbside.infra import child_command, child_env
from curbside.models.approval import require_approved
from curbside.models.info import ModelInfo, display, read_model_info, require_loadable
from curbside.models.registry import Cancelled, ModelRegistry, Progress
from curbside.models.trial_child import EXIT_LOAD, EXIT_TEMPLATE, TEMPLATE_SECONDS


def trial_load(path: Path, timeout: float = 600.0) -> str | None:
    """Trial-run ``path`` in a child process; return None if it works, else why not."""
    try:
        result = subprocess.run(
            child_command("trial-load", str(path)),
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"llama.cpp did not finish opening it within {timeout:.0f} s."
    if result.returncode == 0:
        return None
    if result.returncode < 0:
        name = _signal_name(-result.returncode)
        if name == "SIGALRM":
            return (
                f"its chat template did not finish within {TEMPLATE_SECONDS} s; "
                "Curbside will not load it."
            )
        if name == "SIGKILL":  # the kernel's out-of-memory killer, most likely
            name += ", probably because the computer ran out of memory"
        return f"llama.cpp crashed in a trial run of it ({name}); Curbside will not load it."
    detail = display((result.stdout.strip().splitlines() or [""])[-1])
    if result.returncode == EXIT_TEMPLATE:
        return f"its chat template was refused ({detail})."
    if result.returncode == EXIT_LOAD:
        return f"llama.cpp could not open it ({detail or 'no detail'})."
    # An unexpected error in the trial itself: its traceback is not for the clinician.
    return f"the trial run failed unexpectedly (exit status {result.returncode})."


def preflight(
    path: Path,
    registry: ModelRegistry | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ModelInfo:
    """Check ``path`` before loading it in-process; return its metadata.

    Call this on a worker thread: it may hash the file and run a trial load.

    Raises:
        ModelError: The file is missing, malformed, not the expected file, or
            llama.cpp failed or crashed in the trial load.
    """
    info = read_model_info(path)
    require_loadable(info)
    registry = registry or ModelRegistry()
    registry.ensure_verified(path, progress, cancelled)
    require_approved(path, registry)
    verdict = registry.trial_result(path)
    if verdict is None:
        failure = trial_load(path)
        registry.record_trial(path, failure)
        verdict = (failure is None, failure or "")
    ok, message = verdict
    if not ok:
        raise ModelError(f"{path.name} cannot be loaded: {message}", _HINT)
    return info


_HINT = "Choose another GGUF file, or download this one again from its publisher."


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
