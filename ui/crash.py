"""The bug path: an unexpected exception on any thread is logged without case text and shown.

Known, environmental failures never get here: they are :class:`KnownError`
and are shown where they happen. Anything else is a bug. :func:`report_bug`
is the one place every thread sends one: it writes the crash log (exception
type and code locations only, see :func:`curbside.infra.log_exception`), asks the
GUI thread to show a dialog, and returns the line the caller shows in place of
the result it could not produce, so the window returns to a usable state.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from curbside.infra import (
    crash_location,
    crash_report,
    enable_native_traces,
    log_exception,
    write_crash_log,
)
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["crash_report", "install", "report_bug", "write_crash_log"]


class _BugNotifier(QObject):
    """Lives on the GUI thread; shows the bug dialog whichever thread reported the bug.

    Signals:
        bug(str): A bug was logged; the argument is the log's path (or "").
    """

    bug = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.bug.connect(self._show)
        self.dialog: QMessageBox | None = None

    @Slot(str)
    def _show(self, log: str) -> None:
        where = f"\n\nDetails (no case text) were written to {log}." if log else ""
        self.dialog = QMessageBox(
            QMessageBox.Icon.Critical,
            "Curbside hit a bug",
            "Something unexpected went wrong. Your conversation is still open and "
            f"nothing was lost; please report this to your IT contact.{where}",
        )
        self.dialog.setObjectName("bugDialog")
        self.dialog.open()  # not exec(): the app keeps running behind it


_notifier: _BugNotifier | None = None


def report_bug(exc: BaseException) -> str:
    """Log ``exc`` (type and locations), show the bug dialog, return a one-line message."""
    log = log_exception(exc)
    if _notifier is not None:
        _notifier.bug.emit(str(log or ""))
    return (
        f"Unexpected error ({type(exc).__name__}{crash_location(exc)}). "
        "This is a bug in Curbside; details without case text are in the crash log."
    )


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    report_bug(exc)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        report_bug(args.exc_value)


def install() -> None:
    """Route uncaught exceptions (Qt slots and Python threads too) and fatal signals to the log."""
    global _notifier
    if _notifier is None and QApplication.instance() is not None:
        _notifier = _BugNotifier()
    sys.excepthook = _hook
    threading.excepthook = _thread_hook
    enable_native_traces()
