"""``curbside audit``: verify the hash chain, and export the log.

``verify`` walks every entry and exits 0 with "N entries, chain intact, head
<hash>", or 1 naming the first entry that does not verify. ``--head HASH``
(a head printed by an earlier verify, export or report) also catches a
truncated tail. ``export`` writes JSONL or CSV, optionally from a date on,
and prints the head it was taken at. Opening the history is itself recorded
(``history.unlock``), so a verify made later shows one more entry.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from curbside.audit import (
    AUDIT_FORMATS,
    CheckpointCheck,
    Verification,
    check_checkpoints,
    check_export,
    export_details,
    sign_head,
    verify_rows,
    write_audit_export,
)
from curbside.audit.log import row_entry
from curbside.cli.common import open_store as _open
from curbside.cli.common import passphrase_option
from curbside.cli.terminal import usage as _usage
from curbside.errors import ExportError, UsageError

_HASH = re.compile(r"[0-9a-fA-F]{64}")


def register(subparsers: Any) -> None:
    """Add the ``audit`` command and its actions."""
    parser = subparsers.add_parser("audit", help="verify and export the audit trail")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION")
    common = passphrase_option()
    verify = sub.add_parser(
        "verify", help="check every entry of the hash chain", parents=[common], allow_abbrev=False
    )
    verify.add_argument(
        "--head", metavar="HASH", help="a head hash recorded earlier; catches truncation"
    )
    verify.add_argument(
        "--public-key", metavar="HEX", help="check signed checkpoints against this key"
    )
    verify.set_defaults(handler=cmd_verify)
    copy = sub.add_parser(
        "verify-export",
        help="check a JSONL audit export (no database or key needed)",
        allow_abbrev=False,
    )
    copy.add_argument("file", type=Path)
    copy.add_argument("--head", metavar="HASH", help="a head hash recorded earlier")
    copy.add_argument("--public-key", metavar="HEX", help="the coordinator's public key")
    copy.set_defaults(handler=cmd_verify_export)
    sign = sub.add_parser(
        "checkpoint",
        help="sign the current head (Ed25519, key in the OS keychain)",
        parents=[common],
        allow_abbrev=False,
    )
    sign.set_defaults(handler=cmd_checkpoint)
    export = sub.add_parser(
        "export", help="write the log as JSONL or CSV", parents=[common], allow_abbrev=False
    )
    export.add_argument("--format", choices=AUDIT_FORMATS, required=True)
    export.add_argument("--since", type=since_date, metavar="DATE", help="YYYY-MM-DD (UTC)")
    export.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.set_defaults(handler=cmd_export)


def since_date(value: str) -> str:
    """Check a ``--since`` date (YYYY-MM-DD or a full ISO time); return it."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?", value.strip()):
        raise argparse.ArgumentTypeError("use a date like 2026-12-01")
    return value.strip()


def _check_args(args: argparse.Namespace) -> None:
    if args.head is not None and not _HASH.fullmatch(args.head.strip()):
        raise UsageError("--head must be a 64-character SHA-256 in hex.", "Copy it exactly.")
    if args.public_key is not None and not _HASH.fullmatch(args.public_key.strip()):
        raise UsageError("--public-key must be 64 hex characters.", "Copy it exactly.")


def _report(result: Verification, checks: CheckpointCheck | None) -> int:
    if not result.intact:
        print(f"curbside: audit: {result.summary()}", file=sys.stderr)
        return 1
    if checks is not None and checks.problem:
        print(f"curbside: audit: {checks.problem}", file=sys.stderr)
        return 1
    signed = f"; {checks.verified} signed checkpoints verified" if checks else ""
    print(result.summary() + signed)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify the chain; exit 0 when intact, 1 naming the first bad entry."""
    _check_args(args)
    with _open(args) as store:
        result = verify_rows(store.audit.rows(), expected_head=args.head)
        checks = None
        if args.public_key is not None and result.intact:
            checks = check_checkpoints(store.audit.rows(), _details, args.public_key.strip())
    return _report(result, checks)


def cmd_verify_export(args: argparse.Namespace) -> int:
    """Verify a JSONL export's chain and checkpoints; exit 0 or 1 like ``verify``."""
    _check_args(args)
    key = args.public_key.strip() if args.public_key else None
    result, checks, recorded = check_export(args.file, key, args.head)
    code = _report(result, checks)
    if code == 0 and recorded:
        print(f"The export was taken at head {recorded}.")
    return code


def cmd_checkpoint(args: argparse.Namespace) -> int:
    """Sign the current head; print what the coordinator should note."""
    with _open(args) as store:
        entry = sign_head(store.audit, store.keys.layout.account)
    details = entry.details
    print(f"Signed entry {details['seq']} (head {details['head']}) as checkpoint {entry.seq}.")
    print(f"Public key: {details['public_key']}")
    return 0


def _details(row: Any) -> dict[str, Any]:
    return row_entry(row).details


def cmd_export(args: argparse.Namespace) -> int:
    """Write the log (or the part since a date) and print the head it was taken at."""
    output: Path | None = args.output
    if output is not None and output.exists() and not args.force:
        raise ExportError(f"{output} already exists.", "Choose another name or pass --force.")
    with _open(args) as store:
        head = store.audit.head()
        entries = store.audit.entries(since=args.since or "")
        head_hash = head.hash if head else ""
        if output is None:
            from curbside.audit.export import render

            sys.stdout.write(render(entries, args.format, head_hash))
        else:
            write_audit_export(entries, args.format, output, head_hash)
            print(f"Exported {len(entries)} audit entries to {output}.")
        print(f"Audit head: {head_hash}", file=sys.stderr if output is None else sys.stdout)
        details = export_details(what="audit", fmt=args.format, redacted=False, count=len(entries))
        store.audit.append("export", details)
    return 0
