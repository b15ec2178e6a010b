"""The Models window's widgets and their layout: the table, details, this computer, settings.

:func:`build_models_window` creates the widgets on the window (as attributes
its behaviour uses) and lays them out: the model table with the details
below it on the left, "This computer" and the settings editor on the right,
the status line, the drop hint and the row of buttons. Wiring the widgets to
what they do stays in :class:`curbside.ui.models_window.ModelsWindow`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from curbside.ui.model_settings_editor import ModelSettingsEditor
from curbside.ui.models_table import COLUMNS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from curbside.ui.models_window import ModelsWindow

BUTTONS = (
    ("import", "Import…"),
    ("verify", "Verify"),
    ("forget", "Forget"),
    ("delete", "Delete file…"),
    ("load", "Load"),
    ("close", "Close"),
)
"""The window's buttons, left to right: key in ``window.buttons`` and label."""


def build_models_window(window: ModelsWindow) -> None:
    """Create the window's widgets and lay them out (attributes are set on ``window``)."""
    window.table = QTableWidget(0, len(COLUMNS))
    window.table.setHorizontalHeaderLabels(COLUMNS)
    window.table.setAccessibleName("Models on this computer")
    window.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    window.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    window.table.verticalHeader().setVisible(False)
    window.details = QLabel()
    window.details.setWordWrap(True)
    window.details.setTextFormat(Qt.TextFormat.PlainText)
    window.hardware_label = QLabel()
    window.hardware_label.setTextFormat(Qt.TextFormat.PlainText)
    window.hardware_label.setWordWrap(True)
    window.hardware_label.setMinimumHeight(window.fontMetrics().lineSpacing() * 8)
    window.editor = ModelSettingsEditor()
    window.message = QLabel()
    window.message.setWordWrap(True)
    window.message.setTextFormat(Qt.TextFormat.PlainText)
    window.buttons = {name: QPushButton(label) for name, label in BUTTONS}
    _arrange(window)


def _arrange(window: ModelsWindow) -> None:
    side = QWidget()
    side.setMaximumWidth(390)
    side_layout = QVBoxLayout(side)
    box = QGroupBox("This computer")
    QVBoxLayout(box).addWidget(window.hardware_label)
    side_layout.addWidget(box)
    side_layout.addWidget(window.editor)
    side_layout.addStretch(1)
    main = QWidget()
    main_layout = QVBoxLayout(main)
    main_layout.addWidget(window.table, 3)
    main_layout.addWidget(window.details, 1)
    splitter = QSplitter()
    splitter.addWidget(main)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setSizes([1010, 390])
    row = QHBoxLayout()
    row.addStretch(1)
    for button in window.buttons.values():
        row.addWidget(button)
    hint = QLabel("Drop .gguf files here to import them.")
    layout = QVBoxLayout(window)
    layout.addWidget(splitter, 1)
    layout.addWidget(window.message)
    layout.addWidget(hint)
    layout.addLayout(row)
