"""The workstation and demo guards of the main window, set up by the administrator's policy.

:class:`SessionGuards` adds a "Workstation" menu (Lock now, Idle lock…,
Administrator policy…) and installs, as the policy and the profile allow:

* on a workstation, the idle lock (:mod:`curbside.ui.workstation_lock`), with
  the minutes from the clinician's choice unless the policy locks them;
* in demo mode, "Next visitor" (:mod:`curbside.ui.demo_reset`) instead, with
  the policy's auto-reset.

Settings the policy sets are shown disabled, with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from curbside.admin import Policy, in_demo
from curbside.errors import KnownError
from curbside.keys import LockSecret
from curbside.ui.demo_reset import NextVisitor
from curbside.ui.workstation_lock import WorkstationLock, unlocker_for
from curbside.ui.zoom import Zoom
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from curbside.ui.main_window import MainWindow


class SessionGuards(QObject):
    """Installs the idle lock or Next visitor on ``window`` and the Workstation menu.

    Args:
        window: The main window.
        policy: The administrator's policy in force.

    Signals:
        lock_changed(bool): The idle lock became available (True) or not (False).
    """

    lock_changed = Signal(bool)

    def __init__(self, window: MainWindow, policy: Policy) -> None:
        super().__init__(window)
        self.window = window
        self.policy = policy
        self.secret = LockSecret()
        self.lock: WorkstationLock | None = None
        self.next_visitor: NextVisitor | None = None
        menu = window.menuBar().addMenu("&Workstation")
        self.lock_now_action = QAction("&Lock now", window)
        self.lock_now_action.setShortcut("Ctrl+L")
        self.lock_now_action.triggered.connect(self.lock_now)
        self.settings_action = QAction("&Idle lock…", window)
        self.settings_action.triggered.connect(self.edit_idle_lock)
        self.policy_action = QAction("Administrator &policy…", window)
        self.policy_action.triggered.connect(self.show_policy)
        for action in (self.lock_now_action, self.settings_action, self.policy_action):
            menu.addAction(action)
        if in_demo() or policy.demo_mode:
            enlarge_for_presenting(window.zoom)
            self.next_visitor = NextVisitor(window, policy.demo_auto_reset_minutes)
            menu.addAction(self.next_visitor.action)
            self.lock_now_action.setEnabled(False)
            self.settings_action.setEnabled(False)
        else:
            self._install_lock()

    def stop(self) -> None:
        """Stop the idle timers (the window is closing): nothing fires on a closed history."""
        for guard in (self.lock, self.next_visitor):
            if guard is not None:
                guard.watcher.set_minutes(0)

    @property
    def idle_minutes(self) -> int:
        """The idle-lock minutes in force: the policy's if it sets them, else the clinician's."""
        if self.policy.is_locked("idle_lock_minutes"):
            return self.policy.idle_lock_minutes
        return self.secret.idle_minutes(self.policy.idle_lock_minutes)

    def lock_now(self) -> None:
        """Lock at once (Ctrl+L), or say how to make locking possible."""
        if self.lock is not None:
            self.lock.lock()
            return
        self.window.show_error(
            "The window cannot lock yet: set an unlock passphrase in Workstation → Idle lock…."
        )

    def _install_lock(self) -> None:
        how = unlocker_for(self.window.recorder.store, self.secret)
        if how is None:
            self.lock_changed.emit(False)
            return
        unlocker, hint = how
        if self.lock is None:
            self.lock = WorkstationLock(self.window, unlocker, self.idle_minutes, hint)
        else:
            self.lock.unlocker, self.lock.hint = unlocker, hint
            self.lock.watcher.set_minutes(self.idle_minutes)
        self.lock_changed.emit(True)

    def edit_idle_lock(self) -> None:
        """Let the clinician choose the minutes and, for keychain profiles, a passphrase."""
        dialog = IdleLockDialog(self, ask_passphrase=not self._uses_passphrase())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._install_lock()

    def _uses_passphrase(self) -> bool:
        store = self.window.recorder.store
        return store is not None and store.keys is not None and bool(store.keys.verified)

    def show_policy(self) -> QMessageBox:
        """Show which settings the administrator's policy sets, and from which file."""
        box = QMessageBox(self.window)
        box.setWindowTitle("Administrator policy")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(policy_summary(self.policy))
        box.open()
        return box


DEMO_TYPE_SCALE = 1.5
"""How much larger a demo's type is than the desktop's: readable from the back of a room."""


def enlarge_for_presenting(zoom: Zoom) -> None:
    """Set the window's type (and so every widget's in it) to presentation size.

    The zoom's base grows, so the visitor's Ctrl+= / Ctrl+- still work from there.
    """
    zoom.base_pt *= DEMO_TYPE_SCALE
    zoom.apply()


def policy_summary(policy: Policy) -> str:
    """Return the plain-text summary of the policy shown in the app."""
    if policy.source is None:
        return "No administrator policy applies on this computer; every setting is yours."
    lines = [f"Your administrator's policy ({policy.source}) sets, and locks:"]
    settings = policy.settings()
    lines += [f"• {key.replace('_', ' ')}: {settings[key]}" for key in sorted(policy.locked)]
    lines.append("These settings cannot be changed in Curbside.")
    return "\n".join(lines)


class IdleLockDialog(QDialog):
    """Idle-lock minutes and, for keychain profiles, the unlock passphrase."""

    def __init__(self, guards: SessionGuards, *, ask_passphrase: bool) -> None:
        super().__init__(guards.window)
        self.guards = guards
        self.setWindowTitle("Idle lock")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 1440)
        self.minutes.setSuffix(" min")
        self.minutes.setSpecialValueText("Off")
        self.minutes.setValue(guards.idle_minutes)
        self.minutes.setAccessibleName("Lock after idle minutes")
        why = guards.policy.why_locked("idle_lock_minutes")
        self.minutes.setEnabled(not why)
        self.minutes.setToolTip(why)
        self.passphrase = QLineEdit()
        self.confirm = QLineEdit()
        for field, name in ((self.passphrase, "Unlock passphrase"), (self.confirm, "Repeat it")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow("Lock after", self.minutes)
        if why:
            form.addRow(_plain(why))
        if ask_passphrase:
            form.addRow(
                _plain(
                    "This computer's keychain opens for anyone using this account, "
                    "so the lock needs its own passphrase."
                )
            )
            form.addRow("Unlock passphrase", self.passphrase)
            form.addRow("Repeat it", self.confirm)
        self.ask_passphrase = ask_passphrase
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store the choice; refuse a mismatched or short passphrase with a reason."""
        try:
            if self.ask_passphrase and (self.passphrase.text() or not self.guards.secret.is_set()):
                if self.passphrase.text() != self.confirm.text():
                    self.problem.setText("The two passphrases differ.")
                    return
                self.guards.secret.set(self.passphrase.text())
            if self.minutes.isEnabled():
                self.guards.secret.set_idle_minutes(self.minutes.value())
        except KnownError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()


def _plain(text: str) -> QWidget:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
