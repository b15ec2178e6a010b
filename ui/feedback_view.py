"""The Feedback window: rated answers with filters, counts, a chart, and export.

Filters: model, mode, rating, error category, severity and a date range.
The chart (ratings by model and mode, and error categories) is drawn by
matplotlib off the GUI thread and shown as an image. Export writes CSV, JSONL
or the PDF report, redacted by the PHI guard unless the clinician unticks it,
after the same plaintext warning as conversation exports; each export is
audited.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from curbside.audit import export_details
from curbside.errors import KnownError
from curbside.feedback import (
    CATEGORIES,
    FEEDBACK_FORMATS,
    Feedback,
    FeedbackFilter,
    FeedbackStore,
    chart_png,
    rated_answers,
    summarize,
    write_feedback_export,
)
from curbside.storage import HistoryStore
from curbside.ui.workers import Task, run_simple
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

_COLUMNS = ("Answer", "Rated", "Model", "Mode", "Rating", "Helpfulness", "Errors", "Severity")


def date_edit(days_back: int | None) -> QDateEdit:
    """A calendar date field set ``days_back`` days ago (None: today)."""
    edit = QDateEdit(QDate.currentDate().addDays(-(days_back or 0)))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def iso_day(edit: QDateEdit, *, end: bool = False) -> str:
    """The field's date as a UTC ISO bound (``end``: the start of the next day)."""
    day = edit.date().addDays(1 if end else 0).toPython()
    return datetime.combine(day, time(), UTC).isoformat()  # type: ignore[arg-type]


class FeedbackView(QWidget):
    """Rated answers, filtered, counted and charted.

    Args:
        store: The open history.
        parent: Owner.
    """

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Curbside — feedback on answers")
        self.resize(1000, 720)
        self.store = store
        self.feedback = FeedbackStore(store)
        self.ratings: list[Feedback] = []
        self.chart_task: Task | None = None
        self.export_task: Task | None = None
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.model = QComboBox()
        self.mode = QComboBox()
        self.rating = QComboBox()
        for text, score in (("Any rating", None), ("✓ Helpful", 1), ("✗ Not helpful", -1)):
            self.rating.addItem(text, score)
        self.category = QComboBox()
        self.category.addItem("Any error", "")
        for code, label in CATEGORIES.items():
            self.category.addItem(label, code)
        self.severity = QComboBox()
        for text, value in (("Any severity", ""), ("Major", "major"), ("Minor", "minor")):
            self.severity.addItem(text, value)
        self.use_dates = QCheckBox("From")
        self.since, self.until = date_edit(30), date_edit(None)
        filters = QHBoxLayout()
        for combo in (self.model, self.mode, self.rating, self.category, self.severity):
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(self.refresh)
        dates: tuple[QWidget, ...] = (self.use_dates, self.since, QLabel("to"), self.until)
        for widget in dates:
            filters.addWidget(widget)
        self.use_dates.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.counts = QLabel()
        self.counts.setStyleSheet("font-weight: bold;")
        self.chart = QLabel("Drawing the chart…")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart.setMinimumHeight(300)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.redact = QCheckBox("Replace identifiers with placeholders (PHI guard)")
        self.redact.setChecked(True)
        self.no_text = QCheckBox("Ratings and metadata only (no text)")
        self.export_format = QComboBox()
        self.export_format.addItems(list(FEEDBACK_FORMATS))
        self.export_button = QPushButton("Export plaintext file…")
        self.export_button.clicked.connect(self.export)
        bottom = QHBoxLayout()
        warning = QLabel("Exports are plaintext (not encrypted).")
        warning.setStyleSheet("color: #663c00;")
        for part in (warning, self.redact, self.no_text):
            bottom.addWidget(part)
        bottom.addStretch(1)
        bottom.addWidget(self.export_format)
        bottom.addWidget(self.export_button)
        column = QVBoxLayout(self)
        column.addLayout(filters)
        column.addWidget(self.counts)
        column.addWidget(self.chart)
        column.addWidget(self.table, 1)
        column.addLayout(bottom)
        self._fill_choices()

    def _fill_choices(self) -> None:
        try:
            models, modes = self.feedback.models_and_modes()
        except KnownError:
            models, modes = [], []
        for combo in (self.model, self.mode):
            combo.blockSignals(True)
            combo.clear()
        self.model.addItem("Any model", "")
        for sha, name in models:
            self.model.addItem(f"{name or 'unknown'} ({sha[:8] or 'no hash'})", sha or name)
        self.mode.addItem("Any mode", "")
        for stamp in modes:
            self.mode.addItem(stamp or "no mode", stamp)
        for combo in (self.model, self.mode):
            combo.blockSignals(False)

    def current_filter(self) -> FeedbackFilter:
        """The filter the controls show."""
        dated = self.use_dates.isChecked()
        return FeedbackFilter(
            model=self.model.currentData() or "",
            mode=self.mode.currentData() or "",
            rating=self.rating.currentData(),
            category=self.category.currentData() or "",
            severity=self.severity.currentData() or "",
            since=iso_day(self.since) if dated else "",
            until=iso_day(self.until, end=True) if dated else "",
        )

    def refresh(self) -> None:
        """Re-read the ratings for the filter; redraw counts, table and chart."""
        try:
            self.ratings = self.feedback.find(self.current_filter())
        except KnownError as exc:
            self.counts.setText(f"Feedback could not be read: {exc}")
            return
        summary = summarize(self.ratings)
        self.counts.setText(summary.line())
        self._fill_table()
        self.chart_task = run_simple(
            lambda: chart_png(summary, 9.0, 3.4), self._show_chart, self.chart.setText
        )

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.ratings))
        for row, fb in enumerate(self.ratings):
            rating = fb.rating
            cells = (
                str(fb.message_id),
                fb.updated[:16].replace("T", " "),
                fb.model_name or "?",
                fb.mode or "?",
                "✓ helpful" if rating.rating > 0 else "✗ not helpful",
                f"{rating.helpfulness}/5" if rating.helpfulness else "",
                ", ".join(CATEGORIES[c] for c in rating.categories),
                rating.severity or "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _show_chart(self, png: object) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(png if isinstance(png, bytes) else b"")
        self.chart.setPixmap(pixmap)

    def export(self) -> None:
        """Ask for a file (after the plaintext warning) and write the filtered ratings."""
        fmt = self.export_format.currentText()
        path, _ = QFileDialog.getSaveFileName(self, "Export feedback", f"feedback.{fmt}")
        if path:
            self.export_to(path, fmt)

    def export_to(self, path: str, fmt: str) -> Task:
        """Write the filtered ratings to ``path`` in ``fmt`` off the GUI thread; audit it.

        A 10,000-answer redacted export takes a minute or more (the PHI scan),
        so it runs as a task (``export_task``) while the window stays usable;
        the Export button is disabled until it ends, and the outcome is shown
        in the counts line (a failure also in a dialog).
        """
        text = not self.no_text.isChecked()
        redact = self.redact.isChecked() and text
        store, ratings = self.store, list(self.ratings)

        def job() -> int:
            head = store.audit.head()
            answers = rated_answers(store, ratings, redact=redact)
            count = write_feedback_export(
                answers, fmt, Path(path), text=text, head=head.hash if head else ""
            )
            details = export_details(what="feedback", fmt=fmt, redacted=redact, count=count)
            store.audit.append("export", details | {"text": text})
            return count

        self.export_button.setEnabled(False)
        self.counts.setText(f"Exporting {len(ratings)} rated answers…")
        self.export_task = run_simple(job, self._exported, self._export_failed)
        return self.export_task

    def _exported(self, count: object) -> None:
        self.export_button.setEnabled(True)
        self.counts.setText(f"Exported {count} rated answers (plaintext: store it securely).")

    def _export_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.counts.setText(summarize(self.ratings).line())
        QMessageBox.warning(self, "Export failed", message)
