"""The bug path: an unexpected exception is logged without case text and shown kindly.

Known, environmental failures never get here: they are :class:`KnownError`
and are shown where they happen. Anything else is a bug. The crash log records
the exception *type* and the code locations only: an exception's message or
local variables may quote the case, so neither is written.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from app import paths


def crash_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Return a report naming the exception type and where it was raised (no message)."""
    frames = traceback.extract_tb(tb)
    lines = [f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return f"{exc_type.__module__}.{exc_type.__qualname__}\n" + "\n".join(lines)


def write_crash_log(report: str) -> Path | None:
    """Append ``report`` to the crash log in the data directory; return its path."""
    log = paths.data_dir() / "logs" / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{report}\n")
    except OSError:
        return None
    return log


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report = crash_report(exc_type, tb)
    log = write_crash_log(report)
    if QApplication.instance() is not None:
        where = f"\n\nDetails (no case text) were written to {log}." if log else ""
        QMessageBox.critical(
            None,
            "Curbside hit a bug",
            "Something unexpected went wrong. Your conversation is still open; "
            f"please report this to your IT contact.{where}",
        )


def install() -> None:
    """Route uncaught exceptions (including those in Qt slots) to the bug path."""
    sys.excepthook = _hook
