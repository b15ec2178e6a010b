"""Case-workflow figures for issue 5, printed as one JSON object.

With the default model and the long sample case (``aki``, ~1,650 tokens with
the system prompt and the differential-diagnosis request):

* time to first token of the first answer (the whole case read), and of a
  follow-up question in the same conversation (only the new turn read), and
  their ratio (target <= 0.25);
* prefill tokens/s through the app (``ChatSession`` -> budget -> ``LlamaEngine``
  chunked, cancellable prefill) ÷ a plain ``llama_cpp.Llama.eval`` of the same
  tokens (library default batch of 512) on an identically loaded ``Llama``
  (target >= 0.95), per prefill chunk size, as the median of per-round ratios
  and as best-of-N ÷ best-of-N;
* time from Stop during prefill to the worker being idle, through the real UI
  bridge (worker thread; Stop pressed at several moments of the prefill), per
  chunk size (target < 0.5 s): Stop is honoured between chunks, so this is
  bounded by how long one chunk takes;
* plain prefill tokens/s with 1 and 2 prompt threads.

Runs are interleaved and medians reported: a shared 2-core machine swings.
Prompt processing uses one thread by default (``--batch-threads``): with two,
any other process on this 2-core machine makes the same prefill swing between
about 40 and 270 tokens/s, which drowns the 5% effect being measured; the
1-versus-2 figures are printed alongside.
Usage: ``python -m tests.benchmarks.bench_case_workflow [--rounds N] [--batch-threads N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from curbside.chat.samples import load_sample
from curbside.chat.session import ChatSession
from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import DEFAULT_N_BATCH, LlamaEngine
from curbside.models.catalog import load_catalog
from curbside.prompts import get_mode

MODEL = load_catalog().default().path()
N_CTX = 4096
BATCH_THREADS = {"n_threads_batch": 1}
ANSWER = GenerationParams(max_tokens=24, temperature=0.0)
FOLLOW_UP = "What if the potassium were 5.1 mmol/L and the ECG normal?"


def case_session(nonce: str = "") -> ChatSession:
    """The long sample case in differential-diagnosis mode (``nonce`` defeats prefix reuse)."""
    session = ChatSession()
    if nonce:
        session.system_prompt = f"[{nonce}] {session.system_prompt}"
    session.set_case(load_sample("aki").case)
    session.ask("", get_mode("ddx"))
    return session


def conversation_ttft(engine: LlamaEngine) -> dict[str, float]:
    """TTFT of a first answer (cold cache) and of a follow-up in the same conversation."""
    engine._llama.reset()  # a new conversation: nothing of this case is in the cache
    session = case_session()
    first = StreamResult(
        engine.stream(
            session.fit(engine.count_tokens, N_CTX, 24).messages, ANSWER, threading.Event()
        )
    )
    session.add("assistant", "".join(first))
    session.ask(FOLLOW_UP, get_mode("free"))
    second = StreamResult(
        engine.stream(
            session.fit(engine.count_tokens, N_CTX, 24).messages, ANSWER, threading.Event()
        )
    )
    list(second)
    assert first.usage is not None and second.usage is not None
    return {
        "first_ttft_s": first.usage.ttft_s,
        "follow_up_ttft_s": second.usage.ttft_s,
        "first_prompt_tokens": first.usage.prompt_tokens,
        "follow_up_prompt_tokens": second.usage.prompt_tokens,
        "follow_up_cached_tokens": second.usage.cached_tokens,
    }


def app_prefill_rate(engine: LlamaEngine, messages: list[ChatMessage]) -> float:
    """Tokens/s of the app's chunked prefill, from the call to the last chunk read."""
    engine._llama.reset()
    cancel = threading.Event()
    marks: dict[str, float] = {}

    def on_prefill(done: int, total: int) -> None:
        if done >= total:
            marks["end"] = time.perf_counter()
            cancel.set()  # prefill measured: do not generate

    started = time.perf_counter()
    result = StreamResult(engine.stream(messages, ANSWER, cancel, on_prefill))
    list(result)
    assert result.usage is not None and result.usage.cached_tokens == 0
    return result.usage.prompt_tokens / (marks["end"] - started)


def plain_prefill_rate(engine: LlamaEngine, tokens: list[int]) -> float:
    """Tokens/s of one plain ``Llama.eval`` of the same tokens on the same object."""
    llama = engine._llama
    llama.reset()
    started = time.perf_counter()
    llama.eval(tokens)
    return len(tokens) / (time.perf_counter() - started)


def prefill_ratio(chunk: int, rounds: int) -> dict[str, float]:
    """App prefill (``n_batch=chunk``) ÷ plain eval (library default batch), interleaved."""
    app_engine = LlamaEngine(MODEL, n_ctx=N_CTX, n_batch=chunk, **BATCH_THREADS)
    plain_engine = LlamaEngine(MODEL, n_ctx=N_CTX, n_batch=DEFAULT_N_BATCH, **BATCH_THREADS)
    messages = case_session().messages()
    tokens = plain_engine.tokenize_prompt(messages)
    app, plain = [], []
    try:
        for round_ in range(rounds):
            # A B, then B A: neither side always runs right after the other's warm-up.
            if round_ % 2:
                plain.append(plain_prefill_rate(plain_engine, tokens))
                app.append(app_prefill_rate(app_engine, messages))
            else:
                app.append(app_prefill_rate(app_engine, messages))
                plain.append(plain_prefill_rate(plain_engine, tokens))
    finally:
        app_engine.close()
        plain_engine.close()
    return {
        "app_tokens_per_s": round(statistics.median(app), 1),
        "plain_eval_tokens_per_s": round(statistics.median(plain), 1),
        "median_ratio": round(statistics.median(a / p for a, p in zip(app, plain, strict=True)), 3),
        # Best of N estimates each side's speed when nothing else ran.
        "best_ratio": round(max(app) / max(plain), 3),
    }


def stop_latencies(chunk: int, delays: list[float]) -> list[float]:
    """Seconds from Stop during prefill to the bridge's worker reporting it is done."""
    from curbside.ui.engine_bridge import EngineBridge
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    app = QCoreApplication.instance() or QCoreApplication([])
    bridge, loop = EngineBridge(), QEventLoop()
    state: dict[str, Any] = {}
    bridge.loaded.connect(lambda *_: loop.quit())
    bridge.load_failed.connect(lambda message: (state.update(error=message), loop.quit()))
    bridge.finished.connect(
        lambda usage: (state.update(idle=time.perf_counter(), usage=usage), loop.quit())
    )
    bridge.failed.connect(lambda message: (state.update(error=message), loop.quit()))
    bridge.load_model(MODEL, {"n_ctx": N_CTX, "n_batch": chunk, **BATCH_THREADS})
    loop.exec()
    latencies = []
    try:
        for index, delay in enumerate(delays):
            messages = case_session(nonce=f"trial {index} {chunk}").messages()

            def press_stop() -> None:
                state["stop"] = time.perf_counter()
                bridge.stop()

            QTimer.singleShot(int(delay * 1000), press_stop)
            bridge.generate(messages, ANSWER)
            loop.exec()
            if "error" in state:
                raise RuntimeError(state["error"])
            usage = state["usage"]
            if usage.get("completion_tokens"):
                continue  # Stop came after the prefill: not this figure
            latencies.append(state["idle"] - state["stop"])
    finally:
        bridge.shutdown()
    del app
    return latencies


def thread_prefill_rates(tokens: int = 256) -> dict[str, float]:
    """Plain prefill tokens/s with 1 and 2 prompt threads (the batch-thread default)."""
    rates = {}
    for threads in (1, 2):
        engine = LlamaEngine(MODEL, n_ctx=N_CTX, n_threads_batch=threads)
        ids = engine.tokenize_prompt(case_session().messages())[:tokens]
        rates[f"{threads}_threads"] = round(
            statistics.median(plain_prefill_rate(engine, ids) for _ in range(2)), 1
        )
        engine.close()
    return rates


def main() -> None:
    """Measure and print one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--batch-threads", type=int, default=1)
    parser.add_argument("--chunks", default=f"{DEFAULT_N_BATCH},64")
    args = parser.parse_args()
    chunks = [int(c) for c in args.chunks.split(",")]
    BATCH_THREADS["n_threads_batch"] = args.batch_threads
    engine = LlamaEngine(MODEL, n_ctx=N_CTX, **BATCH_THREADS)
    runs = [conversation_ttft(engine) for _ in range(args.rounds)]
    engine.close()
    first = statistics.median(r["first_ttft_s"] for r in runs)
    follow = statistics.median(r["follow_up_ttft_s"] for r in runs)
    result: dict[str, Any] = {
        "model": MODEL.name,
        "batch_threads": args.batch_threads,
        "case_prompt_tokens": runs[0]["first_prompt_tokens"],
        "follow_up_prompt_tokens": runs[0]["follow_up_prompt_tokens"],
        "follow_up_cached_tokens": runs[0]["follow_up_cached_tokens"],
        "first_ttft_s": round(first, 3),
        "follow_up_ttft_s": round(follow, 3),
        "follow_up_over_first_ttft": round(follow / first, 3),
        "target_ratio_max": 0.25,
        "prefill_app_over_plain_eval": {},
        "stop_during_prefill_to_idle_s": {},
        "target_stop_to_idle_max_s": 0.5,
        "prefill_tokens_per_s_by_batch_threads": thread_prefill_rates(),
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    for chunk in chunks:
        result["prefill_app_over_plain_eval"][f"n_batch_{chunk}"] = prefill_ratio(
            chunk, args.rounds
        )
        stops = stop_latencies(chunk, [0.3, 0.8, 1.3, 1.9, 2.6])
        result["stop_during_prefill_to_idle_s"][f"n_batch_{chunk}"] = {
            "median": round(statistics.median(stops), 3) if stops else None,
            "max": round(max(stops), 3) if stops else None,
            "trials": len(stops),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
