"""Chat templates for the rendered-prompt tests: the default model's own, Gemma, Llama 3."""

from __future__ import annotations

from pathlib import Path

import gguf
import pytest
from curbside.engine.chat_template import GEMMA, LLAMA3, ChatTemplate


def _gguf_template(path: Path) -> str:
    field = gguf.GGUFReader(path).fields["tokenizer.chat_template"]
    return bytes(field.parts[field.data[0]]).decode("utf-8")


@pytest.fixture(scope="session")
def templates(default_model_path: Path) -> dict[str, ChatTemplate]:
    """ChatML as the default model (SmolLM2) ships it, plus Gemma and Llama 3."""
    return {
        "chatml": ChatTemplate(_gguf_template(default_model_path), "", "<|im_end|>", "gguf"),
        "gemma": ChatTemplate(GEMMA, "<bos>", "<eos>", "test"),
        "llama-3": ChatTemplate(LLAMA3, "<|begin_of_text|>", "<|eot_id|>", "test"),
    }
