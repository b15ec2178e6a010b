"""What the status line says while an answer is read and streamed.

Reading the prompt (prefill) shows a percentage (with token counts when a saved
conversation is re-read, which can take a while); streaming shows "Answering…"
and the rate in tokens per second.
"""

from __future__ import annotations

import time

from curbside.ui.status import StatusLine


class StreamProgress:
    """Turns the engine's progress into status-line text for one answer at a time.

    Args:
        status: The window's status line.
    """

    def __init__(self, status: StatusLine) -> None:
        self.status = status
        self.rereading = False
        """The prompt is a reopened conversation being read again."""
        self._started = 0.0
        self._chunks = 0

    def begin(self, rereading: bool) -> None:
        """An answer is starting."""
        self.rereading, self._chunks = rereading, 0
        reading = "Re-reading the saved conversation…" if rereading else "Reading the case…"
        self.status.set_state(reading)

    def prefill(self, done: int, total: int) -> None:
        """``done`` of ``total`` prompt tokens have been read."""
        percent = 100 * done // max(total, 1)
        if self.rereading:
            self.status.set_state(
                f"Re-reading the saved conversation: {done:,} of {total:,} tokens ({percent}%). "
                "Esc stops."
            )
        else:
            self.status.set_state(f"Reading the case… {percent}%")
        self.status.set_busy(percent)

    def chunk(self) -> None:
        """One more streamed piece of the answer."""
        if self._chunks == 0:
            self._started = time.perf_counter()
            self.status.set_state("Answering…")
            self.status.set_busy(None)
        self._chunks += 1
        elapsed = time.perf_counter() - self._started
        if elapsed > 0.25:
            self.status.set_rate((self._chunks - 1) / elapsed)
