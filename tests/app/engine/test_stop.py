"""Stop strings split across streamed chunks."""

from __future__ import annotations

import pytest
from curbside.engine.stop import StopScanner


@pytest.mark.parametrize(
    ("chunks", "expected_text", "expected_stopped"),
    [
        (["Hello", " world"], "Hello world", False),
        (["Answer.\nUs", "er: next"], "Answer.", True),
        (["Answer.\nU", "nder"], "Answer.\nUnder", False),
        (["A\nUser:"], "A", True),
    ],
)
def test_stop_scanner(chunks: list[str], expected_text: str, expected_stopped: bool) -> None:
    scanner = StopScanner(["\nUser:"])
    out, stopped = "", False
    for chunk in chunks:
        text, stopped = scanner.feed(chunk)
        out += text
        if stopped:
            break
    if not stopped:
        out += scanner.flush()
    assert (out, stopped) == (expected_text, expected_stopped)


def test_no_stops_passes_everything_through() -> None:
    assert StopScanner([]).feed("abc") == ("abc", False)
