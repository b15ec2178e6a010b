"""Chat templates from model files are bounded in time and size, not only sandboxed."""

from __future__ import annotations

import pytest
from curbside.engine.base import ChatMessage
from curbside.engine.chat_template import CHATML, ChatTemplate, TemplateRefused
from curbside.engine.template_limits import MAX_OUTPUT_CHARS
from curbside.errors import ModelError

MESSAGES: list[ChatMessage] = [{"role": "user", "content": "Chest pain?"}]
LOOP = "{% for m in messages %}{{ m['content'] }}{% endfor %}"


@pytest.mark.parametrize(
    ("template", "says"),
    [
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
            + LOOP,
            "steps",
        ),
        ("{{ 'A' * (1024 ** 3) }}" + LOOP, "value of"),
        ("{{ (1024 ** 3) * 'A' }}" + LOOP, "value of"),
        ("{{ 'x' | center(1000000000) }}" + LOOP, "size of"),
        ("{{ 'x'.ljust(1000000000) }}" + LOOP, "size of"),
        ("{{ 9 ** 99999999 }}" + LOOP, "power"),
        ("{{ [0] * 100000000 }}" + LOOP, "value of"),
        (
            "{% set ns = namespace(s='AAAAAAAA') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}" + LOOP,
            "value of",
        ),
        ("{% for i in range(99999) %}{{ 'B' * 1000 }}{% endfor %}" + LOOP, "output"),
    ],
    ids=[
        "nested-range",
        "string-times",
        "times-string",
        "center",
        "ljust",
        "power",
        "list-times",
        "doubling",
        "output-cap",
    ],
)
def test_costly_template_is_refused_with_a_clear_message(template: str, says: str) -> None:
    with pytest.raises(TemplateRefused) as caught:
        ChatTemplate(template, "<s>", "</s>", "gguf").render(MESSAGES)
    message = str(caught.value)
    assert message.startswith("The model's chat template was stopped:")
    assert says in message and "\n" not in message and "chat format override" in message


def test_output_cap_is_far_above_any_real_prompt() -> None:
    assert MAX_OUTPUT_CHARS >= 4 * 128_000 * 8  # a 128k-token window at ~8 characters a token


def test_ordinary_templates_render_unchanged() -> None:
    template = ChatTemplate(CHATML, "<s>", "</s>", "gguf")
    assert template.render(MESSAGES).endswith("<|im_start|>assistant\n")
    loop = "{% for i in range(50) %}{{ i }}{% endfor %}" + LOOP
    assert ChatTemplate(loop, "<s>", "</s>", "gguf").render(MESSAGES).endswith("49Chest pain?")


def test_each_render_gets_a_fresh_budget() -> None:
    template = ChatTemplate("{% for i in range(90000) %}{% endfor %}" + LOOP, "", "", "gguf")
    for _ in range(5):  # 5 x 90,000 steps would exceed one budget
        assert template.render(MESSAGES) == "Chest pain?"


def test_raise_exception_text_is_kept_as_text_on_one_line() -> None:
    template = "{{ raise_exception('<b>bold</b>\n<img src=\"file:///etc/passwd\">') }}"
    with pytest.raises(ModelError) as caught:
        ChatTemplate(template, "", "", "gguf").render(MESSAGES)
    assert "<b>bold</b> <img" in str(caught.value) and "\n" not in str(caught.value)
