"""Rating answers in the window: a bar under the conversation, keyboard actions, badges.

The bar acts on the *selected* answer: the one holding the text cursor in the
conversation view (click into an answer to pick it), else the latest one.
Thumbs up / down take one click (or Alt+Up / Alt+Down); "Details…" (Ctrl+Alt+F)
opens the form; "Remove" deletes the rating. Each rated answer shows a badge
after "Curbside". The view renders turns as HTML tables, one per turn, so the
turn under the cursor is the top-level table frame that contains it.
Kept apart from the view so the message cards can be redesigned freely: the
view only needs ``turns`` (with ``message_id``) and ``set_badge``.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.errors import HistoryError, InputError, KnownError
from curbside.feedback import HELPFUL, NOT_HELPFUL, Feedback, FeedbackStore, Rating
from curbside.storage import HistoryStore
from curbside.ui.chat_view import ChatView
from curbside.ui.feedback_form import FeedbackForm
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget


def turn_at_cursor(view: ChatView) -> int | None:
    """Return the index of the turn holding the view's text cursor, or None."""
    position = view.textCursor().position()
    frames = view.document().rootFrame().childFrames()
    for index, frame in enumerate(frames):
        if frame.firstPosition() <= position <= frame.lastPosition():
            return index if index < len(view.turns) else None
    return None


class FeedbackBar(QWidget):
    """Thumbs up / down, details and remove for the selected answer.

    Args:
        store: Returns the open history (looked up each time: the idle lock
            closes it and unlocking opens a new one).
        view: The conversation view.
        parent: Owner.

    Signals:
        rated(object): A rating was saved (the :class:`Feedback`) or removed (None).
        message(str): A message for the clinician (e.g. a refused comment).
    """

    rated = Signal(object)
    message = Signal(str)

    def __init__(
        self,
        store: Callable[[], HistoryStore | None],
        view: ChatView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.view = view
        self.label = QLabel()
        self.label.setStyleSheet("color: #57606a;")
        self.up_button = QPushButton("✓ Helpful")
        self.down_button = QPushButton("✗ Not helpful")
        self.details_button = QPushButton("Details…")
        self.remove_button = QPushButton("Remove rating")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        for button in (self.up_button, self.down_button, self.details_button, self.remove_button):
            row.addWidget(button)
        self.up_button.clicked.connect(lambda: self.rate_quick(HELPFUL))
        self.down_button.clicked.connect(lambda: self.rate_quick(NOT_HELPFUL))
        self.details_button.clicked.connect(self.open_details)
        self.remove_button.clicked.connect(self.remove)
        view.cursorPositionChanged.connect(self.refresh)
        self.actions_ = self._actions()
        self.refresh()

    @property
    def feedback(self) -> FeedbackStore:
        """The ratings of the history open now.

        Raises:
            HistoryError: The history is locked or unavailable.
        """
        store = self._store()
        if store is None:
            raise HistoryError("The history is not open.", "Unlock Curbside first.")
        return FeedbackStore(store)

    def _actions(self) -> list[QAction]:
        specs = (
            ("Rate answer helpful", "Alt+Up", lambda: self.rate_quick(HELPFUL)),
            ("Rate answer not helpful", "Alt+Down", lambda: self.rate_quick(NOT_HELPFUL)),
            ("Rate answer in detail…", "Ctrl+Alt+F", self.open_details),
        )
        made = []
        for text, keys, slot in specs:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            made.append(action)
        return made

    def selected(self) -> int | None:
        """Return the index of the answer the bar acts on (saved answers only)."""
        index = turn_at_cursor(self.view)
        turns = self.view.turns
        if index is None or turns[index].role != "assistant" or turns[index].message_id is None:
            saved = [i for i, t in enumerate(turns) if t.role == "assistant" and t.message_id]
            return saved[-1] if saved else None
        return index

    def refresh(self) -> None:
        """Show which answer is selected and its rating; enable what applies."""
        index = self.selected()
        current = self._current(index)
        if index is None:
            self.label.setText("Rate an answer once one is saved.")
        else:
            number = sum(1 for t in self.view.turns[: index + 1] if t.role == "assistant")
            state = f"rated {current.badge}" if current else "not rated yet"
            self.label.setText(f"Answer {number}: {state}")
        for button in (self.up_button, self.down_button, self.details_button):
            button.setEnabled(index is not None)
        self.remove_button.setEnabled(current is not None)
        for action in self.actions_:
            action.setEnabled(index is not None)

    def show_badges(self) -> None:
        """Put each rated answer's badge on its message (after a load or a new answer)."""
        ids = {t.message_id for t in self.view.turns if t.message_id is not None}
        try:
            ratings = {mid: fb for mid in ids if (fb := self.feedback.get(mid)) is not None}
        except KnownError as exc:
            self.message.emit(f"Ratings could not be read: {exc}")
            return
        for index, turn in enumerate(self.view.turns):
            if turn.message_id is not None:
                found = ratings.get(turn.message_id)
                self.view.set_badge(index, found.badge if found else "")
        self.refresh()

    def rate_quick(self, value: int) -> None:
        """Thumbs up or down on the selected answer (keeps any details already given)."""
        index = self.selected()
        if index is None:
            return
        current = self._current(index)
        if current is not None:
            rating = Rating(
                value,
                current.rating.helpfulness,
                current.rating.categories,
                current.rating.severity,
                current.rating.comment,
            )
        else:
            rating = Rating(value)
        self._save(index, rating, allow_phi=bool(current and current.comment_phi))

    def open_details(self) -> None:
        """Open the detail form for the selected answer."""
        self.open_details_for(self.selected())

    def open_details_for(self, index: int | None) -> None:
        """Open the detail form for the answer at ``index`` (a saved answer only)."""
        turns = self.view.turns
        if index is None or not 0 <= index < len(turns) or turns[index].message_id is None:
            return
        current = self._current(index)
        form = FeedbackForm(current.rating if current else None, self)
        if form.exec():
            self._save(index, form.rating())

    def remove(self) -> None:
        """Delete the selected answer's rating."""
        index = self.selected()
        message_id = self.view.turns[index].message_id if index is not None else None
        if message_id is None:
            return
        try:
            self.feedback.delete(message_id)
        except KnownError as exc:
            self.message.emit(f"The rating was not removed: {exc}")
            return
        self.view.set_badge(index, "")  # type: ignore[arg-type]
        self.rated.emit(None)
        self.refresh()

    def _save(self, index: int, rating: Rating, allow_phi: bool = False) -> None:
        message_id = self.view.turns[index].message_id
        assert message_id is not None
        try:
            saved = self.feedback.rate(message_id, rating, allow_phi=allow_phi)
        except InputError as exc:
            if "identifiers" not in str(exc) or not self._confirm_phi(str(exc)):
                self.message.emit(str(exc))
                return
            saved = self.feedback.rate(message_id, rating, allow_phi=True)
        except KnownError as exc:
            self.message.emit(f"The rating was not saved: {exc}")
            return
        self.view.set_badge(index, saved.badge)
        self.rated.emit(saved)
        self.refresh()

    def _confirm_phi(self, why: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Identifiers in the comment",
            f"{why}\n\nSave the comment anyway? Curbside records that you overrode the "
            "check and which kinds of identifier were left (never the text).",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _current(self, index: int | None) -> Feedback | None:
        if index is None or self.view.turns[index].message_id is None:
            return None
        try:
            return self.feedback.get(self.view.turns[index].message_id)  # type: ignore[arg-type]
        except KnownError:
            return None
