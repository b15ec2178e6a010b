"""The questions the Models window asks the clinician, and the files a drop carries.

Each function opens one modal box over ``parent`` and returns the answer.
:class:`curbside.ui.models_window.ModelsWindow` holds them as replaceable
attributes (``ask_copy``, ``ask_delete``, ``ask_override``,
``ask_import_path``) so tests answer without a dialog.
"""

from __future__ import annotations

from pathlib import Path

from curbside.models import COPY_BY_DEFAULT_BELOW
from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_copy(parent: QWidget, path: Path, size: int) -> bool | None:
    """Copy ``path`` into the models folder (True), use it in place (False), or cancel (None)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Import model")
    box.setText(f"Copy {path.name} ({size / 1e6:,.0f} MB) into Curbside's models folder?")
    box.setInformativeText(
        "A copy keeps working if the original moves, and takes the same space again. "
        "Using it in place takes no space; Curbside checks it has not changed."
    )
    copy = box.addButton("Copy it", QMessageBox.ButtonRole.AcceptRole)
    in_place = box.addButton("Use it where it is", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(copy if size < COPY_BY_DEFAULT_BELOW else in_place)
    box.exec()
    clicked = box.clickedButton()
    return True if clicked is copy else False if clicked is in_place else None


def ask_delete(parent: QWidget, question: str) -> bool:
    """Ask ``question`` about deleting a model file; "No" is the default."""
    answer = QMessageBox.question(
        parent, "Delete model file?", question, defaultButton=QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_override(parent: QWidget, text: str) -> bool:
    """Ask whether to load a model that will probably not fit; "No" is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Model may not fit",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the text names the model (from its file)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_import_path(parent: QWidget) -> Path | None:
    """Ask for a .gguf file to import (None when cancelled)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
    )
    return Path(name) if name else None


def dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local .gguf files a drag or drop carries."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == ".gguf"]
