"""UI test fixtures: a main window wired to a fake engine on the real bridge thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from curbside.storage import HistoryStore, open_history
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

from tests.doubles.fake_engine import FakeEngine


class FakeFactory:
    """Builds the fake engine; a test may hold loading back with ``release``."""

    def __init__(self) -> None:
        self.engine = FakeEngine()
        self.release = threading.Event()
        self.release.set()
        self.error: Exception | None = None

    def __call__(self, path: Path, options: dict[str, Any]) -> FakeEngine:
        self.release.wait(timeout=10)
        if self.error is not None:
            raise self.error
        return self.engine


@pytest.fixture(autouse=True)
def crash_hooks_restored() -> Iterator[None]:
    """Undo ``crash.install()`` after a test that ran the app's ``main``: later tests get
    no bug dialog (it takes the focus) from hooks left behind."""
    import sys

    from curbside.ui import crash

    saved = (sys.excepthook, threading.excepthook, crash._notifier)
    yield
    sys.excepthook, threading.excepthook, crash._notifier = saved


@pytest.fixture
def fake_factory() -> FakeFactory:
    """The factory the window's bridge uses."""
    return FakeFactory()


@pytest.fixture
def make_window(qtbot: QtBot, fake_factory: FakeFactory) -> Iterator[Callable[..., MainWindow]]:
    """Create a main window on a fake engine; closes it (and its thread) afterwards."""
    windows: list[MainWindow] = []

    def create(
        model: Path | None = Path("fake.gguf"), problem: str = "", wait_loaded: bool = True
    ) -> MainWindow:
        bridge = EngineBridge(fake_factory)
        window = MainWindow(bridge, model, problem)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        if model is not None and wait_loaded:
            # The loaded signal is queued from the worker thread, so it cannot be
            # delivered before this wait starts processing events.
            with qtbot.waitSignal(bridge.loaded, timeout=5000):
                pass
        return window

    yield create
    for window in windows:
        window.bridge.shutdown()


@pytest.fixture
def real_bridges() -> Iterator[list[EngineBridge]]:
    """Bridges on the real llama.cpp factory; each is shut down after the test.

    pytest-qt keeps only weak references to widgets, so a window (and the
    bridge thread it owns) must be kept alive and stopped explicitly.
    """
    bridges: list[EngineBridge] = []
    yield bridges
    for bridge in bridges:
        bridge.shutdown()


@pytest.fixture(autouse=True)
def empty_clipboard(qapp: object) -> Iterator[None]:
    """Leave the clipboard empty after each test.

    Mime data left on the offscreen platform's clipboard is destroyed after the
    QApplication at interpreter exit, which segfaults (exit code 139) even
    though every test passed.
    """
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    """A real encrypted history in the test's profile (in-memory keychain)."""
    opened = open_history()
    yield opened
    opened.close()


@pytest.fixture
def window_on_store(
    qtbot: QtBot, fake_factory: FakeFactory
) -> Iterator[Callable[[HistoryStore], MainWindow]]:
    """Make main windows on a given history, on the fake engine, loaded and shown."""
    bridges: list[EngineBridge] = []

    def create(store: HistoryStore) -> MainWindow:
        bridge = EngineBridge(fake_factory)
        bridges.append(bridge)
        window = MainWindow(bridge, Path("fake.gguf"), store=store)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(bridge.loaded, timeout=5000):
            pass
        return window

    yield create
    for bridge in bridges:
        bridge.shutdown()


@pytest.fixture
def history_window(
    store: HistoryStore, window_on_store: Callable[[HistoryStore], MainWindow]
) -> MainWindow:
    """A main window with a history store, on the fake engine, loaded and shown."""
    return window_on_store(store)
