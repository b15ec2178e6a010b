"""Keep the case out of core dumps and debugger attachments.

After an abort inside llama.cpp the kernel may write a core file of the whole
process: the case text (many times over: prompt, KV cache, widgets) and the
raw history key, unencrypted, in the working directory or wherever
``core_pattern`` says. :func:`harden_process` turns that off for this process
and its children, as early as the entry points can:

* ``RLIMIT_CORE`` 0 (soft and hard): no core file, and a child cannot raise it;
* ``prctl(PR_SET_DUMPABLE, 0)`` on Linux: no core even if a handler pipes
  cores elsewhere, and no ptrace attach by other processes of the same user
  (ggml's abort handler would otherwise attach gdb and print the stack);
* ``GGML_NO_BACKTRACE=1``, so ggml does not even try.

Python's ``faulthandler`` (:mod:`curbside.infra.crashlog`) still logs where a
native crash happened: code locations only.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def harden_process() -> None:
    """Disable core dumps and debugger attachment for this process (best effort, idempotent)."""
    os.environ["GGML_NO_BACKTRACE"] = "1"
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def core_dumps_disabled() -> bool:
    """Return True when this process can write no core file (and, on Linux, is not dumpable)."""
    try:
        import resource
    except ImportError:  # Windows: no core files in the Unix sense
        return True
    if resource.getrlimit(resource.RLIMIT_CORE) != (0, 0):
        return False
    if sys.platform.startswith("linux"):
        libc = _libc()
        return libc is not None and libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
    return True


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name or "libc.so.6", use_errno=True)
    except OSError:
        return None
