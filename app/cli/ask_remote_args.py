"""The ``ask`` options that choose a remote server, kept apart so a local ``ask`` stays light.

Declaring them needs only argparse; answering on a server
(:mod:`curbside.cli.ask_remote`) needs the HTTP client and the key store,
which a local question never imports.
"""

from __future__ import annotations

import argparse


def add_remote_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--backend``, ``--remote-model`` and ``--api-key-file`` to ``ask``."""
    group = parser.add_argument_group("remote server (see `curbside backends`)")
    group.add_argument(
        "--backend",
        metavar="NAME_OR_URL",
        help="answer on a stored remote server, or on the OpenAI-compatible server at URL",
    )
    group.add_argument(
        "--remote-model", metavar="M", help="model or Azure deployment to ask for on the server"
    )
    group.add_argument(
        "--api-key-file",
        metavar="F",
        help="read the server's API key from F ('-' stdin); CURBSIDE_API_KEY also works",
    )
