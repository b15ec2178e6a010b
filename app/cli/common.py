"""Helpers the history, audit and feedback subcommands share."""

from __future__ import annotations

import argparse
import sys

from curbside.cli.unlock import open_store as _open_store
from curbside.storage import HistoryStore


def usage(parser: argparse.ArgumentParser) -> int:
    """Print ``parser``'s help on stderr; return the usage-error exit code."""
    parser.print_help(sys.stderr)
    return 2


def open_store(args: argparse.Namespace) -> HistoryStore:
    """Open the history with the keychain, or the passphrase from ``--passphrase-file``."""
    return _open_store(getattr(args, "passphrase_file", None))
