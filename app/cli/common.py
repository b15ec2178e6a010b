"""Helpers the history, audit and feedback subcommands share."""

from __future__ import annotations

import argparse

from curbside.cli.unlock import open_store as _open_store
from curbside.storage import HistoryStore


def open_store(args: argparse.Namespace) -> HistoryStore:
    """Open the history with the keychain, or the passphrase from ``--passphrase-file``."""
    return _open_store(getattr(args, "passphrase_file", None))


def passphrase_option(what: str = "history") -> argparse.ArgumentParser:
    """A parent parser with ``--passphrase-file``, for actions that open ``what``."""
    parent = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parent.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the {what} passphrase from FILE ('-' stdin, 'fd:N'); never pass it inline",
    )
    return parent


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number
