"""The ``curbside`` command: the desktop app with no arguments, subcommands otherwise.

Each subcommand lives in its own module exposing ``register(subparsers)``, which
adds its parser and sets ``handler`` to a function taking the parsed arguments
and returning an exit code. Exit codes: 0 success, 1 runtime error (one clear
line on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from curbside import __version__
from curbside.cli.parser import CurbsideParser, check_argv
from curbside.cli.terminal import print_err
from curbside.errors import KnownError

COMMAND_MODULES = (
    "curbside.cli.ask",
    "curbside.cli.models",
    "curbside.cli.deid",
    "curbside.cli.history",
    "curbside.cli.policy",
)
"""Modules that each register one subcommand (skipped while not yet present)."""


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every subcommand registered."""
    parser = CurbsideParser(
        prog="curbside",
        description="Offline clinical reasoning assistant. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"curbside {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="conference demo: a throwaway profile, deleted at exit, no keychain",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        check_argv(arguments)
    except KnownError as exc:
        print_err(f"curbside: error: {exc}")
        return exc.exit_code
    args = build_parser().parse_args(arguments)
    try:
        if not getattr(args, "skips_policy", False):
            _apply_policy(demo=args.demo)
        if args.command is None:
            return _launch_desktop_app()
        return int(args.handler(args))
    except KnownError as exc:
        print_err(f"curbside: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        print("curbside: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


def _apply_policy(*, demo: bool) -> None:
    """Read the administrator's policy (a broken one stops every command) and start a demo."""
    from curbside.admin import load_policy, start_demo_profile

    policy = load_policy()
    if demo or policy.demo_mode:
        start_demo_profile()


def _launch_desktop_app() -> int:
    from curbside.cli.desktop import run_desktop_app

    return run_desktop_app()
