"""Start the desktop app: window first, model loading on the worker thread."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.errors import KnownError
from app.model_choice import resolve_model_path
from ui import crash
from ui.engine_bridge import EngineBridge
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
    bridge = EngineBridge()
    path, problem = initial_model()
    window = MainWindow(bridge, path, problem)
    window.show()
    return int(app.exec())
