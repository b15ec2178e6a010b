"""The desktop package's entry point: ``run()`` starts the app, ``write_pdf()`` serves the CLI.

One instance per profile, history unlocked, window first, model loading on the
worker thread. The CLI reaches this module only through :mod:`curbside.cli.desktop`.

Before anything else: no core dumps, and native crashes traced to the crash
log. A "session running" marker tells the next start when this one died
without closing, so it can say so and offer to answer the kept question.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from curbside.errors import KnownError
from curbside.infra import AppAlreadyRunningError, InstanceLock, SessionMarker, harden_process
from curbside.models import resolve_model_path
from curbside.ui import crash
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.export_pdf import write_pdf
from curbside.ui.history_unlock import ask_with_dialog, unlock_history
from curbside.ui.main_window import MainWindow
from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["run", "write_pdf"]


def initial_model() -> tuple[Path | None, str]:
    """Return the model to load at start, or None with the reason."""
    try:
        return resolve_model_path(), ""
    except KnownError as exc:
        return None, str(exc)


def run(argv: list[str] | None = None) -> int:
    """Open the main window and run the event loop; return the exit code."""
    harden_process()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Curbside")
    app.setOrganizationName("Curbside")
    crash.install()  # Python exceptions and native crashes (faulthandler) to the crash log
    lock = InstanceLock()
    try:
        lock.acquire()
    except AppAlreadyRunningError as exc:
        QMessageBox.warning(None, "Curbside is already running", str(exc))
        return 1
    marker = SessionMarker()
    try:
        previous = marker.begin()
        store, history_problem = unlock_history(ask_with_dialog(None))
        path, problem = initial_model()
        window = MainWindow(EngineBridge(), path, problem, store, history_problem)
        window.chat.answering.connect(marker.update)
        if previous is not None:
            window.show_unclean_exit(previous)
        window.show()
        code = int(app.exec())
        if store is not None:
            store.close()
        if window.bridge.stuck:  # a worker that never returned: Qt would abort at exit
            marker.end()
            lock.release()
            os._exit(code)
        return code
    finally:  # reached on any way out but a crash, which is what the marker is for
        marker.end()
        lock.release()
