"""The one way the command line prints text it did not write itself.

Stored conversations, model answers, titles and file names can hold bytes a
terminal obeys: ESC sequences (``CSI 2J`` clears the screen, ``OSC 52`` writes
the clipboard, others retitle the window or fake a prompt), BEL, carriage
returns that overwrite what was printed, and Unicode bidi overrides that show
text in another order than it is stored. Everything printed by ``curbside``
goes through :func:`safe` (or :func:`print_out`, :func:`print_err`,
:func:`write_out`): such characters are shown as visible escapes (``\\x1b``,
``\\u202e``), never passed through raw. Newlines and tabs are kept.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TextIO

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1 (8-bit CSI, OSC...)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029]"  # line and paragraph separators
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Return ``text`` with every terminal control and bidi character made visible.

    A Windows line ending is a line ending (``\r\n`` becomes ``\n``); a lone
    carriage return, which would overwrite the line, is shown as ``\x0d``.
    """
    return _UNSAFE.sub(_visible, text.replace("\r\n", "\n"))


def safe_json(document: str) -> str:
    """Escape what ``json.dumps(..., ensure_ascii=False)`` leaves raw (C1, bidi) as ``\\uXXXX``.

    Only valid inside JSON strings, where these characters can only occur, so the
    result is the same JSON value.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def print_out(*parts: object, file: TextIO | None = None) -> None:
    """``print`` to stdout with every part made :func:`safe`."""
    print(*(safe(str(part)) for part in parts), file=file or sys.stdout)


def print_err(*parts: object) -> None:
    """``print`` to stderr with every part made :func:`safe`."""
    print(*(safe(str(part)) for part in parts), file=sys.stderr)


def write_out(text: str) -> None:
    """Write ``text`` to stdout made :func:`safe` (for streamed chunks), and flush."""
    sys.stdout.write(safe(text))
    sys.stdout.flush()


def usage(parser: argparse.ArgumentParser) -> int:
    """Print ``parser``'s help on stderr; return the usage-error exit code."""
    parser.print_help(sys.stderr)
    return 2
