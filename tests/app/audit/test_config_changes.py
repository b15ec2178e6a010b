"""Policy files and per-model settings leave audit entries (real SQLCipher file, real CLI)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from curbside.audit import canonical, verify_rows
from curbside.cli import main
from curbside.models import ModelSettings, SettingsStore, load_catalog
from curbside.storage import HistoryStore, open_history

PROMPT = "You are a careful emergency physician. Never guess doses."
DEFAULT_FILE = load_catalog().default().file


def _events(store: HistoryStore, event: str) -> list[dict[str, Any]]:
    return [entry.details for entry in store.audit.entries(events=(event,))]


def _reopened(event: str) -> list[dict[str, Any]]:
    with open_history() as store:
        assert verify_rows(store.audit.rows()).intact
        return _events(store, event)


# ----- the administrator's policy ---------------------------------------------


def test_a_new_policy_is_recorded_once_with_what_it_locks(
    isolated_profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("idle_lock_minutes = 5\nsend_anyway = false\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(policy))
    first_sha = hashlib.sha256(policy.read_bytes()).hexdigest()
    (entry,) = _reopened("policy.change")
    assert entry == {
        "path": str(policy),
        "sha256": first_sha,
        "previous_sha256": None,
        "locked": {"idle_lock_minutes": 5, "send_anyway": False},
    }
    assert len(_reopened("policy.change")) == 1  # same file, nothing new

    policy.write_text("idle_lock_minutes = 2\n")
    *_, changed = _reopened("policy.change")
    assert changed["previous_sha256"] == first_sha
    assert changed["sha256"] == hashlib.sha256(policy.read_bytes()).hexdigest()
    assert changed["locked"] == {"idle_lock_minutes": 2}

    monkeypatch.setenv("CURBSIDE_POLICY", "")  # IT removed the policy
    *_, removed = _reopened("policy.change")
    assert removed["path"] is None and removed["sha256"] is None
    assert removed["previous_sha256"] == changed["sha256"]


def test_a_cli_command_records_a_changed_policy(
    isolated_profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("exports = 'redacted'\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(policy))
    assert main(["audit", "verify"]) == 0
    assert "chain intact" in capsys.readouterr().out
    (entry,) = _reopened("policy.change")
    assert entry["locked"] == {"exports": "redacted"}
    assert entry["sha256"] == hashlib.sha256(policy.read_bytes()).hexdigest()


# ----- per-model settings -----------------------------------------------------


def test_each_save_records_old_and_new_values_and_never_the_prompt(
    isolated_profile: Path,
) -> None:
    model = Path("models") / DEFAULT_FILE
    settings = SettingsStore()
    with open_history() as store:
        settings.save(model, ModelSettings(n_ctx=2048, system_prompt=PROMPT))
        settings.save(model, ModelSettings(n_ctx=2048, system_prompt=PROMPT, temperature=0.3))
        settings.save(model, ModelSettings(n_ctx=2048, system_prompt=PROMPT, temperature=0.3))
        settings.reset(model)
        first, second, reset = _events(store, "model.settings")
    prompt = {"sha256": hashlib.sha256(PROMPT.encode()).hexdigest(), "chars": len(PROMPT)}
    catalog = load_catalog().default()
    assert first["model"] == {"file": DEFAULT_FILE, "name": catalog.name, "sha256": catalog.sha256}
    assert first["action"] == "first save" and first["source"] == "curbside"
    assert first["changed"] == {
        "n_ctx": {"old": 4096, "new": 2048},
        "system_prompt": {"old": None, "new": prompt},
    }
    assert second["action"] == "save"
    assert second["changed"] == {"temperature": {"old": None, "new": 0.3}}
    assert second["settings"]["system_prompt"] == prompt
    assert reset["action"] == "reset" and reset["settings"] is None
    assert set(reset["changed"]) == {"n_ctx", "system_prompt", "temperature"}
    for details in (first, second, reset):
        assert PROMPT not in canonical(details)
        assert "careful" not in canonical(details)


def test_a_change_made_while_the_history_was_closed_is_recorded_when_it_opens(
    isolated_profile: Path,
) -> None:
    model = Path("models") / DEFAULT_FILE
    with open_history():
        pass
    SettingsStore().save(model, ModelSettings(n_batch=256))  # no history open: no listener
    (entry,) = _reopened("model.settings")
    assert entry["source"] == "settings file" and entry["action"] == "first save"
    assert entry["changed"] == {"n_batch": {"old": 512, "new": 256}}
    assert len(_reopened("model.settings")) == 1  # recorded once, not at every opening


def test_a_closed_history_stops_listening(isolated_profile: Path) -> None:
    model = Path("models") / DEFAULT_FILE
    store = open_history()
    store.close()
    SettingsStore().save(model, ModelSettings(top_k=20))  # must not write to a closed store
    (entry,) = _reopened("model.settings")
    assert entry["source"] == "settings file"
    assert entry["changed"] == {"top_k": {"old": 40, "new": 20}}
