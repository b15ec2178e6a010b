"""``curbside history``: list, search, show, export, delete, rekey and back up the history.

Every action opens the encrypted history the way the app does: with the key in
the OS keychain, or with ``--passphrase-file FILE`` (``-`` for stdin, ``fd:N``)
where no keychain is usable. Reading works while the desktop app runs (WAL);
``rekey`` needs the database to itself and refuses while the app holds its lock.

An export is scanned by the PHI guard and written with placeholders unless
``--keep-identifiers`` is given (:func:`curbside.privacy.export_needs_redaction`).
PDF export needs Qt, which ``app/`` never imports: it goes through
:mod:`curbside.cli.desktop`, which loads the desktop package by name only when
``--format pdf`` is asked for; the PDF writer runs an offscreen
``QGuiApplication`` when no Qt application exists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from curbside.audit import export_details
from curbside.cli.common import open_store as _open
from curbside.cli.common import passphrase_option
from curbside.cli.desktop import write_pdf
from curbside.cli.terminal import print_err, print_out, safe
from curbside.cli.terminal import usage as _usage
from curbside.errors import ExportError, InputError
from curbside.infra.instance_lock import InstanceLock
from curbside.keys.passphrase_input import read_passphrase
from curbside.privacy import export_needs_redaction, phi_categories, redacted_conversation
from curbside.storage.export import FORMATS, to_markdown, write_text_export
from curbside.storage.maintenance import backup, rekey, set_passphrase


def register(subparsers: Any) -> None:
    """Add the ``history`` command and its actions to ``subparsers``."""
    parser = subparsers.add_parser("history", help="search, show, export and manage saved history")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="history_command", metavar="ACTION")
    common = passphrase_option()

    def action(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        # No abbreviations: `--passphrase SECRET` must be refused, not read as a file name.
        parsed = sub.add_parser(name, help=help_text, parents=[common], allow_abbrev=False)
        parsed.set_defaults(handler=handler)
        return parsed

    listing = action("list", "list conversations, pinned first, then most recent", cmd_list)
    listing.add_argument("--limit", type=int, default=50)
    search = action("search", "full-text search of titles and messages", cmd_search)
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=50)
    action("show", "print one conversation as Markdown", cmd_show).add_argument("id", type=int)
    export = action("export", "export one conversation (plaintext!) to a file", cmd_export)
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.add_argument(
        "--keep-identifiers",
        action="store_true",
        help="write possible identifiers as they are (by default they become placeholders)",
    )
    delete = action("delete", "delete one conversation for good", cmd_delete)
    delete.add_argument("id", type=int)
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    action("rekey", "re-encrypt the history under a new random key", cmd_rekey)
    copy = action("backup", "write an encrypted copy (same key) to FILE", cmd_backup)
    copy.add_argument("file", type=Path)
    copy.add_argument(
        "--sqlcipher3-format",
        action="store_true",
        help="write SQLCipher 3 format, for admin tools that are SQLCipher 3.x (Debian 12)",
    )
    recovery = action(
        "set-passphrase", "set or change the (recovery) passphrase", cmd_set_passphrase
    )
    recovery.add_argument("--new-passphrase-file", required=True, metavar="FILE")


def cmd_list(args: argparse.Namespace) -> int:
    """Print one line per conversation: id, pin, last update, message count, title.

    A conversation whose last question has no saved answer (the app was closed
    or killed mid-answer) ends with ``(no answer — Regenerate)``.
    """
    with _open(args) as store:
        conversations = store.list_conversations(limit=args.limit)
    for conv in conversations:
        pin = "*" if conv.pinned else " "
        note = f"  ({conv.status_note})" if conv.status_note else ""
        when = conv.updated[:16]
        print_out(f"{conv.id:>6} {pin} {when}  {conv.message_count:>4}  {conv.title}{note}")
    if not conversations:
        print_err("No saved conversations.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Print matches as ``id  [role]  snippet`` with matches in [brackets]."""
    with _open(args) as store:
        hits = store.search(args.query, limit=args.limit)
    for hit in hits:
        where = hit.role or "title"
        snippet = " ".join(hit.snippet_plain().split())
        print_out(f"{hit.conversation_id:>6}  {where:<9}  {hit.title}: {snippet}")
    if not hits:
        print_err("No matches.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print one conversation as Markdown."""
    with _open(args) as store:
        conv = store.get_conversation(args.id)
    sys.stdout.write(safe(to_markdown(conv)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write one conversation to a plaintext file (Markdown, JSON or PDF)."""
    output: Path = args.output
    if output.exists() and not args.force:
        raise ExportError(f"{output} already exists.", "Choose another name or pass --force.")
    with _open(args) as store:
        conv = store.get_conversation(args.id)
        found = phi_categories(conv)
        redacted = export_needs_redaction(found, keep_identifiers=args.keep_identifiers)
        if redacted:
            conv = redacted_conversation(conv)
        if args.format == "pdf":
            write_pdf(conv, output)
        else:
            write_text_export(conv, args.format, output)
        what = export_details(
            what="conversation", fmt=args.format, redacted=redacted, count=1, ids=[conv.id]
        )
        store.audit.append("export", what)
    print_out(f"Exported conversation {conv.id} to {output} (plaintext: store it securely).")
    if redacted:
        print_out(f"Possible identifiers ({', '.join(found)}) were replaced with placeholders.")
    elif found:
        print_out(f"Possible identifiers ({', '.join(found)}) were kept, as asked.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete a conversation after confirmation (``--yes`` when not interactive)."""
    with _open(args) as store:
        conv = store.get_conversation(args.id)
        if not args.yes:
            if not sys.stdin.isatty():
                raise InputError("Refusing to delete without confirmation.", "Pass --yes.")
            answer = input(safe(f"Delete conversation {conv.id} '{conv.title}' for good? [y/N] "))
            if answer.strip().lower() not in ("y", "yes"):
                print_out("Nothing deleted.")
                return 0
        store.delete(conv.id)
    print_out(f"Deleted conversation {conv.id}.")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    """Re-encrypt under a new key; needs the app closed (takes the instance lock)."""
    with InstanceLock(what="the rekey"), _open(args) as store:
        spec = args.passphrase_file
        if spec is None and store.keys.layout.sidecar.exists():
            raise InputError(
                "This history also has a passphrase, which must be re-wrapped.",
                "Pass --passphrase-file FILE.",
            )
        rekey(store, read_passphrase(spec) if spec else None)
    print_out("History re-encrypted with a new key. Backups made earlier still need the old key.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write an encrypted copy that the same key or passphrase opens."""
    with _open(args) as store:
        backup(store, args.file, legacy_format=args.sqlcipher3_format)
    print_out(f"Encrypted backup written to {args.file} (opens with the current key).")
    return 0


def cmd_set_passphrase(args: argparse.Namespace) -> int:
    """Set a recovery passphrase (keychain users) or change the passphrase."""
    new = read_passphrase(args.new_passphrase_file)
    with _open(args) as store:
        kept = set_passphrase(store, new)
    print_out("Passphrase set. Keep it safe: it unlocks the history without the keychain.")
    if kept is not None:
        print_out(
            f"The previous passphrase file may hold another history's key, so it was kept as "
            f"{kept}; delete it once you are sure it opens nothing you need."
        )
    return 0
