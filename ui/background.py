"""Run a blocking core function (fetching the model, hashing a file) off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.errors import KnownError


class BackgroundTask(QThread):
    """Runs ``function()`` on its own thread and reports the outcome.

    Signals:
        succeeded(object): The function's return value.
        failed(str): A message for the clinician (known errors say what to do).
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function

    def run(self) -> None:
        """Call the function (on the worker thread)."""
        try:
            result = self._function()
        except KnownError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:
            self.failed.emit(f"Unexpected error ({type(exc).__name__}). This is a bug.")
            return
        self.succeeded.emit(result)
