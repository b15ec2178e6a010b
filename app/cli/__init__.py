"""The ``curbside`` command: the desktop app with no arguments, subcommands otherwise.

Each subcommand lives in its own module exposing ``register(subparsers)``, which
adds its parser and sets ``handler`` to a function taking the parsed arguments
and returning an exit code. Exit codes: 0 success, 1 runtime error (one clear
line on stderr), 2 usage error.

Only the module of the command being run is imported: ``curbside --version``,
``--help`` and the desktop app's start do not pay for every subcommand's
dependencies (SQLCipher, llama.cpp, the PHI lexicons); the help lists the
others from :data:`COMMANDS`.
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
from curbside.infra import CHILD_FLAG, run_child
from curbside.infra.process_guard import harden_process

COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("curbside.cli.ask", "ask the model once and stream the answer"),
    "models": ("curbside.cli.models", "list, fetch, verify and import GGUF models"),
    "deid": ("curbside.cli.deid", "find or redact identifiers (PHI) in a case"),
    "history": ("curbside.cli.history", "search, show, export and manage saved history"),
    "policy": ("curbside.cli.policy", "check the administrator's policy file"),
    "backends": ("curbside.cli.backends", "remote inference servers (llama-server, vLLM, Azure)"),
    "audit": ("curbside.cli.audit", "verify, export and sign the audit trail"),
    "feedback": ("curbside.cli.feedback", "list and export clinicians' ratings of answers"),
    "eval": ("curbside.cli.eval", "run case sets through models and report"),
    "about": ("curbside.cli.about", "version, install kind, llama.cpp CPU variants"),
}
"""Each subcommand: the module that registers it, and its one-line summary."""

ALL = "*"


def build_parser(chosen: str | None = ALL) -> argparse.ArgumentParser:
    """Return the top-level parser with the ``chosen`` command's module registered.

    Args:
        chosen: A command name, :data:`ALL` (every module is imported and
            registered) or None (none: the help still lists every command).
    """
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
    for name, (module_name, summary) in COMMANDS.items():
        if chosen in (ALL, name):
            importlib.import_module(module_name).register(subparsers)
        else:
            subparsers.add_parser(name, help=summary)
    return parser


def chosen_command(arguments: Sequence[str]) -> str | None:
    """Return the subcommand named in ``arguments`` (the first word that is not an option)."""
    for argument in arguments:
        if argument == "--":
            return None
        if not argument.startswith("-"):
            return argument if argument in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    A first argument of :data:`~curbside.infra.CHILD_FLAG` runs one of the
    child entry points instead (a bundle's replacement for ``python -m``).
    """
    harden_process()  # before anything can hold case text: no core dumps
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == [CHILD_FLAG]:
        return run_child(arguments[1:])
    try:
        check_argv(arguments)
    except KnownError as exc:
        print_err(f"curbside: error: {exc}")
        return exc.exit_code
    args = build_parser(chosen_command(arguments)).parse_args(arguments)
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
