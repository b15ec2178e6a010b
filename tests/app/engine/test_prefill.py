"""Prompt reading against the real default model: Stop inside a batch, thread choice,
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


class Neighbours:
    """Stands in for the machine's load.

    ``busy``: cores other processes use; ``got``: the cores this process gets
    while reading (None: not measured yet).
    """

    def __init__(self, busy: float, got: float | None = None) -> None:
        self.busy, self.got = busy, got

    def others(self, recent_s: float = 1.0) -> float:
        return self.busy

    def own_cores_since(self, since: float) -> float | None:
        return self.got

    def close(self) -> None:
        pass


def auto_engine(path: Path) -> LlamaEngine:
    return LlamaEngine(path, n_ctx=2048, n_batch=512, state_budget=0)


def test_by_default_the_thread_count_follows_the_machine(default_model_path: Path) -> None:
    from curbside.engine.cpu_load import NeighbourMonitor
    from curbside.engine.threads import most_prompt_threads

    engine = auto_engine(default_model_path)
    try:
        assert isinstance(engine.prefill._monitor, NeighbourMonitor)  # the real one
        messages = case("syncope")
        answer(engine, messages)
        report = engine.prefill.report
        read = sum(report.tokens_by_threads.values())
        assert read >= engine.count_tokens(messages) - 8 - 1  # all but the warm-up slice
        assert set(report.tokens_by_threads) <= set(range(1, most_prompt_threads() + 1))
        engine.prefill._monitor = Neighbours(busy=8.0)  # every core taken
        engine.forget_context()
        answer(engine, messages)
        assert engine.prefill.report.tokens_by_threads == {1: engine.count_tokens(messages)}
        engine.prefill._monitor = Neighbours(busy=0.0)  # nobody else
        engine.forget_context()
        answer(engine, messages)
        assert engine.prefill.report.threads == most_prompt_threads()
    finally:
        engine.close()


def test_a_reader_crowded_out_mid_slice_reads_it_again_on_one_thread(
    default_model_path: Path,
) -> None:
    from curbside.engine.threads import most_prompt_threads

    if most_prompt_threads() < 2:
        pytest.skip("one core: there is no second thread to give back")
    engine = auto_engine(default_model_path)
    try:
        answer(engine, [SYSTEM, {"role": "user", "content": "Hello."}])  # speed now known
        messages = [*case("a new murmur"), {"role": "user", "content": "More. " * 300}]
        tokens = engine.tokenize_prompt(messages)
        # Idle by the counters, but the reader gets only half a core of its two.
        engine.prefill._monitor = Neighbours(busy=0.0, got=0.5)
        engine.forget_context()
        result = answer(engine, messages)
        report = engine.prefill.report
        assert report.interrupted == 1
        assert report.tokens_by_threads == {1: len(tokens)}  # re-read, every token on one
        assert engine._llama.n_tokens >= len(tokens)  # the cache holds the whole prompt
        assert result.usage is not None and result.usage.completion_tokens >= 1
    finally:
        engine.close()


def test_fixed_prompt_threads_are_kept(default_model_path: Path) -> None:
    engine = LlamaEngine(default_model_path, n_ctx=2048, n_threads_batch=1, state_budget=0)
    try:
        assert engine.prefill._monitor is None
        answer(engine, case("syncope"))
        assert set(engine.prefill.report.tokens_by_threads) == {1}
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
