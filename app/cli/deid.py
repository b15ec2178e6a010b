"""``curbside deid``: scan a case for identifiers or print it redacted.

``curbside deid scan [FILE | -] --json`` prints one JSON object
``{"spans": [{"start", "end", "label", "text"}, ...]}`` whose offsets are
Python string indices into the input decoded as UTF-8 exactly as read (no
newline translation, a byte-order mark kept as a character).
``curbside deid redact [FILE | -]`` prints the redacted text. Binary, non-UTF-8
or oversized input is refused with one clear line and exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from curbside.chat.input_check import decode_input
from curbside.errors import InputError
from curbside.infra.limits import MAX_TEXT_FILE_BYTES

MAX_INPUT_BYTES = MAX_TEXT_FILE_BYTES
"""Larger inputs are refused: no pasted case comes near it, and the scan stays interactive."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``deid`` command and its ``scan`` and ``redact`` subcommands."""
    parser = subparsers.add_parser("deid", help="find or redact identifiers (PHI) in a case")
    actions = parser.add_subparsers(dest="deid_command", metavar="ACTION", required=True)
    scan = actions.add_parser("scan", help="list the identifiers found")
    scan.add_argument("file", nargs="?", default="-", help="case file, or - for stdin")
    scan.add_argument("--json", action="store_true", help="print one JSON object")
    scan.set_defaults(handler=_scan)
    red = actions.add_parser("redact", help="print the case with identifiers replaced")
    red.add_argument("file", nargs="?", default="-", help="case file, or - for stdin")
    red.add_argument(
        "--dates",
        choices=("placeholder", "relative"),
        default="placeholder",
        help="dates as [DATE-n] (default) or as days relative to the first date",
    )
    red.set_defaults(handler=_redact)


def read_input(name: str) -> str:
    """Return the text of ``name`` (a path or ``-`` for stdin), decoded as UTF-8.

    Raises:
        InputError: The file is missing, too large, not UTF-8, or binary.
    """
    data = _read_bytes(name)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"The input is {len(data):,} bytes; the PHI scan accepts up to {MAX_INPUT_BYTES:,}.",
            "Split the file and scan the parts.",
        )
    return decode_input(data, keep_bom=True)


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    path = Path(name)
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"No such file: {name}.", "Check the path.") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a folder, not a file.", "Give a text file.") from None
    except PermissionError:
        raise InputError(
            f"Cannot read {name}: permission denied.", "Check its permissions."
        ) from None


def _scan(args: argparse.Namespace) -> int:
    from curbside.deid import detect

    text = read_input(args.file)
    findings = detect(text)
    if args.json:
        spans = [
            {"start": f.start, "end": f.end, "label": f.label, "text": f.text} for f in findings
        ]
        _write(json.dumps({"spans": spans}, ensure_ascii=False) + "\n")
    else:
        _write(
            "".join(f"{f.start}\t{f.end}\t{f.label}\t{f.text!r}\t{f.reason}\n" for f in findings)
        )
    return 0


def _write(text: str) -> None:
    """Write UTF-8 whatever the locale, without newline translation."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _redact(args: argparse.Namespace) -> int:
    from curbside.deid import redact

    text = read_input(args.file)
    _write(redact(text, dates=args.dates).text)
    return 0
