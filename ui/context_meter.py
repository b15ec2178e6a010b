"""The context meter: how much of the model's window the next prompt would use.

Shows ``prompt + reserved answer / window`` as a bar and a line of text, turns
amber above 85% and red when the case cannot fit (with the error's message,
which carries both numbers), and notes exchanges left out by the budget.

Counting tokens costs a tokenizer pass over the whole prompt, so
:meth:`ContextMeter.request_update` debounces: while the clinician types, the
count runs once typing pauses.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.chat import BudgetPlan
from curbside.errors import ContextOverflowError, KnownError
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

Counter = Callable[[], BudgetPlan]
"""Returns the plan for the prompt as it would be sent now (may raise ContextOverflowError)."""

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
        self._counter: Counter | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._run_counter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(120)
        self.bar.setFixedHeight(10)
        self.label = QLabel()
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
        self.setToolTip(note or f"{max(n_ctx - used, 0):,} tokens free.")

    def show_plan(self, plan: BudgetPlan) -> None:
        """Show a budget plan, including any exchanges it left out."""
        note = ""
        if plan.omitted_exchanges:
            plural = "s" if plan.omitted_exchanges > 1 else ""
            note = f"{plan.omitted_exchanges} older exchange{plural} left out."
        self.set_counts(plan.prompt_tokens, plan.max_tokens, plan.n_ctx, note)
        if note:
            self.setToolTip(plan.notice())

    def show_error(self, error: ContextOverflowError) -> None:
        """Show that the prompt cannot fit (the message holds both numbers)."""
        self.bar.setRange(0, max(error.limit, 1))
        self.bar.setValue(error.limit)
        self.label.setText(f"Too long: {error.tokens:,} / {error.limit:,} tokens")
        self.setToolTip(str(error))
        self._set_state("over")

    def set_unknown(self, text: str = "Context: no model loaded") -> None:
        """Show that nothing can be counted yet."""
        self._timer.stop()
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
        if counter is None:
            return
        try:
            self.show_plan(counter())
        except ContextOverflowError as exc:
            self.show_error(exc)
        except KnownError as exc:  # no model loaded (any more), for instance
            self.set_unknown(f"Context: {exc.message}")

    def _set_state(self, state: str) -> None:
        self.state = state
        colour = _COLOURS[state]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        weight = "bold" if state == "over" else "normal"
        self.label.setStyleSheet(
            f"color: {colour if state == 'over' else 'palette(text)'}; font-weight: {weight};"
        )
