"""The main window: notice, conversation, composer, controls and status, History and Case docks.

The window never waits on the model: loading and generation happen on the
engine bridge's worker thread and report back through signals. What is sent
to the model is built from the :class:`curbside.chat.ChatSession`, which the
view mirrors, so the clinician sees exactly what the model was given.

The pieces: :mod:`.window_build` (widgets and layout), :mod:`.window_menus`
(menus and shortcuts), :mod:`.window_model` (loading and model identity),
:mod:`.window_send` (sending behind the PHI guard, new/reopen, card actions),
:mod:`.window_recovery` (what a session that did not close left behind).
This module wires them, sizes the window to the screen and remembers its look.
"""

from __future__ import annotations

from pathlib import Path

from curbside.admin import load_policy
from curbside.chat import Case, ConversationRecorder, resolve_system_prompt
from curbside.models import ModelFacts, ModelSettings
from curbside.remote import ClearedGate
from curbside.storage import HistoryStore
from curbside.ui.answer_actions import answer_actions
from curbside.ui.audit_hooks import AuditHooks
from curbside.ui.chat_controller import ChatController
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.evaluate_window import EvaluateWindow
from curbside.ui.history_panel import HistoryPanel
from curbside.ui.model_loader import ModelLoader
from curbside.ui.models_window import ModelsWindow
from curbside.ui.prefs import WindowPrefs
from curbside.ui.session_guards import SessionGuards
from curbside.ui.theme import themes
from curbside.ui.window_build import (
    build_widgets,
    connect_dock_toggle,
    name_dock_buttons,
    size_docks,
)
from curbside.ui.window_history import HistorySide
from curbside.ui.window_menus import build_menus
from curbside.ui.window_model import ModelSide
from curbside.ui.window_parts import confirm_and_open_link
from curbside.ui.window_recovery import RecoverySide
from curbside.ui.window_send import ConversationSide
from curbside.ui.workers import Task
from curbside.ui.zoom import Zoom
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget

FIRST_SIZE = (1440, 900)
"""The first window size when the screen has room (else 92% of what it offers)."""


class MainWindow(HistorySide, ModelSide, ConversationSide, RecoverySide):
    """Curbside's main window.

    Args:
        bridge: The engine bridge (owns the worker thread).
        model_path: The model to load at start, or None when none is available.
        model_problem: Why no model is available (shown with a fetch offer).
        store: The open encrypted history, or None when history is off.
        history_problem: Why history is off (shown in the status bar); with a store, what
            opening it did that the clinician must know (shown as a message).
        prefs: The remembered look (default: ``window.ini`` in the config dir).

    Signals:
        feedback_requested(int): Feedback asked for on the message at that index.
    """

    def __init__(
        self,
        bridge: EngineBridge,
        model_path: Path | None,
        model_problem: str = "",
        store: HistoryStore | None = None,
        history_problem: str = "",
        prefs: WindowPrefs | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.base_title())
        self.bridge = bridge
        self.prefs = prefs or WindowPrefs()
        themes.apply(self.prefs.theme)
        self.zoom = Zoom(self, self.prefs)
        self.loader = ModelLoader(bridge, self)
        self._phi_warmed = False
        self._model_settings: ModelSettings | None = None
        self.model_facts: ModelFacts | None = None
        self._identify_task: Task | None = None
        self._kept_question: int | None = None  # left by a session that did not close
        self._answer_when_ready = False
        self.models_window: ModelsWindow | None = None
        self.remote_gate = ClearedGate()
        self.evaluate_window: EvaluateWindow | None = None
        self.recorder = ConversationRecorder(store)
        self.audit = AuditHooks(lambda: self.recorder.store, self)  # follows lock/unlock
        self.history_panel: HistoryPanel | None = HistoryPanel(store) if store else None
        build_widgets(self)
        build_menus(self)
        self.chat = ChatController(
            bridge,
            self.view,
            self.status,
            self.recorder,
            self.history_panel,
            system_prompt=self.mode_bar.settings.system_prompt,  # read once, by the mode bar
        )
        self._connect()
        self.policy = load_policy()
        self.guards = SessionGuards(self, self.policy)
        self.status.set_history(
            "History: encrypted" if store else (history_problem or "History: off")
        )
        if store is not None and history_problem:
            self.show_error(history_problem)  # e.g. orphan files moved aside on opening
        self.unlock_action.setVisible(store is None)
        self.unlock_action.triggered.connect(self.retry_unlock)
        if store is None and history_problem:
            self.show_error(history_problem, info=True)
        self._place_on_screen()
        self.zoom.apply()
        if model_path is not None:
            self.load_model(model_path)
        else:
            self.show_error(model_problem or "No model is available.", fetch=True)
        self._update_controls()

    # ----- wiring ---------------------------------------------------------
    def _connect(self) -> None:
        self.send_button.clicked.connect(lambda: self.send())
        self.composer.submitted.connect(self.send)
        self.composer.paste_refused.connect(self.show_error)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.new_button.clicked.connect(self.new_conversation)
        self.new_action.triggered.connect(self.new_conversation)
        self.search_action.triggered.connect(self.focus_search)
        self.export_action.triggered.connect(self.export_current)
        self.messages.fetch_button.clicked.connect(self.fetch_default_model)
        self.messages.send_anyway_button.clicked.connect(lambda: self.send(override=True))
        self.messages.redact_case_button.clicked.connect(self.redact_case)
        self.messages.regenerate_button.clicked.connect(self._answer_kept_question)
        self.case_editor.case_changed.connect(self._on_draft_changed)
        self.case_editor.paste_refused.connect(self.show_error)
        self.mode_bar.mode_changed.connect(self._on_draft_changed)
        self.mode_bar.system_prompt_changed.connect(self._on_system_prompt_changed)
        self.mode_bar.save_failed.connect(self.show_error)
        self.composer.textChanged.connect(self._on_draft_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in answer_actions(
            self.view, self._last_answer, self._selected_text, self.composer
        ):
            self.view.addAction(action)
        self.view.action_requested.connect(self.on_card_action)
        self.phi_guard.findings_changed.connect(self._on_phi_findings)
        self.phi_panel.redact_all_button.clicked.connect(self.composer.setFocus)
        self.view.link_requested.connect(lambda url: confirm_and_open_link(self, url))
        self.composer.textChanged.connect(self._update_controls)
        if self.history_panel is not None:
            self._connect_history(self.history_panel)
        self.loader.busy.connect(self._on_model_busy)
        self.loader.loaded.connect(self._on_model_loaded)
        self.loader.failed.connect(self._on_model_failed)
        self.chat.changed.connect(self._update_controls)
        self.chat.error.connect(self.show_error)
        self.chat.unsent.connect(self._give_back)
        self.chat.notice.connect(self.show_error)
        self.chat.case_restored.connect(lambda case: self.case_editor.set_case(case or Case()))
        self.chat.title_changed.connect(self._on_title_changed)
        self.zoom.changed.connect(self._on_zoomed)
        self._connect_dock_toggles()
        self.audit.failed.connect(self.show_error)
        self.mode_bar.settings_changed.connect(self.audit.settings_changed)
        self.pilot.follow(self.chat)

    def _connect_dock_toggles(self) -> None:
        self.history_toggle.setVisible(self.history_dock is not None)
        if self.history_dock is not None:
            connect_dock_toggle(self.history_toggle, self.history_dock)
        connect_dock_toggle(self.case_toggle, self.case_dock)

    # ----- screen, zoom, theme ---------------------------------------------
    def _place_on_screen(self) -> None:
        """Restore the remembered size and docks, else size the window from the screen."""
        geometry, state = self.prefs.geometry(), self.prefs.dock_state()
        if geometry is not None and self.restoreGeometry(geometry):
            self._clamp_to_screen()
            if state is None or not self.restoreState(state):
                size_docks(self)
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else QRect(0, 0, *FIRST_SIZE)
        width = min(FIRST_SIZE[0], int(available.width() * 0.92))
        height = min(FIRST_SIZE[1], int(available.height() * 0.92))
        self.resize(width, height)
        frame = QRect(0, 0, width, height)
        frame.moveCenter(available.center())
        self.move(frame.topLeft())
        size_docks(self)

    def _clamp_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        width = min(self.width(), available.width())
        height = min(self.height(), available.height())
        self.resize(width, height)
        left = min(max(self.x(), available.left()), available.right() - width + 1)
        top = min(max(self.y(), available.top()), available.bottom() - height + 1)
        self.move(left, top)

    def _on_zoomed(self, _scale: float) -> None:
        self._name_docks()
        line = self.fontMetrics().lineSpacing()
        self.composer.setMinimumHeight(line * 3)
        self.composer.setMaximumHeight(line * 8)
        self.phi_panel.setMaximumHeight(line * 9)

    def set_theme(self, choice: str) -> None:
        """Use the light or dark theme, or follow the OS (remembered)."""
        self.prefs.theme = choice
        themes.apply(choice)
        self._name_docks()

    def _name_docks(self) -> None:
        for dock in self.findChildren(QDockWidget):
            name_dock_buttons(dock)

    def _on_title_changed(self, title: str) -> None:
        self.setWindowTitle(f"{title} — Curbside" if title else self.base_title())

    # ----- small things ------------------------------------------------------
    def _on_system_prompt_changed(self, _text: str) -> None:
        self.chat.session.system_prompt = resolve_system_prompt(
            self.mode_bar.settings, self._model_settings
        )
        self._on_draft_changed()

    def _last_answer(self) -> str:
        answers = [t.text for t in self.view.turns if t.role == "assistant"]
        return answers[-1] if answers else ""

    def _selected_text(self) -> str:
        return self.view.textCursor().selectedText()

    def show_error(
        self,
        message: str,
        fetch: bool = False,
        send_anyway: bool = False,
        redact_case: bool = False,
        info: bool = False,
    ) -> None:
        """Show a message the clinician can act on (never a traceback).

        "Send anyway" is offered only where the administrator's policy allows it.
        """
        send_anyway = send_anyway and self.policy.send_anyway
        kind = "info" if info else "error"
        self.messages.show_message(message, fetch, send_anyway, redact_case, kind)

    def _on_phi_findings(self, findings: list[object]) -> None:
        self.phi_panel.setVisible(bool(findings) or self.phi_guard.can_undo())
        if not findings and self.messages.send_anyway_button.isVisible():
            self.clear_error()  # the identifiers that blocked the send are resolved

    def clear_error(self) -> None:
        """Hide the message bar."""
        self.messages.hide()

    def _update_controls(self) -> None:
        ready = self._model_ready and not self.chat.generating
        has_input = (
            bool(self.composer.toPlainText().strip()) or not self.case_editor.case().is_empty()
        )
        self.send_button.setEnabled(ready and has_input)
        self.stop_button.setEnabled(self.chat.generating)
        self.regenerate_button.setEnabled(ready and self.chat.can_regenerate())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the look, stop generation cleanly and free the model before closing."""
        if not self.zoom.presenting:
            self.prefs.save_window(self.saveGeometry(), self.saveState())
        self.guards.stop()
        if self.models_window is not None:
            self.models_window.shutdown()
        if self.evaluate_window is not None:
            self.evaluate_window.shutdown()
        self.phi_guard.shutdown()
        for guard in self.case_guards:
            guard.shutdown()
        if self._identify_task is not None:
            self._identify_task.wait()
        self.audit.flush_settings()
        self.meter.set_unknown()  # drops a pending count
        self.bridge.shutdown()
        super().closeEvent(event)
