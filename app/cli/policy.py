"""``curbside policy check [FILE]``: validate an administrator's policy and show its effect.

With no FILE it checks the policy this machine would use (``$CURBSIDE_POLICY``,
else the OS location). It prints the effective settings and which keys are
locked as one JSON object, exit 0; a bad file gives one line naming the file
and the problem, exit 1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from curbside.admin import default_location, load_policy


def register(subparsers: Any) -> None:
    """Add the ``policy`` command and its ``check`` action."""
    parser = subparsers.add_parser("policy", help="check the administrator's policy file")
    actions = parser.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="validate a policy and print the effective settings as JSON"
    )
    check.add_argument(
        "file", nargs="?", type=Path, help=f"the policy (default: {default_location()})"
    )
    check.set_defaults(handler=cmd_check, skips_policy=True)


def cmd_check(args: argparse.Namespace) -> int:
    """Print the effective policy as JSON, or fail with the problem."""
    print(json.dumps(load_policy(args.file).as_report(), indent=2))
    return 0
