"""``curbside --version`` and ``--help`` import only what they need (start-up speed)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from curbside.cli import ALL, COMMANDS, build_parser, chosen_command

HEAVY = ("sqlite_utils", "sqlcipher3", "llama_cpp", "numpy", "keyring", "PySide6", "curbside.deid")


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from curbside.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(done.stderr.split())


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["policy", "check"]])
def test_light_commands_load_no_heavy_dependency(argv: list[str]) -> None:
    loaded = _modules_after(argv)
    assert "curbside.cli" in loaded
    assert not [name for name in HEAVY if name in loaded]


def test_a_command_loads_only_its_own_module() -> None:
    loaded = _modules_after(["deid", "--help"])
    assert "curbside.cli.deid" in loaded
    assert not {"curbside.cli.ask", "curbside.cli.history", "curbside.cli.models"} & loaded


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser(None)
    text = parser.format_help()
    assert all(name in text for name in COMMANDS)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ask", "--mode", "ddx"], "ask"),
        (["--demo", "history", "list"], "history"),
        (["--version"], None),
        ([], None),
        (["nonsense"], None),
    ],
)
def test_the_command_is_found_among_options(argv: list[str], expected: str | None) -> None:
    assert chosen_command(argv) == expected


def test_all_registers_every_module() -> None:
    parser = build_parser(ALL)
    assert parser.parse_args(["deid", "scan", "-"]).handler is not None
