"""The crash log: what went wrong and where, never what the clinician wrote.

An exception's message and its frames' local variables may quote the case,
so a report holds only the exception's *type* and the code locations of its
traceback (file name, line, function). :func:`enable_native_traces` points
Python's ``faulthandler`` at the same log, so a segfault or an abort inside
llama.cpp or Qt leaves its stack frames (again: code locations only).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from curbside.infra import paths
from curbside.infra.files import private_dir

_native_log: IO[str] | None = None


def log_path() -> Path:
    """Return the crash log's path (``<data dir>/logs/crash.log``)."""
    return paths.data_dir() / "logs" / "crash.log"


def crash_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Return a report naming the exception type and where it was raised (no message)."""
    frames = traceback.extract_tb(tb)
    lines = [f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return f"{exc_type.__module__}.{exc_type.__qualname__}\n" + "\n".join(lines)


def where(exc: BaseException) -> str:
    """Return ``" at function:line"`` for the innermost frame of ``exc``, or ``""``."""
    frames = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    return f" at {frames[0].name}:{frames[0].lineno}" if frames else ""


def _open_log() -> IO[str]:
    log = log_path()
    private_dir(log.parent)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    return os.fdopen(fd, "a", encoding="utf-8")


def write_crash_log(report: str) -> Path | None:
    """Append ``report`` to the crash log; return its path, or None if it cannot be written."""
    try:
        with _open_log() as handle:
            handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{report}\n")
    except OSError:
        return None
    return log_path()


def log_exception(exc: BaseException) -> Path | None:
    """Write the report for ``exc`` (type and code locations) to the crash log."""
    return write_crash_log(crash_report(type(exc), exc.__traceback__))


def enable_native_traces() -> bool:
    """Send ``faulthandler``'s output for fatal signals to the crash log.

    Returns:
        True when enabled (the log could be opened).
    """
    global _native_log
    with contextlib.suppress(OSError):
        if _native_log is None:
            _native_log = _open_log()
        faulthandler.enable(file=_native_log, all_threads=True)
        return True
    return False
