"""Prompt settings: the editable system prompt with reset, and per-mode generation settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.errors import InputError
from curbside.infra import paths
from curbside.prompts import (
    DEFAULT_SYSTEM_PROMPT,
    MODES,
    PromptSettings,
    load_settings,
    save_settings,
)
from curbside.prompts.settings import settings_path


def test_defaults_without_a_file() -> None:
    settings = load_settings()
    assert settings.system_prompt == DEFAULT_SYSTEM_PROMPT
    assert settings.problem == ""
    assert settings.params_for(MODES["summary"]) == MODES["summary"].defaults()


def test_default_system_prompt_asks_for_what_the_issue_specifies() -> None:
    text = DEFAULT_SYSTEM_PROMPT.lower()
    for phrase in ("careful", "concise", "uncertainty", "missing", "never invent citations"):
        assert phrase in text


def test_edited_prompt_and_params_survive_a_restart_then_reset() -> None:
    edited = (
        PromptSettings()
        .with_system_prompt("  Answer as a cautious internist.  ")
        .with_params(MODES["ddx"], temperature=0.7, max_tokens=300)
    )
    path = save_settings(edited)
    assert path == paths.config_dir() / "prompts.json"
    again = load_settings()
    assert again.system_prompt == "Answer as a cautious internist."
    params = again.params_for(MODES["ddx"])
    assert (params.temperature, params.max_tokens) == (0.7, 300)
    assert again.params_for(MODES["plan"]) == MODES["plan"].defaults()
    save_settings(again.reset_system_prompt())
    assert load_settings().system_prompt == DEFAULT_SYSTEM_PROMPT


def test_file_holds_only_prompt_settings() -> None:
    save_settings(PromptSettings().with_params(MODES["patient"], 0.5, 400))
    stored = json.loads(settings_path().read_text(encoding="utf-8"))
    assert stored == {
        "system_prompt": None,
        "modes": {"patient": {"temperature": 0.5, "max_tokens": 400}},
    }


def test_setting_back_to_the_defaults_removes_the_override() -> None:
    mode = MODES["workup"]
    settings = (
        PromptSettings()
        .with_params(mode, 1.0, 100)
        .with_params(mode, mode.temperature, mode.max_tokens)
    )
    assert settings.overrides == {}
    assert PromptSettings().with_system_prompt(DEFAULT_SYSTEM_PROMPT).custom_system_prompt is None


@pytest.mark.parametrize(
    ("temperature", "max_tokens", "message"),
    [
        (-0.1, 100, "Temperature"),
        (2.5, 100, "Temperature"),
        (float("nan"), 100, "Temperature"),
        (0.2, 0, "Max tokens"),
        (0.2, 10**6, "Max tokens"),
    ],
)
def test_out_of_range_params_are_refused(temperature: float, max_tokens: int, message: str) -> None:
    with pytest.raises(InputError, match=message):
        PromptSettings().with_params(MODES["ddx"], temperature, max_tokens)


def test_too_long_system_prompt_is_refused() -> None:
    with pytest.raises(InputError, match="system prompt is 9,000 characters"):
        PromptSettings().with_system_prompt("x" * 9000)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        '{"modes": {"ddx": {"temperature": 9, "max_tokens": 10}}}',
        '{"modes": {"ddx": {}}}',
    ],
    ids=["invalid-json", "not-an-object", "out-of-range", "missing-keys"],
)
def test_damaged_file_falls_back_to_defaults_and_is_kept_aside(content: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    settings = load_settings()
    assert settings.problem
    assert settings.system_prompt == DEFAULT_SYSTEM_PROMPT
    save_settings(settings.with_system_prompt("New prompt."))
    assert Path(f"{path}.bad").read_text(encoding="utf-8") == content
    assert load_settings().system_prompt == "New prompt."


def test_retired_mode_in_the_file_is_ignored() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"modes": {"triage": {"temperature": 0.3, "max_tokens": 50}}}')
    assert load_settings() == PromptSettings()
