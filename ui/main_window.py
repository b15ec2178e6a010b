"""The main window: notice, conversation, composer, controls and status.

The window never waits on the model: loading and generation happen on the
engine bridge's worker thread and report back through signals. What is sent
to the model is built from the :class:`app.session.ChatSession`, which the
view mirrors, so the clinician sees exactly what the model was given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import NOTICE
from app.catalog import load_catalog
from app.errors import InputError
from app.fetch import fetch_model
from app.input_check import validate_user_text
from app.model_settings import ModelSettings, SettingsStore
from app.recorder import ConversationRecorder, ModelIdentity
from app.storage import HistoryStore
from ui.background import BackgroundTask
from ui.chat_controller import ChatController
from ui.chat_view import ChatView
from ui.composer import Composer
from ui.engine_bridge import EngineBridge
from ui.history_panel import HistoryPanel
from ui.models_window import ModelsWindow
from ui.phi_guard import PhiFindingsPanel, PhiGuard
from ui.status import StatusLine

DEMO_NOTICE = (
    "Demo model loaded: SmolLM2-135M is tiny and not clinically meaningful. "
    "Use a clinical GGUF model (for example MedGemma 4B) for real questions."
)


class MainWindow(QMainWindow):
    """Curbside's main window.

    Args:
        bridge: The engine bridge (owns the worker thread).
        model_path: The model to load at start, or None when none is available.
        model_problem: Why no model is available (shown with a fetch offer).
        store: The open encrypted history, or None when history is off.
        history_problem: Why history is off (shown in the status bar).
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
        self.resize(1000, 760)
        self.bridge = bridge
        self.model_path: Path | None = None
        self._pending: tuple[Path, ModelSettings] | None = None
        self._model_ready = False
        self._fetch_task: BackgroundTask | None = None
        self.models_window: ModelsWindow | None = None
        self.recorder = ConversationRecorder(store)
        self.history_panel: HistoryPanel | None = HistoryPanel(store) if store else None
        self._build()
        self.chat = ChatController(
            bridge, self.view, self.status, self.recorder, self.history_panel
        )
        self._connect()
        self.status.set_history(
            "History: encrypted" if store else (history_problem or "History: off")
        )
        if model_path is not None:
            self.load_model(model_path)
        else:
            self.show_error(model_problem or "No model is available.", fetch=True)
        self._update_controls()

    # ----- construction -------------------------------------------------
    def _build(self) -> None:
        self.notice = QLabel(NOTICE)
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet(
            "QLabel#notice { background: #fff8c5; color: #4d2d00; padding: 6px;"
            " font-weight: bold; border-bottom: 1px solid #d4a72c; }"
        )
        self.demo_notice = QLabel(DEMO_NOTICE)
        self.demo_notice.setWordWrap(True)
        self.demo_notice.setStyleSheet("color: #6e7781; padding: 2px 6px;")
        self.demo_notice.hide()
        self.view = ChatView()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(
            "background: #ffebe9; color: #82071e; padding: 6px; border: 1px solid #ff8182;"
        )
        self.send_anyway_button = QPushButton("Send anyway")
        self.send_anyway_button.setToolTip(
            "Send with the identifiers left in. Curbside records that you overrode "
            "the check and which kinds of identifier were left (never the text)."
        )
        self.fetch_button = QPushButton("Fetch the default model")
        self.dismiss_button = QPushButton("Dismiss")
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.fetch_button)
        error_row.addWidget(self.send_anyway_button)
        error_row.addWidget(self.dismiss_button)
        self.error_box = QWidget()
        self.error_box.setLayout(error_row)
        self.error_box.hide()
        self.composer = Composer()
        self.composer.setMaximumHeight(160)
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
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)
        column = QVBoxLayout()
        column.setContentsMargins(8, 4, 8, 4)
        for widget in (self.view, self.error_box, self.phi_panel, self.composer):
            column.addWidget(widget)
        column.addLayout(buttons)
        chat = QWidget()
        chat.setLayout(column)
        self.splitter = QSplitter()
        if self.history_panel is not None:
            self.splitter.addWidget(self.history_panel)
        self.splitter.addWidget(chat)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 1)
        if self.history_panel is not None:
            self.splitter.setSizes([280, 720])
            self.new_button.hide()  # the history panel has its own
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.notice)
        outer.addWidget(self.demo_notice)
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
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        conversation.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Curbside", self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def _connect(self) -> None:
        self.send_button.clicked.connect(self.send)
        self.composer.submitted.connect(self.send)
        self.composer.paste_refused.connect(self.show_error)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.new_button.clicked.connect(self.new_conversation)
        self.new_action.triggered.connect(self.new_conversation)
        self.fetch_button.clicked.connect(self.fetch_default_model)
        self.dismiss_button.clicked.connect(self.clear_error)
        self.send_anyway_button.clicked.connect(lambda: self.send(override=True))
        self.phi_guard.findings_changed.connect(self._on_phi_findings)
        self.view.link_requested.connect(self._confirm_link)
        self.composer.textChanged.connect(self._update_controls)
        if self.history_panel is not None:
            panel = self.history_panel
            panel.conversation_opened.connect(self.open_conversation)
            panel.new_conversation_requested.connect(self.new_conversation)
            panel.conversation_deleted.connect(self.chat.forget_if_open)
            panel.history_cleared.connect(self.new_conversation)
        bridge = self.bridge
        bridge.loading.connect(self._on_loading)
        bridge.loaded.connect(self._on_loaded)
        bridge.load_failed.connect(self._on_load_failed)
        self.chat.changed.connect(self._update_controls)
        self.chat.error.connect(self.show_error)
        self.chat.unsent.connect(self._give_back)

    # ----- model --------------------------------------------------------
    def load_model(self, path: Path, settings: ModelSettings | None = None) -> None:
        """Load ``path`` on the worker thread with its settings (stored ones by default).

        Input is disabled while loading; if the load fails, the previous model
        (if any) stays loaded and usable.
        """
        settings = settings or SettingsStore().get(path)
        self._pending = (path, settings)
        self.composer.setEnabled(False)
        self.status.set_state("Loading model…")
        self.status.set_busy(-1)
        self._update_controls()
        self.bridge.load_model(path, settings.engine_options())

    def show_models_window(self) -> None:
        """Open the Models window (created on first use)."""
        if self.models_window is None:
            self.models_window = ModelsWindow(parent=self)
            self.models_window.setWindowFlag(Qt.WindowType.Window)
            self.models_window.load_requested.connect(self._on_load_requested)
            self.bridge.load_failed.connect(self.models_window.show_message)
            self.models_window.set_loaded_model(self.model_path if self._model_ready else None)
        self.models_window.show()
        self.models_window.raise_()

    def _on_load_requested(self, path: str, settings: dict[str, Any]) -> None:
        if self.chat.generating:
            self.show_error("Stop the current answer before switching models.")
            return
        self.load_model(Path(path), ModelSettings.from_dict(settings))

    def fetch_default_model(self) -> None:
        """Fetch the embedded default model in the background, then load it."""
        if self._fetch_task is not None:
            return
        self.clear_error()
        self.status.set_state("Fetching the default model…")
        self.status.set_busy(-1)
        entry = load_catalog().default()
        self._fetch_task = BackgroundTask(lambda: fetch_model(entry), self)
        self._fetch_task.succeeded.connect(self._on_fetched)
        self._fetch_task.failed.connect(self._on_fetch_failed)
        self._fetch_task.start()

    def _on_fetched(self, path: object) -> None:
        self._fetch_task = None
        self.load_model(Path(str(path)))

    def _on_fetch_failed(self, message: str) -> None:
        self.status.set_busy(None)
        self._fetch_task = None
        self.status.set_state("No model")
        self.show_error(message, fetch=True)

    def _on_loading(self, percent: int) -> None:
        self.status.set_state("Loading model…" if percent < 100 else "Ready")

    def _on_loaded(self, name: str, n_ctx: int) -> None:
        if self._pending is None:
            return
        path, settings = self._pending
        self.model_path = path
        self.chat.params = settings.generation_params()
        self._model_ready = True
        self.composer.setEnabled(True)
        self.status.set_busy(None)
        self.recorder.model = ModelIdentity.for_path(path)
        if self.models_window is not None:
            self.models_window.set_loaded_model(path)
        entry = load_catalog().by_file(path.name)
        self.status.set_model(f"{entry.name if entry else name} · {n_ctx} tokens context")
        self.status.set_state("Ready")
        self.demo_notice.setVisible(entry is not None and not entry.clinical)
        self._update_controls()

    def _on_load_failed(self, message: str) -> None:
        self.composer.setEnabled(True)
        self.status.set_busy(None)
        self.status.set_state("Model not loaded" if not self._model_ready else "Ready")
        self.show_error(message, fetch="curbside models fetch" in message)
        self._update_controls()

    # ----- conversation (delegated to the chat controller) --------------
    def send(self, override: bool = False) -> None:
        """Send the composer's text once the PHI guard allows it.

        Ignored while generating or with no model. With unresolved identifiers
        the send is blocked unless ``override`` (the clinician's explicit
        "Send anyway"), which is recorded with the categories left, never the text.
        """
        if self.chat.generating or not self._model_ready:
            return
        try:
            text = validate_user_text(self.composer.toPlainText())
        except InputError as exc:
            self.show_error(str(exc))
            return
        decision = self.phi_guard.ensure_clear_before_send(override=override)
        if not decision.allowed:
            self.show_error(decision.message, send_anyway=True)
            return
        meta = {"phi_override": list(decision.categories)} if override else None
        self.clear_error()
        self.composer.clear()
        self.phi_guard.reset()
        self.chat.send(text, meta)

    def stop(self) -> None:
        """Stop the answer (or the reading of the case) in progress."""
        self.chat.stop()

    def regenerate(self) -> None:
        """Drop the last answer and ask again."""
        if self._model_ready:
            self.chat.regenerate()

    def new_conversation(self) -> None:
        """Start over with an empty conversation (stops any answer first)."""
        self.chat.new_conversation()
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
    def show_error(self, message: str, fetch: bool = False, send_anyway: bool = False) -> None:
        """Show a message the clinician can act on (never a traceback)."""
        self.error_label.setText(message)
        self.fetch_button.setVisible(fetch)
        self.send_anyway_button.setVisible(send_anyway)
        self.error_box.show()

    def _on_phi_findings(self, findings: list[object]) -> None:
        self.phi_panel.setVisible(bool(findings) or self.phi_guard.can_undo())
        if not findings and self.send_anyway_button.isVisible():
            self.clear_error()  # the identifiers that blocked the send are resolved

    def clear_error(self) -> None:
        """Hide the error message."""
        self.error_box.hide()

    def _update_controls(self) -> None:
        ready = self._model_ready and not self.chat.generating
        self.send_button.setEnabled(ready and bool(self.composer.toPlainText().strip()))
        self.stop_button.setEnabled(self.chat.generating)
        self.regenerate_button.setEnabled(ready and self.chat.has_answer())

    def _confirm_link(self, url: QUrl) -> None:
        if url.scheme() not in ("http", "https", "mailto"):
            return
        answer = QMessageBox.question(
            self,
            "Open link?",
            f"The answer links to:\n\n{url.toString()}\n\nOpen it in your browser? "
            "This leaves Curbside and uses the network.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(url)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Curbside",
            f"<b>Curbside</b> — an offline clinical reasoning assistant.<br><br>{NOTICE}"
            f"<br><br>{DEMO_NOTICE}<br><br>Everything runs on this computer; nothing is sent"
            " over the network.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop generation cleanly and free the model before closing."""
        if self.models_window is not None:
            self.models_window.shutdown()
        self.phi_guard.shutdown()
        self.bridge.shutdown()
        super().closeEvent(event)
