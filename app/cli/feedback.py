"""``curbside feedback list|export``: rated answers, redacted by default.

``list`` prints one line per rated answer and the counts. ``export`` writes
CSV, JSONL (one object per rated answer) or a PDF report with summary charts;
the PHI guard runs over questions, answers and comments and replaces what it
finds unless ``--keep-identifiers`` is given, and ``--no-text`` leaves every
text out (ratings and metadata only). Both print the audit head they were
made at, and the export itself is audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from curbside.audit import export_details
from curbside.cli.audit import since_date
from curbside.cli.common import open_store as _open
from curbside.cli.terminal import safe
from curbside.cli.terminal import usage as _usage
from curbside.errors import ExportError
from curbside.feedback import CATEGORIES, FeedbackFilter, FeedbackStore
from curbside.feedback.charts import summarize
from curbside.feedback.export import FEEDBACK_FORMATS, write_feedback_export
from curbside.feedback.report import rated_answers


def register(subparsers: Any) -> None:
    """Add the ``feedback`` command and its actions."""
    parser = subparsers.add_parser("feedback", help="list and export clinicians' ratings")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="feedback_command", metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    common.add_argument("--passphrase-file", metavar="FILE", help="history passphrase from FILE")
    common.add_argument("--since", type=since_date, metavar="DATE", help="YYYY-MM-DD (UTC)")
    common.add_argument("--model", default="", help="a model name or SHA-256")
    common.add_argument("--mode", default="", help="a mode id or id@version")
    common.add_argument("--rating", choices=("up", "down"))
    common.add_argument("--category", choices=list(CATEGORIES))
    common.add_argument("--severity", choices=("major", "minor"))
    listing = sub.add_parser("list", help="one line per rated answer", parents=[common])
    listing.set_defaults(handler=cmd_list)
    export = sub.add_parser("export", help="write CSV, JSONL or PDF", parents=[common])
    export.add_argument("--format", choices=FEEDBACK_FORMATS, required=True)
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.add_argument("--no-text", action="store_true", help="ratings and metadata only")
    export.add_argument(
        "--keep-identifiers",
        action="store_true",
        help="write texts as they are (by default the PHI guard replaces identifiers)",
    )
    export.set_defaults(handler=cmd_export)


def _filter(args: argparse.Namespace) -> FeedbackFilter:
    rating = {"up": 1, "down": -1}.get(args.rating or "")
    return FeedbackFilter(
        model=args.model,
        mode=args.mode,
        rating=rating,
        category=args.category or "",
        severity=args.severity or "",
        since=args.since or "",
    )


def cmd_list(args: argparse.Namespace) -> int:
    """Print the rated answers (metadata only) and the counts."""
    with _open(args) as store:
        ratings = FeedbackStore(store).find(_filter(args))
        head = store.audit.head()
    for fb in ratings:
        thumb = "up  " if fb.rating.rating > 0 else "down"
        extra = f"{fb.rating.helpfulness}/5" if fb.rating.helpfulness else "   "
        cats = ",".join(fb.rating.categories) or "-"
        print(
            f"{fb.message_id:>6}  {fb.updated[:16]}  {thumb} {extra}  {fb.rating.severity or '-':5}"
            f"  {safe(fb.model_name or '?')}  {safe(fb.mode or '?')}  {cats}"
        )
    print(summarize(ratings).line())
    print(f"Audit head: {head.hash if head else 'none'}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the rated answers, redacted unless told otherwise; audit the export."""
    output: Path = args.output
    if output.exists() and not args.force:
        raise ExportError(f"{output} already exists.", "Choose another name or pass --force.")
    redact = not args.keep_identifiers and not args.no_text
    with _open(args) as store:
        ratings = FeedbackStore(store).find(_filter(args))
        answers = rated_answers(store, ratings, redact=redact)
        head = store.audit.head()
        head_hash = head.hash if head else ""
        count = write_feedback_export(
            answers, args.format, output, text=not args.no_text, head=head_hash
        )
        details = export_details(
            what="feedback", fmt=args.format, redacted=redact or args.no_text, count=count
        )
        store.audit.append("export", details | {"text": not args.no_text})
    print(f"Exported {count} rated answers to {output} (plaintext: store it securely).")
    if args.no_text:
        print("Ratings and metadata only: no question, answer or comment text.")
    elif redact:
        print("Identifiers found by the PHI guard were replaced with placeholders.")
    print(f"Audit head: {head_hash or 'none'}")
    return 0
