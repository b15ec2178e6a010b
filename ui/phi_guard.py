"""The PHI guard in the composer: scan as the clinician types, highlight, redact, block sends.

:class:`PhiGuard` attaches to a ``QPlainTextEdit``. Each edit restarts a
short debounce timer; when it fires, the text goes to a worker thread that
runs :func:`curbside.deid.detect`, so a big paste never freezes typing. Results
for an outdated text are dropped (each scan carries a generation number).
Findings are painted as extra selections, one colour per category, with the
reason as a tooltip (:mod:`curbside.ui.phi_highlight`).
:class:`PhiFindingsPanel` (:mod:`curbside.ui.phi_findings`, re-exported here)
lists them with per-finding "Redact" and "Not PHI" buttons, "Redact all",
"Undo" and a relative-dates option. Before sending or saving, call
:meth:`PhiGuard.ensure_clear_before_send`.

Texts over :data:`curbside.deid.MAX_SCAN_CHARS` (the composer's own 200,000
character paste limit) are not scanned; sending them needs an override,
recorded as the category ``UNSCANNED``. Undo snapshots live in memory only.
"""

from __future__ import annotations

from curbside.deid import CaseGuard, Finding, detect
from curbside.privacy import Verdict, decide
from curbside.ui.phi_findings import PhiFindingsPanel
from curbside.ui.phi_highlight import COLOURS, HIGHLIGHT_TEXT, NUMBER_COLOUR, highlight_selections
from curbside.ui.workers import Task, run_simple
from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

_WARM_UP_TEXT = "Seen by Dr. Example at Example Clinic, Boston MA 02115 on 3/14/2024."


class PhiGuard(QObject):
    """Scans a ``QPlainTextEdit`` for identifiers and guards sending.

    Args:
        editor: The composer to watch.
        debounce_ms: Quiet time after the last edit before a scan starts.

    Signals:
        scan_started(): A background scan began.
        findings_changed(list): The unresolved findings (``Finding`` objects) changed.
        too_large(int): The text has more characters than can be scanned.
        overridden(list): A send went ahead on override; the categories to record.
    """

    scan_started = Signal()
    findings_changed = Signal(list)
    too_large = Signal(int)
    overridden = Signal(list)

    def __init__(self, editor: QPlainTextEdit, debounce_ms: int = 300) -> None:
        super().__init__(editor)
        self.editor = editor
        self.case = CaseGuard()
        self.relative_dates = False
        self._findings: list[Finding] = []
        self._generation = 0
        self._scanned_text: str | None = None
        self._undo: list[str] = []
        self._applying = False
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self._start_scan)
        self._scans: list[Task] = []
        editor.textChanged.connect(self._on_text_changed)
        editor.viewport().installEventFilter(self)
        editor.destroyed.connect(self.shutdown)

    def warm_up(self) -> None:
        """Load the detector's word lists on the worker thread now, not on the first send.

        The first scan in a process loads them (most of a second); doing it
        early keeps that off the moment the clinician presses Send. Call it when
        nothing else is busy: run beside a model load, the two worker threads
        starved the event loop of the GIL for ~300 ms. The result carries
        generation -1, which is never current, so it is dropped.
        """
        self._run_scan(-1, _WARM_UP_TEXT)

    def findings(self) -> list[Finding]:
        """The unresolved findings of the last completed scan."""
        return list(self._findings)

    def is_current(self) -> bool:
        """True when the findings belong to the editor's current text."""
        return self._scanned_text == self.editor.toPlainText()

    def scan_now(self) -> list[Finding]:
        """Scan synchronously (before a send); return the unresolved findings."""
        self._timer.stop()
        self._generation += 1  # any scan still running is now outdated
        text = self.editor.toPlainText()
        self._publish(text, self.case.scan(text))
        return self.findings()

    def ensure_clear_before_send(self, override: bool = False) -> Verdict:
        """Decide whether the composer's text may be sent or saved.

        Args:
            override: The clinician explicitly chose to send despite findings.

        Returns:
            ``clear``, ``blocked`` (with the unresolved categories) or
            ``overridden``; on override, :attr:`overridden` is emitted with the
            categories, which the caller records (never the text).
        """
        text = self.editor.toPlainText()
        findings = self._findings if self.is_current() else self.scan_now()
        decision = decide("send", self.case.categories(text, findings), override=override)
        if decision.status == "overridden":
            self.overridden.emit(list(decision.categories))
        return decision

    def redact(self, findings: list[Finding] | None = None) -> None:
        """Replace ``findings`` (default: all unresolved) with placeholders, undoably."""
        text = self.editor.toPlainText()
        chosen = self._findings if findings is None else findings
        if not chosen or not self.is_current():
            return
        result = self.case.redact(text, chosen, relative_dates=self.relative_dates)
        self._undo.append(text)
        self._replace_text(result.text)

    def dismiss(self, finding: Finding) -> None:
        """Mark ``finding`` as not PHI: it stops blocking and is no longer highlighted."""
        self.case.dismiss(finding)
        self._publish(self.editor.toPlainText(), self.case.unresolved(self._findings))

    def can_undo(self) -> bool:
        """True when a redaction can be undone."""
        return bool(self._undo)

    def undo(self) -> None:
        """Restore the text as it was before the last redaction (kept in memory only)."""
        if self._undo:
            self._replace_text(self._undo.pop())

    def set_relative_dates(self, enabled: bool) -> None:
        """Redact dates as "Day +n" (True) or as [DATE-n] placeholders (False)."""
        self.relative_dates = enabled

    def reset(self) -> None:
        """Forget undo snapshots and dismissals (after a send, for the next message)."""
        self._undo.clear()
        self.case.reset()

    @Slot()
    def shutdown(self) -> None:
        """Stop scanning and wait for scans in flight (called when the editor goes away)."""
        self._timer.stop()
        self._generation += 1  # results still to come are now outdated
        for task in self._scans:
            task.wait(5.0)
        self._scans.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the finding's category and reason as a tooltip over a highlight."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.editor.cursorForPosition(event.pos()).position()
            finding = next((f for f in self._findings if f.start <= position < f.end), None)
            if finding is not None and self.is_current():
                QToolTip.showText(event.globalPos(), f"{finding.label}: {finding.reason}")
                return True
        return super().eventFilter(watched, event)

    def _on_text_changed(self) -> None:
        if self._applying:
            return
        self._generation += 1
        self.editor.setExtraSelections([])
        self._timer.start()

    def _start_scan(self) -> None:
        text = self.editor.toPlainText()
        if self.case.too_large(text):
            self._publish(text, [])
            self.too_large.emit(len(text))
            return
        self.scan_started.emit()
        self._run_scan(self._generation, text)

    def _run_scan(self, generation: int, text: str) -> None:
        """Scan ``text`` off the GUI thread; publish the result if still current."""
        task = run_simple(lambda: detect(text), parent=self)
        task.succeeded.connect(lambda findings: self._on_done(task, generation, findings))
        task.failed.connect(lambda _message: self._forget(task))
        self._scans.append(task)

    def _on_done(self, task: Task, generation: int, findings: list[Finding]) -> None:
        self._forget(task)
        if generation == self._generation:
            self._publish(self.editor.toPlainText(), self.case.unresolved(findings))

    def _forget(self, task: Task) -> None:
        if task in self._scans:
            self._scans.remove(task)

    def _publish(self, text: str, findings: list[Finding]) -> None:
        self._scanned_text = text
        self._findings = findings
        self._highlight()
        self.findings_changed.emit(self.findings())

    def _replace_text(self, text: str) -> None:
        cursor = self.editor.textCursor()
        position = cursor.position()
        self._applying = True
        try:
            cursor.beginEditBlock()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(text)
            cursor.endEditBlock()
        finally:
            self._applying = False
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)
        self.scan_now()

    def _highlight(self) -> None:
        self.editor.setExtraSelections(highlight_selections(self.editor, self._findings))


__all__ = [
    "COLOURS",
    "HIGHLIGHT_TEXT",
    "NUMBER_COLOUR",
    "PhiFindingsPanel",
    "PhiGuard",
]
