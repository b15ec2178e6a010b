"""The case editor beside the chat: paste a case, or fill the structured template.

Two tabs share one :class:`curbside.chat.case.Case`: "Paste" holds free text (a referral
letter, a note), "Structured" holds the optional fields (age/sex, chief
complaint, HPI, ..., the question). Both may be used; empty fields are left out
of what is sent. A combo box loads the fictional sample cases. Replacing a case
the clinician has typed asks first, so nothing is lost by a stray click.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.chat import FICTION_NOTICE, FIELD_LABELS, SECTIONS, Case, list_samples
from curbside.ui.composer import PasteGuardedEdit
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

SHORT_FIELDS = ("age", "sex")
_PLACEHOLDER = "Load a sample case…"


class _CaseText(PasteGuardedEdit):
    """A case text box: refuses oversized or binary pastes, like the composer."""


class CaseEditor(QWidget):
    """Edits the case attached to the conversation.

    Args:
        parent: The parent widget.

    Attributes:
        confirm_replace: Called before a sample replaces a non-empty case; returns
            True to go ahead. Defaults to a Yes/No question box (tests replace it).

    Signals:
        case_changed(object): The case was edited; carries the new :class:`Case`.
        sample_loaded(str): A sample case was loaded; carries its id.
        paste_refused(str): A paste was refused (too large or binary); says why.
    """

    case_changed = Signal(object)
    sample_loaded = Signal(str)
    paste_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm_replace: Callable[[], bool] = self._ask_replace
        self._loading = False
        self.fields: dict[str, QLineEdit | _CaseText] = {}
        self._build()

    # ----- public API ---------------------------------------------------
    def case(self) -> Case:
        """Return the case as currently edited."""
        values = {name: _text(widget) for name, widget in self.fields.items()}
        return Case(free_text=self.paste.toPlainText(), **values)

    def set_case(self, case: Case) -> None:
        """Show ``case`` (replacing what is there) and emit ``case_changed`` once."""
        self._loading = True
        try:
            self.paste.setPlainText(case.free_text)
            for name, widget in self.fields.items():
                value = getattr(case, name)
                if isinstance(widget, QLineEdit):
                    widget.setText(value)
                else:
                    widget.setPlainText(value)
        finally:
            self._loading = False
        self.tabs.setCurrentIndex(1 if case.is_structured() else 0)
        self.case_changed.emit(self.case())

    def clear(self) -> None:
        """Empty every field."""
        self.set_case(Case())
        self.samples.setCurrentIndex(0)

    def load_sample(self, sample_id: str) -> bool:
        """Load a sample case by id; return False if the clinician kept their own case."""
        sample = next((s for s in list_samples() if s.id == sample_id), None)
        if sample is None:
            return False
        if not self.case().is_empty() and not self.confirm_replace():
            self.samples.setCurrentIndex(0)
            return False
        self.set_case(sample.case)
        self.sample_note.setText(f"{sample.title}. {FICTION_NOTICE}")
        self.sample_note.show()
        self.sample_loaded.emit(sample.id)
        return True

    def set_read_only(self, read_only: bool) -> None:
        """Lock or unlock editing (for example while an answer is being written)."""
        self.paste.setReadOnly(read_only)
        for widget in self.fields.values():
            widget.setReadOnly(read_only)
        self.samples.setEnabled(not read_only)
        self.clear_button.setEnabled(not read_only)

    def text_boxes(self) -> list[QPlainTextEdit]:
        """The multi-line boxes (free text and sections), for the PHI highlighter."""
        return [self.paste, *(w for w in self.fields.values() if isinstance(w, _CaseText))]

    def focus_chain(self) -> list[QWidget]:
        """The editor's controls in visual order (the sections follow the tabs)."""
        return [self.samples, self.clear_button, self.tabs, self.paste, *self.fields.values()]

    # ----- construction -------------------------------------------------
    def _build(self) -> None:
        self.samples = QComboBox()
        self.samples.addItem(_PLACEHOLDER, "")
        for sample in list_samples():
            self.samples.addItem(sample.title, sample.id)
            self.samples.setItemData(
                self.samples.count() - 1, sample.specialty, Qt.ItemDataRole.ToolTipRole
            )
        self.samples.activated.connect(self._on_sample_chosen)
        self.samples.setAccessibleName("Load a sample case")
        self.clear_button = QPushButton("Clear case")
        self.clear_button.setAccessibleName("Clear the case")
        self.clear_button.clicked.connect(self._on_clear_clicked)
        top = QHBoxLayout()
        top.addWidget(self.samples, 1)
        top.addWidget(self.clear_button)
        self.sample_note = QLabel()
        self.sample_note.setWordWrap(True)
        self.sample_note.setProperty("role", "hint")
        self.sample_note.hide()
        self.paste = self._text_box("Paste a de-identified case here (free text).", 0)
        self.paste.setAccessibleName("Case, free text")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Case as free text or structured fields")
        self.tabs.addTab(self.paste, "Paste")
        self.tabs.addTab(self._structured_form(), "Structured")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.sample_note)
        layout.addWidget(self.tabs, 1)

    def _structured_form(self) -> QScrollArea:
        form = QFormLayout()
        for name in SHORT_FIELDS:
            line = QLineEdit()
            line.setMaxLength(200)
            line.textChanged.connect(self._on_edited)
            line.setAccessibleName(f"Case: {FIELD_LABELS[name]}")
            self.fields[name] = line
            form.addRow(FIELD_LABELS[name], line)
        for name, heading in SECTIONS:
            box = self._text_box("", 64)
            box.setAccessibleName(f"Case: {heading}")
            self.fields[name] = box
            form.addRow(heading, box)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setAccessibleName("Structured case fields")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    def _text_box(self, placeholder: str, height: int) -> _CaseText:
        box = _CaseText()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        if height:
            box.setMinimumHeight(height)
        box.textChanged.connect(self._on_edited)
        box.paste_refused.connect(self.paste_refused)
        return box

    # ----- reactions ----------------------------------------------------
    def _on_edited(self) -> None:
        if not self._loading:
            self.case_changed.emit(self.case())

    def _on_sample_chosen(self, index: int) -> None:
        sample_id = self.samples.itemData(index)
        if sample_id:
            self.load_sample(str(sample_id))

    def _on_clear_clicked(self) -> None:
        if self.case().is_empty() or self.confirm_replace():
            self.clear()
            self.sample_note.hide()

    def _ask_replace(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace the case?",
            "The case you entered will be replaced (or cleared). Continue?",
        )
        return answer == QMessageBox.StandardButton.Yes


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
