"""Start-up self-check: run the real app until its first top-level window shows, then quit.

Reached through the hidden child entry point ``curbside --curbside-child
gui-check`` (:mod:`curbside.infra.children`): the bundle's smoke test uses it,
and an IT admin can run it on a deployed workstation (with
``QT_QPA_PLATFORM=offscreen`` where there is no display). It runs
:func:`curbside.ui.main.run` unchanged, so the platform plugin, the instance
lock, the history unlock and the main window are the real ones. It prints
``first window: <class> "<title>"`` and exits 0, or exits 1 when no window
appeared within the time limit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

TIME_LIMIT_MS = 120_000


class FirstWindowWatcher(QObject):
    """Remember the first top-level widget shown, and close each one shown.

    A dialog shown before the application's event loop runs (the history
    passphrase, asked before the main window exists) has its own loop, which
    ``QApplication.quit()`` does not end: it is rejected instead, the start-up
    goes on, and the main window's show then ends the application's loop.

    Signals: none.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.first: str | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note a top-level show and schedule its closing; never consume the event."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            if self.first is None:
                self.first = f'{type(watched).__name__} "{watched.windowTitle()}"'
            if isinstance(watched, QDialog):
                QTimer.singleShot(0, watched.reject)
            else:
                QTimer.singleShot(0, QApplication.quit)
        return False


def main(argv: list[str]) -> int:
    """Run the app to its first window; print it; return 0, or 1 if none appeared."""
    app = QApplication.instance() or QApplication(["curbside", *argv])
    assert isinstance(app, QApplication)
    watcher = FirstWindowWatcher(app)
    app.installEventFilter(watcher)
    QTimer.singleShot(TIME_LIMIT_MS, QApplication.quit)
    from curbside.ui.main import run

    code = run()
    if watcher.first is None:
        print(f"no window appeared within {TIME_LIMIT_MS // 1000} s", file=sys.stderr)
        return 1
    print(f"first window: {watcher.first}")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
