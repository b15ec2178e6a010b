"""The context meter: how much of the model's window the next prompt would use.

Shows ``prompt + reserved answer / window`` as a bar and a line of text, turns
amber above 85% and red when the case cannot fit (with the error's message,
which carries both numbers), and notes exchanges left out by the budget.

Counting tokens costs a tokenizer pass over the whole prompt, so
:meth:`ContextMeter.request_update` debounces: while the clinician types, the
count runs once typing pauses. The count itself is a llama.cpp call, so it is
handed to :attr:`ContextMeter.runner` (the engine bridge's ``plan``), which runs
it on the engine's thread and answers on the GUI thread; an answer to an older
request than the latest is dropped.

Everything the meter shows is plain text: an error may quote a chat template
from a model file, which must never be rendered as rich text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from curbside.chat import BudgetPlan
from curbside.engine import ChatMessage
from curbside.errors import ContextOverflowError, KnownError
from curbside.ui.plain_text import plain_tooltip
from curbside.ui.workers import failure_message
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

CountTokens = Callable[[Sequence[ChatMessage]], int]
Counter = Callable[[CountTokens], BudgetPlan]
"""Returns the plan for the prompt as it would be sent now (may raise ContextOverflowError)."""
Runner = Callable[[Counter, Callable[[Any], None], Callable[[Exception], None]], None]
"""Runs a counter where the tokenizer lives, then calls back with the plan or the error."""

WARN_FRACTION = 0.85
_COLOURS = {"ok": "#2da44e", "warn": "#bf8700", "over": "#cf222e", "idle": "#8c959f"}


class ContextMeter(QWidget):
    """Used / available tokens of the context window.

    Args:
        debounce_ms: Pause in updates requested through :meth:`request_update`
            before the count runs.
        parent: The parent widget.

    Signals:
        None. Feed it with :meth:`set_counts`, :meth:`show_plan`,
        :meth:`show_error`, :meth:`set_unknown` or :meth:`request_update`.
    """

    def __init__(self, debounce_ms: int = 250, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = "idle"
        self.count_label: Callable[[], str] | None = None
        """Says how tokens were counted, when not by the model itself ("estimate")."""
        self.runner: Runner | None = None
        self._counter: Counter | None = None
        self._request = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._run_counter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        # Up to 120 px, down to 24 when large text leaves the buttons little room:
        # the buttons keep their whole labels, the meter gives way (its tooltip says all).
        self.bar.setMinimumWidth(24)
        self.bar.setMaximumWidth(120)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.bar.setFixedHeight(10)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.set_unknown()

    def set_counts(self, prompt_tokens: int, reserved: int, n_ctx: int, note: str = "") -> None:
        """Show a prompt of ``prompt_tokens`` with ``reserved`` for the answer in ``n_ctx``."""
        used = prompt_tokens + reserved
        self.bar.setRange(0, max(n_ctx, 1))
        self.bar.setValue(min(used, n_ctx))
        text = f"Context {prompt_tokens:,} + {reserved:,} / {n_ctx:,}"
        source = self.count_label() if self.count_label is not None else ""
        if source:
            text += f" ({source})"
        self.label.setText(f"{text}. {note}" if note else text)
        self.label.setAccessibleName(
            f"Context: {prompt_tokens:,} tokens of prompt and {reserved:,} reserved for the "
            f"answer, of {n_ctx:,}"
        )
        warn = used > WARN_FRACTION * n_ctx
        self._set_state("over" if used > n_ctx else "warn" if warn else "ok")
        self.setToolTip(plain_tooltip(note or f"{max(n_ctx - used, 0):,} tokens free."))

    def show_plan(self, plan: BudgetPlan) -> None:
        """Show a budget plan, including any exchanges it left out."""
        note = ""
        if plan.omitted_exchanges:
            plural = "s" if plan.omitted_exchanges > 1 else ""
            note = f"{plan.omitted_exchanges} older exchange{plural} left out."
        self.set_counts(plan.prompt_tokens, plan.max_tokens, plan.n_ctx, note)
        if note:
            self.setToolTip(plain_tooltip(plan.notice()))

    def show_error(self, error: ContextOverflowError) -> None:
        """Show that the prompt cannot fit (the message holds both numbers)."""
        self.bar.setRange(0, max(error.limit, 1))
        self.bar.setValue(error.limit)
        self.label.setText(f"Too long: {error.tokens:,} / {error.limit:,} tokens")
        self.setToolTip(plain_tooltip(str(error)))
        self._set_state("over")

    def set_unknown(self, text: str = "Context: no model loaded") -> None:
        """Show that nothing can be counted yet (a count under way is dropped)."""
        self._timer.stop()
        self._counter = None
        self._request += 1
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label.setText(text)
        self.setToolTip("")
        self._set_state("idle")

    def request_update(self, counter: Counter) -> None:
        """Count with ``counter`` once updates stop arriving for the debounce interval."""
        self._counter = counter
        self._timer.start()

    def flush(self) -> None:
        """Run a pending count now (for example just before sending)."""
        if self._timer.isActive():
            self._timer.stop()
            self._run_counter()

    def _run_counter(self) -> None:
        counter, self._counter = self._counter, None
        if counter is None or self.runner is None:
            return
        self._request += 1
        request = self._request
        self.runner(
            counter,
            lambda plan: self._on_plan(request, plan),
            lambda exc: self._on_error(request, exc),
        )

    def _on_plan(self, request: int, plan: BudgetPlan) -> None:
        if request == self._request:
            self.show_plan(plan)

    def _on_error(self, request: int, exc: Exception) -> None:
        if request != self._request:
            return
        if isinstance(exc, ContextOverflowError):
            self.show_error(exc)
        elif isinstance(exc, KnownError):  # no model loaded (any more), a template refusal
            self.set_unknown(f"Context: {exc.message}")
        else:
            self.set_unknown(f"Context: {failure_message(exc)}")

    def _set_state(self, state: str) -> None:
        self.state = state
        colour = _COLOURS[state]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        weight = "bold" if state == "over" else "normal"
        self.label.setStyleSheet(
            f"color: {colour if state == 'over' else 'palette(text)'}; font-weight: {weight};"
        )
