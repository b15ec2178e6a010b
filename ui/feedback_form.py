"""The detail form for rating an answer: verdict, helpfulness, error categories, severity, comment.

The categories follow the CREOLA clinical-error taxonomy (see
:mod:`curbside.feedback`); each box carries a one-line explanation as its
tooltip. The comment is checked by the PHI guard when the rating is saved.
"""

from __future__ import annotations

from curbside.feedback import CATEGORIES, HELPFUL, NOT_HELPFUL, SEVERITIES, Rating
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

_EXPLAINED = {
    "fabrication": "States something not supported by the case or by medicine",
    "negation": "Gets a finding or fact backwards (present vs absent)",
    "causality": "Wrong cause-and-effect reasoning",
    "contextual": "Ignores or contradicts the case it was given",
    "omission": "Leaves out something that matters",
    "unsafe": "Recommends something that could harm the patient",
    "outdated": "Follows guidance that has been superseded",
    "other": "Formatting or another problem",
}


class FeedbackForm(QDialog):
    """Edit one answer's rating.

    Args:
        current: The rating to start from (None: a new one, thumbs down preselected
            only if the clinician chooses it).
        parent: Owner.
    """

    def __init__(self, current: Rating | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rate this answer")
        self.setMinimumWidth(520)
        self.up = QRadioButton("✓ Helpful")
        self.down = QRadioButton("✗ Not helpful")
        verdict = QButtonGroup(self)
        verdict.addButton(self.up)
        verdict.addButton(self.down)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.up)
        verdict_row.addWidget(self.down)
        verdict_row.addStretch(1)
        self.helpfulness = QComboBox()
        self.helpfulness.addItem("Not given", None)
        for score in range(1, 6):
            self.helpfulness.addItem(f"{score} of 5", score)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for position, (code, label) in enumerate(CATEGORIES.items()):
            box = QCheckBox(label)
            box.setToolTip(_EXPLAINED[code])
            self.boxes[code] = box
            grid.addWidget(box, position // 2, position % 2)
        self.severity = QComboBox()
        self.severity.addItem("Not given", None)
        for code, label in SEVERITIES.items():
            self.severity.addItem(label, code)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(
            "What was wrong or useful? (No patient identifiers: the PHI guard checks this.)"
        )
        self.comment.setMaximumHeight(110)
        form = QFormLayout(self)
        form.addRow("Verdict", verdict_row)
        form.addRow("Helpfulness", self.helpfulness)
        form.addRow("Errors", grid)
        form.addRow("Severity", self.severity)
        form.addRow("Comment", self.comment)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        verdict.buttonToggled.connect(lambda *_: self.save_button.setEnabled(True))
        self._show(current)

    def _show(self, current: Rating | None) -> None:
        if current is None:
            self.save_button.setEnabled(False)  # a verdict is required
            return
        (self.up if current.rating == HELPFUL else self.down).setChecked(True)
        self.helpfulness.setCurrentIndex(max(0, self.helpfulness.findData(current.helpfulness)))
        for code in current.categories:
            self.boxes[code].setChecked(True)
        self.severity.setCurrentIndex(max(0, self.severity.findData(current.severity)))
        self.comment.setPlainText(current.comment)

    def rating(self) -> Rating:
        """Return the rating the form shows."""
        return Rating(
            HELPFUL if self.up.isChecked() else NOT_HELPFUL,
            self.helpfulness.currentData(),
            tuple(code for code, box in self.boxes.items() if box.isChecked()),
            self.severity.currentData(),
            self.comment.toPlainText(),
        )
