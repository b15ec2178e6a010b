"""The status bar line: state, model name and live generation rate."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar


class StatusLine:
    """Three permanent labels in the window's status bar.

    Args:
        bar: The window's status bar.
    """

    def __init__(self, bar: QStatusBar) -> None:
        self.state = QLabel("Starting…")
        self.model = QLabel("No model")
        self.rate = QLabel("")
        bar.addWidget(self.state, 1)
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
