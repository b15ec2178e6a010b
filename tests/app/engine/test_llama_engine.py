"""The llama.cpp engine against the real default model (short generations)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine
from curbside.errors import ContextOverflowError, ModelError, ModelMissingError

pytestmark = pytest.mark.model

QUESTION: list[ChatMessage] = [
    {"role": "system", "content": "You are a concise clinical assistant."},
    {"role": "user", "content": "List three causes of chest pain."},
]
SHORT = GenerationParams(max_tokens=16, temperature=0.0)


def test_streams_chunks_and_reports_sane_usage(engine: LlamaEngine) -> None:
    result = StreamResult(engine.stream(QUESTION, SHORT, threading.Event()))
    chunks = list(result)
    assert len(chunks) >= 2
    assert result.text.strip()
    usage = result.usage
    assert usage is not None
    assert usage.prompt_tokens == engine.count_tokens(QUESTION)
    assert 1 <= usage.completion_tokens <= 16
    assert 0 < usage.ttft_s < 30
    assert usage.tokens_per_s > 0
    assert usage.finish_reason in ("stop", "length")
    assert not usage.stopped


def test_cancel_mid_stream_then_answers_again(engine: LlamaEngine) -> None:
    cancel = threading.Event()
    stream = StreamResult(engine.stream(QUESTION, GenerationParams(max_tokens=64), cancel))
    received = []
    for chunk in stream:
        received.append(chunk)
        if len(received) == 3:
            cancel.set()
    assert stream.usage is not None and stream.usage.stopped
    assert stream.usage.finish_reason == "cancelled"
    assert len(received) == 3
    again = StreamResult(engine.stream(QUESTION, SHORT, threading.Event()))
    assert "".join(again).strip()
    assert again.usage is not None and not again.usage.stopped


def test_follow_up_reuses_the_evaluated_prefix(engine: LlamaEngine) -> None:
    first = StreamResult(engine.stream(QUESTION, SHORT, threading.Event()))
    answer = "".join(first)
    follow_up: list[ChatMessage] = [
        *QUESTION,
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "Which is the most dangerous?"},
    ]
    second = StreamResult(engine.stream(follow_up, SHORT, threading.Event()))
    list(second)
    assert second.usage is not None
    assert second.usage.cached_tokens >= engine.count_tokens(QUESTION) - 1


def test_same_seed_same_answer(engine: LlamaEngine) -> None:
    params = GenerationParams(max_tokens=12, temperature=0.8, seed=7)
    one = "".join(StreamResult(engine.stream(QUESTION, params, threading.Event())))
    two = "".join(StreamResult(engine.stream(QUESTION, params, threading.Event())))
    assert one == two


def test_stop_during_prefill_evaluates_nothing_more(engine: LlamaEngine) -> None:
    long_case: list[ChatMessage] = [
        {"role": "user", "content": "Patient with fever and cough. " * 60}
    ]
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def on_prefill(done: int, total: int) -> None:
        seen.append((done, total))
        cancel.set()  # Stop pressed while the case is being read.

    result = StreamResult(engine.stream(long_case, SHORT, cancel, on_prefill))
    assert list(result) == []
    assert result.usage is not None and result.usage.stopped
    assert len(seen) == 1 and seen[0][0] < seen[0][1]


def test_prompt_longer_than_context_is_refused_with_numbers(engine: LlamaEngine) -> None:
    huge: list[ChatMessage] = [{"role": "user", "content": "troponin " * 1500}]
    with pytest.raises(ContextOverflowError) as caught:
        next(engine.stream(huge, SHORT, threading.Event()))
    assert caught.value.limit == engine.n_ctx
    assert caught.value.tokens > engine.n_ctx
    assert str(engine.n_ctx) in str(caught.value)


def test_template_comes_from_the_gguf_file(engine: LlamaEngine) -> None:
    assert engine.template.source == "gguf"
    assert engine.template.supports_system
    assert engine.n_ctx == 1024


@pytest.mark.parametrize(
    ("make_file", "expected"),
    [
        (lambda p: None, "not found"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b""), "empty or truncated"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), "not a GGUF"),
        (lambda p: p.write_bytes(b"GGUF" + (99).to_bytes(4, "little") + bytes(64)), "version 99"),
    ],
    ids=["missing", "directory", "zero-bytes", "not-gguf", "future-version"],
)
def test_bad_files_are_refused_before_llama_cpp(tmp_path: Path, make_file, expected: str) -> None:
    path = tmp_path / "x.gguf"
    make_file(path)
    with pytest.raises(ModelError, match=expected):
        LlamaEngine(path)


def test_missing_file_error_names_path_and_fetch(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as caught:
        LlamaEngine(tmp_path / "absent.gguf")
    assert "absent.gguf" in str(caught.value)
    assert "curbside models fetch" in str(caught.value)


def test_truncated_model_error_is_translated(tmp_path: Path, default_model_path: Path) -> None:
    truncated = tmp_path / "truncated.gguf"
    with default_model_path.open("rb") as src:
        truncated.write_bytes(src.read(2_000_000))
    with pytest.raises(ModelError, match=r"could not load truncated\.gguf: .*file bounds"):
        LlamaEngine(truncated)
