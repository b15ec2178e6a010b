"""The status bar line: state, model name and live generation rate."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar


class StatusLine:
    """Labels in the window's status bar.

    Args:
        bar: The window's status bar.
    """

    def __init__(self, bar: QStatusBar) -> None:
        self.state = QLabel("Starting…")
        self.model = QLabel("No model")
        self.rate = QLabel("")
        self.history = QLabel("")
        bar.addWidget(self.state, 1)
        bar.addPermanentWidget(self.history)
        bar.addPermanentWidget(self.model)
        bar.addPermanentWidget(self.rate)

    def set_state(self, text: str) -> None:
        """Show what the app is doing."""
        self.state.setText(text)

    def set_model(self, text: str) -> None:
        """Show the model's name."""
        self.model.setText(text)

    def set_rate(self, tokens_per_s: float) -> None:
        """Show the generation rate (blank when unknown)."""
        self.rate.setText(f"{tokens_per_s:.1f} tokens/s" if tokens_per_s > 0 else "")

    def set_history(self, text: str) -> None:
        """Show whether conversations are being saved."""
        self.history.setText(text)
        self.history.setToolTip(text)
