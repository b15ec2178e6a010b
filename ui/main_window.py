"""The main window: notice, conversation, composer, controls and status.

The window never waits on the model: loading and generation happen on the
engine bridge's worker thread and report back through signals. What is sent
to the model is built from the :class:`curbside.chat.session.ChatSession`, which the
view mirrors, so the clinician sees exactly what the model was given.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from curbside.admin import load_policy
from curbside.chat import (
    Case,
    ConversationRecorder,
    ModelIdentity,
    resolve_system_prompt,
    validate_user_text,
)
from curbside.engine import GenerationParams
from curbside.errors import InputError
from curbside.infra import UncleanExit
from curbside.models import ModelSettings, load_catalog
from curbside.privacy import case_phi_categories, decide, machine_rules, redacted_case
from curbside.remote import Backend, ClearedGate, open_backend
from curbside.storage import HistoryStore
from curbside.ui.answer_actions import answer_actions
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
from curbside.ui.model_loader import LoadedModel, ModelLoader
from curbside.ui.models_window import ModelsWindow
from curbside.ui.phi_guard import PhiFindingsPanel, PhiGuard
from curbside.ui.pilot import PilotTools
from curbside.ui.remote_servers import RemoteBanner, add_to_models_window
from curbside.ui.session_guards import SessionGuards
from curbside.ui.status import StatusLine
from curbside.ui.window_parts import (
    MessageBar,
    confirm_and_open_link,
    demo_notice_label,
    notice_label,
    show_about,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)


class MainWindow(QMainWindow):
    """Curbside's main window.

    Args:
        bridge: The engine bridge (owns the worker thread).
        model_path: The model to load at start, or None when none is available.
        model_problem: Why no model is available (shown with a fetch offer).
        store: The open encrypted history, or None when history is off.
        history_problem: Why history is off (shown in the status bar); with a store, what
            opening it did that the clinician must know (shown as a message).
    """

    def __init__(
        self,
        bridge: EngineBridge,
        model_path: Path | None,
        model_problem: str = "",
        store: HistoryStore | None = None,
        history_problem: str = "",
    ) -> None:
        super().__init__()
        self.setWindowTitle("Curbside — offline clinical reasoning assistant")
        self.resize(1320, 820)
        self.bridge = bridge
        self.loader = ModelLoader(bridge, self)
        self._phi_warmed = False
        self._model_settings: ModelSettings | None = None
        self._kept_question: int | None = None  # left by a session that did not close
        self._answer_when_ready = False
        self.models_window: ModelsWindow | None = None
        self.remote_gate = ClearedGate()
        self.evaluate_window: EvaluateWindow | None = None
        self.recorder = ConversationRecorder(store)
        self.audit = AuditHooks(lambda: self.recorder.store, self)  # follows lock/unlock
        self.history_panel: HistoryPanel | None = HistoryPanel(store) if store else None
        self._build()
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
        if model_path is not None:
            self.load_model(model_path)
        else:
            self.show_error(model_problem or "No model is available.", fetch=True)
        self._update_controls()

    # ----- construction -------------------------------------------------
    def _build(self) -> None:
        self.notice = notice_label()
        self.demo_notice = demo_notice_label()
        self.view = ChatView()
        self.messages = MessageBar()
        self.composer = Composer()
        self.composer.setMaximumHeight(160)
        self.mode_bar = ModeBar()
        self.meter = ContextMeter()
        self.meter.count_label = self.bridge.count_source
        self.meter.runner = self.bridge.plan  # counting is a llama.cpp call: the engine's thread
        self.meter.set_unknown()
        self.case_editor = CaseEditor()
        self.phi_guard = PhiGuard(self.composer)
        self.phi_panel = PhiFindingsPanel(self.phi_guard)
        self.phi_panel.setMaximumHeight(170)
        self.phi_panel.hide()
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton("Stop")
        self.regenerate_button = QPushButton("Regenerate")
        self.new_button = QPushButton("New conversation")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.regenerate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.meter)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)
        column = QVBoxLayout()
        column.setContentsMargins(8, 4, 8, 4)
        for widget in (self.view, self.messages, self.phi_panel, self.mode_bar, self.composer):
            column.addWidget(widget)
        self.pilot = PilotTools(self, column)
        column.addLayout(buttons)
        chat = QWidget()
        chat.setLayout(column)
        self.splitter = QSplitter()
        if self.history_panel is not None:
            self.splitter.addWidget(self.history_panel)
        self.splitter.addWidget(chat)
        self.splitter.addWidget(self.case_editor)
        self.splitter.setStretchFactor(self.splitter.indexOf(chat), 1)
        if self.history_panel is not None:
            self.splitter.setSizes([260, 700, 360])
            self.new_button.hide()  # the history panel has its own
        else:
            self.splitter.setSizes([900, 400])
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.notice)
        outer.addWidget(self.demo_notice)
        self.remote_banner = RemoteBanner()
        outer.addWidget(self.remote_banner)
        outer.addWidget(self.splitter, 1)
        central = QWidget()
        central.setLayout(outer)
        self.setCentralWidget(central)
        self.status = StatusLine(self.statusBar())
        self._build_menu()

    def _build_menu(self) -> None:
        conversation = self.menuBar().addMenu("&Conversation")
        self.new_action = QAction("&New conversation", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        conversation.addAction(self.new_action)
        models_menu = self.menuBar().addMenu("&Models")
        self.models_action = QAction("&Models and hardware…", self)
        self.models_action.triggered.connect(self.show_models_window)
        models_menu.addAction(self.models_action)
        self.evaluate_action = QAction("&Evaluate on a case set…", self)
        self.evaluate_action.triggered.connect(self.show_evaluate_window)
        models_menu.addAction(self.evaluate_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        conversation.addAction(quit_action)
        self.pilot.add_menu(self.menuBar())
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Curbside", self)
        about.triggered.connect(lambda: show_about(self))
        help_menu.addAction(about)

    def _connect(self) -> None:
        self.send_button.clicked.connect(self.send)
        self.composer.submitted.connect(self.send)
        self.composer.paste_refused.connect(self.show_error)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.new_button.clicked.connect(self.new_conversation)
        self.new_action.triggered.connect(self.new_conversation)
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
        self.phi_guard.findings_changed.connect(self._on_phi_findings)
        self.view.link_requested.connect(lambda url: confirm_and_open_link(self, url))
        self.composer.textChanged.connect(self._update_controls)
        if self.history_panel is not None:
            panel = self.history_panel
            panel.conversation_opened.connect(self.open_conversation)
            panel.new_conversation_requested.connect(self.new_conversation)
            panel.conversation_deleted.connect(self.chat.forget_if_open)
            panel.history_cleared.connect(self.new_conversation)
        self.loader.busy.connect(self._on_model_busy)
        self.loader.loaded.connect(self._on_model_loaded)
        self.loader.failed.connect(self._on_model_failed)
        self.chat.changed.connect(self._update_controls)
        self.chat.error.connect(self.show_error)
        self.chat.unsent.connect(self._give_back)
        self.chat.notice.connect(self.show_error)
        self.chat.case_restored.connect(lambda case: self.case_editor.set_case(case or Case()))
        self.audit.failed.connect(self.show_error)
        self.mode_bar.settings_changed.connect(self.audit.settings_changed)
        self.pilot.follow(self.chat)

    # ----- model --------------------------------------------------------
    @property
    def model_path(self) -> Path | None:
        """The model answering now (None before the first load succeeds)."""
        return self.loader.current.path if self.loader.current else None

    @property
    def _model_ready(self) -> bool:
        return self.loader.current is not None

    def load_model(self, path: Path, settings: ModelSettings | None = None) -> None:
        """Load ``path`` on the worker thread with its settings (stored ones by default).

        Input is disabled while loading; if the load fails, the previous model
        (if any) stays loaded and usable.
        """
        self.loader.load(path, settings)

    def fetch_default_model(self) -> None:
        """Fetch the embedded default model in the background, then load it."""
        self.clear_error()
        self.loader.fetch_default()

    def show_models_window(self) -> None:
        """Open the Models window (created on first use)."""
        if self.models_window is None:
            self.models_window = ModelsWindow(parent=self)
            self.models_window.setWindowFlag(Qt.WindowType.Window)
            self.models_window.load_requested.connect(self._on_load_requested)
            self.bridge.load_failed.connect(self.models_window.show_message)
            self.models_window.set_loaded_model(self.model_path)
            self.remote_section = add_to_models_window(self.models_window, self.use_remote_backend)
        self.models_window.show()
        self.models_window.raise_()

    def use_remote_backend(self, backend: Backend) -> None:
        """Answer from a unit's remote server from now on (the banner says so)."""
        if self.chat.generating:
            self.show_error("Stop the current answer before switching models.")
            return
        gate = self.remote_gate
        self.loader.load_remote(
            backend,
            lambda: open_backend(backend.name, phi_gate=gate, count_in_background=True),
        )

    def show_evaluate_window(self) -> None:
        """Open the Evaluate window (created on first use) with the loaded model offered."""
        if self.evaluate_window is None:
            offered = [self.model_path] if self.model_path else []
            self.evaluate_window = EvaluateWindow(self.recorder.store, offered, parent=self)
            self.evaluate_window.setWindowFlag(Qt.WindowType.Window)
        self.evaluate_window.show()
        self.evaluate_window.raise_()

    def _on_load_requested(self, path: str, settings: dict[str, Any]) -> None:
        if self.chat.generating:
            self.show_error("Stop the current answer before switching models.")
            return
        self.load_model(Path(path), ModelSettings.from_dict(settings))

    def _on_model_busy(self, state: str) -> None:
        self.composer.setEnabled(False)
        self.status.set_state(state)
        self.status.set_busy(-1)
        self._update_controls()

    def _on_model_loaded(self, model: LoadedModel) -> None:
        self._model_settings = model.settings
        self.mode_bar.set_model_settings(model.settings)
        self.chat.session.system_prompt = resolve_system_prompt(
            self.mode_bar.settings, model.settings
        )
        self.chat.n_ctx = model.n_ctx
        self.mode_bar.set_max_tokens_limit(max(64, model.n_ctx // 2))
        self.recorder.model = ModelIdentity.for_path(model.path)
        self.audit.model_loaded(
            model.path, {**model.settings.engine_options(), "n_ctx": model.n_ctx}
        )
        if self.models_window is not None:
            self.models_window.set_loaded_model(model.path)
        entry = load_catalog().by_file(model.path.name)
        name = entry.name if entry else model.name
        self.status.set_model(f"{name} · {model.n_ctx} tokens context")
        self.demo_notice.setVisible(entry is not None and not entry.clinical)
        self.remote_banner.show_for(model.remote)
        self._model_settled("Ready")
        if self._answer_when_ready:
            self._answer_kept_question()

    def _on_model_failed(self, message: str, offer_fetch: bool) -> None:
        self._model_settled("Ready" if self._model_ready else "Model not loaded")
        self.show_error(message, fetch=offer_fetch)

    def _model_settled(self, state: str) -> None:
        self.composer.setEnabled(True)
        self.status.set_busy(None)
        self.status.set_state(state)
        self._warm_up_phi_guard()
        self._update_controls()

    def _warm_up_phi_guard(self) -> None:
        """Load the PHI detector's word lists once, after the model (not beside it)."""
        if not self._phi_warmed:
            self._phi_warmed = True
            self.phi_guard.warm_up()

    # ----- conversation (delegated to the chat controller) --------------
    def send(self, override: bool = False) -> None:
        """Send the question (in the chosen mode, about the case) once the PHI guard allows it.

        Ignored while generating or with no model. With unresolved identifiers
        in the question or the case, the send is blocked unless ``override``
        (the clinician's explicit "Send anyway"), which is recorded with the
        categories left, never the text.
        """
        if self.chat.generating or not self._model_ready:
            return
        draft = self.composer.toPlainText()
        try:
            text = validate_user_text(draft) if draft.strip() else ""
        except InputError as exc:
            self.show_error(str(exc))
            return
        case = self.case_editor.case()
        if not text and case.is_empty():
            self.show_error("The message is empty. Type or paste a case or a question.")
            return
        left = self._phi_left(text, case, override)
        if left is None:
            return
        meta = {"phi_override": left} if override else None
        self.chat.params = self._params_for_mode()
        self.clear_error()
        self.composer.clear()  # a question that cannot be answered comes back via `unsent`
        self.phi_guard.reset()
        try:
            self.chat.send(text, self.mode_bar.current_mode(), case, meta)
        except InputError as exc:
            self.composer.setPlainText(draft)
            self.show_error(str(exc))

    def _phi_left(self, text: str, case: Case, override: bool) -> list[str] | None:
        """Return the identifier categories left in (empty when clear), or None if blocked."""
        found: list[str] = []
        if text:
            found.extend(self.phi_guard.ensure_clear_before_send(override=override).categories)
        in_case = case_phi_categories(case) if not case.is_empty() else []
        remote = self.loader.current is not None and self.loader.current.remote is not None
        verdict = decide("remote" if remote else "send", [*found, *in_case], override=override)
        self.audit.phi_decision(verdict, [*found, *in_case], "window")
        if not verdict.allowed:
            where = "The case" if in_case and not found else "The text"
            self.show_error(
                f"{where} has possible identifiers ({', '.join(verdict.categories)}). "
                + verdict.hint,
                send_anyway=not remote or machine_rules().allow_remote_override,
                redact_case=bool(in_case),
            )
            return None
        if remote and text:  # the window decided it, with the clinician's "not PHI" marks
            self.remote_gate.clear(self.mode_bar.current_mode().render_request(text))
        return list(verdict.categories)

    def redact_case(self) -> None:
        """Replace the identifiers in every field of the case with placeholders."""
        self.case_editor.set_case(redacted_case(self.case_editor.case()))
        self.clear_error()

    def _params_for_mode(self) -> GenerationParams:
        """The settings for the next answer, by the one precedence rule (settings_rule)."""
        return self.mode_bar.params()

    def _on_draft_changed(self, *_: object) -> None:
        self._update_controls()
        if not self._model_ready:
            return
        draft, mode = self.composer.toPlainText(), self.mode_bar.current_mode()
        case = self.case_editor.case()
        session = self.chat.session
        # A copy: the count runs on the engine's thread while the session moves on.
        preview = replace(
            session,
            case=None if case.is_empty() else case,
            turns=list(session.turns),
            info=list(session.info),
        )
        n_ctx, max_tokens = self.chat.n_ctx, self.mode_bar.params().max_tokens
        self.meter.request_update(
            lambda count: preview.preview_plan(draft, mode, count, n_ctx, max_tokens)
        )

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

    def stop(self) -> None:
        """Stop the answer (or the reading of the case) in progress."""
        self.chat.stop()

    def regenerate(self) -> None:
        """Drop the last answer and ask again."""
        if self._model_ready:
            self.chat.regenerate()

    def new_conversation(self) -> None:
        """Start over with an empty conversation and case (stops any answer first)."""
        self.chat.new_conversation()
        self.case_editor.clear()
        self.clear_error()
        self.composer.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        """Show a saved conversation and continue it."""
        self.clear_error()
        self.chat.open_conversation(conversation_id)

    def _give_back(self, text: str) -> None:
        if not self.composer.toPlainText().strip():
            self.composer.setPlainText(text)

    # ----- feedback -----------------------------------------------------
    def show_error(
        self,
        message: str,
        fetch: bool = False,
        send_anyway: bool = False,
        redact_case: bool = False,
    ) -> None:
        """Show a message the clinician can act on (never a traceback).

        "Send anyway" is offered only where the administrator's policy allows it.
        """
        send_anyway = send_anyway and self.policy.send_anyway
        self.messages.show_message(message, fetch, send_anyway, redact_case)

    def _on_phi_findings(self, findings: list[object]) -> None:
        self.phi_panel.setVisible(bool(findings) or self.phi_guard.can_undo())
        if not findings and self.messages.send_anyway_button.isVisible():
            self.clear_error()  # the identifiers that blocked the send are resolved

    def show_unclean_exit(self, previous: UncleanExit) -> None:
        """Say that the last session ended without closing, and offer to answer again."""
        when = f" (the session started {previous.started})" if previous.started else ""
        text = f"Curbside closed unexpectedly last time{when}"
        text += ", while it was answering." if previous.answering else "."
        kept = previous.conversation_id is not None and self.history_panel is not None
        if kept:
            text += (
                " Your question was kept in history. Press Regenerate to open it "
                "and answer it again."
            )
        elif self.history_panel is None:
            text += " History is off, so that conversation was not kept."
        text += " Details without case text are in the crash log."
        self._kept_question = previous.conversation_id if kept else None
        self.messages.show_message(text, regenerate=kept)

    def _answer_kept_question(self) -> None:
        if self._kept_question is None or self.chat.generating:
            return
        self.clear_error()
        if not self._model_ready:
            self._answer_when_ready = True
            self.status.set_state("The kept question is answered once the model is loaded…")
            return
        conversation_id, self._kept_question = self._kept_question, None
        self._answer_when_ready = False
        self.open_conversation(conversation_id)
        if self.chat.recorder.conversation_id == conversation_id and not self.chat.has_answer():
            self.chat.regenerate()
        self._update_controls()

    def clear_error(self) -> None:
        """Hide the error message."""
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
        """Stop generation cleanly and free the model before closing."""
        self.guards.stop()
        if self.models_window is not None:
            self.models_window.shutdown()
        if self.evaluate_window is not None:
            self.evaluate_window.shutdown()
        self.phi_guard.shutdown()
        self.audit.flush_settings()
        self.meter.set_unknown()  # drops a pending count
        self.bridge.shutdown()
        super().closeEvent(event)
