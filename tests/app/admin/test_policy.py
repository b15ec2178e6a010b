"""The administrator's policy file: valid settings lock, anything wrong fails closed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from curbside.admin import DEFAULT_POLICY, KEYS, PolicyError, load_policy, policy_path
from curbside.errors import ExportError
from curbside.privacy import Rules, decide, export_needs_redaction, rules_for

SHA = "ab" * 32

EXAMPLE = f"""
idle_lock_minutes = 5
send_anyway = false
allowed_models = ["{SHA.upper()}"]
allowed_endpoints = ["https://gpu.example.org/v1"]
exports = "redacted"
retention_days = 30
demo_mode = false
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "policy.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_no_file_means_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CURBSIDE_POLICY", "")
    assert policy_path() is None
    policy = load_policy()
    assert policy == DEFAULT_POLICY and not policy.locked and policy.source is None


def test_a_policy_sets_and_locks_what_it_names(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, EXAMPLE))
    assert policy.idle_lock_minutes == 5 and policy.retention_days == 30
    assert policy.allowed_models == (SHA,)  # normalised to lower case
    assert policy.is_locked("send_anyway") and not policy.is_locked("demo_auto_reset_minutes")
    assert "cannot be changed" in policy.why_locked("exports")
    assert policy.why_locked("allow_http_hosts") == ""
    report = policy.as_report()
    assert set(report["settings"]) == set(KEYS)
    assert report["locked"] == sorted(report["locked"]) and "exports" in report["locked"]


def test_curbside_policy_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "retention_days = 7\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(path))
    assert load_policy().retention_days == 7


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("idle_lock = 5\n", "unknown key 'idle_lock'"),
        ("send_anyway = 'no'\n", "send_anyway must be true or false"),
        ("idle_lock_minutes = -1\n", "between 0 and 36,500"),
        ("idle_lock_minutes = 2.5\n", "whole number"),
        ("idle_lock_minutes = true\n", "whole number"),
        ("retention_days = nan\n", "whole number"),
        ("exports = 'sometimes'\n", "exports must be one of off, redacted, allowed"),
        ("allowed_models = 'abc'\n", "must be a list of strings"),
        ("allowed_models = ['not-a-hash']\n", "is not a SHA-256"),
        ("allowed_endpoints = [1, 2]\n", "must be a list of strings"),
        ("[lock]\nminutes = 3\n", "unknown key 'lock'"),
        ("this is = = not toml", "not valid TOML"),
        (b"\xff\xfe\x00", "not UTF-8"),
        ("x = '" + "a" * 70_000 + "'\n", "over 64 KiB"),
        ("x = " + "[" * 5_000 + "]" * 5_000 + "\n", "nests deeper than 32 levels"),
    ],
)
def test_a_bad_policy_fails_closed_naming_file_and_problem(
    tmp_path: Path, text: str | bytes, problem: str
) -> None:
    path = write(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert str(path) in message and problem in message and "\n" not in message
    assert path.read_bytes() == before


def test_a_missing_named_policy_is_an_error_not_the_defaults(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        load_policy(tmp_path / "absent.toml")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "policy.toml"
    os.mkfifo(fifo)
    with pytest.raises(PolicyError, match="cannot read it"):
        load_policy(fifo)


def test_models_are_approved_by_hash_only(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, f"allowed_models = ['{SHA}']\n"))
    assert policy.allows_model(SHA) and policy.allows_model(SHA.upper())
    assert not policy.allows_model("cd" * 32) and not policy.allows_model(None)
    assert DEFAULT_POLICY.allows_model(None)


def test_policy_rules_reach_the_phi_decision(tmp_path: Path) -> None:
    rules = rules_for(load_policy(write(tmp_path, "send_anyway = false\n")))
    verdict = decide("send", ["NAME"], override=True, rules=rules)
    assert not verdict.allowed and "administrator" in verdict.hint
    assert decide("send", ["NAME"], override=True, rules=Rules()).overridden


def test_the_machine_policy_is_the_default_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CURBSIDE_POLICY", str(write(tmp_path, "send_anyway = false\n")))
    assert not decide("send", ["NAME"], override=True).allowed
    assert decide("send", [], override=False).allowed  # nothing found: nothing to decide


@pytest.mark.parametrize(
    ("exports", "keep", "redact"),
    [("allowed", True, False), ("allowed", False, True), ("redacted", True, True)],
)
def test_export_rules(exports: str, keep: bool, redact: bool) -> None:
    rules = Rules(exports=exports)  # type: ignore[arg-type]
    assert export_needs_redaction(["NAME"], keep_identifiers=keep, rules=rules) is redact
    assert export_needs_redaction([], keep_identifiers=keep, rules=rules) is False


def test_exports_off_refuses_every_export() -> None:
    with pytest.raises(ExportError, match="turned off"):
        export_needs_redaction([], keep_identifiers=False, rules=Rules(exports="off"))
