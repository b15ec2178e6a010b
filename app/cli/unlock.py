"""Opening the history for a subcommand: the passphrase source, then what to tell the user.

Shared by every subcommand that reads or writes history (``ask``, ``history``),
so each unlocks the same way and each prints what opening did (orphan files
moved aside, for instance) as a note on stderr.
"""

from __future__ import annotations

from curbside.cli.terminal import print_err
from curbside.keys.passphrase_input import read_passphrase
from curbside.storage import HistoryStore, open_history


def open_store(passphrase_file: str | None, *, passphrase: str | None = None) -> HistoryStore:
    """Open the history with the keychain, or the passphrase (given, or read from a file)."""
    if passphrase is None and passphrase_file:
        passphrase = read_passphrase(passphrase_file)
    store = open_history(passphrase)
    for notice in store.notices:
        print_err(f"curbside: note: {notice}")
    return store
