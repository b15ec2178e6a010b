"""Reasoning modes: ids, versions, defaults, and the prompt each renders per chat format."""

from __future__ import annotations

import pytest
from curbside.chat.case import Case
from curbside.chat.samples import load_sample
from curbside.chat.session import ChatSession
from curbside.engine.chat_template import ChatTemplate
from curbside.errors import InputError
from curbside.prompts import DEFAULT_SYSTEM_PROMPT, MODES, get_mode

# One row per (format, mode): the exact prompt for a tiny case and the question "Why?".
# The system prompt is abbreviated to "SYS" so that the rows stay readable.
SYS_CASE = (
    "SYS\n\n# Case\n\n## Patient\n\nAge: 58 years; Sex: Male\n\n"
    "## Chief complaint\n\nChest pain for 2 hours."
)
DDX = f"Task: Differential diagnosis.\n{MODES['ddx'].instruction}\n\nQuestion: Why?"
EXACT = [
    (
        "chatml",
        "free",
        f"<|im_start|>system\n{SYS_CASE}<|im_end|>\n<|im_start|>user\nWhy?<|im_end|>\n"
        "<|im_start|>assistant\n",
    ),
    (
        "chatml",
        "ddx",
        f"<|im_start|>system\n{SYS_CASE}<|im_end|>\n<|im_start|>user\n{DDX}<|im_end|>\n"
        "<|im_start|>assistant\n",
    ),
    (
        "gemma",
        "free",
        f"<bos><start_of_turn>user\n{SYS_CASE}\n\nWhy?<end_of_turn>\n<start_of_turn>model\n",
    ),
    (
        "gemma",
        "ddx",
        f"<bos><start_of_turn>user\n{SYS_CASE}\n\n{DDX}<end_of_turn>\n<start_of_turn>model\n",
    ),
    (
        "llama-3",
        "free",
        f"<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{SYS_CASE}<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nWhy?<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n",
    ),
    (
        "llama-3",
        "ddx",
        f"<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{SYS_CASE}<|eot_id|>"
        f"<|start_header_id|>user<|end_header_id|>\n\n{DDX}<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n",
    ),
]


@pytest.mark.parametrize(
    ("fmt", "mode_id", "expected"), EXACT, ids=[f"{f}-{m}" for f, m, _ in EXACT]
)
def test_exact_prompt_per_format_and_mode(
    templates: dict[str, ChatTemplate], fmt: str, mode_id: str, expected: str
) -> None:
    session = ChatSession(system_prompt="SYS")
    session.set_case(Case(age="58 years", sex="Male", chief_complaint="Chest pain for 2 hours."))
    session.ask("Why?", get_mode(mode_id))
    assert templates[fmt].render(session.messages()) == expected


@pytest.mark.parametrize("fmt", ["chatml", "gemma", "llama-3"])
@pytest.mark.parametrize("mode_id", list(MODES))
def test_every_mode_reaches_the_model_in_order(
    templates: dict[str, ChatTemplate], fmt: str, mode_id: str
) -> None:
    """System prompt, then the case, then the mode's instruction and the question."""
    mode = get_mode(mode_id)
    session = ChatSession()
    session.set_case(load_sample("ed-chest-pain").case)
    session.ask("Is it safe to discharge?", mode)
    prompt = templates[fmt].render(session.messages())
    order = [
        DEFAULT_SYSTEM_PROMPT,
        "## Chief complaint",
        mode.instruction,
        "Is it safe to discharge?",
    ]
    positions = [prompt.find(part) for part in order if part]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert prompt.count(DEFAULT_SYSTEM_PROMPT) == 1
    if fmt == "gemma":
        # Gemma has no system role: the system prompt opens the first user turn.
        assert prompt.startswith(f"<bos><start_of_turn>user\n{DEFAULT_SYSTEM_PROMPT}")


@pytest.mark.parametrize("fmt", ["chatml", "gemma", "llama-3"])
def test_follow_up_prompt_starts_with_the_previous_prompt(
    templates: dict[str, ChatTemplate], fmt: str
) -> None:
    """The rendered prefix stays byte-identical, so llama.cpp can reuse it (even across modes)."""
    template = templates[fmt]
    session = ChatSession()
    session.set_case(load_sample("sepsis").case)
    session.ask("", get_mode("ddx"))
    first = template.render(session.messages())
    session.add("assistant", "1. Urosepsis. 2. Pyelonephritis.")
    session.ask("What if the lactate were normal?", get_mode("plan"))
    second = template.render(session.messages())
    opening = {
        "chatml": "<|im_start|>assistant\n",
        "gemma": "<start_of_turn>model\n",
        "llama-3": "<|start_header_id|>assistant<|end_header_id|>\n\n",
    }[fmt]
    assert first.endswith(opening)
    assert second.startswith(first[: -len(opening)])
    assert second.count("## Chief complaint") == 1


def test_modes_have_ids_versions_and_their_own_defaults() -> None:
    assert list(MODES) == ["ddx", "workup", "plan", "summary", "patient", "free"]
    for mode in MODES.values():
        assert mode.version >= 1
        assert mode.stamp == f"{mode.id}@{mode.version}"
        params = mode.defaults()
        assert (params.temperature, params.max_tokens) == (mode.temperature, mode.max_tokens)
    assert len({(m.temperature, m.max_tokens) for m in MODES.values()}) > 1


@pytest.mark.parametrize(
    ("mode_id", "must_say"),
    [
        ("ddx", ["ranked", "for it", "against", "can't-miss", "next tests"]),
        ("workup", ["work-up", "priority"]),
        ("plan", ["management plan", "monitor"]),
        ("summary", ["one-line summary", "problem list"]),
        ("patient", ["plain language", "grade 8"]),
    ],
)
def test_mode_instructions_ask_for_what_the_issue_specifies(
    mode_id: str, must_say: list[str]
) -> None:
    instruction = MODES[mode_id].instruction.lower()
    for phrase in must_say:
        assert phrase in instruction


def test_free_mode_passes_the_question_through_and_refuses_empty() -> None:
    assert get_mode("free").render_request("  Why?  ") == "Why?"
    with pytest.raises(InputError, match="empty"):
        get_mode("free").render_request("  ")
    assert get_mode("summary").render_request("") == (
        f"Task: Case summary.\n{MODES['summary'].instruction}"
    )


def test_unknown_mode_lists_the_valid_ones() -> None:
    with pytest.raises(InputError, match="ddx, workup, plan, summary, patient, free"):
        get_mode("triage")


def test_stamps_lead_back_to_their_mode_and_unknown_ones_to_free() -> None:
    from curbside.prompts import MODES, mode_from_stamp

    for mode in MODES.values():
        assert mode_from_stamp(mode.stamp) is mode
    assert mode_from_stamp("retired-mode@3") is MODES["free"]
    assert mode_from_stamp(None) is MODES["free"]


def test_a_mode_without_a_question_shows_its_label() -> None:
    from curbside.prompts import get_mode

    ddx = get_mode("ddx")
    assert ddx.shown("") == f"[{ddx.label}]"
    assert ddx.shown("What next?") == "What next?"
