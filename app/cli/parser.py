"""The argument parser every ``curbside`` command and subcommand is built from.

Two differences from :class:`argparse.ArgumentParser`, both for safety:

* **No abbreviations.** argparse accepts any unambiguous prefix of an option by
  default, so ``ask --passphrase SECRET`` was taken as ``--passphrase-file`` and
  the error then printed the secret. ``allow_abbrev`` is off for this class and,
  through ``parser_class``, for every subparser made from it.
* **Unknown arguments are named, never echoed.** The stock "unrecognized
  arguments: ..." line repeats whatever followed an unknown option, which may be
  a secret typed where it does not belong; only option names are shown.

:func:`check_argv` refuses arguments that are not valid UTF-8 (the shell passes
raw bytes; Python keeps them as lone surrogates that fail later, mid-command,
with a traceback).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from curbside.errors import UsageError


class CurbsideParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` without abbreviations that never echoes values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False  # also for subparsers, which inherit this class
        super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse like argparse, but report unknown arguments without their values."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.unknown_arguments(extras)
        return parsed

    def unknown_arguments(self, extras: list[str]) -> NoReturn:
        """Exit 2 naming the unknown options only (what follows them may be a secret)."""
        options = [arg.split("=", 1)[0] for arg in extras if arg.startswith("-")]
        hidden = len(extras) - len(options)
        told = f"unknown option(s) {', '.join(options)}" if options else "unexpected argument(s)"
        if hidden or any("=" in arg for arg in extras if arg.startswith("-")):
            told += " (values not shown)"
        self.error(f"{told}; options cannot be abbreviated. See --help.")


def check_argv(argv: Sequence[str]) -> None:
    """Refuse an argument that is not valid UTF-8.

    Raises:
        UsageError: Argument N holds bytes that are not UTF-8 (its text is not shown).
    """
    for number, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                f"Argument {number} is not valid UTF-8 text.",
                "Retype it, or for a file with such a name, rename the file "
                "(or pass the text on stdin with '-').",
            ) from None
