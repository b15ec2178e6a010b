"""Checks on what a clinician types or pastes, before anything is sent.

Decision on very large pastes: refuse with a message, never truncate. A
silently shortened case could drop the one finding that matters (the last
potassium, the allergy list at the bottom), so the clinician chooses what to
cut. The limit sits far above any real case and far below what would stall
tokenization; the model's own context window is checked separately, with the
exact token count.
"""

from __future__ import annotations

from curbside.errors import InputError
from curbside.infra.limits import MAX_INPUT_CHARS

__all__ = ["MAX_INPUT_CHARS", "decode_input", "looks_binary", "validate_user_text"]

_CONTROL_OK = {"\n", "\r", "\t", "\f"}


def validate_user_text(text: str) -> str:
    """Return ``text`` stripped of outer whitespace, or raise :class:`InputError`.

    Raises:
        InputError: The text is empty, too large, or binary rather than text.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(
            f"The text is {len(text):,} characters; Curbside accepts up to "
            f"{MAX_INPUT_CHARS:,} in one message.",
            "Paste only the relevant part of the record (history, findings, results).",
        )
    if looks_binary(text):
        raise InputError(
            "The text contains binary data (control characters), not readable text.",
            "Copy the case from a text view, not a file or an image.",
        )
    stripped = text.strip()
    if not stripped:
        raise InputError("The message is empty.", "Type or paste a case or a question.")
    return stripped


def looks_binary(text: str) -> bool:
    """Return True when ``text`` has NUL bytes or many non-printable characters."""
    if "\x00" in text or "\ufffd\ufffd\ufffd" in text:
        return True
    sample = text[:20_000]
    control = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    return control > max(8, len(sample) // 100)


def decode_input(data: bytes, *, keep_bom: bool = False) -> str:
    """Decode bytes read from a file or stdin as UTF-8, refusing binary junk.

    Args:
        data: The bytes as read.
        keep_bom: Keep a byte-order mark as a character (so offsets into the
            text match the file exactly, as ``curbside deid scan`` promises).
    """
    try:
        text = data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The input is not UTF-8 text (bad byte at offset {exc.start}).",
            "Save the case as UTF-8 plain text and try again.",
        ) from exc
    if looks_binary(text):
        raise InputError("The input is binary data, not text.", "Pass a plain-text file.")
    return text
