"""The idle lock for shared workstations: after N quiet minutes, nothing of the case shows.

Locking hides every trace of case content (the conversation, composer, case
editor and history titles all sit behind a lock screen; the window and
taskbar title become "Curbside — locked"; other Curbside windows close),
closes the history database so its key leaves memory, and wipes the model's
KV cache (which holds the case). An answer streaming at that moment is
**stopped and saved, marked as stopped**, before the database closes: the
clinician finds it in the history after unlocking, and nothing new appears on
a screen nobody is watching.

Unlocking needs a secret: the history passphrase where the history uses one,
else the unlock passphrase the clinician set for the lock (a keychain entry
alone is no secret on a shared OS account).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from curbside.errors import CannotUnlockError, KnownError
from curbside.keys import LockSecret
from curbside.storage import HistoryStore, open_history
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from curbside.ui.main_window import MainWindow

Unlocker = Callable[[str], HistoryStore | None]
"""Checks the secret and reopens the history (None when the window has no history).

Raises :class:`KnownError` (wrong passphrase...) with a message to show.
"""

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after a stretch with no keyboard, mouse or touch input in the app.

    Signals:
        idle(): No input for the configured number of minutes.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        """Change the idle time (0 turns the watcher off)."""
        self.minutes = minutes
        self.restart()

    def restart(self) -> None:
        """Start counting quiet time from now."""
        if self.minutes > 0:
            self._timer.start(int(self.minutes * 60_000))
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the count; the event itself goes on as usual."""
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False


class LockScreen(QWidget):
    """What the locked window shows: no case content, a passphrase field, Unlock.

    Signals:
        unlock_requested(str): The passphrase typed.
    """

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        title = QLabel("Curbside is locked")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Unlock passphrase")
        self.passphrase.returnPressed.connect(self._request)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setAccessibleName("Unlock Curbside")
        self.unlock_button.clicked.connect(self._request)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #a1261b;")
        for label in (self.hint, self.problem):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setFixedWidth(440)
        self.passphrase.setFixedWidth(360)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addStretch(1)
        for widget in (title, self.hint, self.passphrase, self.unlock_button, self.problem):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def reset(self, hint: str) -> None:
        """Clear the field and any problem, and say which passphrase unlocks."""
        self.hint.setText(hint)
        self.passphrase.clear()
        self.problem.clear()
        self.passphrase.setFocus()

    def _request(self) -> None:
        self.unlock_requested.emit(self.passphrase.text())


class WorkstationLock(QObject):
    """Locks and unlocks one main window.

    Args:
        window: The main window to guard.
        unlocker: Checks the secret and reopens the history.
        minutes: Idle minutes before the lock (0: only "Lock now").
        hint: Which passphrase unlocks, shown on the lock screen.

    Signals:
        locked(): The window is locked (content hidden, history closed once
            any answer in progress has been saved).
        unlocked(): The window shows its content again.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: MainWindow, unlocker: Unlocker, minutes: float, hint: str) -> None:
        super().__init__(window)
        self.window = window
        self.unlocker = unlocker
        self.hint = hint
        self.is_locked = False
        self._title = ""
        self._close_pending = False
        self.screen = LockScreen()
        self.screen.unlock_requested.connect(self.try_unlock)
        self._stack = QStackedWidget()
        self._docks: dict[QDockWidget, bool] = {}
        content = window.takeCentralWidget()
        if content is not None:
            self._stack.addWidget(content)
        self._stack.addWidget(self.screen)
        window.setCentralWidget(self._stack)
        self.watcher = IdleWatcher(minutes, self)
        self.watcher.idle.connect(self.lock)
        # After the controller saved the answer, or handed back a question stopped
        # before it streamed (no bridge signal then).
        window.chat.settled.connect(self._close_if_pending)

    @Slot()
    def lock(self) -> None:
        """Hide all case content, stop any answer, close the history, wipe the model's state."""
        if self.is_locked:
            return
        self.is_locked = True
        self._title = self.window.windowTitle()
        self.window.setWindowTitle("Curbside — locked")
        self._stack.setCurrentWidget(self.screen)
        # The History and Case panels are docks beside the central widget: hide them too.
        self._docks = {d: d.isVisible() for d in self.window.findChildren(QDockWidget)}
        for dock in self._docks:
            dock.hide()
        self.window.menuBar().setEnabled(False)
        self._hide_other_windows()
        self.screen.reset(self.hint)
        if self.window.chat.generating:
            self._close_pending = True  # saved as stopped first, then closed
            self.window.chat.stop()
        else:
            self._close_history()
        self.window.bridge.forget_context()
        self.window.remote_gate.forget()  # what the last clinician cleared
        self.locked.emit()

    @Slot(str)
    def try_unlock(self, passphrase: str) -> None:
        """Unlock with ``passphrase``; on failure say why and stay locked."""
        if not self.is_locked:
            return
        if self._close_pending:
            self.screen.problem.setText("Saving the answer that was streaming… try again.")
            return
        try:
            store = self.unlocker(passphrase)
        except KnownError as exc:
            self.screen.passphrase.clear()
            self.screen.problem.setText(str(exc))
            return
        self._attach(store)
        self.is_locked = False
        self.window.setWindowTitle(self._title)
        self.window.menuBar().setEnabled(True)
        self._stack.setCurrentIndex(0)
        for dock, shown in self._docks.items():
            dock.setVisible(shown)
        self.watcher.restart()
        self.unlocked.emit()

    def _hide_other_windows(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.close()

    @Slot()
    def _close_if_pending(self, *_: object) -> None:
        if self._close_pending:
            self._close_pending = False
            # Queued after the chat controller's own slot, which saved the answer.
            QTimer.singleShot(0, self._close_history)

    def _close_history(self) -> None:
        store = self.window.recorder.store
        self._attach(None)
        if store is not None:
            store.close()

    def _attach(self, store: HistoryStore | None) -> None:
        self.window.recorder.store = store
        panel = self.window.history_panel
        if panel is not None and store is not None:
            panel.store = store
            panel.refresh()


def unlocker_for(store: HistoryStore | None, secret: LockSecret) -> tuple[Unlocker, str] | None:
    """Return how this profile unlocks and what to tell the clinician, or None if it cannot.

    A history opened with a passphrase unlocks with that passphrase. A history
    keyed in the OS keychain unlocks with the lock's own passphrase, and
    cannot be locked until one is set (None).
    """
    if store is not None and store.keys is not None and store.keys.verified:
        return (
            lambda passphrase: open_history(passphrase=passphrase),
            "Enter the history passphrase to continue.",
        )
    if not secret.is_set():
        return None

    def unlock(passphrase: str) -> HistoryStore | None:
        if not secret.verify(passphrase):
            raise CannotUnlockError("That is not the unlock passphrase.", "Try again.")
        return open_history() if store is not None else None

    return unlock, "Enter the unlock passphrase set for this computer's idle lock."
