"""The main window's menus and keyboard shortcuts, and Help → Keyboard shortcuts.

:data:`SHORTCUTS` is the one list: the menus are built from it and the help
dialog shows it, so what is listed is what works. Ctrl+Enter sends and Esc
stops from anywhere in the window (window-wide shortcuts, not just in the
composer).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from curbside.ui.theme import CHOICES
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from curbside.ui.window_base import WindowParts as MainWindow

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Enter", "Send the message (from anywhere in the window)"),
    ("Esc", "Stop the answer (or leave presentation mode)"),
    ("Ctrl+N", "New conversation"),
    ("Ctrl+F", "Search history"),
    ("Ctrl+E", "Export the open conversation"),
    ("Ctrl+=", "Larger text"),
    ("Ctrl+-", "Smaller text"),
    ("Ctrl+0", "Text at normal size"),
    ("F11", "Presentation mode (full screen, large type)"),
    ("Ctrl+Shift+H", "Show or hide the History panel"),
    ("Ctrl+Shift+K", "Show or hide the Case panel"),
    ("Alt+Up", "Rate the selected answer helpful (with history on)"),
    ("Alt+Down", "Rate the selected answer not helpful (with history on)"),
    ("Ctrl+Alt+F", "Rate the selected answer in detail (with history on)"),
    ("Ctrl+L", "Lock Curbside now (when the idle lock is on)"),
    ("Ctrl+Shift+N", "Next visitor: wipe everything (demo mode)"),
    ("Ctrl+Q", "Quit"),
)


def build_menus(window: MainWindow) -> None:
    """Create the menu bar and the window-wide shortcuts."""
    bar = window.menuBar()
    conversation = bar.addMenu("&Conversation")
    window.new_action = _action(window, conversation, "&New conversation", "Ctrl+N")
    window.search_action = _action(window, conversation, "&Search history…", "Ctrl+F")
    window.export_action = _action(window, conversation, "&Export…", "Ctrl+E")
    conversation.addSeparator()
    window.unlock_action = _action(window, conversation, "&Unlock history…")
    window.unlock_action.setVisible(False)
    quit_action = _action(window, conversation, "&Quit", "Ctrl+Q")
    quit_action.triggered.connect(window.close)
    _view_menu(window, bar.addMenu("&View"))
    models_menu = bar.addMenu("&Models")
    window.models_action = _action(window, models_menu, "&Models and hardware…")
    window.models_action.triggered.connect(window.show_models_window)
    window.evaluate_action = _action(window, models_menu, "&Evaluate on a case set…")
    window.evaluate_action.triggered.connect(window.show_evaluate_window)
    window.pilot.add_menu(bar)
    help_menu = bar.addMenu("&Help")
    keys = _action(window, help_menu, "&Keyboard shortcuts", "F1")
    keys.triggered.connect(lambda: show_shortcuts(window))
    about = _action(window, help_menu, "&About Curbside")
    about.triggered.connect(window.show_about)
    extension = bar.findChild(QToolButton, "qt_menubar_ext_button")
    if extension is not None:  # shown when large text pushes menus off the bar
        extension.setAccessibleName("More menus")
    for keys_text in ("Ctrl+Return", "Ctrl+Enter"):
        send = QShortcut(QKeySequence(keys_text), window)
        send.setContext(Qt.ShortcutContext.WindowShortcut)
        send.activated.connect(window.send)
    escape = QShortcut(QKeySequence("Esc"), window)
    escape.setContext(Qt.ShortcutContext.WindowShortcut)
    escape.activated.connect(window.escape)


def _view_menu(window: MainWindow, view: QMenu) -> None:
    window.history_toggle = _action(window, view, "&History panel", "Ctrl+Shift+H")
    window.history_toggle.setCheckable(True)
    window.case_toggle = _action(window, view, "&Case panel", "Ctrl+Shift+K")
    window.case_toggle.setCheckable(True)
    view.addSeparator()
    zoom_in = _action(window, view, "Larger text", "Ctrl+=")
    zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    zoom_in.triggered.connect(window.zoom.zoom_in)
    _action(window, view, "Smaller text", "Ctrl+-").triggered.connect(window.zoom.zoom_out)
    _action(window, view, "Normal text size", "Ctrl+0").triggered.connect(window.zoom.reset)
    window.presentation_action = _action(window, view, "&Presentation mode", "F11")
    window.presentation_action.setCheckable(True)
    window.presentation_action.toggled.connect(window.zoom.set_presenting)
    themes_menu = view.addMenu("&Theme")
    group = QActionGroup(window)
    window.theme_actions = {}
    for choice in CHOICES:
        label = {"system": "Follow the system", "light": "Light", "dark": "Dark"}[choice]
        action = _action(window, themes_menu, label)
        action.setCheckable(True)
        action.setChecked(choice == window.prefs.theme)
        group.addAction(action)
        action.triggered.connect(lambda _checked=False, c=choice: window.set_theme(c))
        window.theme_actions[choice] = action


def _action(window: QWidget, menu: QMenu, text: str, keys: str = "") -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcut(QKeySequence(keys))
    menu.addAction(action)
    return action


def shortcuts_html() -> str:
    """Return the shortcut list as a table (escaped)."""
    rows = "".join(
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
        for keys, what in SHORTCUTS
    )
    return f"<table cellpadding='4'>{rows}</table>"


def show_shortcuts(parent: QWidget) -> QDialog:
    """Show Help → Keyboard shortcuts (non-blocking); return the dialog."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # zoomed like the window
    text = QLabel(shortcuts_html())
    text.setTextFormat(Qt.TextFormat.RichText)
    text.setAccessibleName("Keyboard shortcuts")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.setFont(parent.font())
    dialog.open()
    return dialog
