"""An answer ends at the template's turn markers, not only at the vocabulary's end tokens."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from curbside.engine import ChatMessage, GenerationParams, StreamResult
from curbside.engine.chat_template import BUILTIN_FORMATS, ChatTemplate
from curbside.engine.llama import LlamaEngine

QWEN_LIKE = (
    "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' }}"
    "{% if m['role'] == 'assistant' %}{{ '<think>\\n\\n</think>\\n\\n' }}{% endif %}"
    "{{ m['content'] + '<|im_end|>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n<think>\\n' }}{% endif %}"
)


@pytest.mark.parametrize(
    ("template", "markers"),
    [
        (BUILTIN_FORMATS["gemma"], ("<end_of_turn>", "<start_of_turn>")),
        (BUILTIN_FORMATS["chatml"], ("<|im_end|>", "<|im_start|>")),
        (BUILTIN_FORMATS["llama-3"], ("<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>")),
        # Markers written inside a turn (a reasoning model's <think>) are not turn ends.
        (QWEN_LIKE, ("<|im_end|>", "<|im_start|>")),
    ],
)
def test_markers_come_from_between_two_turns(template: str, markers: tuple[str, ...]) -> None:
    assert ChatTemplate(template, "<s>", "</s>", "test").markers == markers


def test_a_template_that_cannot_render_a_probe_has_no_markers() -> None:
    refusing = "{{ raise_exception('no') }}"
    assert ChatTemplate(refusing, "", "", "test").markers == ()


@pytest.mark.model
def test_markers_become_token_ids_or_stop_text(default_model_path: Path) -> None:
    chatml = LlamaEngine(default_model_path, n_ctx=512)
    try:
        im_start = chatml._llama.tokenize(b"<|im_start|>", add_bos=False, special=True)
        assert len(im_start) == 1 and im_start[0] in chatml._stop_ids
    finally:
        chatml.close()
    gemma = LlamaEngine(default_model_path, n_ctx=512, chat_format="gemma")
    try:
        # SmolLM2's vocabulary has no <start_of_turn> token: it is caught as text.
        assert "<start_of_turn>" in gemma._stop_texts
    finally:
        gemma.close()


@pytest.mark.model
def test_a_marker_token_ends_the_answer(default_model_path: Path) -> None:
    engine = LlamaEngine(default_model_path, n_ctx=512)
    try:
        vocabulary = range(engine._llama.n_vocab())
        engine._stop_ids = frozenset(vocabulary)  # whatever comes first is a turn marker
        messages: list[ChatMessage] = [{"role": "user", "content": "Say hello."}]
        result = StreamResult(
            engine.stream(messages, GenerationParams(max_tokens=8), threading.Event())
        )
        assert list(result) == []
        assert result.usage is not None and result.usage.finish_reason == "stop"
        assert result.usage.completion_tokens == 0
    finally:
        engine.close()
