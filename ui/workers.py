"""The one way short jobs run off the GUI thread, and the one way any worker reports failure.

A short job (hashing a model file, reading metadata, fetching the default
model, a PHI scan of the composer) runs through :func:`run_task`, after
Picard's ``run_task``: the function runs on Qt's thread pool and its outcome
comes back to the GUI thread as exactly one of ``succeeded(result)`` or
``failed(message)``. The one long-lived worker is the engine's
(:mod:`curbside.ui.engine_bridge`), because the ``Llama`` object must stay on one
thread; it reports failures through :func:`failure_message` too.

:func:`failure_message` is the single translation from exception to words: a
:class:`KnownError` says what is wrong and what to do; anything else is a bug,
which goes to :func:`curbside.ui.crash.report_bug` (crash log with the type and
code locations only, a dialog) and comes back as a line that quotes nothing
of the exception's message, which may hold case text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from curbside.errors import KnownError
from curbside.ui.crash import report_bug
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, int], None]
"""Called by a job with (done, total) as it goes."""

Cancelled = Callable[[], bool]
"""Polled by a job between steps; True means stop."""

Job = Callable[[Progress, Cancelled], Any]
"""A job takes (progress, cancelled) callbacks and returns its result."""

_running: set[Task] = set()
"""Tasks not yet finished: kept alive here until their outcome is delivered."""


def failure_message(exc: BaseException) -> str:
    """Return the line to show for ``exc``; a bug also goes down the bug path."""
    if isinstance(exc, KnownError):
        return str(exc)
    return report_bug(exc)


class Task(QObject):
    """One short job on Qt's thread pool, reporting back on the GUI thread.

    The pool thread emits only the private ``_outcome``/``_percent`` signals;
    this object's slots (which run on the thread that owns it, the GUI thread)
    re-emit the public ones, so even a plain function connected to
    ``succeeded`` runs on the GUI thread.

    Args:
        job: The work; called on a pool thread with (progress, cancelled).
        parent: Owner of the task object.

    Signals:
        progress(int): Percent done (0–100), at most once per percent.
        succeeded(object): The job's return value.
        failed(str): A clear message (a known error's text, or the bug line).
    """

    progress = Signal(int)
    succeeded = Signal(object)
    failed = Signal(str)
    _outcome = Signal(bool, object)
    _percent = Signal(int)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._last_percent = -1
        self._outcome.connect(self._on_outcome)
        self._percent.connect(self._on_percent)

    def start(self) -> Task:
        """Queue the job on the thread pool; return ``self``."""
        _running.add(self)
        QThreadPool.globalInstance().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def is_running(self) -> bool:
        """True until the job has returned or raised."""
        return not self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the job has returned or raised (for shutdown); True if it did."""
        return self._done.wait(timeout_s)

    def execute(self) -> None:
        """Run the job and post its outcome (called on a pool thread)."""
        try:
            result = self._job(self._report, self._cancel.is_set)
        except BaseException as exc:
            ok, value = False, failure_message(exc)
        else:
            ok, value = True, result
        self._done.set()
        self._outcome.emit(ok, value)

    def _report(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent != self._last_percent:
            self._last_percent = percent
            self._percent.emit(percent)

    @Slot(int)
    def _on_percent(self, percent: int) -> None:
        self.progress.emit(percent)

    @Slot(bool, object)
    def _on_outcome(self, ok: bool, value: object) -> None:
        _running.discard(self)
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(str(value))


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task.execute()


def run_task(
    job: Job,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    *,
    parent: QObject | None = None,
) -> Task:
    """Run ``job`` off the GUI thread; call ``on_result`` or ``on_error`` on the GUI thread.

    Returns:
        The started :class:`Task` (connect to ``progress`` for a progress bar,
        call ``cancel()`` to stop it).
    """
    task = Task(job, parent)
    if on_result is not None:
        task.succeeded.connect(on_result)
    if on_error is not None:
        task.failed.connect(on_error)
    return task.start()


def run_simple(
    function: Callable[[], Any],
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    *,
    parent: QObject | None = None,
) -> Task:
    """:func:`run_task` for a function that takes no progress or cancel callbacks."""
    return run_task(lambda _progress, _cancelled: function(), on_result, on_error, parent=parent)
