"""Curbside's prompt reading and generation ÷ llama.cpp's own ``llama-bench``, printed as JSON.

The issue's targets: prefill ÷ llama-bench ``pp`` and generation ÷ llama-bench
``tg`` at the same threads, depth and flash-attention setting, both >= 0.95.
:mod:`tests.benchmarks.llama_bench` builds ``llama-bench`` from the vendored
source and runs it on the installed wheel's libraries, so both sides execute
the same kernels. Paired, interleaved rounds (app, llama-bench, app, ...) for
each model and thread count; the ratio is reported per round (median, min,
max), with the load average.

* ``pp``: reading a ``PROMPT``-token case into an empty cache (the app:
  :class:`curbside.engine.prefill.Prefill` at fixed threads, the C abort flag
  installed, time-bounded slices), flash attention on (the app's default);
* ``tg``: ``GENERATE`` tokens generated after that prompt (llama-bench:
  ``-p 0 -n GENERATE -d PROMPT``), the app's rate after its first token.

Models: the default (SmolLM2-135M); with ``BENCH_GEMMA=1`` also the
Gemma-3-4B-shaped file of :mod:`tests.benchmarks.gemma_shaped` (256-token
prompt, 16 tokens: at ~10 tokens/s a full round takes minutes; ``only``: that
model alone). Without a
compiler this prints the reason and no ratios. ``BENCH_ROUNDS`` (default 3).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine
from curbside.models.catalog import load_catalog

from tests.benchmarks import llama_bench
from tests.benchmarks.bench_medgemma import case_of
from tests.benchmarks.gemma_shaped import default_path
from tests.benchmarks.paired import load, spread

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def app_pp(engine: LlamaEngine, tokens: list[int]) -> float:
    engine.forget_context()
    began = time.perf_counter()
    engine.prefill.run(tokens, threading.Event(), None)
    return len(tokens) / (time.perf_counter() - began)


def app_tg(engine: LlamaEngine, case: list[ChatMessage], count: int) -> float:
    """Tokens/s generating ``count`` tokens after ``case`` (sampling and detokenizing included)."""
    engine.forget_context()
    params = GenerationParams(max_tokens=count, temperature=0.0)
    result = StreamResult(engine.stream(case, params, threading.Event()))
    list(result)
    return result.usage.tokens_per_s if result.usage else 0.0


def compare(binary: Path, model: Path, threads: int, prompt: int, generate: int) -> dict[str, Any]:
    engine = LlamaEngine(
        model, n_ctx=2048, n_threads=threads, n_threads_batch=threads, state_budget=0
    )
    case = case_of(engine, prompt)
    tokens = engine.tokenize_prompt(case)
    prompt = len(tokens)
    app_pp(engine, tokens[:32])  # warm, as llama-bench's own warm-up run
    samples: dict[str, list[float]] = {"app_pp": [], "llama_pp": [], "app_tg": [], "llama_tg": []}
    loads = []
    for _ in range(ROUNDS):
        loads.append(os.getloadavg()[0])
        samples["app_pp"].append(app_pp(engine, tokens))
        record = llama_bench.run(binary, model, threads=threads, prompt=prompt)
        samples["llama_pp"].append(float(record["avg_ts"]))
        samples["app_tg"].append(app_tg(engine, case, generate))
        record = llama_bench.run(binary, model, threads=threads, generate=generate, depth=prompt)
        samples["llama_tg"].append(float(record["avg_ts"]))
    engine.close()
    ratios = {
        kind: spread(
            [a / b for a, b in zip(samples[f"app_{kind}"], samples[f"llama_{kind}"], strict=True)]
        )
        for kind in ("pp", "tg")
    }
    return {
        "threads": threads,
        "prompt": prompt,
        "generate": generate,
        "load_1min": spread(loads, 2),
        **{name: spread(values, 1) for name, values in samples.items()},
        "app_over_llama_bench_per_round": ratios,
    }


def main() -> None:
    binary = llama_bench.ensure_built()
    if binary is None:
        print(json.dumps({"skipped": "llama-bench could not be built here (see stderr)"}))
        return
    models = (
        []
        if os.environ.get("BENCH_GEMMA") == "only"
        else [(load_catalog().default().path(), 512, 64)]
    )
    if os.environ.get("BENCH_GEMMA") in ("1", "only") and default_path("Q4_0").exists():
        models.append((default_path("Q4_0"), 256, 16))
    result: dict[str, Any] = {"load_before": load(), "flash_attn": True}
    for model, prompt, generate in models:
        result[model.name] = [
            compare(binary, model, threads, prompt, generate) for threads in (1, 2)
        ]
        print(f"# {model.name} done", file=sys.stderr, flush=True)
    result["load_after"] = load()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
