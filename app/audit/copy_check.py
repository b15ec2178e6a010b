"""Checking a JSONL export of the audit log, with no access to the database or its key.

The export holds every entry exactly as hashed (details as JSON objects, whose
canonical form is what was stored) and ends with the head it was taken at.
The file is untrusted: its size and each line's length are bounded, and a line
that is not an entry fails with its line number.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from curbside.audit.chain import canonical
from curbside.audit.checkpoint import CheckpointCheck, check_checkpoints
from curbside.audit.verify import Verification, verify_rows
from curbside.errors import InputError
from curbside.infra import TooLarge, read_bounded

MAX_EXPORT_BYTES = 512 * 1024**2
"""An audit export larger than this is refused (about two million entries)."""


def read_export(path: Path) -> tuple[list[tuple[Any, ...]], str]:
    """Return the rows of a JSONL audit export and the head recorded at its end.

    Raises:
        InputError: The file is too large, or a line is not an audit entry.
    """
    try:
        text = read_bounded(path, MAX_EXPORT_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text.", "Pass a JSONL audit export.") from exc
    except TooLarge as exc:
        raise InputError(f"{path} is {exc}.", "Export a shorter period (--since).") from exc
    except OSError as exc:
        raise InputError(
            f"{path} cannot be read ({exc.strerror or exc}).", "Check the path."
        ) from exc
    rows: list[tuple[Any, ...]] = []
    head = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if set(item) == {"head"}:
                head = str(item["head"])
                continue
            rows.append(
                (
                    item["seq"],
                    item["time"],
                    item["event"],
                    canonical(item["details"]),
                    item["prev"],
                    item["hash"],
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"Line {number} of {path} is not an audit entry.",
                "Pass the JSONL written by curbside audit export --format jsonl.",
            ) from exc
    return rows, head


def check_export(
    path: Path, public_key: str | None, expected_head: str | None
) -> tuple[Verification, CheckpointCheck, str]:
    """Verify an export's chain (from its first entry on) and its signed checkpoints.

    Returns:
        The chain verification, the checkpoint check, and the head the export recorded.
    """
    rows, recorded = read_export(path)
    result = verify_rows(rows, expected_head, partial=True)
    if result.intact and recorded and result.head != recorded:
        result = Verification(
            result.count, result.head, None, f"the export ends before its recorded head {recorded}"
        )
    checks = check_checkpoints(rows, lambda row: json.loads(row[3]), public_key)
    return result, checks, recorded
