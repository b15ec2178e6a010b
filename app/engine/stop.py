"""Stop strings in a stream: hold back text that might be the start of one.

Special end-of-turn tokens already end generation; stop *strings* matter for
formats whose turn marker is ordinary text (the plain ``User:`` transcript).
"""

from __future__ import annotations

from collections.abc import Iterable


class StopScanner:
    """Feeds streamed text through, cutting it at the first stop string.

    Args:
        stops: The stop strings (empty strings are ignored).
    """

    def __init__(self, stops: Iterable[str]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._held = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """Return (text safe to emit, whether a stop string was reached)."""
        if not self._stops:
            return text, False
        buffer = self._held + text
        cut = min((buffer.find(s) for s in self._stops if s in buffer), default=-1)
        if cut >= 0:
            self._held = ""
            return buffer[:cut], True
        keep = self._longest_partial(buffer)
        self._held = buffer[len(buffer) - keep :] if keep else ""
        return buffer[: len(buffer) - keep], False

    def flush(self, text: str = "") -> str:
        """Return whatever was held back, plus ``text`` (end of stream)."""
        out, _ = self.feed(text)
        out += self._held
        self._held = ""
        return out

    def _longest_partial(self, buffer: str) -> int:
        longest = 0
        for stop in self._stops:
            for size in range(min(len(stop) - 1, len(buffer)), longest, -1):
                if buffer.endswith(stop[:size]):
                    longest = size
                    break
        return longest
