"""Run in a child process on an Xvfb display: open the real window, report what fits, save PNGs.

Usage: ``python -m tests.ui.xvfb.probe OUT_DIR [theme]``. Prints one JSON object:
the screen's available geometry, the window's frame, and for each main control
whether it is visible and inside the screen. The window runs on the real bridge
thread with the fake engine and a real encrypted history (file keyring).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from curbside.storage import open_history
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from PySide6.QtCore import QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tests.doubles.fake_engine import FakeEngine

CASE = "58M, crushing chest pain for 2 hours, diaphoretic. BP 150/90. Differential?"


def wait(ms: int) -> None:
    """Run the event loop for ``ms`` (a child process for screenshots; not a test)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def on_screen(widget: QWidget, screen: QRect) -> dict[str, object]:
    """Whether ``widget`` is shown and wholly inside ``screen``."""
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    return {
        "visible": widget.isVisible() and not widget.visibleRegion().isEmpty(),
        "inside": screen.contains(rect),
        "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
    }


def main() -> int:
    out, theme = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "light")
    app = QApplication(sys.argv[:1])
    engine = FakeEngine(name="Fake model")
    engine.enqueue("**Acute coronary syndrome** first: ECG within 10 minutes, serial troponin.")
    bridge = EngineBridge(lambda path, options: engine)
    store = open_history()
    window = MainWindow(bridge, Path("fake.gguf"), store=store)
    window.set_theme(theme)
    window.show()
    wait(400)
    window.composer.setPlainText(CASE)
    window.send()
    wait(800)
    window.composer.setPlainText("Mr. John Kowalski, MRN 00482913, called 617-555-0143.")
    wait(900)
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    controls = {
        "send_button": window.send_button,
        "stop_button": window.stop_button,
        "composer": window.composer,
        "view": window.view,
        "status_bar": window.statusBar(),
        "case_editor": window.case_editor,
        "mode_bar": window.mode_bar.combo,
        "history": window.history_panel,
        "phi_panel": window.phi_panel.redact_all_button,
    }
    report = {
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "fits": screen.contains(frame),
        "controls": {name: on_screen(w, screen) for name, w in controls.items() if w},
    }
    window.grab().save(str(out / f"window-{theme}.png"))
    if shutil.which("import"):  # imagemagick: the whole X screen, as a person would see it
        subprocess.run(
            ["import", "-window", "root", str(out / f"screen-{theme}.png")], timeout=30, check=False
        )
    print(json.dumps(report), flush=True)
    wait(100)
    window.close()
    store.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
