"""Building the main window's widgets: the chat column in the middle, History and Case as docks.

The layout is made to fit a 1366×768 laptop: the chat column has no fixed
widths, the side panels are dock widgets the clinician can close, float or
move (View menu), and labels that could grow (status bar, context meter)
elide instead of widening the window. The Tab order follows what the eye
sees: history, conversation, findings, mode, composer, buttons, then the case.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from curbside.ui.case_editor import CaseEditor
from curbside.ui.chat_view import ChatView
from curbside.ui.composer import Composer
from curbside.ui.context_meter import ContextMeter
from curbside.ui.history_panel import HistoryPanel
from curbside.ui.mode_bar import ModeBar
from curbside.ui.phi_guard import PhiFindingsPanel, PhiGuard
from curbside.ui.pilot import PilotTools
from curbside.ui.remote_servers import RemoteBanner
from curbside.ui.status import StatusLine
from curbside.ui.window_parts import MessageBar, demo_notice_label, notice_label
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from curbside.ui.window_base import WindowParts as MainWindow


def build_widgets(window: MainWindow) -> None:
    """Create the window's widgets and lay them out (attributes are set on ``window``)."""
    window.notice = notice_label()
    window.demo_notice = demo_notice_label()
    window.view = ChatView()
    window.messages = MessageBar()
    window.composer = Composer()
    window.composer.setAccessibleName("Message to Curbside")
    window.composer.setMinimumHeight(window.fontMetrics().lineSpacing() * 3)
    window.composer.setMaximumHeight(window.fontMetrics().lineSpacing() * 8)
    window.mode_bar = ModeBar()
    window.meter = ContextMeter()
    window.meter.count_label = window.bridge.count_source
    window.meter.runner = window.bridge.plan  # counting is a llama.cpp call: the engine's thread
    window.meter.set_unknown()
    window.case_editor = CaseEditor()
    window.phi_guard = PhiGuard(window.composer)
    window.case_guards = [PhiGuard(box) for box in window.case_editor.text_boxes()]
    window.phi_panel = PhiFindingsPanel(window.phi_guard)
    window.phi_panel.setMaximumHeight(window.fontMetrics().lineSpacing() * 9)
    window.phi_panel.hide()
    _build_buttons(window)
    central = QWidget()
    column = QVBoxLayout(central)
    column.setContentsMargins(10, 6, 10, 6)
    column.setSpacing(6)
    for widget in (window.view, window.messages, window.phi_panel, window.mode_bar):
        column.addWidget(widget)
    column.addWidget(window.composer)
    window.pilot = PilotTools(window, column)  # the rating bar, under the conversation
    column.addLayout(_button_row(window))
    column.setStretch(0, 1)
    outer = QWidget()
    layout = QVBoxLayout(outer)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(window.notice)
    layout.addWidget(window.demo_notice)
    window.remote_banner = RemoteBanner()
    layout.addWidget(window.remote_banner)
    layout.addWidget(central, 1)
    window.setCentralWidget(outer)
    window.case_dock = _dock(window, "Case", "caseDock", window.case_editor)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.case_dock)
    window.history_dock = None
    if window.history_panel is not None:
        add_history_dock(window, window.history_panel)
    window.status = StatusLine(window.statusBar())
    set_tab_order(window)


def size_docks(window: MainWindow) -> None:
    """Give the side panels a share of the window that leaves the conversation the most room."""
    width = window.width()
    docks = [d for d in (window.history_dock, window.case_dock) if d is not None]
    shares = [0.2 if d is window.history_dock else 0.26 for d in docks]
    window.resizeDocks(docks, [int(width * s) for s in shares], Qt.Orientation.Horizontal)


def add_history_dock(window: MainWindow, panel: HistoryPanel) -> None:
    """Put the history panel in a dock on the left (the panel has its own New button)."""
    window.history_dock = _dock(window, "History", "historyDock", panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.history_dock)
    window.new_button.hide()


def _dock(window: MainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState() keys docks by object name
    dock.setAccessibleName(f"{title} panel")
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    widget.setMinimumWidth(window.fontMetrics().averageCharWidth() * 24)
    name_dock_buttons(dock)
    return dock


def name_dock_buttons(dock: QDockWidget) -> None:
    """Say which panel the title bar's Float and Close buttons act on.

    Qt recreates these buttons when the style sheet changes (zoom, theme), so
    the window calls this again after each change.
    """
    for button in dock.findChildren(QAbstractButton):
        if button.objectName().startswith("qt_dockwidget_"):
            verb = "Close" if "close" in button.objectName() else "Float or dock"
            button.setAccessibleName(f"{verb} the {dock.windowTitle()} panel")


def _build_buttons(window: MainWindow) -> None:
    window.send_button = QPushButton("Send")
    window.send_button.setObjectName("sendButton")
    window.send_button.setDefault(True)
    window.send_button.setToolTip("Send the message and the case (Ctrl+Enter)")
    window.stop_button = QPushButton("Stop")
    window.stop_button.setToolTip("Stop the answer (Esc)")
    window.regenerate_button = QPushButton("Regenerate")
    window.regenerate_button.setToolTip("Drop the last answer and ask again")
    window.new_button = QPushButton("New conversation")
    window.new_button.setToolTip("Start a new conversation (Ctrl+N)")
    names = {
        window.send_button: "Send message",
        window.stop_button: "Stop the answer",
        window.regenerate_button: "Regenerate the last answer",
        window.new_button: "New conversation",
    }
    for button, name in names.items():
        button.setAccessibleName(name)
    window.meter.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


def _button_row(window: MainWindow) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(window.new_button)
    row.addWidget(window.regenerate_button)
    row.addWidget(window.meter, 1)
    row.addWidget(window.stop_button)
    row.addWidget(window.send_button)
    return row


def set_tab_order(window: MainWindow) -> None:
    """Chain Tab through the window in visual order (left to right, top to bottom)."""
    chain: list[QWidget] = []
    if window.history_panel is not None:
        chain += window.history_panel.focus_chain()
    chain.append(window.view)
    chain += window.messages.focus_chain()
    window.phi_panel.chain_rows_after(window.messages.focus_chain()[-1])
    chain += window.phi_panel.focus_chain()
    chain += window.mode_bar.focus_chain()
    chain += [window.composer, window.new_button, window.regenerate_button]
    chain += [window.stop_button, window.send_button]
    chain += window.case_editor.focus_chain()
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def connect_dock_toggle(toggle: QAction, dock: QDockWidget) -> None:
    """Keep a View-menu check box and a dock's visibility in step."""
    toggle.setChecked(not dock.isHidden())
    toggle.toggled.connect(dock.setVisible)
    dock.visibilityChanged.connect(lambda _shown: toggle.setChecked(not dock.isHidden()))
