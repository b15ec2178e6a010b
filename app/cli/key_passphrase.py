"""The remote key file's passphrase on the command line: ``--passphrase-file``, or a prompt.

Where no OS keychain is usable, remote servers' API keys live in a
passphrase-protected file (:mod:`curbside.remote.keyfile`). Commands that may
need it take the shared ``--passphrase-file`` option; without it, a terminal
gets a hidden prompt (asked twice for a new file), and a script gets one line
saying which option to pass. The passphrase is read at most once per command,
so ``--passphrase-file -`` serves both the key file and the history of
``curbside ask --backend``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from curbside.errors import InputError
from curbside.keys.passphrase_input import read_passphrase
from curbside.remote.secrets import KEY_FILE_HINT, KeyStoreError, PassphraseSource

_CACHE = "_curbside_passphrase"
_TYPED = "_curbside_typed_key_passphrase"


def given_passphrase(args: argparse.Namespace) -> str | None:
    """Return the passphrase named by ``--passphrase-file``, read once, or None."""
    cached = getattr(args, _CACHE, None)
    if cached is None and getattr(args, "passphrase_file", None):
        cached = read_passphrase(args.passphrase_file)
        setattr(args, _CACHE, cached)
    return cached


def key_passphrase(args: argparse.Namespace) -> PassphraseSource:
    """Return the passphrase source for the remote key file of this command."""

    def source(new: bool) -> str:
        given = given_passphrase(args) or getattr(args, _TYPED, None)
        if given is not None:
            return str(given)
        if not sys.stdin.isatty():
            raise KeyStoreError(
                "The remote servers' key file needs its passphrase (no system keychain "
                "is usable here).",
                f"{KEY_FILE_HINT[0].upper()}{KEY_FILE_HINT[1:]}.",
            )
        typed = _prompt(new)
        setattr(args, _TYPED, typed)  # asked once; never reused for the history
        return typed

    return source


def _prompt(new: bool) -> str:
    if not new:
        return getpass.getpass("Passphrase of the remote servers' key file: ")
    print(
        "No system keychain is usable here: API keys go in a file protected by a passphrase.",
        file=sys.stderr,
    )
    first = getpass.getpass("New passphrase for the remote servers' key file: ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise InputError("The two passphrases differ; nothing was stored.", "Try again.")
    return first
