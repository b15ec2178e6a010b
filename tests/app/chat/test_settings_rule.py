"""The one precedence rule: explicit, then the model's own settings, then the mode's defaults."""

from __future__ import annotations

import pytest
from curbside.chat.settings_rule import (
    Explicit,
    resolve_engine_options,
    resolve_params,
    resolve_system_prompt,
)
from curbside.models import ModelSettings
from curbside.prompts import DEFAULT_SYSTEM_PROMPT, MODES, PromptSettings

DDX = MODES["ddx"]
EDITED = PromptSettings().with_params(DDX, 0.9, 300)
MODEL = ModelSettings(temperature=0.5, max_tokens=200, top_k=7)


@pytest.mark.parametrize(
    ("prompts", "model", "explicit", "expected"),
    [
        # nothing set anywhere: the mode's defaults
        (PromptSettings(), None, Explicit(), (DDX.temperature, DDX.max_tokens)),
        (PromptSettings(), ModelSettings(), Explicit(), (DDX.temperature, DDX.max_tokens)),
        # the model's own settings beat the mode's defaults
        (PromptSettings(), MODEL, Explicit(), (0.5, 200)),
        # a change in the mode panel beats the model
        (EDITED, MODEL, Explicit(), (0.9, 300)),
        # a flag beats everything, field by field
        (EDITED, MODEL, Explicit(temperature=0.0), (0.0, 300)),
        (PromptSettings(), MODEL, Explicit(max_tokens=16), (0.5, 16)),
    ],
)
def test_precedence(
    prompts: PromptSettings,
    model: ModelSettings | None,
    explicit: Explicit,
    expected: tuple[float, int],
) -> None:
    params = resolve_params(DDX, prompts, model, explicit)
    assert (params.temperature, params.max_tokens) == expected


def test_a_mode_panel_value_equal_to_the_default_is_no_change() -> None:
    # Only the length was edited: the model's temperature still applies.
    only_length = PromptSettings().with_params(DDX, DDX.temperature, 300)
    params = resolve_params(DDX, only_length, MODEL)
    assert (params.temperature, params.max_tokens) == (0.5, 300)


def test_model_sampling_and_seed_pass_through() -> None:
    params = resolve_params(DDX, PromptSettings(), MODEL, Explicit(seed=42))
    assert (params.top_k, params.seed) == (7, 42)


def test_system_prompt_precedence() -> None:
    own = ModelSettings(system_prompt="Answer as a cautious internist.")
    assert resolve_system_prompt(PromptSettings(), None) == DEFAULT_SYSTEM_PROMPT
    assert resolve_system_prompt(PromptSettings(), own) == "Answer as a cautious internist."
    edited = PromptSettings().with_system_prompt("Be brief.")
    assert resolve_system_prompt(edited, own) == "Be brief."


def test_engine_options_take_the_threads_flag() -> None:
    model = ModelSettings(n_ctx=2048, n_threads=3)
    assert resolve_engine_options(model)["n_threads"] == 3
    assert resolve_engine_options(model, threads=1) == {**model.engine_options(), "n_threads": 1}


def test_flash_attention_flows_from_model_settings() -> None:
    assert resolve_engine_options(ModelSettings())["flash_attn"] is None  # engine decides
    assert resolve_engine_options(ModelSettings(flash_attn=False))["flash_attn"] is False
    assert resolve_engine_options(ModelSettings(flash_attn=True), threads=1)["flash_attn"] is True
