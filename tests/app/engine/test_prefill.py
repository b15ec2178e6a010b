"""Prompt reading against the real default model: Stop inside a batch, thread probes,
saved conversation states, and the flash-attention setting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine

pytestmark = pytest.mark.model

SHORT = GenerationParams(max_tokens=4, temperature=0.0)
SYSTEM: ChatMessage = {"role": "system", "content": "You are a concise clinical assistant."}


def case(complaint: str) -> list[ChatMessage]:
    text = f"A 60-year-old with {complaint}. " + "Vitals and labs were recorded in detail. " * 30
    return [SYSTEM, {"role": "user", "content": text}]


def answer(engine: LlamaEngine, messages: list[ChatMessage]) -> StreamResult:
    result = StreamResult(engine.stream(messages, SHORT, threading.Event()))
    list(result)
    assert result.usage is not None
    return result


@pytest.fixture(scope="module")
def big_batch(default_model_path: Path) -> Iterator[LlamaEngine]:
    """One batch holds the whole prompt: Stop can only land inside it."""
    loaded = LlamaEngine(
        default_model_path, n_ctx=2048, n_batch=512, n_threads=1, n_threads_batch=1
    )
    yield loaded
    loaded.close()


class PressedDuringBatch(threading.Event):
    """A Stop press that lands after the reader's own check, inside llama.cpp's batch.

    The watcher that mirrors Stop into llama.cpp's abort flag sees the press
    at once (``wait`` returns True); the reader's checks between slices miss
    it for ``checks`` looks, so only llama.cpp's abort callback can stop the
    batch in time.
    """

    def __init__(self, checks: int) -> None:
        super().__init__()
        self.looks, self.checks = 0, checks

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks > self.checks or super().is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return True


def test_stop_lands_inside_a_batch(big_batch: LlamaEngine) -> None:
    answer(big_batch, [SYSTEM, {"role": "user", "content": "Hello."}])  # past the warm-up slice
    big_batch.forget_context()
    progress: list[tuple[int, int]] = []
    cancel = PressedDuringBatch(checks=2)  # the reader's looks before its first slice
    result = StreamResult(
        big_batch.stream(case("chest pain"), SHORT, cancel, lambda *p: progress.append(p))
    )
    assert list(result) == []
    assert result.usage is not None and result.usage.stopped
    assert progress == []  # the first batch never completed: llama.cpp aborted it
    assert big_batch._llama.n_tokens == 0  # and kept none of its tokens
    again = answer(big_batch, case("chest pain"))  # the abort flag is lowered afterwards
    assert again.usage is not None and again.usage.completion_tokens >= 1


def test_the_abort_flag_is_read_in_c(big_batch: LlamaEngine) -> None:
    """The callback llama.cpp calls per graph node is libc code, not a Python function."""
    assert big_batch.prefill.abort_in_c


def test_abort_flag_stops_llama_cpp_and_is_lowered_after_a_watch(
    big_batch: LlamaEngine,
) -> None:
    from curbside.engine.abort import StopWatch

    flag = big_batch.prefill._abort
    tokens = big_batch.tokenize_prompt(case("dyspnoea"))
    big_batch.forget_context()
    flag.raise_()
    with pytest.raises(RuntimeError, match="returned 2"):
        big_batch._llama.eval(tokens[:64])
    with StopWatch(flag, threading.Event()):
        assert not flag.raised  # opening a watch lowers a stale flag
        big_batch._llama.eval(tokens[:64])
    assert big_batch._llama.n_tokens == 64
    pressed = threading.Event()
    watch = StopWatch(flag, pressed)
    with watch:
        pressed.set()
        assert watch.fired.wait(10)
        assert flag.raised
    assert not flag.raised  # a Stop pressed during one prompt does not abort the next


def test_by_default_prompts_are_read_on_the_generation_thread_count(
    default_model_path: Path,
) -> None:
    engine = LlamaEngine(default_model_path, n_ctx=2048, n_batch=512, state_budget=0)
    try:
        answer(engine, case("syncope"))
        assert engine.prefill.report.rates == {}  # no probe
        assert engine.prefill.report.threads == engine.n_threads
    finally:
        engine.close()


def test_adaptive_threads_probe_each_thread_count(default_model_path: Path) -> None:
    engine = LlamaEngine(
        default_model_path, n_ctx=2048, n_batch=512, state_budget=0, adaptive_threads=True
    )
    try:
        answer(engine, case("syncope"))
        report = engine.prefill.report
        from curbside.engine.threads import batch_thread_candidates

        if len(batch_thread_candidates()) > 1:
            assert set(report.rates) == set(batch_thread_candidates())
            assert all(rate > 0 for rate in report.rates.values())
        assert report.threads in batch_thread_candidates()
    finally:
        engine.close()


def test_reopening_a_recent_conversation_restores_its_state(default_model_path: Path) -> None:
    engine = LlamaEngine(default_model_path, n_ctx=2048, n_batch=512, state_budget=256 << 20)
    try:
        first = case("fever and a new murmur")
        reply = answer(engine, first).text
        answer(engine, case("ankle swelling"))  # another conversation takes the cache
        assert len(engine.prefill.states or []) == 1
        follow_up: list[ChatMessage] = [
            *first,
            {"role": "assistant", "content": reply},
            {"role": "user", "content": "What next?"},
        ]
        again = answer(engine, follow_up)
        assert engine.prefill.report.restored
        assert again.usage is not None
        assert again.usage.cached_tokens >= engine.count_tokens(first) - 1
        assert again.text.strip()
        engine.forget_context()  # the lock: every kept state is wiped
        assert len(engine.prefill.states or []) == 0
        answer(engine, case("ankle swelling"))
        assert not engine.prefill.report.restored
        assert engine.prefill.report.reused < 40  # only the shared system prompt, if that
    finally:
        engine.close()


def test_no_budget_keeps_no_state(default_model_path: Path) -> None:
    engine = LlamaEngine(default_model_path, n_ctx=2048, state_budget=0)
    try:
        assert engine.prefill.states is None
    finally:
        engine.close()


@pytest.mark.parametrize(("setting", "expected"), [(None, 1), (True, 1), (False, 0)])
def test_flash_attention_setting_reaches_llama_cpp(
    default_model_path: Path, setting: bool | None, expected: int
) -> None:
    from curbside.chat import resolve_engine_options
    from curbside.models import ModelSettings

    options = resolve_engine_options(ModelSettings(n_ctx=512, flash_attn=setting))
    engine = LlamaEngine(default_model_path, **options, state_budget=0)
    try:
        assert engine._llama.context_params.flash_attn_type == expected
        assert answer(engine, case("cough")).text.strip()
    finally:
        engine.close()
