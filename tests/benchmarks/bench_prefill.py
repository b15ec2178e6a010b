"""Prompt reading (prefill) and flash attention with the default model, printed as JSON.

Paired, interleaved rounds (see :mod:`tests.benchmarks.paired`) of reading a
511-token case into an empty cache:

* ``app_tN``: Curbside's reader (:class:`curbside.engine.prefill.Prefill`:
  progress slices, the abort callback installed) at N fixed threads;
* ``bare_tN``: one plain ``Llama.eval`` of the whole prompt on a separate
  context with the same settings and no callback: llama.cpp's own decode
  loop (``llama-bench`` is not built here: compiling it is another 10+
  minutes on two shared cores, so this ctypes-level loop is the baseline);
* ``adaptive``: the default (thread count measured on the first slices),
  against ``app_t1``;
* the same with flash attention off, and generation rates with it on and off.

Everything runs idle and again beside a CPU-hogging neighbour, with the load
average recorded. ``BENCH_ROUNDS`` sets the rounds (default 3).
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine
from curbside.models.catalog import load_catalog
from llama_cpp import Llama

from tests.benchmarks.paired import hog, load, paired_rounds, ratio_per_round

MODEL = load_catalog().default().path()
CASE_TOKENS = 511
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SENTENCE = (
    "A 67-year-old man with type 2 diabetes, hypertension and chronic kidney disease "
    "presents with two days of worsening dyspnoea, orthopnoea and ankle swelling. "
)


def case_tokens(engine: LlamaEngine, count: int) -> list[int]:
    """A rendered case prompt cut to ``count`` tokens."""
    messages: list[ChatMessage] = [{"role": "user", "content": SENTENCE * 40}]
    tokens = engine.tokenize_prompt(messages)
    assert len(tokens) >= count, "the sample case is too short"
    return tokens[:count]


def app_rate(engine: LlamaEngine, tokens: list[int]) -> float:
    engine.forget_context()
    began = time.perf_counter()
    engine.prefill.run(tokens, threading.Event(), None)
    return len(tokens) / (time.perf_counter() - began)


def bare_rate(llama: Llama, tokens: list[int]) -> float:
    llama.reset()
    llama._ctx.kv_cache_clear()
    began = time.perf_counter()
    llama.eval(tokens)
    return len(tokens) / (time.perf_counter() - began)


def generation_rate(engine: LlamaEngine) -> float:
    engine.forget_context()
    prompt: list[ChatMessage] = [{"role": "user", "content": "Explain heart failure."}]
    result = StreamResult(
        engine.stream(prompt, GenerationParams(max_tokens=64, temperature=0.0), threading.Event())
    )
    list(result)
    return result.usage.tokens_per_s if result.usage else 0.0


def engine(threads: int | None, flash_attn: bool) -> LlamaEngine:
    return LlamaEngine(
        MODEL,
        n_ctx=2048,
        n_threads=threads or 1,
        n_threads_batch=threads,
        flash_attn=flash_attn,
        state_budget=0,
    )


def bare(threads: int, flash_attn: bool) -> Llama:
    return Llama(
        model_path=str(MODEL),
        n_ctx=2048,
        n_batch=512,
        n_threads=threads,
        n_threads_batch=threads,
        flash_attn=flash_attn,
        verbose=False,
    )


def measure_all() -> dict[str, Any]:
    apps = {(t, fa): engine(t, fa) for t in (1, 2) for fa in (True, False)}
    adaptive = engine(None, True)
    bares = {t: bare(t, True) for t in (1, 2)}
    tokens = case_tokens(adaptive, CASE_TOKENS)
    for warm in (*apps.values(), adaptive):
        app_rate(warm, tokens[:64])
    measures = {
        "app_t1": lambda: app_rate(apps[1, True], tokens),
        "bare_t1": lambda: bare_rate(bares[1], tokens),
        "app_t2": lambda: app_rate(apps[2, True], tokens),
        "bare_t2": lambda: bare_rate(bares[2], tokens),
        "adaptive": lambda: app_rate(adaptive, tokens),
        "app_t1_fa_off": lambda: app_rate(apps[1, False], tokens),
        "app_t2_fa_off": lambda: app_rate(apps[2, False], tokens),
    }
    figures: dict[str, Any] = {"load_before": load()}
    figures["prefill_tokens_per_s"] = paired_rounds(measures, "app_t1", ROUNDS)
    figures["adaptive_threads_chosen"] = adaptive.prefill.report.threads
    figures["adaptive_probe_rates"] = {
        str(k): round(v, 1) for k, v in adaptive.prefill.report.rates.items()
    }
    figures["app_vs_bare_per_round"] = {
        f"t{t}": ratio_per_round(figures["prefill_tokens_per_s"], f"app_t{t}", f"bare_t{t}")
        for t in (1, 2)
    }
    figures["generation_tokens_per_s_t1"] = paired_rounds(
        {
            "fa_off": lambda: generation_rate(apps[1, False]),
            "fa_on": lambda: generation_rate(apps[1, True]),
        },
        "fa_off",
        ROUNDS,
    )
    figures["load_after"] = load()
    for closable in (*apps.values(), adaptive, *bares.values()):
        closable.close()
    return figures


def main() -> None:
    result: dict[str, Any] = {"model": MODEL.name, "case_tokens": CASE_TOKENS}
    result["idle"] = measure_all()
    with hog():
        result["with_cpu_hog"] = measure_all()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
