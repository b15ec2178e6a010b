"""The Evaluate window: pick a case set, models and a mode, run them with progress, open the report.

The run goes through :func:`curbside.ui.workers.run_task` on a pool thread,
which loads each model there, answers the items and stores every answer
encrypted in the history as it is scored (see :mod:`curbside.evaluation`).
The window only shows progress: answers done, the time left, the model at
work. Stop sets the run's cancel event, so the answer in flight ends between
two tokens and is dropped; running the same settings into the same folder
again continues the run. Open report writes ``report.html`` into the run's
folder (self-contained, no remote resources) and opens it. The fields of a
run are :class:`curbside.ui.evaluate_form.RunForm`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from curbside.evaluation import (
    Progress,
    RunRequest,
    load_run,
    run_evaluation,
    summarize,
    write_report,
)
from curbside.storage import HistoryStore
from curbside.ui.evaluate_form import RunForm, row_of
from curbside.ui.workers import Task, run_simple, run_task
from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class _Relay(QObject):
    """Carries progress from the run's thread to the window (queued onto the GUI thread).

    Signals:
        moved(int, int, str): Answers done, answers in all, what is running and time left.
    """

    moved = Signal(int, int, str)


def eta_text(progress: Progress) -> str:
    """'12/30 answers · SmolLM2 · about 2 min left' for the status line."""
    parts = [f"{progress.done}/{progress.total} answers", progress.phase]
    if progress.eta_s is not None and progress.done < progress.total:
        minutes = progress.eta_s / 60
        parts.append(f"about {minutes:.0f} min left" if minutes >= 1 else "under a minute left")
    return " · ".join(parts)


class EvaluateWindow(QWidget):
    """Run case sets through models side by side.

    Args:
        store: The open history (runs are stored in it); None disables running.
        models: Model files to offer at first (the loaded model, the default).

    Signals:
        run_finished(str): The run ended (finished or stopped); carries the summary text.
        run_failed(str): The run could not start or failed; carries the message.
        report_written(str): The HTML report's path.
    """

    run_finished = Signal(str)
    run_failed = Signal(str)
    report_written = Signal(str)

    def __init__(
        self, store: HistoryStore | None, models: list[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Curbside — Evaluate models on a case set")
        self.resize(760, 620)
        self.store = store
        self.task: Task | None = None
        self.cancel = threading.Event()
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self._relay = _Relay(self)
        self._relay.moved.connect(self._on_progress)
        self._build(models)
        self._update_controls()

    # ----- construction -------------------------------------------------
    def _build(self, models: list[Path]) -> None:
        self.form = RunForm(models)
        self.form.models_changed.connect(self._update_controls)
        # The window reads these two when it runs and writes the report.
        self.model_list, self.out_edit = self.form.model_list, self.form.out_edit
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self.start_run)
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self.stop_run)
        self.report_button = QPushButton("Open report")
        self.report_button.clicked.connect(self.open_report)
        self.progress = QProgressBar()
        self.status = QLabel("Choose a set, models and a folder, then Run.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.results = QPlainTextEdit()
        self.results.setReadOnly(True)
        self.results.setPlaceholderText("Results appear here when the run ends.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(row_of(self.run_button, self.stop_button, self.report_button))
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def set_case_set(self, path: Path) -> None:
        """Select ``path`` as the case set (adding it to the list)."""
        self.form.set_case_set(path)

    def request(self) -> RunRequest:
        """The run the window's fields describe."""
        return self.form.request()

    # ----- running ------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while a run is in progress."""
        return self.task is not None

    def start_run(self) -> None:
        """Start the run described by the fields (off the GUI thread)."""
        if self.running or self.store is None:
            return
        if not self.out_edit.text().strip() or not self.model_list.count():
            self.status.setText("Choose at least one model and a run folder first.")
            return
        request, store = self.request(), self.store
        self.cancel = threading.Event()
        cancel, relay = self.cancel, self._relay

        def job(_progress: object, _cancelled: object) -> str:
            def moved(progress: Progress) -> None:
                relay.moved.emit(progress.done, progress.total, eta_text(progress))

            outcome = run_evaluation(request, store, cancel, moved)
            return _summary_text(outcome.run, outcome.stopped)

        self.results.clear()
        self.status.setText("Starting: checking the set and the models…")
        self.progress.setRange(0, 0)
        self.task = run_task(job, self._on_finished, self._on_failed, parent=self)
        self._update_controls()

    def stop_run(self) -> None:
        """Stop after the current token; answers already stored stay stored."""
        if self.running:
            self.cancel.set()
            self.status.setText("Stopping…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(text)

    def _on_finished(self, text: object) -> None:
        self.task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if not self.cancel.is_set() else 0)
        self.status.setText(
            "Stopped; run again into the same folder to continue."
            if self.cancel.is_set()
            else "Finished."
        )
        self.results.setPlainText(str(text))
        self._update_controls()
        self.run_finished.emit(str(text))

    def _on_failed(self, message: str) -> None:
        self.task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message)
        self._update_controls()
        self.run_failed.emit(message)

    def open_report(self) -> None:
        """Write the run folder's HTML report off the GUI thread, then open it."""
        store, out = self.store, Path(self.out_edit.text().strip()).expanduser()
        if store is None or not out.name:
            return

        def make() -> str:
            return str(write_report(load_run(store, out), "html", out / "report.html"))

        self.status.setText("Writing the report…")
        run_simple(make, self._on_report, self._on_failed, parent=self)

    def _on_report(self, path: object) -> None:
        self.status.setText(f"Report: {path}")
        self.open_url(QUrl.fromLocalFile(str(path)))
        self.report_written.emit(str(path))

    def _update_controls(self) -> None:
        usable = self.store is not None
        self.run_button.setEnabled(usable and not self.running and self.model_list.count() > 0)
        self.stop_button.setEnabled(self.running)
        self.report_button.setEnabled(usable and not self.running)
        if not usable:
            self.status.setText("History is off, so runs cannot be stored: unlock it first.")

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop a run and wait for its thread to let go of the model and the history."""
        task = self.task
        self.stop_run()
        if task is not None:
            task.wait(timeout_s)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window stops a run; the answers already stored stay."""
        self.stop_run()
        super().closeEvent(event)


def _summary_text(run: Any, stopped: bool) -> str:
    summary = summarize(run)
    lines = [
        f"{summary.config['set']} · {summary.config['items']} items · {summary.config['mode']}"
    ]
    for row in summary.results:
        lo, hi = row.ci95
        lines.append(
            f"{row.model}: {row.metric} {row.value:.3f} [{lo:.3f}, {hi:.3f}] "
            f"n={row.n}, unparsed {row.unparsed}"
        )
    for timing in summary.timings.values():
        lines.append(
            f"{timing.model}: median {timing.median_latency_s:.2f} s per answer, "
            f"{timing.tokens_per_s:.1f} tokens/s"
        )
    if stopped:
        lines.append("Stopped before the end: run again into the same folder to continue.")
    return "\n".join(lines)
