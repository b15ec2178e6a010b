"""Start the desktop app: one instance per profile, history unlocked, window first,
model loading on the worker thread."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import KnownError
from app.instance_lock import AppAlreadyRunningError, InstanceLock
from app.model_choice import resolve_model_path
from ui import crash
from ui.engine_bridge import EngineBridge
from ui.history_unlock import ask_with_dialog, unlock_history
from ui.main_window import MainWindow


def initial_model() -> tuple[Path | None, str]:
    """Return the model to load at start, or None with the reason."""
    try:
        return resolve_model_path(), ""
    except KnownError as exc:
        return None, str(exc)


def run(argv: list[str] | None = None) -> int:
    """Open the main window and run the event loop; return the exit code."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Curbside")
    app.setOrganizationName("Curbside")
    crash.install()
    lock = InstanceLock()
    try:
        lock.acquire()
    except AppAlreadyRunningError as exc:
        QMessageBox.warning(None, "Curbside is already running", str(exc))
        return 1
    try:
        store, history_problem = unlock_history(ask_with_dialog(None))
        path, problem = initial_model()
        window = MainWindow(EngineBridge(), path, problem, store, history_problem)
        window.show()
        code = int(app.exec())
        if store is not None:
            store.close()
        return code
    finally:
        lock.release()
