"""How the PHI guard paints its findings in the composer: one pastel per category.

:func:`highlight_selections` turns findings into ``QTextEdit`` extra
selections (background by category, dark text so it reads in either theme,
the finding's reason as a tooltip). The colour table lives here so the look
tests and the guard share one definition.
"""

from __future__ import annotations

from curbside.deid import Finding
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

COLOURS = {
    "NAME": "#ffd6d6",
    "DATE": "#d6e8ff",
    "AGE": "#e8d6ff",
    "PHONE": "#ffe9c7",
    "EMAIL": "#ffe9c7",
    "URL": "#ffe9c7",
    "IP": "#ffe9c7",
    "ADDRESS": "#d6f5d6",
    "LOCATION": "#d6f5d6",
    "ZIP": "#d6f5d6",
    "FACILITY": "#c9f0ec",
}
"""Highlight colour per category; identifying numbers (SSN, ID, ...) use :data:`NUMBER_COLOUR`."""
NUMBER_COLOUR = "#f5e6a8"
HIGHLIGHT_TEXT = "#1f2328"
"""Text colour over a highlight (the pastels are light in both themes)."""


def highlight_selections(
    editor: QPlainTextEdit, findings: list[Finding]
) -> list[QTextEdit.ExtraSelection]:
    """One extra selection per finding in ``editor``'s document, coloured by category."""
    selections: list[QTextEdit.ExtraSelection] = []
    for finding in findings:
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(COLOURS.get(finding.label, NUMBER_COLOUR)))
        fmt.setForeground(QColor(HIGHLIGHT_TEXT))  # dark on pastel in either theme
        fmt.setToolTip(f"{finding.label}: {finding.reason}")
        selection.format = fmt
        cursor = QTextCursor(editor.document())
        cursor.setPosition(finding.start)
        cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selections.append(selection)
    return selections
