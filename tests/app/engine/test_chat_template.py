"""Chat formats: the file's template, explicit fallbacks, and system-prompt folding."""

from __future__ import annotations

import pytest
from curbside.engine.base import ChatMessage
from curbside.engine.chat_template import (
    CHATML,
    GEMMA,
    LLAMA3,
    ChatTemplate,
    choose_template,
    fold_system,
)
from curbside.errors import ModelError

MESSAGES: list[ChatMessage] = [
    {"role": "system", "content": "Be careful."},
    {"role": "user", "content": "Chest pain?"},
]


def _vocab(*tokens: str):
    return lambda text: text in tokens


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            CHATML,
            "<|im_start|>system\nBe careful.<|im_end|>\n<|im_start|>user\nChest pain?"
            "<|im_end|>\n<|im_start|>assistant\n",
        ),
        (
            GEMMA,
            "<bos><start_of_turn>user\nBe careful.\n\nChest pain?<end_of_turn>\n"
            "<start_of_turn>model\n",
        ),
        (
            LLAMA3,
            "<bos><|start_header_id|>system<|end_header_id|>\n\nBe careful.<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nChest pain?<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
        ),
    ],
    ids=["chatml", "gemma-folds-system", "llama-3"],
)
def test_rendered_prompt_per_format(template: str, expected: str) -> None:
    rendered = ChatTemplate(template, "<bos>", "<eos>", "test").render(MESSAGES)
    assert rendered == expected


def test_gemma_has_no_system_role_so_it_is_folded() -> None:
    gemma = ChatTemplate(GEMMA, "<bos>", "<eos>", "test")
    assert not gemma.supports_system
    assert "Be careful." in gemma.render(MESSAGES)


def test_fold_system_without_user_turn_makes_one() -> None:
    assert fold_system([{"role": "system", "content": "S"}]) == [{"role": "user", "content": "S"}]


@pytest.mark.parametrize(
    ("tokens", "expected_source"),
    [
        (("<|im_start|>",), "fallback: chatml"),
        (("<start_of_turn>",), "fallback: gemma"),
        (("<|start_header_id|>",), "fallback: llama-3"),
        ((), "fallback: plain"),
    ],
)
def test_model_without_template_gets_an_explicit_format(tokens, expected_source: str) -> None:
    chosen = choose_template(None, _vocab(*tokens), "<s>", "</s>")
    assert chosen.source.startswith(expected_source)
    assert "Chest pain?" in chosen.render(MESSAGES)


def test_plain_fallback_stops_at_the_next_user_turn() -> None:
    chosen = choose_template(None, _vocab(), "<s>", "</s>")
    assert chosen.stops == ("\nUser:",)
    assert chosen.render(MESSAGES).endswith("Assistant:")


def test_override_wins_and_unknown_override_is_refused() -> None:
    chosen = choose_template(CHATML, _vocab(), "<s>", "</s>", override="llama-3")
    assert chosen.source == "override: llama-3"
    with pytest.raises(ModelError, match="Unknown chat format"):
        choose_template(CHATML, _vocab(), "<s>", "</s>", override="alpaca-9000")


def test_broken_template_is_a_clear_model_error() -> None:
    with pytest.raises(ModelError, match="not valid Jinja"):
        ChatTemplate("{% for %}", "<s>", "</s>", "gguf")


def test_sandbox_blocks_template_escape(tmp_path) -> None:
    marker = tmp_path / "pwned"
    payload = (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}"
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
    )
    template = ChatTemplate(payload, "<s>", "</s>", "gguf")
    with pytest.raises(ModelError):
        template.render(MESSAGES)
    assert not marker.exists()
