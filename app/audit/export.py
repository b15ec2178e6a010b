"""Writing the audit log to JSONL or CSV.

JSONL is one entry per line exactly as hashed (so a copy can be re-verified
outside the app); CSV has one row per entry with the details as canonical
JSON in one column, for spreadsheets. Both end with the head hash the export
was taken at: JSONL as a final ``{"head": ...}`` line, CSV as a trailing
``# head`` comment row, so truncation can be checked against it later. The
log holds no case text, so the files need no redaction; they are still
written atomically, owner-only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from curbside.audit.chain import Entry, canonical
from curbside.infra import atomic_write

AUDIT_FORMATS = ("jsonl", "csv")
_CSV_COLUMNS = ("seq", "time", "event", "details", "prev", "hash")


def render(entries: Iterable[Entry], fmt: str, head: str) -> str:
    """Return the export text for ``entries`` in ``fmt`` (``jsonl`` or ``csv``)."""
    if fmt == "jsonl":
        lines = [json.dumps(entry.as_dict(), ensure_ascii=False) for entry in entries]
        lines.append(json.dumps({"head": head}))
        return "\n".join(lines) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown audit export format {fmt!r}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for entry in entries:
        row = entry.as_dict() | {"details": canonical(entry.details)}
        writer.writerow([row[column] for column in _CSV_COLUMNS])
    writer.writerow([f"# head {head}"])
    return out.getvalue()


def write_audit_export(entries: Iterable[Entry], fmt: str, path: Path, head: str) -> None:
    """Write ``entries`` to ``path`` atomically in ``fmt``, ending with ``head``."""
    atomic_write(path, render(entries, fmt, head))
