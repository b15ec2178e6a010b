"""What every part of the main window may rely on: its widgets and a few shared methods.

:class:`WindowParts` only declares; :mod:`curbside.ui.window_build` creates the
widgets, the side mixins (:mod:`curbside.ui.window_model`,
:mod:`curbside.ui.window_send`) act on them, and
:class:`curbside.ui.main_window.MainWindow` ties them together. Splitting the
window this way keeps each file readable while tests and other features keep
using the same attribute names (``window.composer``, ``window.send_button`` …).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from curbside.admin import Policy
    from curbside.chat import ConversationRecorder
    from curbside.models import ModelSettings
    from curbside.remote import ClearedGate
    from curbside.ui.audit_hooks import AuditHooks
    from curbside.ui.case_editor import CaseEditor
    from curbside.ui.chat_controller import ChatController
    from curbside.ui.chat_view import ChatView
    from curbside.ui.composer import Composer
    from curbside.ui.context_meter import ContextMeter
    from curbside.ui.engine_bridge import EngineBridge
    from curbside.ui.evaluate_window import EvaluateWindow
    from curbside.ui.history_panel import HistoryPanel
    from curbside.ui.mode_bar import ModeBar
    from curbside.ui.model_loader import ModelLoader
    from curbside.ui.models_window import ModelsWindow
    from curbside.ui.phi_guard import PhiFindingsPanel, PhiGuard
    from curbside.ui.pilot import PilotTools
    from curbside.ui.prefs import WindowPrefs
    from curbside.ui.remote_servers import RemoteBanner
    from curbside.ui.session_guards import SessionGuards
    from curbside.ui.status import StatusLine
    from curbside.ui.window_parts import MessageBar
    from curbside.ui.zoom import Zoom
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton


class WindowParts(QMainWindow):
    """The main window's parts, declared for the mixins (no behaviour of its own).

    Signals:
        feedback_requested(int): The clinician asked to give feedback on the
            message at that index (a feedback store connects here).
    """

    feedback_requested = Signal(int)

    if TYPE_CHECKING:
        bridge: EngineBridge
        loader: ModelLoader
        recorder: ConversationRecorder
        chat: ChatController
        prefs: WindowPrefs
        zoom: Zoom
        notice: QLabel
        demo_notice: QLabel
        view: ChatView
        messages: MessageBar
        composer: Composer
        mode_bar: ModeBar
        meter: ContextMeter
        case_editor: CaseEditor
        phi_guard: PhiGuard
        case_guards: list[PhiGuard]
        phi_panel: PhiFindingsPanel
        send_button: QPushButton
        stop_button: QPushButton
        regenerate_button: QPushButton
        new_button: QPushButton
        history_panel: HistoryPanel | None
        history_dock: QDockWidget | None
        case_dock: QDockWidget
        status: StatusLine
        models_window: ModelsWindow | None
        evaluate_window: EvaluateWindow | None
        audit: AuditHooks
        pilot: PilotTools
        guards: SessionGuards
        _kept_question: int | None
        _answer_when_ready: bool
        new_action: QAction
        search_action: QAction
        export_action: QAction
        unlock_action: QAction
        models_action: QAction
        evaluate_action: QAction
        history_toggle: QAction
        case_toggle: QAction
        presentation_action: QAction
        theme_actions: dict[str, QAction]
        _phi_warmed: bool
        _model_settings: ModelSettings | None
        remote_gate: ClearedGate
        remote_banner: RemoteBanner
        remote_section: object
        policy: Policy

        def show_error(
            self,
            message: str,
            fetch: bool = False,
            send_anyway: bool = False,
            redact_case: bool = False,
            info: bool = False,
        ) -> None: ...

        def open_conversation(self, conversation_id: int) -> None: ...

        def new_conversation(self) -> None: ...

        def clear_error(self) -> None: ...

        def _update_controls(self) -> None: ...

        def _on_draft_changed(self, *_: object) -> None: ...

        def send(self, override: bool = False) -> None: ...

        def escape(self) -> None: ...

        def set_theme(self, choice: str) -> None: ...

        def show_models_window(self) -> None: ...

        def show_evaluate_window(self) -> None: ...

        def _answer_kept_question(self) -> None: ...

        def show_about(self) -> object: ...

        def demo_caveat(self) -> str: ...

        def base_title(self) -> str: ...
