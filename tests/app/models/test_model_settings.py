"""Per-model settings: defaults from metadata, range checks, and the JSON store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.chat.settings_rule import resolve_params
from curbside.errors import InputError
from curbside.models.info import read_model_info
from curbside.models.settings import ModelSettings, SettingsStore, default_settings, validate
from curbside.prompts import MODES, PromptSettings

from tests.doubles.gguf_files import tiny_llama


def test_defaults_follow_the_trained_context(tmp_path: Path) -> None:
    small = read_model_info(tiny_llama(tmp_path / "a.gguf", context_length=1024))
    # The answer length is the mode's unless set for this model (one max-tokens concept).
    assert (default_settings(small).n_ctx, default_settings(small).max_tokens) == (1024, None)
    big = read_model_info(tiny_llama(tmp_path / "b.gguf", context_length=131072))
    assert default_settings(big).n_ctx == 4096
    unknown = read_model_info(tiny_llama(tmp_path / "c.gguf", context_length=None))
    assert default_settings(unknown).n_ctx == 4096


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"n_ctx": 100}, "Context size must be between 256 and 1,048,576"),
        ({"temperature": 3.5}, "Temperature must be between 0 and 2"),
        ({"top_p": "high"}, "Top-p must be a number"),
        ({"top_k": 2.5}, "Top-k must be a whole number"),
        ({"n_threads": True}, "Threads must be a number"),
        ({"chat_format": "../../etc"}, "is not a valid format name"),
        ({"max_tokens": 4096}, "Max tokens (4096) must be smaller than the context (4096)"),
        ({"colour": "red"}, "Unknown model setting 'colour'"),
        ({"system_prompt": "x" * 8_001}, "at most 8,000 characters"),
        ({"flash_attn": "yes"}, "Flash attention must be true or false"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        validate(values)
    assert message in str(caught.value)


def test_empty_optional_values_mean_automatic() -> None:
    settings = validate({"n_threads": "", "chat_format": "", "system_prompt": None})
    assert (settings.n_threads, settings.chat_format, settings.system_prompt) == (None, None, None)


def test_store_round_trip_and_reset(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config" / "model_settings.json")
    model = tmp_path / "m.gguf"
    chosen = ModelSettings(n_ctx=2048, n_threads=2, temperature=0.7, chat_format="chatml")
    store.save(model, chosen)
    assert store.get(model) == chosen
    assert store.get(tmp_path / "elsewhere" / "m.gguf") == chosen  # keyed by file name
    store.reset(model)
    assert store.get(model) == default_settings()


def test_store_ignores_a_hand_edited_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "model_settings.json"
    path.write_text(json.dumps({"schema": 1, "models": {"m.gguf": {"n_ctx": -5}}}))
    assert SettingsStore(path).get(tmp_path / "m.gguf") == default_settings()


def test_unreadable_store_is_set_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "model_settings.json"
    path.write_text("{broken")
    store = SettingsStore(path)
    assert store.get(tmp_path / "m.gguf") == default_settings()
    kept = list(tmp_path.glob("model_settings.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{broken"


def test_engine_and_generation_parts() -> None:
    settings = ModelSettings(n_ctx=2048, n_threads=3, n_batch=256, top_k=10, max_tokens=100)
    assert settings.engine_options() == {
        "n_ctx": 2048,
        "n_threads": 3,
        "n_batch": 256,
        "chat_format": None,
        "flash_attn": None,
    }
    params = resolve_params(MODES["free"], PromptSettings(), settings)
    assert (params.top_k, params.max_tokens) == (10, 100)
    assert ModelSettings.from_dict(settings.as_dict()) == settings
