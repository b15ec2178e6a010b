"""Slow model chores (hashing, copying, trial loads) off the GUI thread, with a progress dialog.

Hashing a 20 GB file takes minutes, so it never runs on the GUI thread. A
:class:`ModelJobDialog` runs one job through :func:`curbside.ui.workers.run_task`,
shows a progress bar fed by its ``progress`` signal, and cancels cooperatively
(the job polls between chunks). Errors arrive as one message, never a
traceback; a bug goes down the one bug path.
"""

from __future__ import annotations

from typing import Any

from curbside.ui.plain_text import plain_label
from curbside.ui.workers import Job, Task
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QProgressBar, QPushButton, QVBoxLayout, QWidget

__all__ = ["Job", "ModelJobDialog"]


class ModelJobDialog(QDialog):
    """A progress dialog that runs one job on a worker thread.

    Args:
        title: Window title, e.g. ``"Importing model"``.
        text: What is happening, e.g. ``"Checking medgemma.gguf (SHA-256)…"``.
        job: The work; called on a worker thread with (progress, cancelled).

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
        self.label = plain_label(text)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.task = Task(job, self)
        self.task.progress.connect(self.bar.setValue)
        self.task.succeeded.connect(self._on_succeeded)
        self.task.failed.connect(self._on_failed)

    def start(self) -> None:
        """Show the dialog and start the job."""
        self.show()
        self.task.start()

    @Slot()
    def cancel(self) -> None:
        """Ask the job to stop at its next chunk."""
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")

    def stop_and_wait(self, timeout_s: float = 10.0) -> None:
        """Cancel the job and wait (bounded) for it to end (for shutdown)."""
        if self.task.is_running():
            self.task.cancel()
            self.task.wait(timeout_s)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self.hide()
        self.succeeded.emit(result)
        self.accept()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.hide()
        self.failed.emit(message)
        self.reject()

    def reject(self) -> None:
        """Escape cancels a running job; the dialog closes once the job has stopped."""
        if self.task.is_running():
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        """Closing the dialog cancels the job rather than abandoning it."""
        if self.task.is_running():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
