"""``curbside policy check`` and the fail-closed start with a broken policy."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from curbside.cli import main

SHA = "cd" * 32


def test_check_prints_the_effective_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(f"idle_lock_minutes = 3\nallowed_models = ['{SHA}']\n")
    assert main(["policy", "check", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source"] == str(path)
    assert report["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()  # as audited
    assert report["locked"] == ["allowed_models", "idle_lock_minutes"]
    assert report["settings"]["idle_lock_minutes"] == 3
    assert report["settings"]["allowed_models"] == [SHA]
    assert report["settings"]["send_anyway"] is True  # a default, not locked


def test_check_without_a_policy_reports_the_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policy", "check"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source"] is None and report["locked"] == []


def test_bad_policy_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("send_anyway = 'maybe'\n")
    assert main(["policy", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "true or false" in err


def test_every_command_refuses_to_run_under_a_broken_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("unknown_switch = true\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(path))
    assert main(["models", "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown key 'unknown_switch'" in err and str(path) in err
    assert main([]) == 1  # the desktop app does not open either
    assert "unknown key" in capsys.readouterr().err
