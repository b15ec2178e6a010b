"""The Evaluate window's form: which case set, which models, which mode, how much, where.

:class:`RunForm` holds the fields of an evaluation run and turns them into a
:class:`curbside.evaluation.RunRequest`; it knows nothing about running. The
case set comes from the bundled examples or a chosen file, the models from
the list (the loaded model is offered at first), and the run folder is where
answers are kept so a rerun into it continues.
"""

from __future__ import annotations

from pathlib import Path

from curbside.evaluation import FORMATS, RunRequest, example_sets
from curbside.prompts import MODES
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class RunForm(QWidget):
    """The fields that describe one evaluation run.

    Args:
        models: Model files to offer at first (duplicates dropped).

    Signals:
        models_changed(): A model was added to or removed from the list.
    """

    models_changed = Signal()

    def __init__(self, models: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_box = QComboBox()
        for path in example_sets():
            self.set_box.addItem(f"Example: {path.name}", str(path))
        browse_set = QPushButton("Choose file…")
        browse_set.clicked.connect(self._choose_set)
        self.format_box = QComboBox()
        self.format_box.addItem("Guess from the file", "")
        for name in FORMATS:
            self.format_box.addItem(name, name)
        self.model_list = QListWidget()
        self.model_list.setMaximumHeight(90)
        for path in dict.fromkeys(models):
            self.model_list.addItem(str(path))
        add_model = QPushButton("Add model file…")
        add_model.clicked.connect(self._add_model)
        remove_model = QPushButton("Remove")
        remove_model.clicked.connect(self._remove_model)
        self.mode_box = QComboBox()
        self.mode_box.addItem("Automatic (free for multiple choice, else differential)", "")
        for mode in MODES.values():
            self.mode_box.addItem(f"{mode.label} ({mode.stamp})", mode.id)
        self.limit_box = QSpinBox()
        self.limit_box.setRange(0, 100_000)
        self.limit_box.setSpecialValueText("all items")
        self.max_tokens_box = QSpinBox()
        self.max_tokens_box.setRange(0, 4096)
        self.max_tokens_box.setSpecialValueText("mode default")
        self.out_edit = QLineEdit()
        self.out_edit.setPlaceholderText("folder for this run (rerun into it to continue)")
        browse_out = QPushButton("Choose folder…")
        browse_out.clicked.connect(self._choose_out)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Case set", row_of(self.set_box, browse_set))
        form.addRow("Format", self.format_box)
        form.addRow(
            "Models", row_of(self.model_list, row_of(add_model, remove_model), vertical=True)
        )
        form.addRow("Mode", self.mode_box)
        form.addRow("Items", self.limit_box)
        form.addRow("Answer length (tokens)", self.max_tokens_box)
        form.addRow("Run folder", row_of(self.out_edit, browse_out))

    def set_case_set(self, path: Path) -> None:
        """Select ``path`` as the case set (adding it to the list)."""
        index = self.set_box.findData(str(path))
        if index < 0:
            self.set_box.addItem(path.name, str(path))
            index = self.set_box.count() - 1
        self.set_box.setCurrentIndex(index)

    def request(self) -> RunRequest:
        """The run the fields describe."""
        models = [self.model_list.item(i).text() for i in range(self.model_list.count())]
        return RunRequest(
            set_path=Path(str(self.set_box.currentData())),
            models=models,
            out_dir=Path(self.out_edit.text().strip()).expanduser(),
            fmt=self.format_box.currentData() or None,
            mode=self.mode_box.currentData() or None,
            limit=self.limit_box.value() or None,
            max_tokens=self.max_tokens_box.value() or None,
        )

    def _choose_set(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Case set", "", "Case sets (*.jsonl *.json *.csv)"
        )
        if name:
            self.set_case_set(Path(name))

    def _add_model(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Model file", "", "GGUF models (*.gguf)")
        if name:
            self.model_list.addItem(name)
            self.models_changed.emit()

    def _remove_model(self) -> None:
        for item in self.model_list.selectedItems():
            self.model_list.takeItem(self.model_list.row(item))
        self.models_changed.emit()

    def _choose_out(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Run folder")
        if name:
            self.out_edit.setText(name)


def row_of(*widgets: QWidget, vertical: bool = False) -> QWidget:
    """``widgets`` side by side (or stacked) in one margin-less widget."""
    box = QWidget()
    layout = QVBoxLayout(box) if vertical else QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
