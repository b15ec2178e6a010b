"""The status bar line: state (with a progress bar while busy), history, model, rate.

Every label is plain text: the model's name comes from its file (untrusted).
"""

from __future__ import annotations

from curbside.ui.plain_text import plain_label, plain_tooltip
from PySide6.QtWidgets import QProgressBar, QStatusBar


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
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        bar.addWidget(self.progress)
        bar.addWidget(self.state, 1)
        bar.addPermanentWidget(self.history)
        bar.addPermanentWidget(self.model)
        bar.addPermanentWidget(self.rate)

    def set_state(self, text: str) -> None:
        """Show what the app is doing."""
        self.state.setText(text)

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

    def set_rate(self, tokens_per_s: float) -> None:
        """Show the generation rate (blank when unknown)."""
        self.rate.setText(f"{tokens_per_s:.1f} tokens/s" if tokens_per_s > 0 else "")

    def set_history(self, text: str) -> None:
        """Show whether conversations are being saved."""
        self.history.setText(text)
        self.history.setToolTip(plain_tooltip(text))
