"""Infrastructure every other package stands on: files, limits, where files live, the lock.

* :mod:`.paths` — the data, config, cache and models directories
  (``CURBSIDE_HOME`` gives a throwaway profile).
* :mod:`.files` — the one atomic write (file and directory fsync), the one
  file hash, and bounded reads of untrusted files.
* :mod:`.limits` — every size limit, with its reason.
* :mod:`.crashlog` — the crash log (exception type and code locations only).
* :mod:`.instance_lock` — one desktop app per profile.
* :mod:`.process_guard` — no core dumps, no debugger attachment.
* :mod:`.session_marker` — notices a previous run that ended without closing.
* :mod:`.children` — child processes that also work in a frozen bundle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curbside.infra import limits, paths
    from curbside.infra.children import CHILD_FLAG, child_command, child_env, run_child
    from curbside.infra.crashlog import (
        crash_report,
        enable_native_traces,
        log_exception,
        write_crash_log,
    )
    from curbside.infra.crashlog import where as crash_location
    from curbside.infra.files import (
        CancelledByUser,
        TooLarge,
        atomic_stream,
        atomic_write,
        fsync_dir,
        hash_copy,
        new_private_file,
        private_dir,
        read_bounded,
        sha256_file,
    )
    from curbside.infra.instance_lock import AppAlreadyRunningError, InstanceLock
    from curbside.infra.limits import MAX_INPUT_CHARS, MIN_PASSPHRASE_CHARS
    from curbside.infra.paths import config_dir
    from curbside.infra.process_guard import core_dumps_disabled, harden_process
    from curbside.infra.session_marker import SessionMarker, UncleanExit

# Names are resolved on first use (PEP 562), so importing one submodule
# (``curbside.infra.limits`` from the PHI detector) does not import them all:
# the crash log, the process guard and the session marker cost ~30 ms at start-up.
_WHERE: dict[str, tuple[str, str | None]] = {
    "limits": ("limits", None),
    "paths": ("paths", None),
    "CHILD_FLAG": ("children", "CHILD_FLAG"),
    "child_command": ("children", "child_command"),
    "child_env": ("children", "child_env"),
    "run_child": ("children", "run_child"),
    "crash_report": ("crashlog", "crash_report"),
    "enable_native_traces": ("crashlog", "enable_native_traces"),
    "log_exception": ("crashlog", "log_exception"),
    "write_crash_log": ("crashlog", "write_crash_log"),
    "crash_location": ("crashlog", "where"),
    "CancelledByUser": ("files", "CancelledByUser"),
    "TooLarge": ("files", "TooLarge"),
    "atomic_stream": ("files", "atomic_stream"),
    "atomic_write": ("files", "atomic_write"),
    "fsync_dir": ("files", "fsync_dir"),
    "hash_copy": ("files", "hash_copy"),
    "new_private_file": ("files", "new_private_file"),
    "private_dir": ("files", "private_dir"),
    "read_bounded": ("files", "read_bounded"),
    "sha256_file": ("files", "sha256_file"),
    "AppAlreadyRunningError": ("instance_lock", "AppAlreadyRunningError"),
    "InstanceLock": ("instance_lock", "InstanceLock"),
    "MAX_INPUT_CHARS": ("limits", "MAX_INPUT_CHARS"),
    "MIN_PASSPHRASE_CHARS": ("limits", "MIN_PASSPHRASE_CHARS"),
    "config_dir": ("paths", "config_dir"),
    "core_dumps_disabled": ("process_guard", "core_dumps_disabled"),
    "harden_process": ("process_guard", "harden_process"),
    "SessionMarker": ("session_marker", "SessionMarker"),
    "UncleanExit": ("session_marker", "UncleanExit"),
}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first use."""
    try:
        module_name, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = importlib.import_module(f"{__name__}.{module_name}")
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


__all__ = [
    "CHILD_FLAG",
    "MAX_INPUT_CHARS",
    "MIN_PASSPHRASE_CHARS",
    "AppAlreadyRunningError",
    "CancelledByUser",
    "InstanceLock",
    "SessionMarker",
    "TooLarge",
    "UncleanExit",
    "atomic_stream",
    "atomic_write",
    "child_command",
    "child_env",
    "config_dir",
    "core_dumps_disabled",
    "crash_location",
    "crash_report",
    "enable_native_traces",
    "fsync_dir",
    "harden_process",
    "hash_copy",
    "limits",
    "log_exception",
    "new_private_file",
    "paths",
    "private_dir",
    "read_bounded",
    "run_child",
    "sha256_file",
    "write_crash_log",
]
