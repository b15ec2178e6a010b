"""``curbside deid scan|redact`` run as a real subprocess: the interface used for measurement."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CASE = "Name: Zoë Müller\r\nMRN: 12345678\nSeen 3/14/2024 by Dr. Healey. BP 120/80.\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "curbside", "deid", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )


def test_scan_json_offsets_index_the_text_as_read(tmp_path: Path) -> None:
    path = tmp_path / "case.txt"
    path.write_bytes(CASE.encode("utf-8"))
    result = run("scan", str(path), "--json")
    assert result.returncode == 0, result.stderr
    spans = json.loads(result.stdout.decode("utf-8"))["spans"]
    assert {s["label"] for s in spans} >= {"NAME", "ID", "DATE"}
    for span in spans:
        assert set(span) == {"start", "end", "label", "text"}
        assert CASE[span["start"] : span["end"]] == span["text"]
    assert any(s["text"] == "Zoë Müller" for s in spans)


def test_scan_reads_stdin() -> None:
    result = run("scan", "-", "--json", stdin=CASE.encode("utf-8"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["spans"]


def test_redact_prints_redacted_text() -> None:
    result = run("redact", stdin=CASE.encode("utf-8"))
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert "Müller" not in out and "12345678" not in out and "Healey" not in out
    assert "BP 120/80" in out and "\r\n" in out


def test_redact_relative_dates() -> None:
    result = run("redact", "--dates", "relative", stdin=b"Admitted 3/10/2024, out 3/13/2024.")
    assert result.stdout.decode() == "Admitted Day 0, out Day +3."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfeH\x00i\x00", "not UTF-8"),
        (b"abc\x00def", "binary"),
        (bytes(range(1, 9)) * 200, "binary"),
    ],
    ids=["not-utf8", "nul", "control-chars"],
)
def test_bad_input_is_one_clear_line(data: bytes, message: str) -> None:
    result = run("scan", "-", "--json", stdin=data)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert result.stdout == b""


def test_huge_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    result = run("scan", str(path), "--json")
    assert result.returncode == 1
    assert b"accepts up to" in result.stderr


def test_missing_file() -> None:
    result = run("scan", "/nonexistent/case.txt")
    assert result.returncode == 1
    assert b"No such file" in result.stderr


@pytest.mark.parametrize("args", [(), ("scan", "a", "b"), ("frobnicate",)])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args).returncode == 2
