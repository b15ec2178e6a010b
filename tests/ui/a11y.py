"""Walk a widget tree and find what a screen reader could not name.

The name checked is the one assistive technology receives: Qt's accessible
interface's ``Name`` text (a button's label, an explicit accessible name, a
form label's buddy …), not merely ``accessibleName()``.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _is_part_of_another(widget: QWidget) -> bool:
    """Parts announced through their owner: a combo box's popup list and editor, a spin
    box's editor, scroll bars, a table's headers and corner button."""
    if isinstance(widget, QScrollBar | QHeaderView):
        return True
    if widget.objectName() == "qt_tableview_cornerbutton":
        return True
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QComboBox):
            return True
        ancestor = ancestor.parentWidget()
    parent = widget.parentWidget()
    return isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """Every interactive widget under ``root`` (itself included)."""
    found = [w for w in [root, *root.findChildren(QWidget)] if isinstance(w, INTERACTIVE)]
    return [w for w in found if not _is_part_of_another(w)]


def unnamed(root: QWidget) -> list[str]:
    """Describe each interactive widget under ``root`` that has no spoken name."""
    return [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in interactive_widgets(root)
        if not spoken_name(w)
    ]


def repeated_visible_buttons(root: QWidget) -> list[str]:
    """Spoken names shared by several visible buttons (they must say what they act on)."""
    names = Counter(
        spoken_name(w)
        for w in interactive_widgets(root)
        if isinstance(w, QAbstractButton) and w.isVisible() and spoken_name(w)
    )
    return [name for name, count in names.items() if count > 1]
