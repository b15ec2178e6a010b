"""Slow model chores (hashing, copying, trial loads) on a worker thread, with a progress dialog.

Hashing a 20 GB file takes minutes, so it never runs on the GUI thread. A
:class:`ModelJobDialog` starts one job on its own ``QThread``, shows a progress
bar fed by queued signals, and cancels cooperatively through a
``threading.Event`` polled between chunks. Errors arrive as one message, never
a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.errors import KnownError

Progress = Callable[[int, int], None]
Job = Callable[[Progress, Callable[[], bool]], Any]
"""A job takes (progress, cancelled) callbacks and returns its result."""


class _Worker(QObject):
    """Runs one job on the worker thread."""

    progress = Signal(int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, cancel: threading.Event) -> None:
        super().__init__()
        self._job = job
        self._cancel = cancel
        self._last = -1

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._report, self._cancel.is_set)
        except KnownError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: report it without a traceback in the UI
            self.failed.emit(f"Unexpected error ({type(exc).__name__}): {exc}")
        else:
            self.succeeded.emit(result)

    def _report(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent != self._last:  # one signal per percent, not per chunk
            self._last = percent
            self.progress.emit(percent)


class ModelJobDialog(QDialog):
    """A modal-looking progress dialog that runs one job on a worker thread.

    Args:
        title: Window title, e.g. ``"Importing model"``.
        text: What is happening, e.g. ``"Checking medgemma.gguf (SHA-256)…"``.
        job: The work; called on the worker thread.

    Signals:
        succeeded(object): The job's result.
        failed(str): A clear message (also for cancellation).
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, title: str, text: str, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.cancel_event = threading.Event()
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self._thread = QThread(self)
        self._worker = _Worker(job, self.cancel_event)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.bar.setValue)
        self._worker.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Show the dialog and start the job."""
        self.show()
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        """Ask the job to stop at its next chunk."""
        self.cancel_event.set()
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")

    def stop_and_wait(self) -> None:
        """Cancel the job and wait for its thread to end (for shutdown)."""
        if self._thread.isRunning():
            self.cancel_event.set()
            self._thread.quit()
            self._thread.wait()

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.hide()

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.accept()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)
        self.reject()

    def reject(self) -> None:
        """Escape cancels a running job; the dialog closes once the job has stopped."""
        if self._thread.isRunning():
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        """Closing the dialog cancels the job rather than abandoning the thread."""
        if self._thread.isRunning():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
