"""The command line under odd input: abbreviations, bad bytes, hostile files, terminal escapes.

Each row is something that gave a traceback, a hang, gigabytes of memory, a
leaked secret or raw terminal control codes on main (issue 10).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from curbside.cli import build_parser, main
from curbside.cli.terminal import safe, safe_json
from curbside.keys import sidecar
from curbside.storage import open_history

from tests.cli.conftest import Runner
from tests.doubles.gguf_files import tiny_llama

SECRET = "hunter2-correct-horse"
HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31mred\x9b0m \u202eevil\u202c\r over"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_no_parser_accepts_abbreviations() -> None:
    parsers = _parsers(build_parser())
    names = {p.prog for p in parsers}
    assert {"curbside", "curbside ask", "curbside history list", "curbside models info"} <= names
    assert [p.prog for p in parsers if p.allow_abbrev] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "--passphrase", SECRET],
        ["ask", "What next?", "--passphrase", SECRET],
        ["ask", "What next?", f"--passphrase={SECRET}"],
        ["history", "list", "--passphrase", SECRET],
        ["history", "show", "1", "--pass", SECRET],
    ],
)
def test_an_abbreviated_secret_option_is_refused_and_never_printed(
    curbside: Runner, argv: list[str]
) -> None:
    done = curbside(*argv)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 2
    assert "cannot be abbreviated" in err and "Traceback" not in err
    assert SECRET not in out + err


def test_invalid_utf8_in_argv_is_one_clear_line(isolated_profile: Path) -> None:
    for argv in ([b"history", b"search", b"\xff\xfe"], [b"ask", b"caf\xe9"]):
        done = subprocess.run(
            [sys.executable.encode(), b"-m", b"curbside", *argv],
            capture_output=True,
            timeout=120,
            check=False,
        )
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2, err
        assert err.count("\n") == 1 and "is not valid UTF-8" in err


def test_a_deeply_nested_json_case_is_refused(curbside: Runner, tmp_path: Path) -> None:
    case = tmp_path / "deep.json"
    case.write_text('{"case": ' + "[" * 200_000 + "]" * 200_000 + "}")
    done = curbside("ask", "--no-save", "--case", str(case), "What next?")
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1
    assert "nests deeper than 32 levels" in err


def test_dev_zero_as_a_case_stops_at_the_limit(curbside: Runner) -> None:
    done = curbside("ask", "--no-save", "--case", "/dev/zero", "What next?", timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1 and "larger than 4 MB" in err


def test_passphrase_from_an_endless_stdin_is_bounded(isolated_profile: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "curbside", "history", "list", "--passphrase-file", "-"],
            stdin=zero,
            capture_output=True,
            timeout=60,
            check=False,
        )
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1 and "too long" in err


def test_a_chat_template_over_1_mib_is_reported_present(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "{{ messages[0]['content'] }}" + " " * (1 << 20)
    path = tiny_llama(tmp_path / "big-template.gguf", chat_template=big)
    assert main(["models", "info", str(path)]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("chat template:"))
    assert f"yes, too large to show ({len(big):,} bytes" in line
    assert "no chat template" not in out and "over the 1,048,576 Curbside reads" in out


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("a\rb", "a\\x0db"),
        ("windows\r\nline endings", "windows\nline endings"),
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),
        ("\u2067x\u2069", "\\u2067x\\u2069"),
        ("line 1\n\tline 2 — café", "line 1\n\tline 2 — café"),
    ],
)
def test_terminal_controls_are_made_visible(raw: str, shown: str) -> None:
    assert safe(raw) == shown


def test_safe_json_is_the_same_json_value() -> None:
    import json

    document = json.dumps({"answer": HOSTILE}, ensure_ascii=False)
    escaped = safe_json(document)
    assert json.loads(escaped) == {"answer": HOSTILE}
    assert not any(ch in escaped for ch in "\x1b\x07\x9b\u202e\r")


def test_stored_text_is_escaped_in_history_list_search_and_show(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_history() as store:
        cid = store.create_conversation("Title " + HOSTILE, "m", None)
        store.add_message(cid, "user", "troponin " + HOSTILE)
        store.add_message(cid, "assistant", "answer " + HOSTILE)
    for argv in (["list"], ["search", "troponin"], ["show", str(cid)]):
        assert main(["history", *argv]) == 0
        out = capsys.readouterr().out
        assert "\\x1b]52;c;" in out, argv
        assert not any(ch in out for ch in "\x1b\x07\x9b\u202e\u202c\r"), argv


def test_history_list_marks_unanswered_and_hides_empty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_history() as store:
        store.create_conversation("killed before any message", "m", None)
        asked = store.create_conversation("killed mid-answer", "m", None)
        store.add_message(asked, "user", "What next?")
    assert main(["history", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].endswith("killed mid-answer  (no answer — Regenerate)")
