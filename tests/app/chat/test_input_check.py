"""What may be sent: empty, huge and binary input are refused with clear messages."""

from __future__ import annotations

import pytest
from curbside.chat.input_check import MAX_INPUT_CHARS, decode_input, validate_user_text
from curbside.errors import InputError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("x" * (MAX_INPUT_CHARS + 1), f"{MAX_INPUT_CHARS:,}"),
        ("ok\x00\x00binary", "binary"),
        ("".join(chr(i % 31 + 1) for i in range(500)), "binary"),
    ],
    ids=["empty", "whitespace", "too-long", "nul-bytes", "control-chars"],
)
def test_refused_input(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        validate_user_text(text)


def test_accepted_input_is_stripped() -> None:
    assert validate_user_text("  BP 120/80\tHR 88\n") == "BP 120/80\tHR 88"


def test_ten_megabytes_is_refused_quickly() -> None:
    with pytest.raises(InputError):
        validate_user_text("a" * 10_000_000)


def test_decode_refuses_non_utf8_and_binary() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        decode_input(b"\xff\xfe\x00garbage\xc3")
    with pytest.raises(InputError, match="binary"):
        decode_input(b"\x00" * 100)
    assert decode_input("\ufeffcase".encode()) == "case"
