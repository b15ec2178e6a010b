"""The status bar line: state (with a progress bar while busy), history, model, rate.

Every label is plain text: the model's name comes from its file (untrusted).
"""

from __future__ import annotations

from curbside.ui.plain_text import plain_label, plain_tooltip
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QStatusBar

TRANSIENT_MS = 6000
"""How long a passing state ("Stopped", "Copied …") stays before the line says "Ready"."""
TRANSIENT = ("Stopped", "Copied to the clipboard.")


class StatusLine:
    """Labels in the window's status bar.

    Args:
        bar: The window's status bar.
    """

    def __init__(self, bar: QStatusBar) -> None:
        self.state = plain_label("Starting…")
        self.model = plain_label("No model")
        self.rate = plain_label("")
        self.history = plain_label("")
        for label, name in (
            (self.state, "What Curbside is doing"),
            (self.model, "Model"),
            (self.rate, "Answer speed"),
            (self.history, "History"),
        ):
            label.setAccessibleName(name)
        # Long texts are cut (the full text is the tooltip), never widen the window.
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for label, widest in ((self.model, 320), (self.history, 200), (self.rate, 110)):
            label.setMaximumWidth(widest)
        self._passing = False
        self._transient = QTimer(self.state)
        self._transient.setSingleShot(True)
        self._transient.setInterval(TRANSIENT_MS)
        self._transient.timeout.connect(self.clear_transient)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        bar.addWidget(self.progress)
        bar.addWidget(self.state, 1)
        bar.addPermanentWidget(self.history)
        bar.addPermanentWidget(self.model)
        bar.addPermanentWidget(self.rate)

    def set_state(self, text: str) -> None:
        """Show what the app is doing (a passing state clears itself after a while)."""
        self.state.setText(text)
        self.state.setToolTip(plain_tooltip(text))
        self._passing = text in TRANSIENT
        if self._passing:
            self._transient.start()
        else:
            self._transient.stop()

    def flash(self, text: str) -> None:
        """Show a passing message that gives way to "Ready" shortly."""
        self.set_state(text)
        self._passing = True
        self._transient.start()

    def clear_transient(self) -> None:
        """Replace a passing state ("Stopped", "Copied …") with "Ready"."""
        if self._passing:
            self._passing = False
            self._transient.stop()
            self.state.setText("Ready")
            self.state.setToolTip(plain_tooltip("Ready"))

    def set_busy(self, percent: int | None) -> None:
        """Show progress: None hides it, -1 is indeterminate, else 0–100."""
        if percent is None:
            self.progress.hide()
            return
        if percent < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)
        self.progress.show()

    def set_model(self, text: str) -> None:
        """Show the model's name."""
        self.model.setText(text)
        self.model.setToolTip(plain_tooltip(text))

    def set_rate(self, tokens_per_s: float) -> None:
        """Show the generation rate (blank when unknown)."""
        self.rate.setText(f"{tokens_per_s:.1f} tokens/s" if tokens_per_s > 0 else "")

    def set_history(self, text: str) -> None:
        """Show whether conversations are being saved."""
        self.history.setText(text)
        self.history.setToolTip(plain_tooltip(text))
