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
